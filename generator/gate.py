"""One gate: every rule the build and CI enforce beyond loading, run by `check`, `build` and the
preview alike, each problem with file, line and field.

- links and anchors in every language (links.py),
- links from the page templates to pages of the site,
- readability of the German pages (Wiener Sachtextformel),
- review rule for every kind of translation: `status: reviewed` needs `review` (date, organisation),
- language codes the build accepts (they become a folder and part of file names).
"""
from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from . import layout
from .links import check_links
from .loader import Site

READABILITY_LIMIT = 8.0  # Wiener Sachtextformel of a German page (≈ school year)
TEMPLATES = Path(__file__).resolve().parent / "templates"
HREF_RE = re.compile(r'href="([^"]*)"')


def run_checks(site: Site, *, readability: bool = True) -> None:
    """Add every problem found to site.problems (the caller decides to stop on errors)."""
    check_language_codes(site)
    check_links(site)
    check_template_links(site)
    check_front_end_data(site)
    if readability:
        check_readability(site)


def check_front_end_data(site: Site) -> None:
    """The data the pages' scripts use: the finder's transliteration table and the deadlines."""
    from .deadlines import load_deadlines
    from .finder import load_table
    from .problems import InvalidInput
    for load in (lambda: load_table(site.root), lambda: load_deadlines(site.root, frozenset(site.languages))):
        try:
            load()
        except InvalidInput as exc:
            site.problems.items.extend(exc.problems.items)


def check_language_codes(site: Site) -> None:
    for code, lang in site.languages.items():
        if not layout.CODE_RE.match(code):
            site.problems.error(lang.path, lang.lines.get("code", 0), "code",
                                f"Sprachcode «{code}» geht nicht für Adressen und Dateinamen. "
                                f"Erwartet: {layout.CODE_RULE}; Datei locales/<code>.yml.")


def readability_scores(site: Site) -> dict[str, float]:
    """Score of each German page, cached by the page's text hash in build/ (the measure's library
    takes seconds to load; unchanged pages need not load it)."""
    cache_file = site.root / "build" / "readability.json"
    try:
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    scores, fresh = {}, {}
    for topic in site.topics:
        key = hashlib.sha256(topic.body.encode("utf-8")).hexdigest()[:16]
        if key in cache:
            fresh[key] = cache[key]
        else:
            from .status import wiener_sachtextformel
            fresh[key] = wiener_sachtextformel(topic.body)
        scores[str(topic.path)] = fresh[key]
    if fresh != cache:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            cache_file.write_text(json.dumps(fresh, sort_keys=True), encoding="utf-8")
        except OSError:
            pass  # a cache only
    return scores


def check_readability(site: Site) -> None:
    scores = readability_scores(site)
    for topic in site.topics:
        score = scores[str(topic.path)]
        if score > READABILITY_LIMIT:
            site.problems.error(site.root / "content" / topic.path, 1, "Lesbarkeit",
                                f"Der Text ist schwer lesbar (Wiener Sachtextformel {score}, erlaubt ≤ "
                                f"{READABILITY_LIMIT:g}). Kürzere Sätze und kürzere Wörter helfen.")


def site_pages(site: Site) -> set[str]:
    """Every page of one language (page.url) and the documents next to pages."""
    from .render.pages import ICS_NAME
    pages = {t.url for t in site.topics} | {"gemeinden/", "suche/"}
    if site.glossary.terms:
        pages.add("glossar/")
    for m in site.data.municipalities:
        base = layout.municipality_url(m.slug)
        pages |= {base, base + ICS_NAME}
        pages |= {base + name for c in site.languages for name in layout.documents(c).values() if name}
        pages |= {base + layout.counter_qr(c) for c in site.languages}
    return pages


def exists(site_path: str, pages: set[str], codes) -> bool:
    """Whether a path below the site root is a page or document (generator.layout: /<code>/…)."""
    first, _, rest = site_path.partition("/")
    if first in codes and first != layout.SOURCE:
        return rest in pages
    return site_path in pages


def check_template_links(site: Site) -> None:
    """Links that the page templates write must lead to pages that exist (for one page of each kind)."""
    from .render.pages import render_glossary, render_municipality, render_municipality_index
    pages = site_pages(site)
    de = site.source_language
    rendered = [("municipalities.md.j2", "gemeinden/", render_municipality_index(site, de))]
    if site.data.municipalities:
        m = site.data.municipalities[0]
        rendered.append(("municipality.md.j2", layout.municipality_url(m.slug),
                         render_municipality(site, m, de, list(site.languages))))
    if site.glossary.terms:
        rendered.append(("glossary.md.j2", "glossar/", render_glossary(site, de)))
    for template, url, text in rendered:
        for href in sorted(set(HREF_RE.findall(text))):
            target = resolve_link(url, href)
            if target is not None and not exists(target, pages, site.languages):
                site.problems.error(TEMPLATES / template, template_line(template, href), "href",
                                    f"Link auf «{href}» (von «/{url}»): die Seite «/{target}» gibt es nicht.")


def resolve_link(page_url: str, href: str) -> str | None:
    """Site path a relative link of a directory-style page leads to; None for other kinds of link."""
    if not href or href.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", href):
        return None
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(page_url, path))
    if joined in (".", ""):
        return ""
    return joined + ("/" if path.endswith("/") else "")


def template_line(template: str, href: str) -> int:
    """Line of the template where the link is written (its literal text, or its first part)."""
    try:
        lines = (TEMPLATES / template).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    return next((n for n, line in enumerate(lines, 1) if href in line), 0)
