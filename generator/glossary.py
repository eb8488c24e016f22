"""The glossary of official German terms (glossary/de.yml) and its translations (glossary/<code>.yml)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .model import GlossarySource, GlossaryTerm, GlossaryTranslation
from .problems import Problems
from .yamlsource import compose, read_text


@dataclass
class Glossary:
    title: str = ""
    intro: str = ""
    terms: list[GlossaryTerm] = field(default_factory=list)
    source_hash: str = ""
    translations: dict[str, GlossaryTranslation] = field(default_factory=dict)

    def status(self, code: str) -> str:
        if code == "de":
            return "source"
        tr = self.translations.get(code)
        if tr is None:
            return "missing"
        return "outdated" if tr.source_hash != self.source_hash else tr.status


def glossary_hash(terms: list[GlossaryTerm]) -> str:
    data = [[t.id, t.term, t.explanation] for t in terms]  # title/intro changes do not outdate terms
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:12]


def load_glossary(folder: Path, codes: set[str], problems: Problems, topics: set[str]) -> Glossary:
    g = Glossary()
    src = folder / "de.yml"
    if not src.exists():
        return g
    text = read_text(src, problems)
    node = compose(text, src, problems) if text is not None else None
    data = schema.read(GlossarySource, node, schema.Ctx(src, problems)) if node is not None else None
    if data is None:
        return g
    seen: dict[str, int] = {}
    for i, t in enumerate(data.terms):
        if t.id in seen:
            problems.error(src, t.line, f"terms[{i}].id", f"ID «{t.id}» kommt doppelt vor (zuerst in Zeile {seen[t.id]}).")
        seen[t.id] = t.line
        if t.topic and t.topic not in topics:
            problems.error(src, t.lines.get("topic", t.line), f"terms[{i}].topic",
                           f"Unbekannte Themenseite «{t.topic}». Vorhanden: {', '.join(sorted(topics))}.")
    g.terms, g.title, g.intro = data.terms, data.title, data.intro
    g.source_hash = glossary_hash(data.terms)
    for path in sorted(folder.glob("*.yml")):
        code = path.stem
        if code == "de":
            continue
        if code not in codes:
            problems.error(path, 0, "", f"Unbekannte Sprache «{code}» im Dateinamen. Vorhanden: {', '.join(sorted(codes))}.")
            continue
        text = read_text(path, problems)
        node = compose(text, path, problems) if text is not None else None
        tr = schema.read(GlossaryTranslation, node, schema.Ctx(path, problems)) if node is not None else None
        if tr is None:
            continue
        for key in tr.terms:
            if key not in seen:
                problems.error(path, tr.terms.lines.get(key, 0), f"terms.{key}",
                               f"Begriff «{key}» gibt es in glossary/de.yml nicht. Tippfehler?")
        if tr.source_hash != g.source_hash:
            problems.warning(path, tr.lines.get("source_hash", 0), "source_hash",
                             f"Das deutsche Glossar wurde geändert (aktuell {g.source_hash}). Übersetzung prüfen.")
        g.translations[code] = tr
    return g
