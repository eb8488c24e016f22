"""Cantonal content pages (content/): German sources and their translations.

German pages are `name.md`; a translation is `name.<code>.md` next to it, with front matter that
records its status (machine/reviewed) and the hash of the German text it was made from, so an
edited German page marks its translations as outdated.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from . import schema
from .markup import markdown_problems
from .model import FrontMatter, Topic, Translation, TranslationFrontMatter
from .problems import Problems
from .yamlsource import compose, read_text

FRONT_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)---[ \t]*(?:\r?\n|\Z)", re.S)
MAX_PAGE_BYTES = 512 * 1024
# The one rule for page file names: lower-case a-z, digits and single hyphens, then ".md" (German)
# or ".<code>.md" (a translation). The name becomes the page's URL.
PAGE_NAME_RE = re.compile(r"^(?P<stem>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(?P<code>[a-z]{2,3}))?\.md$")
# What may be published from content/ beside the pages: pictures and PDF documents. No HTML, SVG,
# JavaScript or other files a browser would run on the site's own origin.
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".pdf")
ASSET_NAME_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*\.[a-z0-9]+$")


def page_name_problem(name: str) -> str | None:
    """Why `name` is not a valid page file name, or None."""
    if PAGE_NAME_RE.match(name):
        return None
    return (f"Dateiname «{name}» ist nicht erlaubt. Erwartet: «name.md» (Deutsch) oder «name.<sprache>.md» "
            "(Übersetzung); der Name nur aus Kleinbuchstaben a–z, Ziffern und einzelnen Bindestrichen, "
            "z. B. «oeffnungszeiten.md» (keine Leerzeichen, Grossbuchstaben oder Umlaute – der Name wird zur Adresse).")


def asset_problem(path: Path, content_dir: Path) -> str | None:
    """Why the file `path` below content/ must not be published, or None when it may be.
    Staging publishes only what passes; the loader reports the others."""
    content_dir = Path(content_dir)
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(Path(os.path.realpath(content_dir))):
            return (f"Verknüpfung (Symlink) zeigt aus content/ hinaus nach «{target}». Solche Dateien werden nie "
                    "veröffentlicht: bitte die Datei selbst in content/ legen.")
        if target.is_dir():
            return "Verknüpfung (Symlink) auf einen Ordner: nicht unterstützt, bitte den Ordner selbst anlegen."
    if path.suffix == ".md":
        return page_name_problem(path.name)
    if path.suffix.lower() not in ASSET_SUFFIXES:
        return (f"Wird nicht veröffentlicht: nur Bilder und PDF dürfen neben den Seiten liegen "
                f"({', '.join(ASSET_SUFFIXES)}).")
    if not ASSET_NAME_RE.match(path.name):
        return (f"Dateiname «{path.name}» ist nicht erlaubt: nur Kleinbuchstaben a–z, Ziffern, - und _ "
                "(der Name wird zur Adresse).")
    return None


def content_files(content_dir: Path, problems: Problems) -> list[Path]:
    """The page files (.md) below content/, in order. Everything that is not a valid page or a
    publishable asset is reported: links leaving content/ and bad page names as errors, other
    files as a warning saying that they are not published. Linked folders are not entered."""
    pages = []
    for folder, dirs, files in os.walk(content_dir, followlinks=False):
        here = Path(folder)
        for d in sorted(dirs):
            if (here / d).is_symlink():
                problems.error(here / d, 0, "", asset_problem(here / d, content_dir) or
                               "Verknüpfung (Symlink) auf einen Ordner: nicht unterstützt.")
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink() and not d.startswith("."))
        for name in sorted(files):
            path = here / name
            if name.startswith(".") and not path.is_symlink():
                continue  # .gitkeep, .DS_Store: never published, nothing to say
            why = asset_problem(path, content_dir)
            if why and (path.is_symlink() or path.suffix == ".md"):
                problems.error(path, 0, "", why)
            elif why:
                problems.warning(path, 0, "", why)
            elif path.suffix == ".md":
                pages.append(path)
    return sorted(pages)


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
    node = compose(m.group(1).replace("\r\n", "\n"), path, problems, first_line=2)
    if node is None:
        if not any(p.file.endswith(path.name) for p in problems.errors):
            problems.error(path, 1, "front matter", "Der Kopf der Seite ist leer. Erwartet: title und stand.")
        return None, None
    return node, text[m.end():]


def check_body(body: str, text: str, path: Path, problems: Problems, config_file: Path) -> None:
    """Markdown only: HTML and unsafe links in a page body are errors with their line."""
    first = text[: len(text) - len(body)].count("\n") + 1
    for line, message in markdown_problems(body, config_file):
        problems.error(path, first + line - 1, "", message)


def load_topics(content_dir: Path, languages: dict, problems: Problems) -> list[Topic]:
    codes = set(languages)
    german: dict[str, Topic] = {}
    translations: list[tuple[str, str, Path]] = []
    config_file = content_dir.parent / "mkdocs.yml"
    for path in content_files(content_dir, problems):
        rel = path.relative_to(content_dir).as_posix()
        code = PAGE_NAME_RE.match(path.name).group("code")
        if code:
            translations.append((rel.rsplit(".", 2)[0] + ".md", code, path))
            continue
        text = read_text(path, problems, MAX_PAGE_BYTES)
        if text is None:
            continue
        node, body = split_front_matter(text, path, problems)
        if node is None:
            continue
        check_body(body, text, path, problems, config_file)
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
