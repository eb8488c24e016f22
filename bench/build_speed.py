"""Benchmark, like for like, in one run on a copy of the project (the project's site/ is untouched):

1. our build without PDFs (validate, stage, one MkDocs build per language in parallel, Pagefind)
   vs. mkdocs-static-i18n's own way: all languages in ONE MkDocs build of the same pages
   (the same staged tree in static-i18n's suffix layout, Material's search on, as the stack ships);
   and the floor: 22 × one language's MkDocs build / cores;
2. what a reader downloads for one search: Pagefind (every file Chromium fetches on the search page
   for one query) vs. the combined build's search index (which Material loads whole);
3. the PDFs separately (every document, empty cache);
4. the preview: start, and the time from saving municipalities.yml to the updated page.

    .venv/bin/python bench/build_speed.py            # about 5-10 minutes on 2 cores
    .venv/bin/python bench/build_speed.py --no-pdf   # without the PDF row
"""
from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator import layout  # noqa: E402
from generator.build import base_config, build_language, build_site, source_date_epoch  # noqa: E402
from generator.loader import load_site  # noqa: E402
from generator.staging import Staging, mkdocs_settings  # noqa: E402

IGNORE = shutil.ignore_patterns(".venv", "site", ".site.releases", "build", ".git", "research", "node_modules", "*.egg-info")


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def static_i18n_locale(lang) -> str:
    """static-i18n accepts ISO 639-1 codes or ll-CC forms only: prs builds as fa-AF."""
    return lang.code if len(lang.code) == 2 else lang.tag


def combined_tree(site, staging: Staging, out: Path) -> None:
    """The staged pages of every language in static-i18n's suffix layout: German `x.md`,
    translations `x.<locale>.md`; German fallbacks are left to the plugin (fallback_to_default)."""
    shutil.rmtree(out, ignore_errors=True)
    for code, lang in site.languages.items():
        docs = staging.docs_dir(code)
        for p in docs.rglob("*"):
            if not p.is_file():
                continue
            rel = p.relative_to(docs)
            if code == layout.SOURCE:
                dest = out / rel
            elif p.suffix == ".md" and "si_fallback: true" not in p.read_text(encoding="utf-8")[:2000]:
                dest = out / rel.with_name(f"{rel.stem}.{static_i18n_locale(lang)}.md")
            else:
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dest)


