"""Links between content pages and to anchors, in every language: a link in a page must lead to an
existing page, and `#anchor` to a heading of that page in the same language (or German, where the
page falls back to German)."""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache

import markdown
from pymdownx.slugs import slugify

from .content import FRONT_RE
from .loader import Site

LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
GENERATED = {"gemeinden/index.md", "glossar.md", "suche.md"}


def _ids(text: str) -> set[str]:
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "admonition", "def_list",
                                       "toc"], extension_configs={"toc": {"slugify": slugify(case="lower")}})
    html = md.convert(text)
    return set(re.findall(r'\bid="([^"]+)"', html))


def check_links(site: Site) -> None:
    content = site.root / "content"
    pages = {str(t.path): t for t in site.topics}

    @lru_cache(maxsize=None)
    def ids_of(rel: str, code: str) -> frozenset:
        topic = pages[rel]
        tr = topic.translations.get(code)
        return frozenset(_ids(tr.body if tr else topic.body))

    sources = [(str(t.path), "de", t.body, content / t.path) for t in site.topics]
    sources += [(str(t.path), code, tr.body, content / tr.path) for t in site.topics for code, tr in t.translations.items()]
    for rel, code, body, path in sources:
        text = path.read_text(encoding="utf-8")
        m = FRONT_RE.match(text)
        offset = text[: m.end()].count("\n") if m else 0
        for n, line in enumerate(body.splitlines(), start=offset + 1):
            for target in LINK_RE.findall(line):
                if re.match(r"^[a-z]+:", target):
                    continue  # https:, mailto:, tel: — listed for editors, not fetched
                file_part, _, anchor = target.partition("#")
                dest = posixpath.normpath(posixpath.join(posixpath.dirname(rel), file_part)) if file_part else rel
                if dest not in pages and dest not in GENERATED:
                    site.problems.error(path, n, "link", f"Link auf «{target}»: die Seite «{dest}» gibt es nicht.")
                    continue
                if anchor and dest in pages and anchor not in ids_of(dest, code):
                    site.problems.error(path, n, "link", f"Link auf «{target}»: die Überschrift «#{anchor}» gibt es "
                                        f"auf «{dest}» ({code}) nicht.")
