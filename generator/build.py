"""The build: validated model -> staged docs per language -> one MkDocs build per language, in
parallel -> one assembled site, switched into place only when everything succeeded.

A failed build leaves the previous site/ untouched: every language is built under build/, the
assembled site is moved in at the very end (`release`). When MkDocs, typst or Pagefind fail, the
error names the language and the file with the tool's own message, never a traceback.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from . import layout, publish, release
from .loader import Site, load_site
from .problems import BuildError, InvalidInput
from .progress import Progress
from .staging import Staging, mkdocs_settings, remove_stale_trees

log = logging.getLogger("generator")



@dataclass
class BuildResult:
    site_dir: Path
    languages: list[str]
    seconds: float
    warnings: list[str] = field(default_factory=list)
    pdfs: str = ""
    timings: dict[str, float] = field(default_factory=dict)


def base_config(root: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load
    with open(root / "mkdocs.yml", encoding="utf-8") as f:
        return yaml_load(f)


def default_site_url(root: Path) -> str:
    return os.environ.get("SITE_URL") or base_config(root).get("site_url") or "http://localhost:8000/"


def validated_site(root: Path) -> Site:
    """Load the project and run every check of `python -m generator check`; raise InvalidInput."""
    from .gate import run_checks
    site = load_site(root)  # raises InvalidInput before anything is written
    run_checks(site)
    if site.problems.errors:
        raise InvalidInput(site.problems)
    return site


def build_language(root: str, code: str, settings: dict, epoch: str) -> tuple[list[str], str | None]:
    """Build one language with MkDocs (runs in a worker process).

    Returns (warnings, error): the error is MkDocs' own message (what it logged, and the exception
    with the template file and line where one is involved), never a traceback."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = epoch  # sitemap dates from the data, not the clock
    warnings: list[str] = []
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.ERROR:
                errors.append(record.getMessage())
            elif record.levelno >= logging.WARNING:
                warnings.append(f"[{code}] {record.getMessage()}")

    handler = Collect()
    mk_logger = logging.getLogger("mkdocs")
    mk_logger.addHandler(handler)
    mk_logger.setLevel(logging.WARNING)
    mk_logger.propagate = False
    try:
        build(load_config(config_file=str(Path(root) / "mkdocs.yml"), **settings))
    except BaseException as exc:  # noqa: BLE001 - turned into a message for the editor
        return warnings, failure_message(exc, errors, root)
    finally:
        mk_logger.removeHandler(handler)
    return warnings, None


def failure_message(exc: BaseException, logged: list[str], root: str) -> str:
    """What MkDocs said, plus the template file and line when a template failed."""
    own = str(exc).strip()
    parts = [m for m in logged if m]
    if own and own not in parts and not own.startswith("Aborted with"):
        parts.append(f"{type(exc).__name__}: {own}")
    elif not parts:
        parts.append(f"{type(exc).__name__}: {own}" if own else type(exc).__name__)
    where = [f"{Path(f.filename).name}:{f.lineno}" for f in traceback.extract_tb(exc.__traceback__)
             if f.filename.endswith(".html")]
    if where:
        parts.append(f"(Vorlage {where[-1]})")
    return " ".join(parts)


