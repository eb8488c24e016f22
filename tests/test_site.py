"""The assembled site, built for real (de, en, ar, ti; all municipalities), checked in its HTML."""
from __future__ import annotations

from pathlib import Path

import yaml

import json

import pytest

from htmlutil import load, resolve
from conftest import FALLBACK_TOPIC, REPO, TEST_LANGUAGES, catalog_text

ALL_LANGUAGES = sorted(p.stem for p in (REPO / "locales").glob("*.yml"))
TOPIC = "anmelden"  # translated into every language


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])

DATA = yaml.safe_load((REPO / "municipalities.yml").read_text(encoding="utf-8"))
SLUGS = [m["slug"] for m in DATA["municipalities"]]


def lang_root(site: Path, code: str) -> Path:
    return site if code == "de" else site / code


def test_every_municipality_has_a_page_in_every_language(built):
    for code in TEST_LANGUAGES:
        for slug in SLUGS:
            assert (lang_root(built.site_dir, code) / "gemeinden" / slug / "index.html").is_file(), (code, slug)
    assert len(SLUGS) == 104


def test_html_lang_and_dir_follow_the_language(built):
    expected = {"de": ("de-CH", "ltr"), "en": ("en", "ltr"), "ar": ("ar", "rtl"), "ti": ("ti", "ltr")}
    for code, (tag, direction) in expected.items():
        doc = load(lang_root(built.site_dir, code) / "gemeinden" / "grenchen" / "index.html")
        assert doc.find("html")[0]["lang"] == tag
        assert doc.find("body")[0]["dir"] == direction


def test_translated_page_shows_its_translation_not_german(built):
    doc = load(built.site_dir / "en" / "index.html")
    en_title = catalog_text(REPO, "en", "content:index.md:title")
    de_title = yaml.safe_load((REPO / "content" / "index.md").read_text().split("---")[1])["title"]
    assert (en_title, "en") in doc.text_parts
    assert de_title not in doc.text
    # a machine translation says so, in the reader's language, and links the German page
    notice = doc.by_class("si-notice--machine")
    assert notice, "machine translation notice missing"
    german = [a for a in doc.find("a") if a.get("hreflang") == "de" and "si-lang-link" not in (a.get("class") or "")]
    assert german and resolve(built.site_dir, built.site_dir / "en" / "index.html", german[0]["href"]) == built.site_dir / "index.html"


def test_untranslated_page_is_a_marked_german_fallback(built):
    topic = f"themen/{FALLBACK_TOPIC}"
    page = built.site_dir / "ti" / topic / "index.html"
    doc = load(page)
    wrappers = doc.by_class("si-fallback-content")
    assert wrappers and wrappers[0][2] == "de" and wrappers[0][3] == "ltr"
    ti_strings = yaml.safe_load((REPO / "locales" / "ti.yml").read_text(encoding="utf-8"))["strings"]
    assert ti_strings["fallback_notice"] in doc.text
    # the German heading is inside the lang="de" wrapper
    german_title = yaml.safe_load((REPO / "content" / "themen" / f"{FALLBACK_TOPIC}.md").read_text().split("---")[1])["title"]
    assert (german_title, "de") in doc.text_parts


def test_language_switcher_leads_to_the_same_page_in_each_language(built):
    site = built.site_dir
    for code in TEST_LANGUAGES:
        for rel in ["", "themen/anmelden/", "gemeinden/", "gemeinden/kriegstetten/"]:
            page = lang_root(site, code) / rel / "index.html"
            links = [a for a in load(page).find("a") if "si-lang-link" in (a.get("class") or "")]
            assert len(links) == len(TEST_LANGUAGES), page
            for a in links:
                target = resolve(site, page, a["href"])
                other = next(c for c in TEST_LANGUAGES if load(lang_root(site, c) / "index.html").find("html")[0]["lang"] == a["hreflang"])
                assert target == lang_root(site, other) / rel / "index.html", (page, a)
                assert target.is_file()


def test_sitemap_index_covers_all_languages(built):
    text = (built.site_dir / "sitemap.xml").read_text()
    assert "<sitemapindex" in text
    for code in TEST_LANGUAGES:
        loc = "https://example.org/sitemap-de.xml" if code == "de" else f"https://example.org/{code}/sitemap.xml"
        assert loc in text
        sm = built.site_dir / ("sitemap-de.xml" if code == "de" else f"{code}/sitemap.xml")
        body = sm.read_text()
        assert "gemeinden/grenchen/" in body
        if code != "de":
            assert f"https://example.org/{code}/" in body
    assert "Sitemap: https://example.org/sitemap.xml" in (built.site_dir / "robots.txt").read_text()


def test_a_404_page_per_language(built):
    for code, tag in {"de": "de-CH", "en": "en", "ar": "ar"}.items():
        doc = load(lang_root(built.site_dir, code) / "404.html")
        assert doc.find("html")[0]["lang"] == tag


def test_each_language_has_its_theme_assets_and_every_local_reference_resolves(built):
    site = built.site_dir
    for code in TEST_LANGUAGES:
        assets = lang_root(site, code) / "assets"
        assert (assets / "javascripts" / "si.js").is_file()
        # search is Pagefind: Material's lunr search files and source maps are not shipped
        assert not (assets / "javascripts" / "lunr").exists() and not list(assets.rglob("*.map"))
    pages = [lang_root(site, c) / p for c in TEST_LANGUAGES
             for p in ["index.html", "gemeinden/grenchen/index.html", "themen/gesundheit/index.html", "404.html"]]
    for page in pages:
        doc = load(page)
        refs = [a.get("href") for a in doc.find("link")] + [s.get("src") for s in doc.find("script")]
        for ref in filter(None, refs):
            if page.name == "404.html" and ref.startswith("/"):
                target = site / ref.lstrip("/")
            else:
                target = resolve(site, page, ref)
            assert target is None or target.is_file(), (page, ref)


