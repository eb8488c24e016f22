"""The municipality page as newcomers and clerks meet it: honest about what is unknown, dated facts,
the canton's offices always there, one list of emergency numbers, German names marked and isolated
in translated pages, phone numbers that do not break, the clerk's bilingual handouts, the QR code to
show at the counter, and a print-out of at most two A4 pages."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import zxingcpp
from PIL import Image

from browser import chromium, serve
from conftest import TEST_LANGUAGES
from htmlutil import load, resolve

SITE_URL = "https://example.org/"  # the `built` fixture's public address


def page(built, code: str, slug: str):
    root = built.site_dir if code == "de" else built.site_dir / code
    return root / "gemeinden" / slug / "index.html"


def _site():
    from generator.loader import load_site
    from conftest import REPO
    return load_site(REPO)


# --- Issue 11 §3: honest pages -------------------------------------------------------------------

def test_no_page_claims_an_arrangement_no_source_names(built):
    site = _site()
    claims, unknown = [], 0
    for m in site.data.municipalities:
        text = load(page(built, "de", m.slug)).text
        if f"{m.label} informiert neu zugezogene Personen selbst" in text and (
                m.first_information is None or m.first_information.provider != "self"):
            claims.append(m.slug)
        if m.first_information is None:
            assert "noch nicht erfasst" in text, m.slug
            unknown += 1
    assert claims == []
    assert unknown > 50  # most municipalities have no recorded arrangement yet


def test_cantonal_offices_are_on_every_page_also_beside_own_contacts(built):
    site = _site()
    canton = [c.name for c in site.data.canton.contacts]
    assert canton
    for code in ("de", "ar"):
        for m in site.data.municipalities:
            text = load(page(built, code, m.slug)).text
            for name in canton:
                assert name in text, (code, m.slug, name)


def test_source_date_and_check_date_are_apart_and_old_sources_are_flagged(project):
    """A contact with a recent source shows its «Stand»; one whose source is old or unknown is flagged
    as possibly outdated — measured against the data set's date, whatever the clock says."""
    from generator.loader import load_site
    from generator.render.freshness import dataset_date
    from generator.render.pages import render_municipality
    from htmlutil import Doc
    data = project / "gemeinden" / "grenchen.yml"
    text = data.read_text(encoding="utf-8")
    # Grenchen's Stadtkanzlei: source from last month; its Integrationsbeauftragte: source two years old
    text = text.replace("    name: Stadtkanzlei\n", "    name: Stadtkanzlei\n    stand: 2026-11-02\n", 1)
    text = text.replace("    name: Integrationsbeauftragte der Stadt Grenchen\n",
                        "    name: Integrationsbeauftragte der Stadt Grenchen\n    stand: 2024-10-01\n", 1)
    # and how it gives the first information, with an interpreter, and which office to ask
    text += ("first_information:\n  provider: self\n  methods: [conversation, letter]\n  interpreter: on_request\n"
             "  office: administration\n  sources: [Angaben der Gemeinde]\n  stand: 2026-11-20\n"
             "  last_verified: 2026-11-20\n")
    data.write_text(text, encoding="utf-8")
    site = load_site(project, today=dt.date(2026, 12, 7))
    assert dataset_date(site) >= dt.date(2026, 11, 24)
    body = render_municipality(site, site.by_slug["grenchen"], site.languages["de"])
    doc = Doc(body.split("---\n", 2)[2])
    cards = re.findall(r'<article class="si-card si-contact">.*?</article>', body, re.S)
    fresh = next(c for c in cards if ">Stadtkanzlei<" in c)
    old = next(c for c in cards if "Integrationsbeauftragte der Stadt Grenchen" in c)
    assert "Stand der Quelle: 2. November 2026" in fresh and "geprüft am" in fresh
    assert "si-outdated" not in fresh
    assert "Stand der Quelle: 1. Oktober 2024" in old and "si-outdated" in old
    assert "Stand der Quelle unbekannt" in doc.text  # the canton's offices carry no source date yet
    assert ("Grenchen informiert neu zugezogene Personen selbst. Wie: Erstgespräch, Brief mit ersten Informationen "
            "Dolmetscherin oder Dolmetscher auf Wunsch Fragen Sie bei: Stadtkanzlei") in doc.text
    assert "Angaben der Gemeinde" in doc.text  # a source that is not a web address, shown as text
    ar = Doc(render_municipality(site, site.by_slug["grenchen"], site.languages["ar"]).split("---\n", 2)[2])
    office = site.languages["ar"].t("first_information_office", office="Stadtkanzlei")
    assert office.replace("Stadtkanzlei", "").strip() in ar.text
    assert ("Stadtkanzlei", "de") in ar.text_parts  # the office's German name, marked German


def test_emergency_numbers_come_from_one_list_in_the_data(built):
    numbers = [n.number for n in _site().data.canton.emergency_numbers]
    assert len(numbers) == 8
    for p in (page(built, "de", "biberist"), page(built, "ar", "biberist")):
        tel = [a["href"] for a in load(p).find("a") if a.get("href", "").startswith("tel:") and len(a["href"]) < 10]
        assert tel == [f"tel:{n}" for n in numbers], p
    for home in (built.site_dir / "index.html", built.site_dir / "ar" / "index.html"):
        tel = [a["href"] for a in load(home).find("a") if a.get("href", "").startswith("tel:")]
        assert tel == [f"tel:{n}" for n in numbers], home  # tappable on the start page


