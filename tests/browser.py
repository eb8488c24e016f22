"""Driving Debian's Chromium with Playwright (no browser download): a local server for a built site
(the preview's, which serves like docs/nginx.conf: gzip, cache headers, 404 per language), and
page-weight measurement shared by the browser tests and bench/page_weight.py."""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from generator.serve import StaticHandler

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
BUDGET_BYTES = 100 * 1024


@contextmanager
def serve(site_dir: Path):
    handler = functools.partial(StaticHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def page_weight(browser, url: str, site_dir: Path, base: str) -> dict:
    """First view of a page in a fresh browser: requests, failures, other origins, and the bytes a
    gzip-serving web server would transfer (the local test server does not compress)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    page = context.new_page()
    requests, failed, foreign = [], [], []
    origin = urlsplit(base).netloc
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    context.close()
    total = 0
    for u in requests:
        parts = urlsplit(u)
        if parts.scheme in ("data", "blob"):
            continue
        if parts.netloc != origin:
            foreign.append(u)
            continue
        path = site_dir / parts.path.lstrip("/")
        if path.is_dir() or parts.path.endswith("/"):
            path = path / "index.html"
        if path.is_file():
            total += len(gzip.compress(path.read_bytes(), 6)) + 300  # + response headers
    return {"url": url, "requests": len(requests), "failed": failed, "foreign": foreign, "bytes": total}
