"""Printable documents for every municipality and language: handout, bilingual handout and the
conversation guide, written next to each municipality page of the assembled site; and the QR codes
a clerk shows at the counter.

Printed things point to the public site. A build without a public address (no `SITE_URL`, no
`--site-url`, or `site_url` in mkdocs.yml naming this machine) is a preview: its documents carry no
QR code and no web address but say «Vorschau – keine öffentliche Adresse»."""
from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import segno

from . import layout
from .loader import Site
from .pdf import Job, RenderStats, render_all, to_json
from .render.handout import PREVIEW_NOTE, guide_data, handout_data, page_url

_LOCAL_NAMES = ("localhost", "localhost.localdomain")
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".test", ".invalid")


def public_url(site_url: str | None) -> str | None:
    """`site_url` if it is an address people elsewhere can open; None for this machine or a private net."""
    if not site_url:
        return None
    parts = urlsplit(site_url)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    if host in _LOCAL_NAMES or host.endswith(_LOCAL_SUFFIXES):
        return None
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return site_url if "." in host else None  # a bare name ("myserver") is only known locally
    return None if (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified
                    or ip.is_reserved or ip.is_multicast) else site_url


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2)


def handout_jobs(site: Site, codes: list[str], site_dir: Path, site_url: str | None,
                 municipalities: list[str] | None = None) -> list[Job]:
    public = public_url(site_url)
    jobs = []
    for code in codes:
        lang = site.languages[code]
        root = site_dir / layout.prefix(code)
        for m in site.data.municipalities:
            if municipalities is not None and m.slug not in municipalities:
                continue
            folder = root / "gemeinden" / m.slug
            names = layout.documents(code)
            qr = qr_svg(page_url(public, lang, m)) if public else None
            jobs.append(Job("handout.typ", to_json(handout_data(site, m, lang, bilingual=False, site_url=public,
                                                                qr_svg=qr)), str(folder / names["handout"])))
            if names["bilingual"]:
                jobs.append(Job("handout.typ", to_json(handout_data(site, m, lang, bilingual=True, site_url=public,
                                                                    qr_svg=qr)), str(folder / names["bilingual"])))
            if site.guide.source is not None:
                jobs.append(Job("guide.typ", to_json(guide_data(site, m, lang)), str(folder / names["guide"])))
    return jobs


def build_handouts(site: Site, codes: list[str], site_dir: Path, site_url: str | None, build_dir: Path,
                   municipalities: list[str] | None = None, progress=None) -> RenderStats:
    stats = render_all(handout_jobs(site, codes, site_dir, site_url, municipalities), build_dir, progress=progress)
    if not public_url(site_url):
        stats.note = (f"{PREVIEW_NOTE} ({site_url or 'keine'}): PDFs ohne QR-Code und ohne Web-Adresse. "
                      "Für die Veröffentlichung SITE_URL, --site-url oder site_url in mkdocs.yml setzen.")
    return stats


PREVIEW_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200">'
                '<rect width="200" height="200" fill="#fff" stroke="#8e0000" stroke-width="4"/>'
                '<text x="100" y="92" font-family="sans-serif" font-size="16" text-anchor="middle">Vorschau</text>'
                '<text x="100" y="116" font-family="sans-serif" font-size="11" text-anchor="middle">'
                'keine öffentliche Adresse</text></svg>\n')


def write_counter_codes(site: Site, codes: list[str], site_dir: Path, site_url: str | None,
                        qr_dir: Path | None = None) -> int:
    """For every municipality, one SVG QR code per built language of its page (shown on demand on the
    page, large, for the clerk to pass the page to a newcomer's phone). A preview writes a marked
    placeholder instead of a code."""
    public = public_url(site_url)
    n = 0
    for m in site.data.municipalities:
        folder = site_dir / "gemeinden" / m.slug
        folder.mkdir(parents=True, exist_ok=True)
        for code in codes:
            path = folder / layout.counter_qr(code)
            made = qr_dir / m.slug / f"counter-{code}.svg" if qr_dir is not None else None
            if public and made is not None and made.exists():  # encoded once, in the language worker
                made.replace(path)
            elif public:
                segno.make(page_url(public, site.languages[code], m), error="m").save(
                    str(path), kind="svg", scale=8, border=4, xmldecl=False, omitsize=True)
            else:
                path.write_text(PREVIEW_SVG, encoding="utf-8")
            n += 1
    return n
