"""The conversation guide's texts: handouts/guide.de.yml (German, binding); the newcomer's lines in
other languages are units of translations/<code>.po (contexts guide:<field>, guide:areas:<n>:name|text,
guide:topics:<id>). The staff page stays German."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import Unit, load_catalog
from .glossary import resolve
from .model import GuideArea, GuideSource, GuideTranslation
from .problems import Problems
from .translations import TranslatedSet, read_yaml

SOURCE_FILE = "handouts/guide.de.yml"
FIELDS = ("title", "subtitle", "areas_title", "topics_title", "notes_label", "referral_label")


@dataclass
class Guide(TranslatedSet):
    source: GuideSource | None = None


def guide_units(g: GuideSource) -> list[Unit]:
    line = getattr(g, "lines", {})
    units = [Unit(f"guide:{f}", getattr(g, f), (SOURCE_FILE, line.get(f, 0)), "ui", "Gesprächsleitfaden") for f in FIELDS]
    for i, a in enumerate(g.areas):
        units.append(Unit(f"guide:areas:{i}:name", a.name, (SOURCE_FILE, a.line), "ui", "Bereich von start.integration"))
        units.append(Unit(f"guide:areas:{i}:text", a.text, (SOURCE_FILE, a.lines.get("text", a.line)), "text",
                          f"Bereich «{a.name}»"))
    for t in g.topics:
        units.append(Unit(f"guide:topics:{t.id}", t.text, (SOURCE_FILE, t.lines.get("text", t.line)), "text",
                          "Satz im Gespräch mit der neu zugezogenen Person"))
    return units


def load_guide(folder: Path, codes: set[str], problems: Problems) -> Guide:
    g = Guide()
    src = folder / "guide.de.yml"
    if not src.exists():
        return g
    for p in sorted(folder.glob("guide.*.yml")):
        if p.name != "guide.de.yml":
            problems.error(p, 0, "", f"Übersetzungen des Gesprächsleitfadens stehen in translations/"
                           f"{p.name.split('.')[1]}.po. Übernehmen: python -m generator catalog convert.")
    g.source = read_yaml(src, GuideSource, problems)
    if g.source is None:
        return g
    g.units = guide_units(g.source)
    for code in sorted(codes - {"de"}):
        cat = load_catalog(folder.parent, code, problems)
        texts = resolve(g.units, cat, problems)
        g.unit_status[code] = [s for s, _ in texts]
        if not any(t for _, t in texts):
            continue
        by = {u.context: t for u, (_, t) in zip(g.units, texts)}
        statuses = g.unit_status[code]
        g.translations[code] = GuideTranslation(
            **{f: by[f"guide:{f}"] for f in FIELDS},
            areas=[GuideArea(by[f"guide:areas:{i}:name"], by[f"guide:areas:{i}:text"]) for i in range(len(g.source.areas))],
            topics={t.id: by[f"guide:topics:{t.id}"] for t in g.source.topics if by[f"guide:topics:{t.id}"]},
            status="reviewed" if all(s == "reviewed" for s in statuses) else "machine", source_hash="")
    return g
