"""«Meine ersten Wochen» on a municipality page: the deadlines (deadlines.yml) and the office where
a newcomer registers, for templates/first_weeks.md.j2. The dates are computed in the reader's
browser from the day of arrival they enter; nothing is sent anywhere."""
from __future__ import annotations

import json

from ..deadlines import load_deadlines
from ..loader import Site
from ..model import Language, Municipality

OFFICE_ROLES = ("residents_office", "administration")  # where one registers, best first


def context(site: Site, m: Municipality, lang: Language) -> dict:
    deadlines = load_deadlines(site.root, frozenset(site.languages))
    office = next((c for role in OFFICE_ROLES for c in m.contacts if c.role == role), None)
    return {"deadlines": deadlines, "code": lang.code, "tag": lang.tag, "office": office,
            "json": json.dumps([{"id": d.id, "days": d.days, "months": d.months} for d in deadlines])}