# --- Issue 14: language tags, isolation, phones, handouts for the clerk --------------------------

def test_german_names_in_translated_pages_are_marked_german_and_isolated(built):
    doc = load(page(built, "ar", "grenchen"))
    german = {t for t, lang in doc.text_parts if lang == "de"}
    for name in ("Stadtkanzlei", "Bahnhofstrasse 23", "2540 Grenchen", "Migrationsamt des Kantons Solothurn (MISA)",
                 "Sozialregion Oberer Leberberg", "Frabina"):
        assert name in german, name
    bdis = [a for t, a, lang, d in doc.elements if t == "bdi"]
    assert len(bdis) > 5


def test_german_page_links_the_bilingual_handouts_for_the_clerk(built):
    p = page(built, "de", "grenchen")
    hrefs = [a["href"] for a in load(p).find("a") if a.get("href", "").endswith("-de.pdf")]
    expected = {f"../../{c}/gemeinden/grenchen/merkblatt-{c}-de.pdf" for c in TEST_LANGUAGES if c != "de"}
    assert expected <= set(hrefs)
    for h in hrefs:
        assert resolve(built.site_dir, p, h).is_file(), h


@pytest.mark.slow
def test_in_the_browser_phones_do_not_break_addresses_do_not_flip_and_print_fits_two_pages(built):
    with serve(built.site_dir) as base, chromium() as browser:
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
        tab = ctx.new_page()
        tab.goto(base + "ar/gemeinden/grenchen/", wait_until="networkidle")
        # every phone link is on one line
        lines = tab.eval_on_selector_all("a[href^='tel:']", "els => els.map(e => e.getClientRects().length)")
        assert lines and set(lines) == {1}, lines
        wrap = tab.eval_on_selector_all("a[href^='tel:']", "els => els.map(e => getComputedStyle(e).whiteSpace)")
        assert set(wrap) == {"nowrap"}, wrap  # also where a narrower screen would break them
        # "2540 Grenchen" reads left to right inside the right-to-left page
        box = tab.evaluate("""() => {
            const el = [...document.querySelectorAll('address bdi')].find(b => b.textContent.trim() === '2540 Grenchen');
            const node = el.firstChild, r = document.createRange();
            r.setStart(node, 0); r.setEnd(node, 4); const plz = r.getBoundingClientRect().left;
            r.setStart(node, 5); r.setEnd(node, 13); const town = r.getBoundingClientRect().left;
            return {plz, town}; }""")
        assert box["plz"] < box["town"], box
        # a wrapped German name in brackets keeps its brackets on one line
        rects = tab.eval_on_selector_all("ul.si-emergency bdi", "els => els.map(e => e.getClientRects().length)")
        assert rects and set(rects) == {1}
        # printing: at most two A4 pages, also for the longest pages
        for path in ("gemeinden/olten/", "gemeinden/grenchen/", "ar/gemeinden/olten/", "ti/gemeinden/biberist/"):
            tab.goto(base + path, wait_until="networkidle")
            pdf = tab.pdf(format="A4")
            pages = int(re.search(rb"/Type\s*/Pages.*?/Count\s+(\d+)", pdf, re.S).group(1))
            assert pages <= 2, (path, pages)
        ctx.close()


@pytest.mark.slow
def test_counter_qr_code_opens_this_page_in_the_chosen_language(built):
    with serve(built.site_dir) as base, chromium() as browser:
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
        tab = ctx.new_page()
        tab.goto(base + "gemeinden/biberist/", wait_until="networkidle")
        img = tab.locator("details.si-counter img")
        assert not img.is_visible()  # on demand only
        tab.click("details.si-counter summary")
        img.wait_for(state="visible")
        tab.wait_for_function("document.querySelector('details.si-counter img').complete")
        assert img.bounding_box()["width"] >= 250  # large enough to scan across a counter
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(img.screenshot())))
        assert [c.text for c in found] == [SITE_URL + "gemeinden/biberist/"]
        # the clerk picks Tigrinya: the code opens the Tigrinya page
        tab.click("details.si-counter a[hreflang='ti']")
        tab.wait_for_load_state("networkidle")
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(tab.screenshot())))
        assert [c.text for c in found] == [SITE_URL + "ti/gemeinden/biberist/"]
        ctx.close()


def test_preview_build_writes_no_counter_code_to_localhost(project, tmp_path):
    from generator.handouts import write_counter_codes
    from generator.loader import load_site
    site = load_site(project)
    write_counter_codes(site, ["de", "ar"], tmp_path, "http://localhost:8000/")
    svg = (tmp_path / "gemeinden" / "biberist" / "qr-ar.svg").read_text(encoding="utf-8")
    assert "Vorschau" in svg and "localhost" not in svg
    assert "<path" not in svg  # a marked placeholder, not a code
    write_counter_codes(site, ["de"], tmp_path, SITE_URL)
    assert "<path" in (tmp_path / "gemeinden" / "biberist" / "qr-de.svg").read_text(encoding="utf-8")
