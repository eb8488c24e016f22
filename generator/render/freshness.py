"""How fresh a fact is: the date of its source («Stand») and the date someone checked it
(`last_verified`) are two things. A fact is possibly outdated when its source date is unknown or
older than 12 months before the data set's own date — never measured against the clock, so a build
of the same commit says the same thing on any day."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..loader import Site

MAX_AGE_MONTHS = 12


def dataset_date(site: Site) -> dt.date:
    """The data set's own date: the newest date any fact in municipalities.yml carries."""
    d = site.data
    dates = [d.stand]
    facts = list(d.canton.contacts) + list(d.canton.emergency_numbers) + list(d.offers)
    for r in d.regions:
        facts += [r, *r.contacts]
    for m in d.municipalities:
        facts += [*m.contacts, *m.events, *getattr(m, "offers", [])]
        facts += [m.first_information] if m.first_information else []
        if getattr(m, "website_stand", None):
            dates.append(m.website_stand)
    for f in facts:
        dates.append(f.last_verified)
        if getattr(f, "stand", None):
            dates.append(f.stand)
    return max(dates)


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m]
    return dt.date(y, m + 1, min(day.day, last))


@dataclass(frozen=True)
class Freshness:
    stand: dt.date | None  # date of the source
    verified: dt.date  # date someone checked it
    outdated: bool  # source date unknown or older than MAX_AGE_MONTHS before the data set's date


def freshness(fact, as_of: dt.date) -> Freshness:
    stand = getattr(fact, "stand", None)
    return Freshness(stand, fact.last_verified,
                     stand is None or stand < _months_before(as_of, MAX_AGE_MONTHS))
