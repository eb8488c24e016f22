"""The conversation guide's texts: handouts/guide.de.yml and its translations handouts/guide.<code>.yml."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .model import GuideSource, GuideTranslation
from .problems import Problems
from .yamlsource import compose, read_text


@dataclass
class Guide:
    source: GuideSource | None = None
    source_hash: str = ""
    translations: dict[str, GuideTranslation] = field(default_factory=dict)

    def status(self, code: str) -> str:
        if code == "de":
            return "source"
        tr = self.translations.get(code)
        if tr is None:
            return "missing"
        return "outdated" if tr.source_hash != self.source_hash else tr.status


def guide_hash(g: GuideSource) -> str:
    data = [g.title, g.subtitle, g.areas_title, [[a.name, a.text] for a in g.areas], g.topics_title,
            g.notes_label, g.referral_label, [[t.id, t.text] for t in g.topics]]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:12]


def _read(path: Path, cls, problems: Problems):
    text = read_text(path, problems)
    node = compose(text, path, problems) if text is not None else None
    return schema.read(cls, node, schema.Ctx(path, problems)) if node is not None else None


def load_guide(folder: Path, codes: set[str], problems: Problems) -> Guide:
    g = Guide()
    src = folder / "guide.de.yml"
    if not src.exists():
        return g
    g.source = _read(src, GuideSource, problems)
    if g.source is None:
        return g
    g.source_hash = guide_hash(g.source)
    ids = {t.id for t in g.source.topics}
    for path in sorted(folder.glob("guide.*.yml")):
        code = path.name.split(".")[1]
        if code == "de":
            continue
        if code not in codes:
            problems.error(path, 0, "", f"Unbekannte Sprache «{code}» im Dateinamen.")
            continue
        tr = _read(path, GuideTranslation, problems)
        if tr is None:
            continue
        for key in tr.topics:
            if key not in ids:
                problems.error(path, tr.topics.lines.get(key, 0), f"topics.{key}",
                               f"Thema «{key}» gibt es in guide.de.yml nicht. Tippfehler?")
        if len(tr.areas) != len(g.source.areas):
            problems.error(path, tr.lines.get("areas", 0), "areas",
                           f"Erwartet: {len(g.source.areas)} Bereiche wie in guide.de.yml.")
        if tr.source_hash != g.source_hash:
            problems.warning(path, tr.lines.get("source_hash", 0), "source_hash",
                             f"Die deutsche Vorlage wurde geändert (aktuell {g.source_hash}).")
        g.translations[code] = tr
    return g
