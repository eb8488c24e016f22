"""The newcomer's first minute in a real browser (Debian's Chromium via Playwright): finder,
language switcher, offline, no foreign or failed requests, the weight budget, and axe-core."""
from __future__ import annotations

import json

import pytest

from browser import BUDGET_BYTES, chromium, page_weight, serve
from conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def web(built):
    with serve(built.site_dir) as base, chromium() as browser:
        yield base, browser, built.site_dir


@pytest.mark.parametrize("query,slug", [
    ("Grenchen", "grenchen"), ("4566", "kriegstetten"), ("Halten", "kriegstetten"), ("Oekingen", "kriegstetten"),
    ("Lüterswil", "buchegg"), ("Gänsbrunnen", "welschenrohr-gaensbrunnen"), ("Rohr", "stuesslingen"),
    ("Luterkofen", "lueterkofen-ichertswil"), ("Muemliswil", "muemliswil-ramiswil"), ("Mumliswil", "muemliswil-ramiswil"),
    ("Grenhcen", "grenchen"), ("Oltn", "olten"),
])
def test_finder_finds_by_name_postal_code_former_name_and_typos(web, query, slug):
    base, browser, _ = web
    page = browser.new_page()
    page.goto(base + "ar/", wait_until="networkidle")
    page.fill("#si-finder-q", query)
    first = page.locator(".si-finder__results a").first
    first.wait_for(timeout=5000)
    assert first.get_attribute("href") == f"gemeinden/{slug}/"
    page.close()


def test_finder_without_javascript_is_a_link_to_the_list(web):
    base, browser, _ = web
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "ti/")
    page.click(".si-finder a[href$='gemeinden/']")
    assert page.url == base + "ti/gemeinden/"
    assert page.locator("a[href='grenchen/']").count() == 1
    context.close()


def test_language_switcher_keeps_the_page(web):
    base, browser, _ = web
    page = browser.new_page()
    page.goto(base + "ar/themen/gesundheit/")
    href = page.locator("a.si-lang-link[data-code='ti']").get_attribute("href")
    page.goto(page.url + href)
    assert page.url == base + "ti/themen/gesundheit/"
    assert page.evaluate("document.documentElement.lang") == "ti"
    page.close()


def test_browser_language_is_suggested_not_forced(web):
    base, browser, _ = web
    context = browser.new_context(locale="ar")
    page = context.new_page()
    page.goto(base)
    assert page.url == base  # no redirect
    bar = page.locator(".si-suggest a")
    bar.wait_for(timeout=5000)
    assert bar.get_attribute("href") == "ar/" and bar.get_attribute("lang") is None
    assert page.locator(".si-suggest").get_attribute("lang") == "ar"
    context.close()


def test_offline_serves_a_visited_municipality_page_and_its_handout(web):
    base, browser, _ = web
    context = browser.new_context()
    page = context.new_page()
    url = base + "ar/gemeinden/grenchen/"
    page.goto(url, wait_until="networkidle")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload(wait_until="networkidle")  # now controlled by the service worker, which caches the page
    page.wait_for_timeout(800)
    context.set_offline(True)
    page.reload()
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert "Grenchen" in page.title()
    status = page.evaluate("fetch('merkblatt-ar.pdf').then(r => r.status)")
    assert status == 200
    # a page the reader never opened is not there
    other = page.evaluate("fetch('../olten/').then(r => r.status).catch(() => 'failed')")
    assert other in ("failed", 404)
    context.close()


@pytest.mark.parametrize("path", ["", "gemeinden/grenchen/", "ar/gemeinden/grenchen/", "ti/", "ar/themen/gesundheit/",
                                  "ar/glossar/"])
def test_first_view_budget_no_failed_and_no_foreign_requests(web, path):
    base, browser, site_dir = web
    w = page_weight(browser, base + path, site_dir, base)
    assert w["foreign"] == [], w
    assert w["failed"] == [], w
    assert w["bytes"] <= BUDGET_BYTES, w


@pytest.mark.parametrize("code", ["de", "ar", "ta", "ti"])
@pytest.mark.parametrize("path", ["", "themen/anmelden/", "gemeinden/grenchen/", "glossar/"])
def test_axe_finds_no_violations(web, code, path):
    base, browser, _ = web
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + ("" if code == "de" else f"{code}/") + path, wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    context.close()
    assert violations == [], json.dumps(violations, ensure_ascii=False)


def test_phone_screenshots(web):
    base, browser, _ = web
    out = REPO / "build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    for code in ["de", "ar", "ti", "ta"]:
        prefix = "" if code == "de" else f"{code}/"
        for name, path in [("root", ""), ("grenchen", "gemeinden/grenchen/")]:
            page.goto(base + prefix + path, wait_until="networkidle")
            target = out / f"{code}-{name}.png"
            page.screenshot(path=str(target))
            assert target.stat().st_size > 10_000
    context.close()


def test_search_finds_german_official_terms_from_an_arabic_page(web):
    base, browser, _ = web
    page = browser.new_page()
    page.goto(base + "ar/suche/", wait_until="networkidle")
    box = page.locator("#si-search input")
    box.wait_for(timeout=10000)
    box.fill("Einwohnerkontrolle")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10000)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("/ar/" in h for h in hrefs), hrefs  # results in the reader's language
    assert page.evaluate("document.body.dir") == "rtl"
    page.close()
