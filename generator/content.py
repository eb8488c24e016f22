"""Cantonal content pages (content/): German sources and their translations.

German pages are `name.md`; a translation is `name.<code>.md` next to it, with front matter that
records its status (machine/reviewed) and the hash of the German text it was made from, so an
edited German page marks its translations as outdated.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import schema
from .model import FrontMatter, Topic, Translation, TranslationFrontMatter
from .problems import Problems
from .yamlsource import compose, read_text

FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
MAX_PAGE_BYTES = 512 * 1024


def source_hash(title: str, body: str) -> str:
    """Hash of what a translator translates: the title and the body text."""
    text = title.strip() + "\n" + body.strip().replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def split_front_matter(text: str, path: Path, problems: Problems):
    """(yaml node, body) or (None, None) with a problem recorded."""
    m = FRONT_RE.match(text)
    if not m:
        problems.error(path, 1, "front matter", "Die Seite muss mit einem Kopf beginnen: einer Zeile «---», "
                       "den Angaben (title: …, stand: …) und wieder einer Zeile «---».")
        return None, None
    node = compose(m.group(1), path, problems, first_line=2)
    if node is None:
        if not any(p.file.endswith(path.name) for p in problems.errors):
            problems.error(path, 1, "front matter", "Der Kopf der Seite ist leer. Erwartet: title und stand.")
        return None, None
    return node, text[m.end():]


def load_topics(content_dir: Path, languages: dict, problems: Problems) -> list[Topic]:
    codes = set(languages)
    german: dict[str, Topic] = {}
    translations: list[tuple[str, str, Path]] = []
    for path in sorted(content_dir.rglob("*.md")):
        rel = path.relative_to(content_dir).as_posix()
        parts = path.name.split(".")
        if len(parts) == 3:
            translations.append((rel.rsplit(".", 2)[0] + ".md", parts[1], path))
            continue
        if len(parts) != 2:
            problems.error(path, 0, "", "Dateiname nicht erkannt. Erwartet: «name.md» (Deutsch) oder «name.<sprache>.md».")
            continue
        text = read_text(path, problems, MAX_PAGE_BYTES)
        if text is None:
            continue
        node, body = split_front_matter(text, path, problems)
        if node is None:
            continue
        meta = schema.read(FrontMatter, node, schema.Ctx(path, problems, "front matter"))
        if meta is None:
            continue
        german[rel] = Topic(rel, meta, body, source_hash(meta.title, body), body_offset=text[:len(text) - len(body)].count("\n"))
    for german_rel, code, path in translations:
        problems.error(path, 0, "", f"Übersetzungen stehen in translations/{code}.po (ein Katalog je Sprache), "
                       "nicht mehr in Markdown-Dateien. Übernehmen: python -m generator catalog convert.")
    from .translations import translate_topics
    translate_topics(list(german.values()), content_dir.parent, languages, problems)
    return sorted(german.values(), key=lambda t: (t.meta.order or 0, str(t.path)))
