"""Data texts newcomers read — offer titles, descriptions and costs — as catalog units
(contexts data:offer:<id>:title|description|cost). A current catalog translation is put into the
offer's per-language text, so every renderer keeps reading `offer.title[code]`; without one the
renderers show the German, marked. A translation written directly into the data file (`en:` under
`title:`) stays and wins; it has no freshness record. (Role names are UI strings: role_* in locales/.)"""
from __future__ import annotations

from pathlib import Path

from .catalog import Unit, load_catalog, unit_statuses
from .problems import Problems
from .translations import TranslatedSet

FIELDS = ("title", "description", "cost")


def _offers(data):
    seen = set()
    for o in list(data.offers) + [o for m in data.municipalities for o in getattr(m, "offers", None) or []]:
        if id(o) not in seen:
            seen.add(id(o))
            yield o


def data_units(data, source_file: str = "municipalities.yml") -> list[tuple[Unit, object, str]]:
    """(unit, offer, field) for every German data text."""
    out = []
    for o in _offers(data):
        for f in FIELDS:
            value = getattr(o, f, None)
            if value and value.get("de"):
                file = getattr(o, "file", None) or source_file
                out.append((Unit(f"data:offer:{o.id}:{f}", value["de"], (str(file), o.lines.get(f, o.line)),
                                 "text", f"Angebot «{value['de'][:40]}»: " + {"title": "Titel", "description":
                                 "Beschreibung", "cost": "Kosten"}[f]), o, f))
    return out


def translate_data(root: Path, data, codes, problems: Problems) -> TranslatedSet:
    """Fill offers' per-language texts from the catalogs; returns the units with their status."""
    from .glossary import resolve
    items = data_units(data)
    tset = TranslatedSet(units=[u for u, _, _ in items])
    if not items:
        return tset
    for code in sorted(set(codes) - {"de"}):
        cat = load_catalog(root, code, problems)
        results = resolve(tset.units, cat, problems)
        statuses = []
        for (unit, offer, f), (st, text) in zip(items, results):
            value = getattr(offer, f)
            if code in value and value[code] != text:
                st = "machine"  # written directly in the data file: it wins (one home per text), no freshness record
            elif text is not None:
                value[code] = text
            statuses.append(st)
        tset.unit_status[code] = statuses
    return tset
