"""Benchmark: our per-language parallel build vs. mkdocs-static-i18n's combined build, and the time
from editing one municipality to an updated preview. Prints figures side by side with the ratios.

    .venv/bin/python bench/build_speed.py

Runs on a copy of the project in a temporary folder; the project's own site/ is not touched.
"""
from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import base_config, build_site  # noqa: E402
from generator.loader import load_site  # noqa: E402
from generator.serve import restage  # noqa: E402
from generator.staging import Staging, mkdocs_overrides  # noqa: E402


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9)) if path.exists() else 0


def search_indexes(site: Path) -> list[Path]:
    return sorted(site.rglob("search_index.json"))


def combined_build(root: Path, out: Path) -> float:
    """static-i18n's own way: every language in one MkDocs run."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    site = load_site(root)
    staging = Staging(site, root / "build")
    staging.stage()
    o = mkdocs_overrides(site, site.source_language, staging, out, "http://localhost:8000/", base_config(root))
    o["plugins"]["i18n"].pop("build_only_locale")
    started = time.perf_counter()
    build(load_config(config_file=str(root / "mkdocs.yml"), **o))
    return time.perf_counter() - started


def preview_update(root: Path, code: str) -> tuple[float, float]:
    """Start a one-language preview build, edit one municipality, time the update (restage + dirty build)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    site = load_site(root)
    staging = Staging(site, root / "build")
    staging.stage([site.languages[code]])
    o = mkdocs_overrides(site, site.languages[code], staging, root / "build" / "preview", "http://127.0.0.1:8000/",
                         base_config(root), [code])
    o["extra"]["si"]["standalone"] = True
    started = time.perf_counter()
    build(load_config(config_file=str(root / "mkdocs.yml"), **o))
    first = time.perf_counter() - started
    data = root / "municipalities.yml"
    data.write_text(data.read_text(encoding="utf-8").replace('name: "Stadtkanzlei"', 'name: "Stadtkanzlei Grenchen"'),
                    encoding="utf-8")
    started = time.perf_counter()
    assert restage(root, code)  # what `python -m generator serve` does on a change
    build(load_config(config_file=str(root / "mkdocs.yml"), **o), dirty=True)
    update = time.perf_counter() - started
    page = root / "build" / "preview" / "gemeinden" / "grenchen" / "index.html"
    assert "Stadtkanzlei Grenchen" in page.read_text(encoding="utf-8"), "preview was not updated"
    return first, update


def main() -> None:
    import logging
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", "site", ".site.releases", "build", ".git", "research"))
        site = load_site(root)
        n_lang = len(site.languages)
        pages = len(site.topics) + len(site.data.municipalities) + 1
        ours = build_site(root, out=Path(tmp) / "ours", site_url="http://localhost:8000/")
        ours_idx = search_indexes(Path(tmp) / "ours")
        combined = combined_build(root, Path(tmp) / "combined")
        comb_idx = search_indexes(Path(tmp) / "combined")
        first, update = preview_update(root, "de")
        o_max = max((gz_size(p) for p in ours_idx), default=0) / 1024
        c_max = max((gz_size(p) for p in comb_idx), default=0) / 1024
    print(f"Tree: {n_lang} languages × {pages} pages (topics + 104 municipalities + list) on {__import__('os').cpu_count()} cores\n")
    print(f"{'':44}{'per language (ours)':>22}{'combined static-i18n':>24}{'ratio':>8}")
    print(f"{'full build, seconds':44}{ours.seconds:>22.1f}{combined:>24.1f}{combined / ours.seconds:>7.1f}×")
    print(f"{'search index a reader loads, KB gzipped':44}{o_max:>22.0f}{c_max:>24.0f}{(c_max / o_max if o_max else 0):>7.1f}×")
    print(f"\n{'preview: first build of one language, s':44}{first:>22.2f}")
    print(f"{'preview: update after editing one municipality, s':44}{update:>22.2f}"
          f"   = 1/{ours.seconds / update:.0f} of a full build (target ≤ 1/10)")


if __name__ == "__main__":
    main()
