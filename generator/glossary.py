"""The glossary of official German terms (glossary/de.yml); its translations are units of the
catalogs translations/<code>.po (contexts glossary:title, glossary:intro, glossary:<id>:term and
glossary:<id>:explanation), each with its own status."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Unit, load_catalog
from .model import GlossarySource, GlossaryTerm, GlossaryTranslation, TermTranslation
from .problems import Problems
from .segments import problems_of
from .translations import TranslatedSet, read_yaml

SOURCE_FILE = "glossary/de.yml"


@dataclass
class Glossary(TranslatedSet):
    title: str = ""
    intro: str = ""
    terms: list[GlossaryTerm] = field(default_factory=list)


def glossary_units(g: Glossary) -> list[Unit]:
    units = [Unit("glossary:title", g.title, (SOURCE_FILE, 2), "title", "Titel der Glossar-Seite"),
             Unit("glossary:intro", g.intro, (SOURCE_FILE, 3), "text", "Einleitung")]
    for t in g.terms:
        units.append(Unit(f"glossary:{t.id}:term", t.term, (SOURCE_FILE, t.line), "term",
                          "Amtlicher Begriff; die Übersetzung gilt als Glossar-Übersetzung in allen Texten"))
        units.append(Unit(f"glossary:{t.id}:explanation", t.explanation, (SOURCE_FILE, t.lines.get("explanation", t.line)),
                          "text", f"Erklärung von «{t.term}» in einem einfachen Satz"))
    return units


def load_glossary(folder: Path, codes: set[str], problems: Problems, topics: set[str]) -> Glossary:
    g = Glossary()
    src = folder / "de.yml"
    if not src.exists():
        return g
    for p in sorted(folder.glob("*.yml")):
        if p.name != "de.yml":
            problems.error(p, 0, "", f"Übersetzungen des Glossars stehen in translations/{p.stem}.po. "
                           "Übernehmen: python -m generator catalog convert.")
    data = read_yaml(src, GlossarySource, problems)
    if data is None:
        return g
    seen: dict[str, int] = {}
    for i, t in enumerate(data.terms):
        if t.id in seen:
            problems.error(src, t.line, f"terms[{i}].id", f"ID «{t.id}» kommt doppelt vor (zuerst in Zeile {seen[t.id]}).")
        seen[t.id] = t.line
        if t.topic and t.topic not in topics:
            problems.error(src, t.lines.get("topic", t.line), f"terms[{i}].topic",
                           f"Unbekannte Themenseite «{t.topic}». Vorhanden: {', '.join(sorted(topics))}.",
                           because=folder.parent / "content" / "themen" / f"{t.topic}.md")
    g.terms, g.title, g.intro = data.terms, data.title, data.intro
    g.units = glossary_units(g)
    for code in sorted(codes - {"de"}):
        cat = load_catalog(folder.parent, code, problems)
        texts = resolve(g.units, cat, problems)
        g.unit_status[code] = [s for s, _ in texts]
        if not any(t for _, t in texts):
            continue
        by_ctx = {u.context: t for u, (_, t) in zip(g.units, texts)}
        terms = {}
        for t in g.terms:
            term, expl = by_ctx[f"glossary:{t.id}:term"], by_ctx[f"glossary:{t.id}:explanation"]
            if term and expl:
                terms[t.id] = TermTranslation(term, expl)
        statuses = g.unit_status[code]
        g.translations[code] = GlossaryTranslation(
            title=by_ctx["glossary:title"] or g.title, intro=by_ctx["glossary:intro"] or g.intro,
            status="reviewed" if all(s == "reviewed" for s in statuses) else "machine", source_hash="", terms=terms)
    return g


def resolve(units: list[Unit], cat, problems: Problems) -> list[tuple[str, str | None]]:
    """(status, translation or None) per unit; a stored translation that breaks its German
    (links, emphasis, placeholders, numbers) is an error and counts as outdated."""
    from .catalog import unit_statuses
    out = []
    for u, (st, e) in zip(units, unit_statuses(units, cat)):
        text = e.text if e is not None else None
        if text is not None:
            msgs = problems_of(u.source, text, u.kind, placeholders=True)
            if msgs:
                problems.error(cat.path, e.line, f"msgctxt {u.context}", f"«{u.source[:50]}»: " + " ".join(msgs))
                st, text = "invalid", None
        out.append((st, text))
    if any(s == "outdated" for s, _ in out):
        n = sum(1 for s, _ in out if s == "outdated")
        first = next(u for u, (s, _) in zip(units, out) if s == "outdated")
        problems.warning(cat.path, cat.entries.get((first.context, first.source), None) and 0 or 0, f"msgctxt {first.context}", f"{n} Text(e) veraltet (deutsche Vorlage "
                         f"{first.ref[0]} geändert), zuerst «{first.context}». Bis zur Übersetzung erscheinen sie "
                         f"deutsch. Aktualisieren: python -m generator catalog update --lang {cat.code}.")
    return [("outdated" if s == "invalid" else s, t) for s, t in out]  # shown German; the error is the cause
