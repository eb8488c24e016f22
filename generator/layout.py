"""The URL layout of the site and the file names of its documents — defined here once.

German (the source language) lives at the site root, every other language under /<code>/. A
municipality's printable documents sit next to its page. Templates, the site's JavaScript and the
service worker get these rules as generated data (`for_scripts`), never as copies.
"""
from __future__ import annotations

import posixpath
import re

SOURCE = "de"

# Language codes the build accepts: they become a folder of the site and part of file names.
CODE_RE = re.compile(r"^[a-z]{2,3}$")
CODE_RULE = "zwei oder drei Kleinbuchstaben (ISO 639), z. B. «ti», «prs» oder «kmr»"


def prefix(code: str) -> str:
    """The folder of a language below the site root: '' for German, 'en/' for English."""
    return "" if code == SOURCE else f"{code}/"


def page_path(code: str, page_url: str) -> str:
    """Path below the site root of page `page_url` (MkDocs' page.url, e.g. 'themen/anmelden/')."""
    return prefix(code) + page_url


def page_link(site_url: str, code: str, page_url: str = "") -> str:
    """Absolute address of a page in a language."""
    return site_url.rstrip("/") + "/" + page_path(code, page_url)


def relative(from_page: str, to_page: str) -> str:
    """Relative link between two site paths of directory-style pages ('' is the site root)."""
    here = from_page.rstrip("/") or "."
    there = to_page.rstrip("/") or "."
    rel = posixpath.relpath(there, here)
    return "./" if rel == "." else rel + "/"


def site_root_from(code: str, page_url: str) -> str:
    """Relative link from a page of a language to the site root: '../../' etc., './' at the root."""
    return relative(page_path(code, page_url), "")


def municipality_url(slug: str) -> str:
    return f"gemeinden/{slug}/"


def documents(code: str) -> dict:
    """File names of a municipality's printable documents in one language (next to its page)."""
    return {"handout": f"merkblatt-{code}.pdf",
            "bilingual": f"merkblatt-{code}-{SOURCE}.pdf" if code != SOURCE else None,
            "guide": f"leitfaden-{code}.pdf"}


def counter_qr(code: str) -> str:
    """File name of the QR code of a municipality's page in one language, shown at the counter; it
    sits in the German page's folder (gemeinden/<slug>/)."""
    return f"qr-{code}.svg"


def sitemap_path(code: str) -> str:
    """A language's sitemap, below the site root (German's is renamed: the root sitemap is the index)."""
    return f"sitemap-{SOURCE}.xml" if code == SOURCE else f"{code}/sitemap.xml"


def for_scripts(codes: list[str]) -> dict:
    """The layout as data for JavaScript (site and service worker)."""
    return {"source": SOURCE, "languages": list(codes),
            "documents": {c: documents(c) for c in codes}, "municipalities": "gemeinden/"}
