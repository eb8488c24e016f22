"""The glossary of official German terms (glossary/de.yml) and its translations (glossary/<code>.yml)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import GlossarySource, GlossaryTerm, GlossaryTranslation
from .problems import Problems
from .translations import TranslatedSet, read_translations, read_yaml, text_hash


@dataclass
class Glossary(TranslatedSet):
    title: str = ""
    intro: str = ""
    terms: list[GlossaryTerm] = field(default_factory=list)


def glossary_hash(terms: list[GlossaryTerm]) -> str:
    return text_hash([[t.id, t.term, t.explanation] for t in terms])  # title/intro changes do not outdate terms


def load_glossary(folder: Path, codes: set[str], problems: Problems, topics: set[str]) -> Glossary:
    g = Glossary()
    src = folder / "de.yml"
    if not src.exists():
        return g
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
    g.source_hash = glossary_hash(data.terms)
    g.translations = read_translations([(p.stem, p) for p in sorted(folder.glob("*.yml"))], GlossaryTranslation,
                                       codes=codes, ids=set(seen), keys="terms", source_name="glossary/de.yml",
                                       source_hash=g.source_hash, problems=problems)
    return g
