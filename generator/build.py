"""The build: validated model -> staged docs -> one MkDocs build per language, in parallel ->
one assembled site, swapped into place only when everything succeeded.

A failed build leaves the previous site/ untouched: every language is built under build/, the
assembled site is moved in with two renames at the very end.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from .loader import Site, load_site
from .problems import InvalidInput
from .staging import Staging, mkdocs_overrides

log = logging.getLogger("generator")


class BuildError(Exception):
    pass


@dataclass
class BuildResult:
    site_dir: Path
    languages: list[str]
    seconds: float
    warnings: list[str] = field(default_factory=list)
    pdfs: str = ""


def base_config(root: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load
    with open(root / "mkdocs.yml", encoding="utf-8") as f:
        return yaml_load(f)


def default_site_url(root: Path) -> str:
    return os.environ.get("SITE_URL") or base_config(root).get("site_url") or "http://localhost:8000/"


def _build_language(root: str, overrides: dict) -> list[str]:
    """Build one language with MkDocs (runs in a worker process). Returns warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    warnings: list[str] = []
    os.environ["SOURCE_DATE_EPOCH"] = overrides["extra"]["si"]["source_date_epoch"]

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(f"[{overrides['extra']['si']['code']}] {record.getMessage()}")

    handler = Collect()
    mk_logger = logging.getLogger("mkdocs")
    mk_logger.addHandler(handler)
    mk_logger.setLevel(logging.WARNING)
    mk_logger.propagate = False
    try:
        cfg = load_config(config_file=str(Path(root) / "mkdocs.yml"), **overrides)
        build(cfg)
    finally:
        mk_logger.removeHandler(handler)
    return warnings


def build_site(root: Path, *, out: Path | None = None, languages: list[str] | None = None,
               site_url: str | None = None, jobs: int | None = None, site: Site | None = None,
               handouts: bool = True) -> BuildResult:
    """Build the whole site (or the given languages) into `out` (default: root/site)."""
    started = time.perf_counter()
    root = Path(root).resolve()
    out = Path(out or root / "site").resolve()
    if site is None:
        from .links import check_links
        site = load_site(root)  # raises InvalidInput before anything is written
        check_links(site)
        if site.problems.errors:
            raise InvalidInput(site.problems)
    codes = languages or list(site.languages)
    if "de" not in codes:
        codes = ["de", *codes]  # the German build carries the shared assets
    unknown = [c for c in codes if c not in site.languages]
    if unknown:
        raise BuildError(f"Unbekannte Sprache(n): {', '.join(unknown)}")
    build_dir = root / "build"
    staging = Staging(site, build_dir, handout_codes=codes if handouts and site.guide.source else None)
    keep = staging.stage([site.languages[c] for c in codes])
    staging.prune(keep)
    parts = build_dir / "parts"
    shutil.rmtree(parts, ignore_errors=True)
    url = site_url or default_site_url(root)
    base = base_config(root)
    epoch = str(source_date_epoch(site))
    jobs = jobs or min(len(codes), os.cpu_count() or 1)
    warnings: list[str] = []
    # Largest first is not needed: every language has the same pages.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
        futures = {}
        for c in codes:
            overrides = mkdocs_overrides(site, site.languages[c], staging, parts / c, url, base, codes)
            overrides["extra"]["si"]["source_date_epoch"] = epoch
            futures[c] = pool.submit(_build_language, str(root), overrides)
        for c, fut in futures.items():
            try:
                warnings += fut.result()
            except Exception as exc:  # noqa: BLE001 - reported with the language it belongs to
                raise BuildError(f"Sprache {c}: MkDocs-Build fehlgeschlagen: {exc}") from exc
    assembled = build_dir / "site.new"
    shutil.rmtree(assembled, ignore_errors=True)
    (parts / "de").rename(assembled)
    for c in codes:
        if c != "de":
            (parts / c).rename(assembled / c)
    if handouts:
        from .handouts import build_handouts
        from .pdf import FontsMissing
        try:
            stats = build_handouts(site, codes, assembled, url, build_dir)
        except FontsMissing as exc:
            raise BuildError(str(exc)) from exc
        pdf_note = f"{stats.total} PDF, davon {stats.rendered} neu gerendert"
    else:
        pdf_note = "ohne PDF"
    from .export import write_calendars, write_link_kits, write_open_data
    write_open_data(site, assembled)
    write_calendars(site, assembled)
    write_link_kits(site, assembled, codes, url, handouts)
    finish_site(assembled, site, codes, url)
    swap_into_place(assembled, out, build_dir)
    return BuildResult(out, codes, time.perf_counter() - started, warnings, pdf_note)


def source_date_epoch(site: Site) -> int:
    """The build's date for MkDocs (sitemaps): the newest date in the data and content, never the
    clock, so two builds of the same commit are byte-identical."""
    dates = [site.data.stand] + [t.meta.stand for t in site.topics]
    for m in site.data.municipalities:
        dates += [c.last_verified for c in m.contacts]
    dates += [o.last_verified for o in site.data.offers]
    return (max(dates) - dt.date(1970, 1, 1)).days * 86400


def finish_site(site_dir: Path, site: Site, codes: list[str], url: str) -> None:
    """Sitemap index, finder data, manifest and service worker, search index, CSP."""
    from . import publish
    publish.sitemaps(site_dir, codes, url)
    publish.finder_data(site, site_dir)
    publish.offline_pages(site, site_dir, codes)
    publish.document_direction(site_dir)
    publish.content_security_policy(site_dir)
    publish.web_app(site, site_dir, publish.version_of(site_dir))
    publish.search_index(site_dir)


def swap_into_place(new: Path, out: Path, build_dir: Path) -> None:
    """Replace `out` by `new` with renames; the old site is removed only after the swap."""
    old = build_dir / "site.old"
    shutil.rmtree(old, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.rename(old)
    try:
        new.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
