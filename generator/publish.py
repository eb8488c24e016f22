"""Finishing the assembled site for the web: sitemap index and robots.txt, the finder's data, the web
app manifest and service worker, the per-language search index (Pagefind), and a
Content-Security-Policy in every page."""
from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import gzip
import hashlib
import json
import shutil
import re
import threading
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from .loader import Site
from . import layout

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Where the project's own markup lives: theme overrides of the project and the generator's templates.
# Inline scripts and styles are allowed by the CSP only when they stand, unchanged, in these files.
SHIPPED_MARKUP = ("overrides", TEMPLATES)
MARKUP_SUFFIXES = (".html", ".j2")
# Standalone documents that are not pages of the site and carry their own CSP (the municipalities'
# data sheet, generator/datasheet.py): their inline code is not allowed on the site's pages.
OWN_CSP_DOCUMENTS = ("datasheet.html.j2",)
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
            if not path.is_file() or not path.name.endswith(MARKUP_SUFFIXES) or path.name in OWN_CSP_DOCUMENTS:
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
    (site_dir / "sitemap.xml").rename(site_dir / layout.sitemap_path(layout.SOURCE))
    entries = []
    for c in codes:
        loc = base + layout.sitemap_path(c)
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
    while there is no connection. Standalone (no theme assets needed), no script and no style
    (the site's CSP allows no inline code); its markup stands in generator/templates/offline.html."""
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    template = env.get_template("offline.html")
    meta = csp_meta(site.root)
    for code in codes:
        lang = site.languages[code]
        folder = site_dir / layout.prefix(code)
        page = template.render(tag=lang.tag, dir=lang.dir, t=lang.strings)
        (folder / OFFLINE_PAGE).write_text(page, encoding="utf-8")
        insert_csp(folder / OFFLINE_PAGE, meta)


def web_app(site: Site, site_dir: Path, version: str) -> None:
    de = site.source_language
    manifest = {"name": de.strings["site_name"], "short_name": "start.integration", "lang": de.tag,
                "start_url": "./", "scope": "./", "display": "standalone", "background_color": "#ffffff",
                "theme_color": "#b71c1c", "description": de.strings["site_description"],
                "icons": [{"src": "assets/images/si-favicon.svg", "sizes": "any", "type": "image/svg+xml"}]}
    (site_dir / "manifest.webmanifest").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    sw = ((TEMPLATES / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", version)
          .replace("__OFFLINE_PAGE__", OFFLINE_PAGE)
          .replace("__LAYOUT__", json.dumps(layout.for_scripts(sorted(site.languages)), sort_keys=True)))
    (site_dir / "sw.js").write_text(sw, encoding="utf-8")


PAGEFIND_TIMEOUT = 600  # seconds; a Pagefind service that does not answer must not hang the build


async def search_index(site_dir: Path) -> None:
    """Pagefind: one index per language (by <html lang>), loaded only when the reader searches.

    The pages are handed to Pagefind's documented Python API one by one in sorted order (not as a
    folder, whose listing order differs between file systems), so the same site gives the same
    index files everywhere. The API answers about one request per 0.1 s (its reader waits that long
    between answers), so a language's ~120 pages take ~12 s, nearly all of it waiting: the build runs
    the languages' indexing side by side (`SearchIndexer`) instead of one after the other."""
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    out = site_dir / "pagefind"

    async def index_pages():
        async with PagefindService() as service:
            index = await service.create_index(IndexConfig(output_path=str(out)))
            for page in sorted(site_dir.rglob("*.html")):
                await index.add_html_file(content=page.read_text(encoding="utf-8"),
                                          source_path=page.relative_to(site_dir).as_posix())
            await index.write_files()
            # Seen here: the service answers «written» while it is still writing, and leaving the
            # context stops it — under load a file was cut short or empty. Stop it only when every
            # file is complete and has stopped growing.
            await _until_complete(out)
    for attempt in range(3):  # a backstop: the index is deterministic, so a bad run is repeated
        shutil.rmtree(out, ignore_errors=True)
        try:
            await asyncio.wait_for(index_pages(), timeout=PAGEFIND_TIMEOUT)
        except asyncio.TimeoutError as exc:
            raise RuntimeError(f"Pagefind: keine Antwort nach {PAGEFIND_TIMEOUT} s") from exc
        except Exception as exc:  # noqa: BLE001 - the service reports its own errors
            raise RuntimeError(f"Pagefind: {exc}") from exc
        if _incomplete(out) is None:
            break
    else:
        raise RuntimeError(f"Pagefind: {out} blieb dreimal unvollständig ({_incomplete(out)})")
    # The entry file lists the languages in no fixed order: sort them.
    entry = out / "pagefind-entry.json"
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True, separators=(",", ":"),
                                ensure_ascii=False), encoding="utf-8")