def combined_build(root: Path, out: Path) -> float:
    """static-i18n's own way: every language in one MkDocs run (Material's search as shipped)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    site = load_site(root)
    staging = Staging(site, root / "build", handout_codes=None)
    staging.stage()
    docs = root / "build" / "docs-combined"
    combined_tree(site, staging, docs)
    overrides = root / "build" / "overrides-combined"
    shutil.copytree(staging.overrides, overrides, dirs_exist_ok=True)
    for lang in site.languages.values():  # Material looks up partials by static-i18n's locale name
        src = overrides / "partials" / "languages" / f"{lang.code}.html"
        dest = overrides / "partials" / "languages" / f"{static_i18n_locale(lang)}.html"
        if src.exists() and src != dest:
            shutil.copyfile(src, dest)
    settings = mkdocs_settings(site, site.source_language, staging, out, "http://localhost:8000/", base_config(root))
    settings["docs_dir"] = str(docs)
    settings["theme"]["custom_dir"] = str(overrides)
    settings["plugins"] = {"search": {}, **settings["plugins"], "i18n": {
        "docs_structure": "suffix", "fallback_to_default": True, "reconfigure_material": True,
        "reconfigure_search": True,
        "languages": [{"locale": static_i18n_locale(l), "name": l.name, "default": l.code == layout.SOURCE,
                       "link": "/" + layout.prefix(l.code), "build": True} for l in site.languages.values()]}}
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(site))
    started = time.perf_counter()
    build(load_config(config_file=str(root / "mkdocs.yml"), **settings))
    return time.perf_counter() - started


def one_language_mkdocs(root: Path, code: str, out: Path) -> float:
    site = load_site(root)
    staging = Staging(site, root / "build", handout_codes=list(site.languages))
    settings = mkdocs_settings(site, site.languages[code], staging, out, "http://localhost:8000/", base_config(root))
    started = time.perf_counter()
    _, error = build_language(str(root), code, settings, str(source_date_epoch(site)))
    assert error is None, error
    return time.perf_counter() - started


def pagefind_download(site_dir: Path, searches: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Bytes Chromium fetches from /pagefind/ for one search on a language's search page:
    (everything incl. the search UI, the index part: entry, metadata, index chunks, fragments)."""
    from browser import chromium, serve
    out = {}
    with serve(site_dir) as base, chromium() as browser:
        for code, query in searches.items():
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            urls: list[str] = []
            page.on("request", lambda r: urls.append(r.url))
            page.goto(base + layout.prefix(code) + "suche/", wait_until="networkidle")
            page.wait_for_selector("#si-search input", timeout=20000)
            page.fill("#si-search input", query)
            page.wait_for_selector(".pagefind-ui__result", timeout=20000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            context.close()
            files = [site_dir / u.split(base, 1)[1].split("?")[0] for u in urls if "/pagefind/" in u]
            files = [f for f in dict.fromkeys(files) if f.is_file()]
            total = sum(gz(f) if f.suffix in (".js", ".css", ".json") else f.stat().st_size for f in files)
            index = sum(f.stat().st_size if f.suffix.startswith(".pf_") else gz(f) for f in files
                        if f.suffix.startswith(".pf_") or f.name == "pagefind-entry.json")
            out[code] = (total, index)
    return out


def preview_latency(root: Path, code: str) -> tuple[float, float]:
    """A real `python -m generator serve`: seconds to the first page, and from saving
    gemeinden/grenchen.yml to the updated page."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{layout.prefix(code)}gemeinden/grenchen/"

    def get() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--lang", code,
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while "Stadtkanzlei" not in get():
            time.sleep(0.05)
        first = time.perf_counter() - started
        time.sleep(2)
        data = root / "gemeinden" / "grenchen.yml"  # the municipality's own file
        text = data.read_text(encoding="utf-8")
        assert "name: Stadtkanzlei\n" in text, "bench: Grenchen's Stadtkanzlei not found"
        data.write_text(text.replace("name: Stadtkanzlei\n", "name: Stadtkanzlei Neu\n", 1), encoding="utf-8")
        started = time.perf_counter()
        while "Stadtkanzlei Neu" not in get():
            if time.perf_counter() - started > 120:
                raise SystemExit("bench: the preview did not show the edit within 120 s")
            time.sleep(0.05)
        return first, time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    import logging
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with_pdf = "--no-pdf" not in sys.argv
    cores = os.cpu_count()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        root = tmp / "project"
        shutil.copytree(ROOT, root, ignore=IGNORE)
        site = load_site(root)
        n = len(site.languages)
        pages = len(site.topics) + len(site.data.municipalities) + 3
        ours = build_site(root, out=tmp / "ours", site_url="http://localhost:8000/", handouts=False)
        print(f"ours: {ours.seconds:.1f} s", {k: round(v, 1) for k, v in ours.timings.items()}, flush=True)
        combined = combined_build(root, tmp / "combined")
        print(f"combined: {combined:.1f} s", flush=True)
        one = one_language_mkdocs(root, "en", tmp / "one")
        floor = n * one / cores
        first_search = next(t for t in site.topics if str(t.path) == "themen/anmelden.md").translations
        searches = {"de": "Anmeldung", "ar": first_search["ar"].meta.title.split()[0]}
        pf = pagefind_download(tmp / "ours", searches)
        comb_index = tmp / "combined" / "search" / "search_index.json"
        comb_kb = gz(comb_index) / 1024 if comb_index.exists() else 0.0
        pdf_seconds = pdf_count = 0
        if with_pdf:
            from generator.handouts import build_handouts
            started = time.perf_counter()
            stats = build_handouts(site, list(site.languages), tmp / "ours", "http://localhost:8000/", tmp / "pdfbuild")
            pdf_seconds, pdf_count = time.perf_counter() - started, stats.rendered
        first, update = preview_latency(root, "en")
    load_after = os.getloadavg()

    print(f"Tree: {n} languages × {pages} pages; {cores} cores; load average before/after: "
          f"{load_before[0]:.1f}/{load_after[0]:.1f}\n")
    print(f"{'':52}{'ours':>10}{'combined':>10}{'ratio':>8}")
    print(f"{'build without PDFs, s (ours: everything incl. Pagefind)':52}{ours.seconds:>10.1f}{combined:>10.1f}"
          f"{combined / ours.seconds:>7.1f}×   (target ≥ 3×)")
    print(f"{'  of which the language workers, s':52}{ours.timings['languages']:>10.1f}")
    print(f"{'  floor: 22 × one language (' + f'{one:.1f} s' + ') / cores, s':52}{floor:>10.1f}{'':>10}"
          f"{ours.seconds / floor:>7.2f}×   (ours / floor, target ≤ 1.3×)")
    print("  phases, s: " + ", ".join(f"{k} {v:.1f}" for k, v in ours.timings.items()))
    for code, (total, index) in pf.items():
        print(f"{f'one search ({code}), KB: Pagefind incl. UI / index part':52}{total / 1024:>10.0f}{comb_kb:>10.0f}"
              f"{comb_kb * 1024 / total:>7.1f}×   (combined: search_index.json, gzipped; index part {index / 1024:.0f} KB)")
    if with_pdf:
        print(f"{'PDFs, every document, empty cache, s':52}{pdf_seconds:>10.1f}   ({pdf_count} PDFs, "
              f"{pdf_count / pdf_seconds:.0f}/s)")
    print(f"{'preview (en): first page, s':52}{first:>10.1f}")
    print(f"{'preview (en): saved gemeinden/grenchen.yml -> page, s':52}{update:>10.2f}   (target ≤ 2 s)")


if __name__ == "__main__":
    main()
