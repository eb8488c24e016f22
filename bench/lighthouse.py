"""Benchmark: Lighthouse 12 (mobile preset) on the start page, a municipality page and a topic page in
German, Arabic and Tigrinya, served as docs/nginx.conf serves them (gzip, cache headers), printed beside
the goals (performance ≥ 95, accessibility 100).

    npm ci                                   # Lighthouse from package-lock.json (test tooling only)
    .venv/bin/python bench/lighthouse.py     # builds de, ar, ti without PDFs into a temporary folder
    .venv/bin/python bench/lighthouse.py --site site/   # or measure an existing build

Lighthouse drives Debian's Chromium (CHROME_PATH=/usr/bin/chromium). Scores vary by a few points
between runs on a busy machine; each page is measured --runs times and the median is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import ARGS, CHROMIUM, serve  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["", "gemeinden/grenchen/", "themen/anmelden/", "ar/", "ar/gemeinden/grenchen/", "ar/themen/anmelden/",
         "ti/", "ti/gemeinden/grenchen/", "ti/themen/anmelden/"]
GOALS = {"performance": 95, "accessibility": 100}


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile preset is Lighthouse's default): category scores and key metrics."""
    flags = " ".join(a for a in ARGS if a != "--disable-gpu") + " --headless=new"
    run = subprocess.run([str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
                          "--only-categories=performance,accessibility", f"--chrome-flags={flags}"],
                         env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"Lighthouse failed for {url}: {run.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {"performance": round(report["categories"]["performance"]["score"] * 100),
            "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
            "fcp": audits["first-contentful-paint"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "failed_a11y": [r["id"] for r in report["categories"]["accessibility"]["auditRefs"]
                            if audits[r["id"]].get("score") == 0]}


def measure(site_dir: Path, runs: int) -> int:
    below = 0
    with serve(site_dir) as base, tempfile.TemporaryDirectory() as tmp:
        print(f"{'page':28}{'perf':>6}{'goal':>6}{'a11y':>6}{'goal':>6}{'FCP ms':>8}{'LCP ms':>8}{'TBT ms':>8}{'CLS':>7}")
        for path in PAGES:
            results = [lighthouse(base + path, Path(tmp) / "report.json") for _ in range(runs)]
            med = {k: statistics.median(r[k] for r in results) for k in ("performance", "accessibility", "fcp", "lcp",
                                                                          "tbt", "cls")}
            ok = med["performance"] >= GOALS["performance"] and med["accessibility"] >= GOALS["accessibility"]
            below += not ok
            failed = sorted({a for r in results for a in r["failed_a11y"]})
            print(f"/{path:27}{med['performance']:>6.0f}{GOALS['performance']:>6}{med['accessibility']:>6.0f}"
                  f"{GOALS['accessibility']:>6}{med['fcp']:>8.0f}{med['lcp']:>8.0f}{med['tbt']:>8.0f}{med['cls']:>7.3f}"
                  f"{'' if ok else '  below goal'}{'  a11y: ' + ', '.join(failed) if failed else ''}", flush=True)
    return below


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build de, ar, ti now)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is printed")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse fehlt: bitte zuerst `npm ci` ausführen.", file=sys.stderr)
        return 1
    if args.site:
        return 1 if measure(args.site, args.runs) else 0
    from generator.build import build_site
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", "site", "build", ".git", "node_modules"))
        result = build_site(root, languages=["de", "ar", "ti"], handouts=False, site_url="http://127.0.0.1/")
        return 1 if measure(result.site_dir, args.runs) else 0


if __name__ == "__main__":
    sys.exit(main())
