"""Benchmark: rendering every printable document (handout, bilingual handout, conversation guide for
104 municipalities × all languages) cold, warm, and after one municipality changed.

    .venv/bin/python bench/pdf_speed.py

Works in a temporary copy; prints the figures side by side with the targets.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.handouts import handout_jobs  # noqa: E402
from generator.loader import load_site  # noqa: E402
from generator.pdf import render_all  # noqa: E402

URL = "https://example.org/"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", "site", ".site.releases", "build", ".git", "research"))
        site = load_site(root)
        codes = list(site.languages)
        out, build = Path(tmp) / "site", Path(tmp) / "build"

        t = time.perf_counter()
        jobs = handout_jobs(site, codes, out, URL)
        prep = time.perf_counter() - t
        t = time.perf_counter()
        cold = render_all(jobs, build)
        cold_s = time.perf_counter() - t

        t = time.perf_counter()
        warm = render_all(handout_jobs(site, codes, out, URL), build)
        warm_s = time.perf_counter() - t

        data = root / "municipalities.yml"
        data.write_text(data.read_text(encoding="utf-8").replace('name: "Stadtkanzlei"', 'name: "Stadtkanzlei Grenchen"'),
                        encoding="utf-8")
        site = load_site(root)
        t = time.perf_counter()
        one = render_all(handout_jobs(site, codes, out, URL), build)
        one_s = time.perf_counter() - t
        per_muni = len(jobs) // len(site.data.municipalities)

    print(f"{len(jobs)} documents ({len(codes)} languages × 104 municipalities), {os.cpu_count()} cores\n")
    print(f"{'':40}{'documents':>10}{'rendered':>10}{'seconds':>9}{'PDFs/s':>9}   target")
    print(f"{'preparing data and QR codes':40}{len(jobs):>10}{'':>10}{prep:>9.1f}")
    print(f"{'cold (empty cache)':40}{cold.total:>10}{cold.rendered:>10}{cold_s:>9.1f}{cold.rendered / cold_s:>9.0f}   ≥ 50 PDFs/s")
    print(f"{'warm (nothing changed)':40}{warm.total:>10}{warm.rendered:>10}{warm_s:>9.1f}{'':>9}   0 re-rendered")
    print(f"{'one municipality changed':40}{one.total:>10}{one.rendered:>10}{one_s:>9.1f}{'':>9}   only its {per_muni}")


if __name__ == "__main__":
    main()
