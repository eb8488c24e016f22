"""The conversation guide's texts: handouts/guide.de.yml and its translations handouts/guide.<code>.yml."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import GuideSource, GuideTranslation
from .problems import Problems
from .translations import TranslatedSet, read_yaml, text_hash


@dataclass
class Guide(TranslatedSet):
    source: GuideSource | None = None


def guide_hash(g: GuideSource) -> str:
    return text_hash([g.title, g.subtitle, g.areas_title, [[a.name, a.text] for a in g.areas], g.topics_title,
                      g.notes_label, g.referral_label, [[t.id, t.text] for t in g.topics]])


def load_guide(folder: Path, codes: set[str], problems: Problems) -> Guide:
    g = Guide()
    src = folder / "guide.de.yml"
    if not src.exists():
        return g
    g.source = read_yaml(src, GuideSource, problems)
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
        tr = read_yaml(path, GuideTranslation, problems)
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
