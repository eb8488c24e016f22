"""Benchmark: what a first view of key pages costs a reader on a phone, measured in Debian's Chromium.
Prints requests, failed and foreign requests, and the bytes a gzip-serving server would transfer,
side by side with the budget (100 KB). Builds German, Arabic and Tigrinya into a temporary folder.

    .venv/bin/python bench/page_weight.py
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import BUDGET_BYTES, chromium, page_weight, serve  # noqa: E402
from generator.build import build_site  # noqa: E402

PAGES = ["", "gemeinden/grenchen/", "themen/gesundheit/", "glossar/", "ar/", "ar/gemeinden/grenchen/",
         "ti/gemeinden/grenchen/", "ar/suche/"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", "site", ".site.releases", "build", ".git", "node_modules"))
        result = build_site(root, languages=["de", "ar", "ti"], handouts=False, site_url="http://127.0.0.1/")
        with serve(result.site_dir) as base, chromium() as browser:
            print(f"{'page':32}{'requests':>9}{'failed':>8}{'foreign':>9}{'KB (gzip)':>11}{'budget KB':>11}")
            for path in PAGES:
                w = page_weight(browser, base + path, result.site_dir, base)
                print(f"/{path:31}{w['requests']:>9}{len(w['failed']):>8}{len(w['foreign']):>9}"
                      f"{w['bytes'] / 1024:>11.1f}{BUDGET_BYTES / 1024:>11.0f}")


if __name__ == "__main__":
    main()
