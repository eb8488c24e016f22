"""Exports derived from the model: the JSON Schemas editors' tools use for municipalities.yml and
gemeinden/<slug>.yml; open data, calendars and link kits for the assembled site."""
from __future__ import annotations

import json
from pathlib import Path

from . import municipal_files
from .model import DataFile, MunicipalityFile
from .schema import json_schema

SCHEMA_PATH = Path("schema") / "municipalities.schema.json"
SCHEMAS = {
    SCHEMA_PATH: (DataFile, "municipalities.yml – start.integration Kanton Solothurn (kantonales Verzeichnis)"),
    municipal_files.SCHEMA_PATH: (MunicipalityFile, "gemeinden/<slug>.yml – Angaben einer Gemeinde über sich selbst"),
}


def schema_text(path: Path = SCHEMA_PATH) -> str:
    cls, title = SCHEMAS[path]
    return json.dumps(json_schema(cls, title=title), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schema(root: Path) -> list[Path]:
    """Write every JSON Schema (one per kind of data file); returns their paths."""
    written = []
    for rel in SCHEMAS:
        path = Path(root) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema_text(rel), encoding="utf-8")
        written.append(path)
    return written


# --- Open data, calendars, link kits: written into the assembled site -------------------------

import dataclasses
import datetime as dt
import hashlib
import os
import shutil

import segno

from . import layout
from .model import Municipality
from .render.pages import ICS_NAME, upcoming_events


def _plain(value):
    """Model objects as JSON-ready data, with the same keys as municipalities.yml."""
    if dataclasses.is_dataclass(value):
        out = {}
        for f in dataclasses.fields(value):
            if f.metadata.get("derived"):  # e.g. a municipality's own data: exported from its file record
                continue
            v = getattr(value, f.name)
            if v is None or v == [] or v == {}:
                continue
            out[f.metadata.get("key", f.name)] = _plain(v)
        if getattr(value, "is_canton", False):
            return "canton"
        return out
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_open_data(site, site_dir: Path) -> None:
    """site/data/: the registry as one JSON file (same shape as municipalities.yml, so the same JSON
    Schema applies), one file per municipality with what applies to it (its own data under
    `own_data`, same shape as gemeinden/<slug>.yml), and both schemas."""
    out = site_dir / "data"
    (out / "gemeinden").mkdir(parents=True, exist_ok=True)
    (out / "municipalities.json").write_text(_dump(_plain(site.data)), encoding="utf-8")
    for rel in SCHEMAS:
        (out / rel.name).write_text(schema_text(rel), encoding="utf-8")
    for m in site.data.municipalities:
        region = site.regions[m.region]
        record = {"municipality": _plain(m), "own_data": _plain(municipal_files.record_of(m)),
                  "district": _plain(site.districts[m.district]),
                  "region": _plain(region),
                  "first_information_region": _plain(site.regions[m.first_information.region])
                  if m.first_information and m.first_information.region else None,
                  "canton_contacts": _plain(site.data.canton.contacts),
                  "offers": _plain(site.offers_for(m))}
        (out / "gemeinden" / f"{m.slug}.json").write_text(_dump(record), encoding="utf-8")


