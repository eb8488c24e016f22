"""Opening hours in the reader's language, from structured data, through CLDR (Babel)."""
from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_interval, get_day_names

from ..checks import DAYS
from ..model import OpeningHours


def day_label(days: list[str], locale: Locale) -> str:
    names = get_day_names("wide", locale=locale)
    idx = [DAYS.index(d) for d in days]
    if len(idx) >= 3 and idx == list(range(idx[0], idx[-1] + 1)):
        return format_interval_days(names[idx[0]], names[idx[-1]], locale)
    return locale.list_patterns["standard"]["2"].format(*(names[i] for i in idx[:2])) if len(idx) == 2 \
        else ", ".join(names[i] for i in idx)


def format_interval_days(first: str, last: str, locale: Locale) -> str:
    # CLDR has no "Monday to Friday" pattern; its interval fallback "{0} – {1}" is the closest.
    fallback = locale.interval_formats.get(None, "{0}\u2009–\u2009{1}")
    return fallback.replace("{0}", first).replace("{1}", last)


def time_range(start_min: int, end_min: int, locale: Locale) -> str:
    def t(m):
        return dt.time(min(m // 60, 23), m % 60) if m < 24 * 60 else dt.time(23, 59)
    return format_interval(t(start_min), t(end_min), skeleton="Hm", locale=locale)


def rows(hours: list[OpeningHours], locale: Locale) -> list[tuple[str, list[str]]]:
    """[(days label, [time ranges])] in the reader's language."""
    return [(day_label(h.day_list, locale), [time_range(s, e, locale) for s, e in h.minute_ranges])
            for h in hours]
