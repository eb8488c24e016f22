"""The conversation guide's texts: handouts/guide.de.yml and its translations handouts/guide.<code>.yml."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import GuideSource, GuideTranslation
from .problems import Problems
from .translations import TranslatedSet, read_translations, read_yaml, text_hash


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
    files = [(p.name.split(".")[1], p) for p in sorted(folder.glob("guide.*.yml"))]
    g.translations = read_translations(files, GuideTranslation, codes=codes, ids={t.id for t in g.source.topics},
                                       keys="topics", source_name="handouts/guide.de.yml",
                                       source_hash=g.source_hash, problems=problems)
    for code, tr in g.translations.items():
        if len(tr.areas) != len(g.source.areas):
            problems.error(files[0][1].with_name(f"guide.{code}.yml"), tr.lines.get("areas", 0), "areas",
                           f"Erwartet: {len(g.source.areas)} Bereiche wie in guide.de.yml.")
    return g
