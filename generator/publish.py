"""Finishing the assembled site for the web: sitemap index and robots.txt, the finder's data, the web
app manifest and service worker, the per-language search index (Pagefind), and a
Content-Security-Policy in every page."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from html import escape as html_escape
from xml.sax.saxutils import escape as xml_escape

from .loader import Site
from .render.pages import handout_names

TEMPLATES = Path(__file__).resolve().parent / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")


def sitemaps(site_dir: Path, codes: list[str], url: str) -> None:
    base = url.rstrip("/") + "/"
    for gz in site_dir.rglob("sitemap.xml.gz"):
        gz.unlink()
    (site_dir / "sitemap.xml").rename(site_dir / "sitemap-de.xml")
    entries = []
    for c in codes:
        loc = base + ("sitemap-de.xml" if c == "de" else f"{c}/sitemap.xml")
        entries.append(f"  <sitemap><loc>{xml_escape(loc)}</loc></sitemap>")
    (site_dir / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(entries) + "\n</sitemapindex>\n", encoding="utf-8")
    (site_dir / "robots.txt").write_text(f"User-agent: *\nAllow: /\nDisallow: /gemeinden/*/linkkit/\n"
                                         f"Sitemap: {base}sitemap.xml\n", encoding="utf-8")


def finder_data(site: Site, site_dir: Path) -> None:
    """What the municipality finder searches (names, postal codes, localities, former names and their
    skeletons) and the transliteration table for queries in other scripts (generator/finder.py)."""
    from . import finder
    data = {"t": finder.load_table(site.root), "m": finder.places(site)}
    (site_dir / "data").mkdir(exist_ok=True)
    (site_dir / "data" / "finder.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                                    encoding="utf-8")


OFFLINE_PAGE = "offline.html"  # per language, beside its start page; sw.js gets the name from here


def offline_pages(site: Site, site_dir: Path, codes: list[str]) -> None:
    """A small page per language that the service worker shows for a page the reader never opened
    while there is no connection. Standalone (no theme assets needed), no script."""
    for code in codes:
        lang = site.languages[code]
        folder = site_dir if code == "de" else site_dir / code
        e = lambda key: html_escape(lang.strings[key])  # noqa: E731
        page = (f'<!doctype html>\n<html lang="{html_escape(lang.tag)}" dir="{lang.dir}">\n<head>\n<meta charset="utf-8">\n'
                f'<meta name="viewport" content="width=device-width,initial-scale=1">\n'
                f'<meta name="robots" content="noindex">\n'
                f'<title>{e("offline_title")} – {e("site_name")}</title>\n'
                '<style>body{font:1.1rem/1.5 system-ui,sans-serif;margin:0;color:#212121}'
                'header{background:#b71c1c;color:#fff;padding:.8rem 1rem;font-weight:700}'
                'main{padding:1rem;max-width:40rem}a{color:#a31515}</style>\n</head>\n<body>\n'
                f'<header>{e("site_name")}</header>\n<main>\n<h1>{e("offline_title")}</h1>\n'
                f'<p>{e("offline_text")}</p>\n<p><a href="./">{e("offline_home")}</a></p>\n</main>\n</body>\n</html>\n')
        (folder / OFFLINE_PAGE).write_text(page, encoding="utf-8")


def web_app(site: Site, site_dir: Path, version: str) -> None:
    de = site.source_language
    manifest = {"name": de.strings["site_name"], "short_name": "start.integration", "lang": de.tag,
                "start_url": "./", "scope": "./", "display": "standalone", "background_color": "#ffffff",
                "theme_color": "#b71c1c", "description": de.strings["site_description"],
                "icons": [{"src": "assets/images/si-favicon.svg", "sizes": "any", "type": "image/svg+xml"}]}
    (site_dir / "manifest.webmanifest").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    sw = ((TEMPLATES / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", version)
          .replace("__OFFLINE_PAGE__", OFFLINE_PAGE).replace("__HANDOUT__", json.dumps(handout_names("__CODE__")["handout"]))
          .replace("__LANGUAGES__", json.dumps(sorted(c for c in site.languages if c != "de"))))
    (site_dir / "sw.js").write_text(sw, encoding="utf-8")


def search_index(site_dir: Path) -> None:
    """Pagefind: one index per language (by <html lang>), loaded only when the reader searches."""
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind",
                          "--quiet"], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"Pagefind: {run.stderr.strip() or run.stdout.strip()}")
    # Pagefind lists the languages in a different order on every run: sort them, so that two builds
    # of the same sources are byte-identical.
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True,
                                separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


BODY_DIR = re.compile(r'<body dir="(ltr|rtl)"')


def document_direction(site_dir: Path) -> None:
    """`dir` on <html>, not only on <body>: Material's template writes the locale's direction on
    <body> only, and puts <html> outside every template block. The root element's direction decides
    on which side a page can scroll and where a browser puts its scroll bar and form controls."""
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        body = BODY_DIR.search(html)
        if body and "<html lang=" in html[:300] and " dir=" not in html[:html.index(">", html.index("<html")) + 1]:
            html = html.replace("<html lang=", f'<html dir="{body.group(1)}" lang=', 1)
            page.write_text(html, encoding="utf-8")


def content_security_policy(site_dir: Path) -> None:
    """A CSP <meta> in every page: scripts only from this origin, plus the page's own inline bootstrap
    scripts by hash (Material's), never 'unsafe-inline'."""
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
                         for s in INLINE_SCRIPT.findall(html)})
        meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP.format(hashes=" ".join(hashes))}">'
        html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + meta, 1)
        page.write_text(html, encoding="utf-8")


def version_of(site_dir: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((site_dir / "assets").rglob("*")):
        h.update(p.relative_to(site_dir).as_posix().encode())
    for p in sorted(site_dir.rglob("*.html")):
        h.update(p.read_bytes())
    return h.hexdigest()[:12]
