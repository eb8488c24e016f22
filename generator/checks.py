"""Checks for single values. Each returns None when the value is fine, else a message that says
what is expected. Used as `check=` metadata on the model's fields."""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import phonenumbers

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
# BCP 47 language tag (RFC 5646) without grandfathered/private-only forms.
BCP47_RE = re.compile(
    r"^(?P<language>[a-z]{2,3})(?:-(?P<script>[A-Z][a-z]{3}))?(?:-(?P<region>[A-Z]{2}|\d{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*$")
URL_RE = re.compile(r"^https?://[^\s/?#]+(?:[/?#]\S*)?$")
POSTAL_CODE_RE = re.compile(r"^[1-9]\d{3}$")
TIME_RANGE_RE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")
DAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"]


PLAIN_TEXT_FORBIDDEN = '<>"'


def plain_text(value: str) -> str | None:
    """Page titles and summaries are plain text: the theme prints them in <title>, in attributes and
    in headings, in places where it does not escape them (or unescapes them, `striptags`)."""
    bad = [c for c in PLAIN_TEXT_FORBIDDEN if c in (value or "")]
    if bad:
        return (f"Zeichen {' '.join('«' + c + '»' for c in bad)} gehen in Titeln und Zusammenfassungen nicht: "
                "sie sind reiner Text. Anführungszeichen als „…“ oder «…» schreiben.")
    return None


def slug(value: str) -> str | None:
    if not SLUG_RE.match(value):
        return (f"«{value}» ist kein gültiger URL-Name. Erlaubt: Kleinbuchstaben a–z, Ziffern und "
                "einzelne Bindestriche, z. B. «lueterkofen-ichertswil» (keine Umlaute, Leerzeichen, / oder ..).")
    return None


def phone(value: str) -> str | None:
    try:
        number = phonenumbers.parse(value, "CH")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return (f"«{value}» ist keine gültige Telefonnummer. Erwartet: Schweizer Nummer wie "
                "«032 655 66 66» oder internationale Form «+41 32 655 66 66».")
    return None


def email(value: str) -> str | None:
    if not EMAIL_RE.match(value):
        return f"«{value}» ist keine gültige E-Mail-Adresse. Erwartet z. B.: einwohnerkontrolle@gemeinde.ch."
    return None


# A host name as a registry would give it out: labels of letters, digits and inner hyphens (after
# IDNA encoding), at least two labels, a top-level domain of letters (or an IDNA "xn--" one).
HOST_LABEL_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
TLD_RE = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
URL_CHARS_RE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%\u00a0-\U0010ffff]+$")


def url(value: str) -> str | None:
    """A public web address: http(s), a proper host name (no IP address, no «localhost»), no user
    name or password, no characters that would need escaping («<», «>», «"», spaces …)."""
    msg = (f"«{value}» ist keine gültige Web-Adresse. Erwartet: eine vollständige Adresse, die mit "
           "https:// beginnt, z. B. https://www.gemeinde.ch/.")
    if not URL_CHARS_RE.match(value) or "'" in value:
        return msg + " Leerzeichen und die Zeichen < > \" ' { } | \\ ^ ` sind nicht erlaubt."
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return msg
    if parts.scheme not in ("http", "https") or not parts.netloc or not host:
        return msg
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return msg + " Benutzername oder Passwort gehören nicht in eine Adresse."
    try:
        ipaddress.ip_address(host.strip("[]"))
        return msg + " Eine IP-Adresse ist keine Web-Adresse einer Stelle: bitte den Namen (www.…) verwenden."
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return msg
    labels = ascii_host.rstrip(".").split(".")
    if len(labels) < 2 or not all(HOST_LABEL_RE.match(x) for x in labels) or not TLD_RE.match(labels[-1]):
        return msg + f" «{host}» ist kein gültiger Name eines Webservers."
    return None


MUNICIPAL_SOURCE = "Angaben der Gemeinde"
"""The source of facts a municipality gave itself (its answer to a data sheet); `stand` says when."""


def is_url(source: str) -> bool:
    """True for a web address; False for «Angaben der Gemeinde» (render it as text, not as a link)."""
    return url(source) is None


def sources(values: list[str]) -> str | None:
    """Each source is a web address or exactly «Angaben der Gemeinde»."""
    for v in values:
        if v != MUNICIPAL_SOURCE and url(v):
            return (f"«{v}» ist keine gültige Quelle. Erwartet: eine Web-Adresse (https://…) "
                    f"oder «{MUNICIPAL_SOURCE}».")
    return None


def urls(values: list[str]) -> str | None:
    for v in values:
        msg = url(v)
        if msg:
            return msg
    return None


def bcp47(value: str) -> str | None:
    if not BCP47_RE.match(value):
        return (f"«{value}» ist kein gültiges Sprachkürzel nach BCP 47. Erwartet z. B. «de», «ti», "
                "«sr-Latn», «fa-AF», «kmr».")
    return None


def postal_code(value: str) -> str | None:
    if not POSTAL_CODE_RE.match(value):
        return f"«{value}» ist keine Schweizer Postleitzahl (vier Ziffern, z. B. «4500»)."
    return None


