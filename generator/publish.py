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
from xml.sax.saxutils import escape as xml_escape

from .loader import Site

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Where the project's own markup lives: theme overrides of the project and the generator's templates.
# Inline scripts and styles are allowed by the CSP only when they stand, unchanged, in these files.
SHIPPED_MARKUP = ("overrides", TEMPLATES)
MARKUP_SUFFIXES = (".html", ".j2")
INLINE_CODE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")


class UnhashableInlineCode(ValueError):
    """An inline script or style in a template whose text depends on template variables."""


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def shipped_inline_code(root: Path) -> tuple[list[str], list[str]]:
    """CSP hashes of the inline scripts and styles in the project's own templates.

    Computed from the sources (overrides/ and generator/templates/), never from the built pages: a
    script that slipped into a page through content or data has no hash here and is blocked. An
    inline script or style must be static text (no template expressions), else it cannot be hashed
    and the build stops; JSON data blocks are not scripts and need no hash."""
    scripts, styles = set(), set()
    for folder in SHIPPED_MARKUP:
        folder = Path(root) / folder if isinstance(folder, str) else folder
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if not path.is_file() or not path.name.endswith(MARKUP_SUFFIXES):
                continue
            for tag, attrs, body in INLINE_CODE.findall(path.read_text(encoding="utf-8")):
                if tag.lower() == "script" and (re.search(r"\bsrc\s*=", attrs) or "application/json" in attrs):
                    continue
                if "{{" in body or "{%" in body or "{#" in body:
                    raise UnhashableInlineCode(
                        f"{path}: inline <{tag}> with template expressions cannot be allowed by hash; "
                        "move it into a file under overrides/assets/.")
                (scripts if tag.lower() == "script" else styles).add(_sha256(body))
    return sorted(scripts), sorted(styles)


def policy(root: Path) -> str:
    """The Content-Security-Policy of every page of the site built from `root`."""
    scripts, styles = shipped_inline_code(root)
    return CSP.format(scripts="".join(" " + h for h in scripts), styles="".join(" " + h for h in styles))


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
    """What the municipality finder searches: names, postal codes, localities, former names."""
    data = [{"s": m.slug, "n": m.label, "p": m.postal_codes,
             "l": sorted({l.name for l in m.localities if l.name != m.label}),
             "f": [f.name for f in m.former_municipalities]} for m in site.data.municipalities]
    (site_dir / "data").mkdir(exist_ok=True)
    (site_dir / "data" / "finder.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                                                    encoding="utf-8")


def web_app(site: Site, site_dir: Path, version: str) -> None:
    de = site.source_language
    manifest = {"name": de.strings["site_name"], "short_name": "start.integration", "lang": de.tag,
                "start_url": "./", "scope": "./", "display": "standalone", "background_color": "#ffffff",
                "theme_color": "#b71c1c", "description": de.strings["site_description"],
                "icons": [{"src": "assets/images/si-favicon.svg", "sizes": "any", "type": "image/svg+xml"}]}
    (site_dir / "manifest.webmanifest").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    sw = (TEMPLATES / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", version)
    (site_dir / "sw.js").write_text(sw, encoding="utf-8")


def search_index(site_dir: Path) -> None:
    """Pagefind: one index per language (by <html lang>), loaded only when the reader searches."""
    from .release import die_with_parent
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind",
                          "--quiet"], capture_output=True, text=True, preexec_fn=die_with_parent)
    if run.returncode != 0:
        raise RuntimeError(f"Pagefind: {run.stderr.strip() or run.stdout.strip()}")
    # Pagefind lists the languages in a different order on every run: sort them, so that two builds
    # of the same sources are byte-identical.
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True,
                                separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def content_security_policy(site_dir: Path, root: Path | None = None) -> None:
    """The same CSP <meta>, as the first element after the charset, in every page: scripts and
    styles only from this origin or, by hash, the inline ones our templates ship; never
    'unsafe-inline'. The policy comes from the sources (see `policy`), not from the pages."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(root or Path.cwd())}">'
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if '<meta charset="utf-8">' not in html[:1024]:
            raise ValueError(f"{page}: no <meta charset=\"utf-8\"> at the top, the CSP cannot be placed first")
        html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + meta, 1)
        page.write_text(html, encoding="utf-8")


def version_of(site_dir: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((site_dir / "assets").rglob("*")):
        h.update(p.relative_to(site_dir).as_posix().encode())
    for p in sorted(site_dir.rglob("*.html")):
        h.update(p.read_bytes())
    return h.hexdigest()[:12]
