"""Preview for editors: one language, built exactly as `build` builds it (same staging, same plugin),
served by MkDocs at the language's own address (/<code>/). MkDocs' watcher follows the sources
(data, content, glossary, guide, locales, overrides); before each rebuild the plugin re-reads and
re-stages them (`restage`). Invalid sources: the messages are printed and the last good pages stay
until the mistake is fixed. Also: a plain static server for a built site."""
from __future__ import annotations

import functools
import http.server
import time
from pathlib import Path

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
        _print_problems(exc.problems)
        print("Vorschau nicht aktualisiert: bitte die Fehler oben beheben.", flush=True)
        return None
    return site


def staging_for(site: Site, root: Path) -> Staging:
    """The same staging as the build's (with the documents' links, as the built pages have them)."""
    return Staging(site, root / "build", handout_codes=list(site.languages) if site.guide.source else None)


def restage(root: Path, code: str, port: int | None = None) -> dict | None:
    """Validate and stage the sources for one language; return the MkDocs settings that come from
    them. None (with the messages printed) when they are invalid: the last good pages stay."""
    started = time.perf_counter()
    site = _load(root)
    if site is None or code not in site.languages:
        return None
    staging = staging_for(site, root)
    staging.stage([site.languages[code]])
    print(f"Quellen neu eingelesen ({time.perf_counter() - started:.2f} s)", flush=True)
    return mkdocs_settings(site, site.languages[code], staging, None, preview_url(port), base_config(root),
                           project_dir=root)


def preview_url(port: int | None) -> str:
    return f"http://127.0.0.1:{port or 8000}/"


def preview(root: Path, code: str, port: int = 8000) -> int:
    from mkdocs.commands.serve import serve

    site = _load(root)
    if site is None:
        return 1
    if code not in site.languages:
        print(f"Unbekannte Sprache «{code}». Vorhanden: {', '.join(site.languages)}")
        return 1
    staging = staging_for(site, root)
    staging.stage([site.languages[code]])
    settings = mkdocs_settings(site, site.languages[code], staging, None, preview_url(port), base_config(root),
                               project_dir=root)
    serve(config_file=str(root / "mkdocs.yml"), livereload=True, build_type="dirty",
          dev_addr=f"127.0.0.1:{port}", **settings)
    return 0


def serve_static(site_dir: Path, port: int = 8000) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"Website unter http://127.0.0.1:{port}/ (Ctrl+C beendet)")
        httpd.serve_forever()
