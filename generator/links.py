"""Links between content pages and to anchors, in every language: a link in a page must lead to an
existing page, and `#anchor` to a heading of that page in the same language (or German, where the
page falls back to German). Inline links (also with a title: `[x](page.md "Titel")`), reference
definitions (`[r]: page.md`) and their uses (`[x][r]`) are checked, each with file and line."""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache

import markdown
from pymdownx.slugs import slugify

from . import layout
from .content import FRONT_RE
from .loader import Site

# [text](target) or [text](<target>), optionally followed by a title in quotes or parentheses
INLINE_RE = re.compile(r"""(!?)\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)""")
# [label]: target "optional title" — a reference definition
DEFINITION_RE = re.compile(r"""^ {0,3}\[([^\]]+)\]:\s*(<[^>]*>|\S+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$""")
# [text][label] and [text][] — a reference use (the shortcut form [label] is ordinary text too often)
REFERENCE_RE = re.compile(r"(?<!\\)\[((?:[^\]\\]|\\.)+)\]\[([^\]]*)\]")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
GENERATED = {"gemeinden/index.md", "glossar.md", "suche.md"}


@lru_cache(maxsize=4096)  # the preview re-reads the sources on each edit: unchanged texts are not converted again
def _ids(text: str) -> frozenset[str]:
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "admonition", "def_list",
                                       "toc"], extension_configs={"toc": {"slugify": slugify(case="lower")}})
    html = md.convert(text)
    return frozenset(re.findall(r'\bid="([^"]+)"', html))


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def links_of(body: str, first_line: int = 1) -> list[tuple[int, str, bool]]:
    """(line, target, is_image) of every link in a Markdown body, outside code fences. Reference
    uses without a definition come back with target None."""
    lines = body.splitlines()
    fenced, definitions, out = False, {}, []
    for n, line in enumerate(lines, start=first_line):
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        d = DEFINITION_RE.match(line)
        if d:
            definitions[_label(d.group(1))] = d.group(2).strip("<>")
            out.append((n, d.group(2).strip("<>"), False))
            continue
        for m in INLINE_RE.finditer(line):
            out.append((n, m.group(2).strip("<>"), m.group(1) == "!"))
    fenced = False
    for n, line in enumerate(lines, start=first_line):
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced or DEFINITION_RE.match(line):
            continue
        for m in REFERENCE_RE.finditer(line.replace("`", "")):
            label = _label(m.group(2) or m.group(1))
            if label not in definitions:
                out.append((n, None, False))
    return out


def check_links(site: Site) -> None:
    content = site.root / "content"
    pages = {str(t.path): t for t in site.topics}
    generated = GENERATED | {f"gemeinden/{m.slug}.md" for m in site.data.municipalities}

    @lru_cache(maxsize=None)
    def ids_of(rel: str, code: str) -> frozenset:
        topic = pages[rel]
        tr = topic.translations.get(code)
        return frozenset(_ids(tr.body if tr else topic.body))

    sources = [(str(t.path), layout.SOURCE, t.body, content / t.path) for t in site.topics]
    sources += [(str(t.path), code, tr.body, content / tr.path) for t in site.topics for code, tr in t.translations.items()]
    for rel, code, body, path in sources:
        text = path.read_text(encoding="utf-8")
        m = FRONT_RE.match(text)
        offset = text[: m.end()].count("\n") if m else 0
        for n, target, image in links_of(body, offset + 1):
            if target is None:
                site.problems.error(path, n, "link", "Verweis-Link «[…][…]» ohne Ziel: die Zeile «[name]: "
                                    "ziel.md» fehlt. Ohne sie zeigt die Seite den Text mit Klammern.")
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("/"):
                continue  # https:, mailto:, tel: — listed for editors, not fetched
            file_part, _, anchor = target.partition("#")
            dest = posixpath.normpath(posixpath.join(posixpath.dirname(rel), file_part)) if file_part else rel
            if image or not dest.endswith(".md"):
                if not (content / dest).is_file():
                    site.problems.error(path, n, "link", f"Link auf «{target}»: die Datei «content/{dest}» "
                                        "gibt es nicht. Seiten verlinkt man als «name.md».")
                continue
            if dest not in pages and dest not in generated:
                site.problems.error(path, n, "link", f"Link auf «{target}»: die Seite «{dest}» gibt es nicht.")
                continue
            if anchor and dest in pages and anchor not in ids_of(dest, code):
                site.problems.error(path, n, "link", f"Link auf «{target}»: die Überschrift «#{anchor}» gibt es "
                                    f"auf «{dest}» ({code}) nicht.")
