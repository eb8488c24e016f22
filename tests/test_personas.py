"""Newcomers' tasks replayed in Chromium on a phone-size screen (390×844), on the real site in all 22
languages: the taps they make and what they find (address and hours or whom to ask, the deadline,
the emergency numbers). Screenshots of what they see go to build/screenshots/ (look at them)."""
from __future__ import annotations

import pytest

from browser import chromium, serve
from conftest import REPO

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}
SHOTS = REPO / "build" / "screenshots"


@pytest.fixture(scope="module")
def site(built_all):
    with serve(built_all.site_dir) as base, chromium() as browser:
        yield base, browser


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"persona-{name}.png"))


def find_and_open(page, query):
    """Two taps: the finder's field (typing the name in one's own script), then the first result."""
    page.tap("#si-finder-q")
    page.fill("#si-finder-q", query)
    first = page.locator(".si-finder__results a").first
    first.wait_for(timeout=5000)
    with page.expect_navigation(wait_until="networkidle"):
        first.tap()


def assert_emergency_numbers_tappable(page):
    for n in ("112", "117", "144"):
        link = page.locator(f"a[href='tel:{n}']").first
        assert link.is_visible() or link.count() == 1, n
        assert link.text_content().strip() == n


def test_tigrinya_speaker_in_biberist(site):
    base, browser = site
    context = browser.new_context(viewport=PHONE, has_touch=True, locale="ti")
    page = context.new_page()
    page.goto(base + "ti/", wait_until="networkidle")
    find_and_open(page, "ቢበሪስት")  # Biberist, written in Ethiopic script
    assert page.url == base + "ti/gemeinden/biberist/"
    assert page.evaluate("document.documentElement.lang") == "ti"
    # where to register: the office's name (German, marked so) and, since the data has no address
    # or hours, whom to ask: the municipality's website
    weeks = page.locator(".si-weeks")
    assert "Einwohnerdienste der Einwohnergemeinde Biberist" in weeks.text_content()
    assert weeks.locator(".si-weeks__ask a[href='https://www.biberist.ch/']").count() == 1
    # the deadline, dated from today: one tap
    page.locator(".si-weeks__today").tap()
    register = page.locator(".si-weeks__date").first
    assert register.is_visible() and register.text_content().startswith("ክሳብ ")
    assert page.locator(".si-weeks__de").first.get_attribute("lang") == "de"
    assert_emergency_numbers_tappable(page)
    page.locator("#first-weeks").scroll_into_view_if_needed()
    shot(page, "ti-biberist-weeks")
    context.close()


def test_arabic_speaker_in_grenchen(site):
    base, browser = site
    context = browser.new_context(viewport=PHONE, has_touch=True, locale="ar")
    page = context.new_page()
    page.goto(base + "ar/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    find_and_open(page, "غرينشن")  # Grenchen in Arabic script
    assert page.url == base + "ar/gemeinden/grenchen/"
    office = page.locator(".si-weeks .si-contact").first
    text = office.text_content()
    assert "Stadtkanzlei" in text and "Bahnhofstrasse 23" in text and "2540" in text
    assert office.locator("a[href^='tel:']").count() >= 1
    assert office.locator("table").count() == 1  # opening hours
    page.fill("#si-arrival", "2026-12-01")
    assert page.locator(".si-weeks__date").first.get_attribute("data-date") == "2026-12-15"
    assert_emergency_numbers_tappable(page)
    page.locator("#first-weeks").scroll_into_view_if_needed()
    shot(page, "ar-grenchen-weeks")
    page.click(".si-langmenu__button")
    shot(page, "ar-grenchen-menu")
    context.close()


def test_tamil_speaker_searching(site):
    base, browser = site
    context = browser.new_context(viewport=PHONE, has_touch=True, locale="ta")
    page = context.new_page()
    page.goto(base + "ta/", wait_until="networkidle")
    page.tap("#si-finder-q")
    for query, name in [("ஓல்டென்", "Olten"), ("கிரென்சென்", "Grenchen"), ("4600", "Olten"), ("Olten 4600", "Olten")]:
        page.fill("#si-finder-q", query)
        first = page.locator(".si-finder__results a").first
        first.wait_for(timeout=5000)
        assert first.text_content().startswith(name + " ("), query
    page.fill("#si-finder-q", "ஙஙஙஙஙங")
    status = page.locator(".si-finder__status")
    status.locator("a").wait_for(timeout=5000)
    assert page.locator(".si-finder__results li").count() == 0
    assert status.text_content().startswith("எந்த நகரசபையும் கிடைக்கவில்லை.")
    shot(page, "ta-nothing-found")
    with page.expect_navigation():
        status.locator("a").tap()
    assert page.url == base + "ta/gemeinden/"
    context.close()


def test_ukrainian_speaker_without_javascript(site):
    base, browser = site
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="uk")
    page = context.new_page()
    page.goto(base + "uk/")
    page.fill("#si-finder-q", "Ольтен")
    page.press("#si-finder-q", "Enter")  # no script: the form goes to the A–Z list's letters
    page.wait_for_url("**/uk/gemeinden/**")
    assert page.url.split("#")[1] == "si-letters"
    page.click("#si-letters a[href='#letter-o']")
    page.click("a[href='olten/']")
    assert page.url == base + "uk/gemeinden/olten/"
    weeks = page.locator(".si-weeks")
    assert "протягом 14 днів після в'їзду" in weeks.text_content()  # the rule, readable without script
    assert "Einwohnerkontrolle" in weeks.text_content()
    assert_emergency_numbers_tappable(page)
    shot(page, "uk-olten-nojs")
    context.close()


@pytest.mark.parametrize("code", ["de", "ar", "ti"])
def test_phone_screenshots_of_start_municipality_and_menu(site, code):
    base, browser = site
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    prefix = "" if code == "de" else f"{code}/"
    page.goto(base + prefix, wait_until="networkidle")
    page.fill("#si-finder-q", "Olt")
    page.locator(".si-finder__results a").first.wait_for(timeout=5000)
    shot(page, f"{code}-start-finder")
    page.goto(base + prefix + "gemeinden/grenchen/", wait_until="networkidle")
    page.click(".si-langmenu__button")
    shot(page, f"{code}-grenchen-menu")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