@release.one_build_at_a_time
def build_site(root: Path, *, out: Path | None = None, languages: list[str] | None = None,
               site_url: str | None = None, jobs: int | None = None, site: Site | None = None,
               handouts: bool = True, progress: bool | None = None) -> BuildResult:
    """Build the whole site (or the given languages) into `out` (default: root/site)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    root = Path(root).resolve()
    out = Path(os.path.abspath(out or root / "site"))  # not resolved: the output is a link to the release
    release.check_output(out, root)  # before anything is written
    if site is None:
        site = validated_site(root)
    codes = languages or list(site.languages)
    if layout.SOURCE not in codes:
        codes = [layout.SOURCE, *codes]  # German is the site root
    unknown = [c for c in codes if c not in site.languages]
    if unknown:
        raise BuildError(f"Unbekannte Sprache(n): {', '.join(unknown)}. Vorhanden: {', '.join(site.languages)}")
    codes = [c for c in site.languages if c in codes]
    timings["validate"] = time.perf_counter() - started

    build_dir = root / "build"
    url = site_url or default_site_url(root)
    t = time.perf_counter()
    parts = build_dir / "parts"
    shutil.rmtree(parts, ignore_errors=True)
    staging = Staging(site, build_dir, handout_codes=codes if handouts and site.guide.source else None)
    warnings = build_languages(root, site, staging, codes, url, parts, jobs, progress)
    timings["languages"] = time.perf_counter() - t

    assembled = assemble(parts, codes, build_dir)
    pdf_note = "ohne PDF"
    if handouts:
        t = time.perf_counter()
        pdf_note = build_pdfs(site, codes, assembled, url, build_dir, progress)
        timings["pdf"] = time.perf_counter() - t
    t = time.perf_counter()
    from .export import write_calendars, write_link_kits, write_open_data
    write_open_data(site, assembled)
    write_calendars(site, assembled)
    write_link_kits(site, assembled, codes, url, handouts, qr_dir=build_dir / "qr")
    from .handouts import write_counter_codes
    write_counter_codes(site, codes, assembled, url, qr_dir=build_dir / "qr")
    finish_site(assembled, site, codes, url)
    timings["finish"] = time.perf_counter() - t
    release.publish(assembled, out)
    return BuildResult(out, codes, time.perf_counter() - started, warnings, pdf_note, timings)


# What the forked language workers inherit (fork, not pickling: the site model is large).
_WORK: dict = {}


def language_job(root: str, code: str, settings: dict, epoch: str) -> tuple[list[str], str | None]:
    """Everything one language needs, in a worker: stage its docs tree, build it with MkDocs, put
    the CSP into its pages and encode its QR codes. (Its search index, /<code>/pagefind/, is made
    by the build's process meanwhile: `publish.SearchIndexer`.)
    Returns (warnings, error) — the error names the tool and carries its own message."""
    staging: Staging = _WORK["staging"]
    site_dir = Path(settings["site_dir"])
    try:
        staging.stage_language(staging.site.languages[code])
    except OSError as exc:
        return [], f"Vorbereiten der Seiten fehlgeschlagen: {exc}"
    warnings, error = build_language(root, code, settings, epoch)
    if error:
        return warnings, f"MkDocs-Build fehlgeschlagen: {error}"
    try:
        publish.content_security_policy(site_dir, Path(root))
    except (ValueError, OSError) as exc:
        return warnings, f"CSP fehlgeschlagen: {exc}"
    from .export import write_link_kit_qr
    try:
        write_link_kit_qr(staging.site, staging.build / "qr", code, _WORK["url"])
    except OSError as exc:
        return warnings, f"QR-Codes fehlgeschlagen: {exc}"
    return warnings, None


def build_languages(root: Path, site: Site, staging: Staging, codes: list[str], url: str, parts: Path,
                    jobs: int | None, progress: bool | None) -> list[str]:
    """One worker per language, `jobs` in parallel; every failure is reported with its language,
    locale file and the tool's message."""
    base = base_config(root)
    epoch = str(source_date_epoch(site))
    jobs = jobs or min(len(codes), os.cpu_count() or 1)
    remove_stale_trees(staging.build, set(site.languages))
    staging.stage_overrides()
    warnings: list[str] = []
    failures: dict[str, str] = {}
    bar = Progress("Sprachen (Seiten, MkDocs)", len(codes), "Sprachen", enabled=progress)
    _WORK.update(staging=staging, url=url)
    shutil.rmtree(staging.build / "qr", ignore_errors=True)
    indexer = None
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"),
                                 initializer=release.die_with_parent) as pool:
            futures = {pool.submit(language_job, str(root), c,
                                   mkdocs_settings(site, site.languages[c], staging, parts / c, url, base, codes),
                                   epoch): c for c in codes}
            indexer = publish.SearchIndexer()  # a thread: started after the workers are forked
            for fut in as_completed(futures):
                code = futures[fut]
                try:
                    warns, error = fut.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died: reported with its language
                    warns, error = [], f"{type(exc).__name__}: {exc}"
                warnings += warns
                if error:
                    failures[code] = error
                else:
                    indexer.add(code, parts / code)
                bar.advance(code)
        bar.close()
        if not failures:
            bar = Progress("Suchindex (Pagefind)", len(indexer.pending), "Sprachen", enabled=progress)
            failures = {c: f"Suchindex fehlgeschlagen: {msg}" for c, msg in indexer.wait(bar.advance).items()}
    finally:
        if indexer is not None:
            indexer.close()
        _WORK.clear()
        bar.close()
    if failures:
        raise BuildError("\n".join(f"Sprache {c} (locales/{c}.yml): {failures[c]}" for c in codes if c in failures))
    return warnings


def assemble(parts: Path, codes: list[str], build_dir: Path) -> Path:
    """German at the root, every other language in its folder (generator.layout)."""
    assembled = build_dir / "site.new"
    shutil.rmtree(assembled, ignore_errors=True)
    (parts / layout.SOURCE).rename(assembled)
    for c in codes:
        if c != layout.SOURCE:
            (parts / c).rename(assembled / layout.prefix(c).rstrip("/"))
    return assembled


def build_pdfs(site: Site, codes: list[str], site_dir: Path, url: str, build_dir: Path,
               progress: bool | None) -> str:
    from .handouts import build_handouts
    from .pdf import FontsMissing, RenderFailed
    bar = Progress("PDF (typst)", 0, "PDF", enabled=progress)
    try:
        stats = build_handouts(site, codes, site_dir, url, build_dir, progress=bar.update)
    except FontsMissing as exc:
        raise BuildError(str(exc)) from exc
    except RenderFailed as exc:
        raise BuildError(f"PDF fehlgeschlagen: {exc}") from exc
    finally:
        bar.close()
    return f"{stats.total} PDF, davon {stats.rendered} neu gerendert" + (f"; {stats.note}" if stats.note else "")


def source_date_epoch(site: Site) -> int:
    """The build's date for MkDocs (sitemaps): the newest date in the data and content, never the
    clock, so two builds of the same commit are byte-identical."""
    dates = [site.data.stand] + [t.meta.stand for t in site.topics]
    for m in site.data.municipalities:
        dates += [c.last_verified for c in m.contacts]
    dates += [o.last_verified for o in site.data.offers]
    return (max(dates) - dt.date(1970, 1, 1)).days * 86400


def finish_site(site_dir: Path, site: Site, codes: list[str], url: str) -> None:
    """Sitemap index, finder data, manifest and service worker; the CSP for pages written after the
    language builds (link kits). Each language's pages got their CSP in its worker and their search
    index beside it (build_languages)."""
    publish.sitemaps(site_dir, codes, url)
    publish.finder_data(site, site_dir)
    for kit in sorted(site_dir.glob("gemeinden/*/linkkit")):
        publish.content_security_policy(kit, site.root)
    publish.offline_pages(site, site_dir, codes)
    publish.web_app(site, site_dir, publish.version_of(site_dir))
