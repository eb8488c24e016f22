"""Preview for editors: one language, live reload on changes to municipalities.yml, locales/ and
content/; and a plain static server for a built site."""
from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

from .build import base_config
from .cli import _print_problems
from .loader import load_site
from .problems import InvalidInput
from .staging import Staging, mkdocs_overrides


def _sources(root: Path) -> dict[Path, float]:
    files = [root / "municipalities.yml", *(root / "gemeinden").glob("*.yml"), *(root / "locales").glob("*.yml"),
             *(root / "content").rglob("*")]
    return {p: p.stat().st_mtime for p in files if p.is_file()}


def restage(root: Path, code: str) -> bool:
    """Validate and stage the sources for one language. False (with messages) when invalid."""
    try:
        site = load_site(root)
    except InvalidInput as exc:
        _print_problems(exc.problems)
        print("Vorschau nicht aktualisiert: bitte die Fehler oben beheben.", flush=True)
        return False
    staging = Staging(site, root / "build")
    staging.stage([site.languages[code]])
    return True


def preview(root: Path, code: str, port: int = 8000) -> int:
    from mkdocs.commands.serve import serve

    try:
        site = load_site(root)
    except InvalidInput as exc:
        _print_problems(exc.problems)
        return 1
    if code not in site.languages:
        print(f"Unbekannte Sprache «{code}». Vorhanden: {', '.join(site.languages)}")
        return 1
    staging = Staging(site, root / "build")
    staging.stage([site.languages[code]])
    overrides = mkdocs_overrides(site, site.languages[code], staging, root / "build" / "preview",
                                 f"http://127.0.0.1:{port}/", base_config(root), [code])
    overrides["extra"]["si"]["standalone"] = True  # one language alone: keep its own assets
    overrides["extra"]["si"]["root"] = f"http://127.0.0.1:{port}/"
    overrides["site_url"] = f"http://127.0.0.1:{port}/"  # the preview serves this language at the root
    del overrides["site_dir"]  # `mkdocs serve` builds into a temporary folder of its own

    def watch():
        seen = _sources(root)
        while True:
            time.sleep(0.5)
            now = _sources(root)
            if now != seen:
                seen = now
                started = time.perf_counter()
                if restage(root, code):
                    print(f"Quellen neu eingelesen ({time.perf_counter() - started:.2f} s)", flush=True)

    threading.Thread(target=watch, daemon=True).start()
    serve(config_file=str(root / "mkdocs.yml"), livereload=True, build_type="dirty",
          dev_addr=f"127.0.0.1:{port}", **overrides)
    return 0


def serve_static(site_dir: Path, port: int = 8000) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"Website unter http://127.0.0.1:{port}/ (Ctrl+C beendet)")
        httpd.serve_forever()
