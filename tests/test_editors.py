"""Editors' outputs: open data, calendars, link kits, warnings; checked on real builds."""
from __future__ import annotations

import datetime as dt
import json

import zxingcpp
from PIL import Image

from generator.build import build_site
from generator.loader import load_data, load_site  # noqa: F401
from generator.problems import Problems
from htmlutil import load


def test_open_data_has_the_shape_of_municipalities_yml(built, tmp_path):
    data = built.site_dir / "data"
    everything = json.loads((data / "municipalities.json").read_text(encoding="utf-8"))
    assert len(everything["municipalities"]) == 104
    # JSON is YAML: the export loads with the same model and checks as the source file
    path = tmp_path / "municipalities.yml"
    path.write_text((data / "municipalities.json").read_text(encoding="utf-8"), encoding="utf-8")
    problems = Problems(root=tmp_path)
    langs = {p.stem for p in (built.site_dir.parent / "locales").glob("*.yml")}
    assert load_data(path, problems, langs) is not None and problems.errors == []
    one = json.loads((data / "gemeinden" / "zuchwil.json").read_text(encoding="utf-8"))
    assert one["municipality"]["bfs_nr"] == 2534
    assert {o["id"] for o in one["offers"]} >= {"deutsch-integrationskurse", "schluesselpersonen-solothurn"}
    assert json.loads((data / "municipalities.schema.json").read_text())["$defs"]["Municipality"]


def test_link_kit_per_municipality(built, tmp_path):
    kit = built.site_dir / "gemeinden" / "grenchen" / "linkkit"
    doc = load(kit / "index.html")
    assert doc.find("meta", name="robots")[0]["content"] == "noindex"
    hrefs = [a["href"] for a in doc.find("a")]
    assert "https://example.org/ar/gemeinden/grenchen/" in hrefs
    assert "https://example.org/ti/gemeinden/grenchen/merkblatt-ti.pdf" in hrefs
    decoded = zxingcpp.read_barcodes(Image.open(kit / "qr-ti.png"))
    assert [c.text for c in decoded] == ["https://example.org/ti/gemeinden/grenchen/"]
    assert (kit / "qr-ti.svg").read_text().startswith("<?xml")
    # not linked from the public pages
    public = (built.site_dir / "gemeinden" / "grenchen" / "index.html").read_text(encoding="utf-8")
    assert "linkkit" not in public


def test_welcome_events_show_until_they_are_past_and_go_to_a_calendar(project):
    # "past" is relative to the data set's own date, never the clock: reproducible builds
    from generator.loader import load_site
    from generator.render.freshness import dataset_date
    today = dataset_date(load_site(project))
    future, past = today + dt.timedelta(days=30), today - dt.timedelta(days=1)
    data = project / "gemeinden" / "grenchen.yml"
    events = (f"events:\n"
              f"  - id: begruessung\n    title: {{de: Begrüssungsabend, en: Welcome evening}}\n"
              f"    date: {future.isoformat()}\n    time: \"18:30-20:00\"\n    location: Beispielsaal\n"
              f"    sources: [https://example.org/einladung]\n    last_verified: {today.isoformat()}\n"
              f"  - id: vorbei\n    title: {{de: Vergangener Anlass}}\n    date: {past.isoformat()}\n"
              f"    sources: [https://example.org/alt]\n    last_verified: {past.isoformat()}\n")
    data.write_text(data.read_text(encoding="utf-8") + events, encoding="utf-8")
    result = build_site(project, languages=["de", "en"], site_url="https://example.org/", handouts=False)
    page = load(result.site_dir / "en" / "gemeinden" / "grenchen" / "index.html")
    assert "Welcome evening" in page.text and "Vergangener Anlass" not in page.text
    ics = (result.site_dir / "gemeinden" / "grenchen" / "veranstaltungen.ics").read_text()
    assert "SUMMARY:Begrüssungsabend" in ics and "Vergangener" not in ics
    assert "DTSTART;TZID=Europe/Zurich:" + future.strftime("%Y%m%d") + "T183000" in ics
    link = [a["href"] for a in page.find("a") if a.get("href", "").endswith(".ics")]
    assert link == ["../../../gemeinden/grenchen/veranstaltungen.ics"]


def test_duplicate_offer_is_a_warning_not_an_error(project):
    data = project / "municipalities.yml"
    text = data.read_text(encoding="utf-8")
    dup = ("  - id: frabina-doppelt\n    category: counselling\n    for: canton\n"
           "    title: {de: \"Frabina – Beratung zu Ausländerrecht, Integration, binationalen Paaren und Familien\"}\n"
           "    provider: Frabina\n    sources: [https://www.frabina.ch/]\n    last_verified: 2026-11-24\n")
    data.write_text(text.replace("\nmunicipalities:\n", "\n" + dup + "\nmunicipalities:\n", 1), encoding="utf-8")
    site = load_site(project)
    assert any("Doppelt erfasst" in w.message for w in site.problems.warnings)


def test_stale_data_warns_after_twelve_months(project):
    site = load_site(project, today=dt.date(2028, 1, 1))
    assert any("vor mehr als 12 Monaten" in w.message for w in site.problems.warnings)
    assert not site.problems.errors
