"""What we know about a municipality, and what is missing or old: one rule for the data sheet,
the Rundschreiben, the import's summary and the Fachstelle's status report.

The figure that matters: a municipality is complete when its Einwohnerkontrolle entry has an
address, a phone number and opening hours, and its first-information arrangement is recorded.
Age is judged against a reference date the caller gives (the request date or the report date),
never against a hidden clock.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .loader import STALE_AFTER_DAYS
from .model import ROLE_LABELS, Contact, Municipality

RESIDENTS_OFFICE = "residents_office"


def residents_office(m: Municipality) -> Contact | None:
    """The municipality's Einwohnerkontrolle (the first with that role), if recorded."""
    return next((c for c in m.contacts if c.role == RESIDENTS_OFFICE), None)


@dataclass
class Gap:
    """A missing fact, for letters and highlighted fields: `key` names the form field."""
    key: str
    label: str


def gaps(m: Municipality) -> list[Gap]:
    """Missing facts in the order the Rundschreiben lists them."""
    out: list[Gap] = []
    ro = residents_office(m)
    if ro is None:
        out.append(Gap("residents_office", "Einwohnerkontrolle: Adresse, Telefon, Öffnungszeiten"))
    else:
        if ro.address is None:
            out.append(Gap("residents_office.address", "Einwohnerkontrolle: Adresse"))
        if not ro.phone:
            out.append(Gap("residents_office.phone", "Einwohnerkontrolle: Telefon"))
        if not ro.opening_hours:
            out.append(Gap("residents_office.opening_hours", "Einwohnerkontrolle: Öffnungszeiten"))
        if not ro.email:
            out.append(Gap("residents_office.email", "Einwohnerkontrolle: E-Mail-Adresse"))
    if m.first_information is None:
        out.append(Gap("first_information", "Erstinformation: wer sie gibt und wie (Gespräch, Brief, Anlass; mit Dolmetschen?)"))
    if not m.website:
        out.append(Gap("website", "Website der Gemeinde"))
    return out


def is_complete(m: Municipality) -> bool:
    """Einwohnerkontrolle with address, phone and opening hours, and a recorded first information."""
    ro = residents_office(m)
    return (ro is not None and ro.address is not None and bool(ro.phone) and bool(ro.opening_hours)
            and m.first_information is not None)


@dataclass
class Fact:
    """One recorded fact of a municipality with its provenance."""
    label: str
    sources: list[str]
    stand: dt.date | None
    last_verified: dt.date | None

    def age_days(self, today: dt.date) -> int | None:
        """Age of the source (stand); None when the source's date is unknown."""
        return (today - self.stand).days if self.stand else None

    def is_old(self, today: dt.date) -> bool:
        """Older than 12 months, or of unknown date: ask the municipality to confirm it."""
        age = self.age_days(today)
        return age is None or age > STALE_AFTER_DAYS


def facts(m: Municipality) -> list[Fact]:
    """Every recorded fact of the municipality's own data, labelled for people."""
    out = []
    if m.website:
        out.append(Fact("Website der Gemeinde", list(m.website_sources), m.website_stand, None))
    for c in m.contacts:
        out.append(Fact(f"{ROLE_LABELS[c.role]}: {c.name}", c.sources, c.stand, c.last_verified))
    fi = m.first_information
    if fi is not None:
        out.append(Fact("Erstinformation", fi.sources, fi.stand, fi.last_verified))
    for o in m.offers:
        out.append(Fact(f"Angebot: {o.title.get('de', o.id)}", o.sources, o.stand, o.last_verified))
    for e in m.events:
        out.append(Fact(f"Anlass: {e.title.get('de', e.id)} ({e.date.isoformat()})", e.sources, e.stand, e.last_verified))
    return out


def old_facts(m: Municipality, today: dt.date) -> list[Fact]:
    return [f for f in facts(m) if f.is_old(today)]