def calendar(m: Municipality, site) -> bytes | None:
    """An iCalendar file with the municipality's upcoming events (German titles)."""
    from icalendar import Calendar, Event as ICalEvent
    from .render.freshness import dataset_date
    events = upcoming_events(m, dataset_date(site))
    if not events:
        return None
    cal = Calendar()
    cal.add("prodid", "-//start.integration Kanton Solothurn//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Neuzugezogene in {m.label}")
    for e in events:
        ev = ICalEvent()
        ev.add("uid", f"{m.slug}-{e.id}@start-integration.so")
        ev.add("dtstamp", dt.datetime.combine(e.last_verified, dt.time(0, 0), tzinfo=dt.timezone.utc))
        ev.add("summary", e.title["de"])
        if e.time:
            from .checks import parse_time_range
            start, end = parse_time_range(e.time)
            from zoneinfo import ZoneInfo
            tz = ZoneInfo("Europe/Zurich")
            ev.add("dtstart", dt.datetime.combine(e.date, dt.time(start // 60, start % 60), tzinfo=tz))
            ev.add("dtend", dt.datetime.combine(e.date, dt.time(min(end // 60, 23), end % 60 if end < 1440 else 59), tzinfo=tz))
        else:
            ev.add("dtstart", e.date)
        if e.location:
            ev.add("location", e.location)
        if e.description:
            ev.add("description", e.description["de"])
        ev.add("url", e.sources[0])
        cal.add_component(ev)
    return cal.to_ical()


def write_calendars(site, site_dir: Path) -> int:
    n = 0
    for m in site.data.municipalities:
        data = calendar(m, site)
        if data:
            path = site_dir / "gemeinden" / m.slug / ICS_NAME
            path.write_bytes(data)
            n += 1
    return n


QR_FORMAT = "segno m; svg 8/2; png 12/2; counter svg 8/4"  # change it when the codes' look changes


def write_link_kit_qr(site, qr_dir: Path, code: str, site_url: str) -> None:
    """The QR codes (SVG, PNG) of one language's municipality pages, into qr_dir/<slug>/ (the build
    makes them per language in parallel and hands qr_dir to write_link_kits and write_counter_codes:
    encoding a QR code is the costly part, so each is encoded once)."""
    from .handouts import public_url
    from .render.handout import page_url
    if public_url(site_url) is None:
        return  # a preview: no QR code that leads to this machine (write_link_kits says so)
    lang = site.languages[code]
    cache = qr_dir.parent / "qr-cache"  # by address: a code is encoded once, not in every build
    cache.mkdir(parents=True, exist_ok=True)
    for m in site.data.municipalities:
        folder = qr_dir / m.slug
        folder.mkdir(parents=True, exist_ok=True)
        url = page_url(site_url, lang, m)
        key = hashlib.sha256(f"{QR_FORMAT}\n{url}".encode()).hexdigest()[:24]
        names = {"svg": f"qr-{code}.svg", "png": f"qr-{code}.png", "counter": f"counter-{code}.svg"}
        cached = {kind: cache / f"{key}-{kind}" for kind in names}
        if not all(p.is_file() for p in cached.values()):
            qr = segno.make(url, error="m")
            options = {"svg": dict(kind="svg", scale=8, border=2), "png": dict(kind="png", scale=12, border=2),
                       # the same code, large, for the page itself («show it at the counter»)
                       "counter": dict(kind="svg", scale=8, border=4, xmldecl=False, omitsize=True)}
            for kind, path in cached.items():  # complete files only: a killed build leaves none half-written
                tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                qr.save(str(tmp), **options[kind])
                os.replace(tmp, path)
        for kind, name in names.items():
            shutil.copyfile(cached[kind], folder / name)


def write_link_kits(site, site_dir: Path, codes: list[str], site_url: str, handouts: bool,
                    qr_dir: Path | None = None) -> None:
    """Per municipality, a page for its staff (not linked in the public navigation): stable URLs in
    every language, QR codes as SVG and PNG, the PDFs, and a snippet for the municipality's website.
    QR codes already made by write_link_kit_qr are moved in from `qr_dir`."""
    from html import escape as e
    from .render.handout import page_url
    from .handouts import PREVIEW_SVG, public_url
    base = site_url.rstrip("/") + "/"
    preview = public_url(site_url) is None
    banner = ("<p><strong>Vorschau – keine öffentliche Adresse.</strong> Diese Adressen führen auf den "
              "Rechner, der die Vorschau gebaut hat; die QR-Codes fehlen darum. Nicht verwenden.</p>") if preview else ""
    for m in site.data.municipalities:
        folder = site_dir / "gemeinden" / m.slug / "linkkit"
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for c in codes:
            lang = site.languages[c]
            url = page_url(site_url, lang, m)
            if preview:  # never a QR code for posters and letters that leads to this machine
                (folder / f"qr-{c}.svg").write_text(PREVIEW_SVG, encoding="utf-8")
                (folder / f"qr-{c}.png").unlink(missing_ok=True)
            elif qr_dir is not None and (qr_dir / m.slug / f"qr-{c}.png").exists():
                for ext in ("svg", "png"):
                    (qr_dir / m.slug / f"qr-{c}.{ext}").replace(folder / f"qr-{c}.{ext}")
            else:
                qr = segno.make(url, error="m")
                qr.save(str(folder / f"qr-{c}.svg"), scale=8, border=2)
                qr.save(str(folder / f"qr-{c}.png"), scale=12, border=2)
            png_link = "" if preview else f' · <a href="qr-{c}.png">PNG</a>'
            names = layout.documents(c)
            page_link = layout.page_link(base, c, layout.municipality_url(m.slug))
            pdfs = ""
            if handouts:
                pdfs = " · ".join(f'<a href="{page_link}{n}">{label}</a>' for n, label in (
                    (names["handout"], "Merkblatt"), (names["bilingual"], "zweisprachig"), (names["guide"], "Leitfaden")) if n)
            rows.append(f'<tr><th lang="{e(lang.tag)}" dir="{lang.dir}">{e(lang.name)}</th><td>{e(lang.name_de)}</td>'
                        f'<td><a href="{e(url)}">{e(url)}</a></td><td><a href="qr-{c}.svg">SVG</a>{png_link}</td>'
                        f'<td>{pdfs}</td></tr>')
        de_url = page_url(site_url, site.source_language, m)
        snippet = (f'<a href="{de_url}">Willkommen in {m.label}: Informationen für Neuzugezogene in 22 Sprachen</a>')
        page = f"""<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Link-Kit {e(m.label)} – start.integration</title>
<link rel="stylesheet" href="../../../assets/stylesheets/si-linkkit.css">
</head><body>
<h1>Link-Kit für die Gemeinde {e(m.label)}</h1>
{banner}
<p>Für Mitarbeitende der Gemeinde: feste Adressen der Willkommensseite in allen Sprachen, QR-Codes für Plakate
und Briefe, die PDF-Dokumente und ein Link für die eigene Website. Diese Seite ist nicht öffentlich verlinkt.</p>
<h2>Adressen, QR-Codes und Dokumente</h2>
<table><thead><tr><th>Sprache</th><th>auf Deutsch</th><th>Adresse</th><th>QR-Code</th><th>PDF</th></tr></thead><tbody>
{''.join(rows)}
</tbody></table>
<h2>Link für die Website der Gemeinde</h2>
<p>Kopieren Sie diesen HTML-Code in Ihre Website:</p>
<pre><code>{e(snippet)}</code></pre>
<h2>Offene Daten</h2>
<p><a href="{base}data/gemeinden/{m.slug}.json">{base}data/gemeinden/{m.slug}.json</a> (JSON)</p>
</body></html>
"""
        (folder / "index.html").write_text(page, encoding="utf-8")
