"""Reading built HTML in tests, with the standard library's parser."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


class Doc(HTMLParser):
    """Elements with their attributes and the language context they inherit."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, str | None, str | None]] = []  # tag, attrs, lang, dir
        self.text_parts: list[tuple[str, str | None]] = []
        self._stack: list[tuple[str, str | None, str | None]] = []
        self.feed(text)

    VOID = {"meta", "link", "img", "br", "hr", "input", "source", "area", "base", "col", "embed", "wbr", "path"}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        lang = a.get("lang", self._stack[-1][1] if self._stack else None)
        d = a.get("dir", self._stack[-1][2] if self._stack else None)
        self.elements.append((tag, a, lang, d))
        if tag not in self.VOID:
            self._stack.append((tag, lang, d))

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if data.strip():
            self.text_parts.append((data.strip(), self._stack[-1][1] if self._stack else None))

    def find(self, tag, **attrs):
        return [a for t, a, _, _ in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def by_class(self, cls):
        return [(t, a, lang, d) for t, a, lang, d in self.elements if cls in (a.get("class") or "").split()]

    @property
    def text(self) -> str:
        return " ".join(t for t, _ in self.text_parts)


def load(path: Path) -> Doc:
    return Doc(path.read_text(encoding="utf-8"))


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative link on `page` leads to, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "#")):
        return None
    rel = page.relative_to(site).as_posix()
    target = urlsplit(urljoin("/" + rel, parts.path)).path.lstrip("/")
    p = site / target
    if target == "" or target.endswith("/"):
        p = p / "index.html"
    return p
