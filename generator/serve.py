"""Preview for editors: one language, built exactly as `build` builds it (same staging, same plugin),
served by MkDocs at the language's own address (/<code>/). MkDocs' watcher follows the sources
(data, content, glossary, guide, locales, overrides); before each rebuild the plugin re-reads and
re-stages them (`restage`). Invalid sources: the messages are printed and the last good pages stay
until the mistake is fixed. Also: a plain static server for a built site."""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from .build import base_config
from .cli import _print_problems
from .loader import Site, load_site
from .problems import InvalidInput
from .staging import Staging, mkdocs_settings


def _load(root: Path) -> Site | None:
    from .gate import run_checks
    try:
        site = load_site(root)
        run_checks(site, readability=False)  # readability: `check` and the build (slow to load)
        if site.problems.errors:
            raise InvalidInput(site.problems)
    except InvalidInput as exc:
        _print_problems(exc.problems, sys.stdout, errors_only=True)  # the warnings do not stop the preview
        print("Vorschau nicht aktualisiert: bitte die Fehler oben beheben.", flush=True)
        return None
    return site


def staging_for(site: Site, root: Path) -> Staging:
    """The same staging as the build's (with the documents' links, as the built pages have them)."""
    return Staging(site, root / "build", handout_codes=list(site.languages) if site.guide.source else None)


class SourceChanges:
    """Which source files changed since the last staging (modification times), and the data set's
    date then. When only municipalities' own files changed and the data set's date stayed, only
    their pages are rendered again (a municipality's file appears on its own pages only: its
    contacts, first information, offers and events); anything else renders every page."""

    def __init__(self, root: Path):
        self.root = root
        self.seen = self.scan()
        self.dataset_date = None

    def scan(self) -> dict[Path, int]:
        from .mkdocs_plugin import SOURCES
        out = {}
        for name in SOURCES:
            path = self.root / name
            for p in ([path] if path.is_file() else path.rglob("*") if path.is_dir() else []):
                if p.is_file():
                    out[p] = p.stat().st_mtime_ns
        return out

    def municipalities_to_render(self, site: Site, now: dict[Path, int]) -> set[str] | None:
        """The slugs whose pages need rendering, or None for every page; remembers this state.
        `now` is the scan taken before `site` was loaded (a later edit is then seen next time)."""
        from .render.freshness import dataset_date
        date = dataset_date(site)
        changed = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        own_files = {p.stem for p in changed if p.parent == self.root / "gemeinden" and p.suffix == ".yml"}
        only = own_files if changed and len(own_files) == len(changed) and date == self.dataset_date else None
        self.seen, self.dataset_date = now, date
        return None if only is None else only & set(site.by_slug)


_CHANGES: dict[Path, SourceChanges] = {}  # per project: the preview process lives as long as the preview


def restage(root: Path, code: str, port: int | None = None) -> dict | None:
    """Validate and stage the sources for one language; return the MkDocs settings that come from
    them. None (with the messages printed) when they are invalid: the last good pages stay."""
    started = time.perf_counter()
    root = Path(root).resolve()
    changes = _CHANGES.setdefault(root, SourceChanges(root))
    now = changes.scan()
    site = _load(root)
    if site is None or code not in site.languages:
        changes.seen = {}  # after a mistake: the next good state renders everything
        return None
    only = changes.municipalities_to_render(site, now)
    staging = staging_for(site, root)
    staging.stage([site.languages[code]], municipalities=only)
    which = "alle Seiten" if only is None else f"Gemeinde(n) {', '.join(sorted(only)) or '–'}"
    print(f"Quellen neu eingelesen ({which}, {time.perf_counter() - started:.2f} s)", flush=True)
    return mkdocs_settings(site, site.languages[code], staging, None, preview_url(port), base_config(root),
                           project_dir=root)


def preview_url(port: int | None) -> str:
    return f"http://127.0.0.1:{port or 8000}/"


def preview(root: Path, code: str, port: int = 8000) -> int:
    from mkdocs.commands.serve import serve

    changes = _CHANGES[Path(root).resolve()] = SourceChanges(Path(root).resolve())  # scanned before loading
    site = _load(root)
    if site is None:
        return 1
    if code not in site.languages:
        print(f"Unbekannte Sprache «{code}». Vorhanden: {', '.join(site.languages)}")
        return 1
    staging = staging_for(site, root)
    staging.stage([site.languages[code]])
    changes.municipalities_to_render(site, changes.seen)  # remember the data set's date just staged
    settings = mkdocs_settings(site, site.languages[code], staging, None, preview_url(port), base_config(root),
                               project_dir=root)
    serve(config_file=str(root / "mkdocs.yml"), livereload=True, build_type="dirty",
          dev_addr=f"127.0.0.1:{port}", **settings)
    return 0


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site the way docs/nginx.conf does: gzip for text, the same cache headers, and
    each language's own 404 page."""
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".webmanifest": "application/manifest+json", ".js": "text/javascript",
                      ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json",
                      ".ics": "text/calendar"}
    COMPRESSED = ("text/", "application/javascript", "application/json", "application/manifest+json",
                  "image/svg+xml", "application/xml")
    FINGERPRINTED = re.compile(r"^(/[a-z]{2,3})?/assets/.+\.[0-9a-f]{8}\.min\.(css|js)$")  # as docs/nginx.conf
    DAY = re.compile(r"\.(css|js|svg|png|woff2|pdf|ics|json)$")

    def log_message(self, *args):
        pass

    def cache_control(self, path: str) -> str:
        if path == "/sw.js":
            return "no-cache"
        if self.FINGERPRINTED.match(path):
            return "public, max-age=31536000, immutable"
        if self.DAY.search(path):
            return "public, max-age=86400"
        return "public, max-age=300"

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # redirect to the folder with a slash
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return None
        ctype = self.guess_type(path)
        with open(path, "rb") as f:
            body = f.read()
        gzipped = ctype.startswith(self.COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", self.cache_control(urlsplit(self.path).path))
        self.send_header("X-Content-Type-Options", "nosniff")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        # the language's own 404 page, like the nginx configuration
        root = Path(self.directory)
        first = urlsplit(self.path).path.strip("/").split("/")[0]
        page = root / first / "404.html" if first and (root / first / "404.html").is_file() else root / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve_static(site_dir: Path, port: int = 8000) -> None:
    handler = functools.partial(StaticHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"Website unter http://127.0.0.1:{port}/ (Ctrl+C beendet)")
        httpd.serve_forever()
