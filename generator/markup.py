"""What editors may write in Markdown (content pages and their translations): Markdown, not HTML.

A page body is rendered with the same Markdown extensions as the site (mkdocs.yml) and the result
is checked against an allowlist: the elements and attributes Markdown itself produces, links to
http(s), mailto: and tel: or within the site, images from the site only. Anything else (a <script>,
an <img onerror=…>, a `{: onclick=…}` attribute list, a javascript: link, an inline style) is an
error naming file and line, so the editor sees the mistake and nothing is silently dropped.

Texts that are not Markdown (data, UI strings, glossary, conversation guide) are escaped where they
are placed and need no such check. Our own generated pages (Jinja templates, autoescaped) are trusted.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "a", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "img", "div",
    "details", "summary", "span", "sup", "sub", "abbr",
}
ALLOWED_ATTRIBUTES = {"id", "class", "lang", "dir", "title", "href", "src", "alt", "align", "start", "open"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
FALLBACK_EXTENSIONS = ["attr_list", "admonition", "md_in_html", "def_list", "tables", "toc", "pymdownx.details"]


@lru_cache(maxsize=4)
def _renderer(config_file: str) -> markdown.Markdown:
    """A Markdown renderer with the extensions of mkdocs.yml (one home for them), reused (reset)."""
    names, configs = _extensions(config_file)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _extensions(config_file: str) -> tuple[list, dict]:
    path = Path(config_file)
    if not path.is_file():
        return FALLBACK_EXTENSIONS, {}
    from mkdocs.utils.yaml import yaml_load
    with open(path, encoding="utf-8") as f:
        cfg = yaml_load(f) or {}
    names, configs = [], {}
    for item in cfg.get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (what is wrong, text to look for in the source)

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.found.append((f"HTML-Element <{tag}>", "<" + tag))
            return
        for name, value in attrs:
            value = value or ""
            if name not in ALLOWED_ATTRIBUTES:
                self.found.append((f"Attribut «{name}» an <{tag}>", name))
            elif name == "href" and not _link_ok(value):
                self.found.append((f"Link-Ziel «{value}»", value))
            elif name == "src" and not _local(value):
                self.found.append((f"Bildquelle «{value}» (nur Bilder aus content/)", value))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_pi(self, data):
        self.found.append(("HTML-Anweisung <?…>", "<?"))

    def handle_decl(self, decl):
        self.found.append(("HTML-Deklaration <!…>", "<!"))

    def unknown_decl(self, data):
        self.found.append(("HTML-Deklaration <!…>", "<!"))


def _scheme(url: str) -> str | None:
    # browsers ignore control characters and blanks inside a scheme ("java\tscript:")
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    try:
        return urlsplit(cleaned).scheme.lower() or None
    except ValueError:
        return "?"


def _link_ok(url: str) -> bool:
    scheme = _scheme(url)
    return scheme is None and not url.startswith("//") or scheme in LINK_SCHEMES


def _local(url: str) -> bool:
    return _scheme(url) is None and not url.startswith("//")


def markdown_problems(body: str, config_file: Path) -> list[tuple[int, str]]:
    """[(line in body, message)] for everything in a Markdown body outside the allowlist."""
    return list(_markdown_problems(body, str(config_file)))


@lru_cache(maxsize=4096)  # the preview re-reads the sources on each edit: unchanged texts are not checked again
def _markdown_problems(body: str, config_file: str) -> tuple[tuple[int, str], ...]:
    html = _renderer(str(config_file)).reset().convert(body)
    parser = _Collect()
    parser.feed(html)
    parser.close()
    out = []
    lines = body.split("\n")
    for what, needle in dict.fromkeys(parser.found):
        line = next((i for i, text in enumerate(lines, 1) if needle.lower() in unescape(text).lower()), 1)
        out.append((line, f"{what} ist im Text nicht erlaubt. Seiten sind Markdown ohne HTML: "
                          "Überschriften, Listen, Links (https://, mailto:, tel: oder Seiten der Website), "
                          "Tabellen, Hinweisboxen (!!! note). Siehe EDITING.md, «HTML in Texten»."))
    return tuple(out)