def _incomplete(out: Path) -> str | None:
    """Why a written Pagefind folder is not complete yet (None: it is). Its index files and WebAssembly
    are gzip streams (a cut one does not decompress); the entry file is JSON."""
    entry = out / "pagefind-entry.json"
    try:
        json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"{entry.name} fehlt oder ist unvollständig"
    for f in sorted(out.rglob("*")):
        if f.is_file() and (f.suffix.startswith(".pf_") or f.suffix == ".pagefind"):
            try:
                gzip.decompress(f.read_bytes())
            except (OSError, EOFError):
                return f"{f.relative_to(out)} ist unvollständig"
        elif f.is_file() and not f.stat().st_size:
            return f"{f.relative_to(out)} ist leer"
    return None


async def _until_complete(out: Path, seconds: float = 30.0) -> None:
    """Wait until the folder is complete and its files have kept their sizes for 0.2 s."""
    def sizes():
        return {f: f.stat().st_size for f in out.rglob("*") if f.is_file()}
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    before = None
    while loop.time() < deadline:
        now = sizes()
        if now == before and _incomplete(out) is None:
            return
        before = now
        await asyncio.sleep(0.1)


class SearchIndexer:
    """Indexes language folders side by side, in a thread of the build's own process, while the
    language workers go on with MkDocs. `add` as each language is built; `wait` for the messages."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="pagefind", daemon=True)
        self.thread.start()
        self.pending: dict[str, concurrent.futures.Future] = {}

    def add(self, key: str, site_dir: Path) -> None:
        self.pending[key] = asyncio.run_coroutine_threadsafe(search_index(site_dir), self.loop)

    def wait(self, done=lambda key: None) -> dict[str, str]:
        """{key: message} of every folder whose indexing failed; `done(key)` as each one ends."""
        failed = {}
        try:
            for fut in concurrent.futures.as_completed(self.pending.values()):
                key = next(k for k, f in self.pending.items() if f is fut)
                try:
                    fut.result()
                except (RuntimeError, OSError) as exc:
                    failed[key] = str(exc)
                done(key)
        finally:
            self.close()
        return failed

    def close(self) -> None:
        for fut in self.pending.values():
            fut.cancel()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)


def content_security_policy(site_dir: Path, root: Path | None = None) -> None:
    """The same CSP <meta>, as the first element after the charset, in every page: scripts and
    styles only from this origin or, by hash, the inline ones our templates ship; never
    'unsafe-inline'. The policy comes from the sources (see `policy`), not from the pages."""
    meta = csp_meta(root)
    for page in sorted(site_dir.rglob("*.html")):
        insert_csp(page, meta)


def csp_meta(root: Path | None = None) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{policy(root or Path.cwd())}">'


def insert_csp(page: Path, meta: str) -> None:
    html = page.read_text(encoding="utf-8")
    if '<meta charset="utf-8">' not in html[:1024]:
        raise ValueError(f"{page}: no <meta charset=\"utf-8\"> at the top, the CSP cannot be placed first")
    page.write_text(html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + meta, 1), encoding="utf-8")


def version_of(site_dir: Path) -> str:
    h = hashlib.sha256()
    for p in sorted((site_dir / "assets").rglob("*")):
        h.update(p.relative_to(site_dir).as_posix().encode())
    for p in sorted(site_dir.rglob("*.html")):
        h.update(p.read_bytes())
    return h.hexdigest()[:12]