def postal_codes(values: list[str]) -> str | None:
    for v in values:
        msg = postal_code(v)
        if msg:
            return msg
    return None


def parse_days(value: str) -> list[str] | str:
    """'mo-fr' or 'mo, we, fr' -> ['mo', 'tu', ...]; a message string when it does not parse."""
    out: list[str] = []
    for part in [p.strip().lower() for p in value.replace(";", ",").split(",") if p.strip()]:
        if "-" in part:
            a, _, b = (x.strip() for x in part.partition("-"))
            if a not in DAYS or b not in DAYS or DAYS.index(a) > DAYS.index(b):
                return _days_msg(value)
            out.extend(DAYS[DAYS.index(a): DAYS.index(b) + 1])
        elif part in DAYS:
            out.append(part)
        else:
            return _days_msg(value)
    if not out or len(set(out)) != len(out):
        return _days_msg(value)
    return out


def _days_msg(value: str) -> str:
    return (f"«{value}» sind keine gültigen Wochentage. Erwartet: Kürzel {', '.join(DAYS)} "
            "als Bereich «mo-fr» oder als Liste «mo, we, fr».")


def parse_time_range(value: str) -> tuple[int, int] | str:
    """'08:00-11:30' -> (480, 690) minutes; a message when it does not parse."""
    m = TIME_RANGE_RE.match(value.strip())
    if m:
        h1, m1, h2, m2 = map(int, m.groups())
        if h1 <= 23 and h2 <= 24 and m1 <= 59 and m2 <= 59 and (h2 < 24 or m2 == 0):
            start, end = h1 * 60 + m1, h2 * 60 + m2
            if start < end:
                return start, end
            return f"«{value}»: Die Zeit «bis» muss nach der Zeit «von» liegen."
    return (f"«{value}» ist keine gültige Öffnungszeit. Erwartet: «HH:MM-HH:MM» im 24-Stunden-Format, "
            "z. B. «08:00-11:30» (Stunden 00–23, Minuten 00–59).")


def days(value: str) -> str | None:
    r = parse_days(value)
    return r if isinstance(r, str) else None


def time_ranges(values: list[str]) -> str | None:
    for v in values:
        r = parse_time_range(v)
        if isinstance(r, str):
            return r
    return None


def time_range(value: str) -> str | None:
    r = parse_time_range(value)
    return r if isinstance(r, str) else None


# Placeholders in UI strings: plain names in braces, «{municipality}». No attribute or item access,
# no format specs; «{{» and «}}» stand for literal braces. Translators are outside the team, so a
# string can never reach more than the value handed to it.
PLACEHOLDER_TOKEN_RE = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|[{}]")


def placeholders(text: str) -> list[str] | str:
    """The placeholder names in a UI string, in order; a message string when a brace is misplaced."""
    names = []
    for m in PLACEHOLDER_TOKEN_RE.finditer(text):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        if m.group(1) is None:
            rest = text[m.start(): m.start() + 20]
            return (f"Ungültige geschweifte Klammer bei «{rest}». Platzhalter sind nur einfache Namen wie "
                    "«{municipality}» (wie im deutschen Text); für eine Klammer als Zeichen «{{» oder «}}» schreiben.")
        names.append(m.group(1))
    return names


def fill(text: str, values: dict) -> str:
    """A UI string with its placeholders replaced by `values` (as text). Nothing else is evaluated."""
    def one(m):
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        if m.group(1) is None:
            raise ValueError(placeholders(text))
        return str(values[m.group(1)])
    return PLACEHOLDER_TOKEN_RE.sub(one, text)
# --- The same rules for the data sheet (JavaScript) ---------------------------------------------
# The form gets these as generated data: regular expressions that JavaScript reads as they are,
# and the messages of the Python checks above with «{value}» where the typed text goes.

PHONE_TYPES = ("fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number",
               "voip", "pager", "uan", "voicemail")


def _phone_rule() -> dict:
    """Swiss numbers as libphonenumber's metadata (the loader's phonenumbers) defines them:
    national number = general pattern and the pattern of one number type; prefixes 0, +41, 0041."""
    md = phonenumbers.PhoneMetadata.metadata_for_region("CH")
    types = [getattr(md, t).national_number_pattern for t in PHONE_TYPES
             if getattr(md, t) is not None and getattr(md, t).national_number_pattern]
    return {"country_code": str(md.country_code), "national_prefix": md.national_prefix,
            "general": md.general_desc.national_number_pattern, "types": types,
            "separators": "[\\s.\\-/()]"}


def form_rules() -> dict:
    """Validation rules and messages for the data sheet, derived from this module."""
    v = "{value}"
    return {
        "phone": {**_phone_rule(), "message": phone(v)},
        "email": {"pattern": EMAIL_RE.pattern, "message": email(v)},
        "url": {"pattern": URL_RE.pattern, "message": url(v)},
        "postal_code": {"pattern": POSTAL_CODE_RE.pattern, "message": postal_code(v)},
        "time_range": {"message": parse_time_range("{value}")},
    }
