"""Phone numbers dialable from a Swiss and from a foreign phone."""
from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat as F


@dataclass(frozen=True)
class Phone:
    national: str  # 032 655 66 66
    international: str  # +41 32 655 66 66
    tel: str  # tel:+41326556666
    short: bool = False


def phone(value: str) -> Phone:
    n = phonenumbers.parse(value, "CH")
    e164 = phonenumbers.format_number(n, F.E164)
    return Phone(phonenumbers.format_number(n, F.NATIONAL), phonenumbers.format_number(n, F.INTERNATIONAL),
                 "tel:" + e164)