def test_no_broken_internal_links(built):
    site = built.site_dir
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        doc = load(page)
        ids = {a.get("id") for _, a, _, _ in doc.elements if a.get("id")}
        for a in doc.find("a"):
            href = a.get("href")
            if not href:
                continue
            if href.startswith("#"):
                if href[1:] and href[1:] not in ids:
                    broken.append((page, href))
                continue
            target = resolve(site, page, href)
            if target is not None and not target.is_file():
                broken.append((page, href))
    assert broken == []


def test_municipality_page_content(built):
    page = built.site_dir / "en" / "gemeinden" / "grenchen" / "index.html"
    doc = load(page)
    # phone dialable from Switzerland and from abroad
    tels = {a["href"] for a in doc.find("a") if a.get("href", "").startswith("tel:")}
    assert "tel:+41326556666" in tels
    assert "032 655 66 66" in doc.text and "+41 32 655 66 66" in doc.text
    # opening hours in English from CLDR
    assert "Monday" in doc.text and "Friday" in doc.text
    ar = load(built.site_dir / "ar" / "gemeinden" / "grenchen" / "index.html")
    assert "الاثنين" in ar.text  # Monday in Arabic
    ti = load(built.site_dir / "ti" / "gemeinden" / "grenchen" / "index.html")
    assert "ሰኑይ" in ti.text  # Monday in Tigrinya
    # regional structure and emergency numbers
    assert "Sozialregion Oberer Leberberg" in doc.text
    for number in ["112", "117", "118", "144", "145", "1414", "143", "147"]:
        assert f"tel:{number}" in {a.get("href") for a in doc.find("a")}


def test_offers_merge_canton_region_municipality_and_say_where_they_come_from(built):
    doc = load(built.site_dir / "gemeinden" / "zuchwil" / "index.html")
    offer_ids = [a["id"] for _, a, _, _ in doc.elements if a.get("id", "").startswith("offer-")]
    assert len(offer_ids) == len(set(offer_ids))
    assert "offer-deutsch-integrationskurse" in offer_ids and "offer-schluesselpersonen-solothurn" in offer_ids
    assert "Angebot des Kantons" in doc.text and "Angebot der Gemeinde" in doc.text
    other = load(built.site_dir / "gemeinden" / "grenchen" / "index.html")
    assert "offer-schluesselpersonen-solothurn" not in {a.get("id") for _, a, _, _ in other.elements}


def test_german_fallback_inside_translated_page_is_marked(built):
    # the canton office's note exists only in German: in Arabic it is marked lang=de, dir=ltr
    doc = load(built.site_dir / "ar" / "gemeinden" / "grenchen" / "index.html")
    spans = doc.by_class("si-fallback")
    assert spans and all(lang == "de" and d == "ltr" for _, _, lang, d in spans)


def test_former_municipalities_are_findable_on_the_list(built):
    doc = load(built.site_dir / "gemeinden" / "index.html")
    for old in ["Halten", "Oekingen", "Lüterswil-Gächliwil", "Gänsbrunnen", "Rohr"]:
        assert old in doc.text


def test_sidebar_does_not_list_all_municipalities(built):
    doc = load(built.site_dir / "themen" / "anmelden" / "index.html")
    muni_links = [a for a in doc.find("a") if "gemeinden/" in a.get("href", "") and a.get("href", "").rstrip("/").count("/") > 2]
    assert len(muni_links) < 5


@pytest.mark.parametrize("code", [c for c in ALL_LANGUAGES if c != "de"])
def test_every_language_shows_its_translated_topic_page(built_all, code):
    """Not only the start page: a topic page shows the translation, not German (also prs, ku, so, ps, sh)."""
    translation = {"title": catalog_text(REPO, code, f"content:themen/{TOPIC}.md:title")}
    german = front_matter(REPO / "content" / "themen" / f"{TOPIC}.md")
    tag = yaml.safe_load((REPO / "locales" / f"{code}.yml").read_text(encoding="utf-8"))["tag"]
    doc = load(built_all.site_dir / code / "themen" / TOPIC / "index.html")
    assert doc.find("html")[0]["lang"] == tag
    assert (translation["title"], tag) in doc.text_parts
    assert german["title"] not in doc.text
    assert not doc.by_class("si-fallback-content") and not doc.by_class("si-notice--fallback")


def test_layout_data_for_scripts_matches_the_pages(built):
    """si.js gets the URL layout as data: the site root it names is where the site's root files are."""
    for code in TEST_LANGUAGES:
        page = lang_root(built.site_dir, code) / "gemeinden" / "grenchen" / "index.html"
        raw = [t for t in load(page).elements if t[0] == "script" and t[1].get("id") == "si-layout"]
        assert raw, page
        text = page.read_text(encoding="utf-8")
        data = json.loads(text.split('id="si-layout">', 1)[1].split("</script>", 1)[0])
        assert data["source"] == "de" and data["language"] == code
        root = resolve(built.site_dir, page, data["site_root"] + "sw.js")
        assert root == built.site_dir / "sw.js" and root.is_file()
        for c in TEST_LANGUAGES:
            pdf = lang_root(built.site_dir, c) / "gemeinden" / "grenchen" / data["documents"][c]["handout"]
            assert pdf.is_file(), pdf
