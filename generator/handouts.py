"""Printable documents for every municipality and language: handout, bilingual handout and the
conversation guide, written next to each municipality page of the assembled site."""
from __future__ import annotations

from pathlib import Path

import segno

from .loader import Site
from .pdf import Job, RenderStats, render_all, to_json
from .render.handout import guide_data, handout_data, page_url
from .render.pages import handout_names


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2)


def handout_jobs(site: Site, codes: list[str], site_dir: Path, site_url: str,
                 municipalities: list[str] | None = None) -> list[Job]:
    jobs = []
    for code in codes:
        lang = site.languages[code]
        root = site_dir if code == "de" else site_dir / code
        for m in site.data.municipalities:
            if municipalities is not None and m.slug not in municipalities:
                continue
            folder = root / "gemeinden" / m.slug
            names = handout_names(code)
            qr = qr_svg(page_url(site_url, lang, m))
            jobs.append(Job("handout.typ", to_json(handout_data(site, m, lang, bilingual=False, site_url=site_url,
                                                                qr_svg=qr)), str(folder / names["handout"])))
            if names["bilingual"]:
                jobs.append(Job("handout.typ", to_json(handout_data(site, m, lang, bilingual=True, site_url=site_url,
                                                                    qr_svg=qr)), str(folder / names["bilingual"])))
            if site.guide.source is not None:
                jobs.append(Job("guide.typ", to_json(guide_data(site, m, lang)), str(folder / names["guide"])))
    return jobs


def build_handouts(site: Site, codes: list[str], site_dir: Path, site_url: str, build_dir: Path,
                   municipalities: list[str] | None = None, progress=None) -> RenderStats:
    return render_all(handout_jobs(site, codes, site_dir, site_url, municipalities), build_dir, progress=progress)
