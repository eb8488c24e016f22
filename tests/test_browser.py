"""The newcomer's first minute in a real browser (Debian's Chromium via Playwright): finder (also
in other scripts, and its twin in Python), language switcher, right-to-left header, keyboard, offline
from the first visit, read aloud, dated first weeks, no foreign or failed requests, the weight
budget, and axe-core on every page type."""
from __future__ import annotations

import json

import pytest

from browser import BUDGET_BYTES, chromium, page_weight, serve
from conftest import REPO
from generator import finder

pytestmark = pytest.mark.slow

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
    assert first.get_attribute("href").removeprefix("./") == f"gemeinden/{slug}/"
    page.close()


def test_finder_without_javascript_is_a_link_to_the_list(web):
    base, browser, _ = web
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "ti/")
    page.click(".si-finder a[href$='gemeinden/']")
    page.wait_for_url(base + "ti/gemeinden/")
    page.wait_for_load_state()
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


def test_offline_from_the_first_visit_page_and_handout_and_an_offline_page_in_the_language(web):
    """Opened once from a QR code (no reload, no second visit): then offline it is still there."""
    base, browser, _ = web
    context = browser.new_context()
    page = context.new_page()
    url = base + "ar/gemeinden/grenchen/"
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=10000)
    page.wait_for_function("""caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))
        .then(ls => ls.flat().some(r => r.url.endsWith('merkblatt-ar.pdf')))""", timeout=15000)
    context.set_offline(True)
    page.reload()
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert "Grenchen" in page.title()
    assert page.locator(".si-weeks").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # styles too
    assert page.evaluate("fetch('merkblatt-ar.pdf').then(r => r.status)") == 200
    # a page the reader never opened: the small offline page, in the reader's language
    page.goto(base + "ar/gemeinden/olten/")
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").text_content() == "لا يوجد اتصال بالإنترنت"
    assert page.locator("a[href='./']").count() == 1
    page.goto(base + "gemeinden/olten/")
    assert page.evaluate("document.documentElement.lang") == "de-CH"
    assert page.locator("h1").text_content() == "Keine Internetverbindung"
    context.close()


@pytest.mark.parametrize("path", ["", "gemeinden/grenchen/", "ar/gemeinden/grenchen/", "ti/", "ar/themen/gesundheit/",
                                  "ar/glossar/"])
def test_first_view_budget_no_failed_and_no_foreign_requests(web, path):
    base, browser, site_dir = web
    w = page_weight(browser, base + path, site_dir, base)
    assert w["foreign"] == [], w
    assert w["failed"] == [], w
    assert w["bytes"] <= BUDGET_BYTES, w


AXE_TAGS = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"
PAGE_TYPES = ["", "themen/anmelden/", "gemeinden/grenchen/", "gemeinden/", "glossar/", "suche/", "gibt-es-nicht/"]


def axe_violations(browser, url: str) -> list:
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(f"axe.run(document, {AXE_TAGS})")
    context.close()
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.parametrize("code", ["de", "en", "ar", "ta", "ti"])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_violations_on_any_page_type(web, code, path):
    base, browser, _ = web
    violations = axe_violations(browser, base + ("" if code == "de" else f"{code}/") + path)
    assert violations == [], json.dumps(violations, ensure_ascii=False)


def test_axe_finds_no_violations_on_the_start_page_in_all_22_languages(web, built_all):
    _, browser, _ = web
    codes = sorted(p.parent.name for p in built_all.site_dir.glob("*/index.html")
                   if (p.parent / "gemeinden").is_dir()) + ["de"]
    assert len(codes) == 22, codes
    found = {}
    with serve(built_all.site_dir) as base:
        for code in codes:
            for path in ["", "gemeinden/biberist/"]:
                v = axe_violations(browser, base + ("" if code == "de" else f"{code}/") + path)
                if v:
                    found[code + "/" + path] = v
    assert found == {}, json.dumps(found, ensure_ascii=False)


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


# --- Right to left: the header language menu opens inside the screen; <html dir> ----------------

@pytest.mark.parametrize("code", ["ar", "de", "ti"])
def test_language_menu_opens_inside_the_screen_and_the_page_does_not_scroll_sideways(web, code):
    base, browser, _ = web
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + ("" if code == "de" else f"{code}/") + "gemeinden/grenchen/")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if code == "ar" else "ltr")
    assert not page.locator(".si-langmenu__list").is_visible()
    page.click(".si-langmenu__button")
    names = page.locator(".si-langmenu__list a")
    assert names.count() == 5
    for i in range(names.count()):
        box = names.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (i, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    names.filter(has_text="English").click()
    assert page.url == base + "en/gemeinden/grenchen/"
    context.close()


# --- Keyboard: real Tab presses --------------------------------------------------------------

FOCUSED = """() => { const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {tag: e.tagName, cls: e.className && e.className.baseVal === undefined ? e.className : '',
          inContent: !!e.closest('.md-content'), inMenu: !!e.closest('.si-langmenu__list'),
          inDrawer: !!e.closest('.md-sidebar'), visible: r.width > 0 && r.height > 0 && r.right > 0 &&
          r.left < innerWidth && r.bottom > 0 && r.top < innerHeight && s.visibility !== 'hidden',
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'}; }"""


def test_keyboard_reaches_the_content_quickly_with_visible_focus(web):
    base, browser, _ = web
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + "ar/gemeinden/grenchen/", wait_until="networkidle")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        stops.append(f)
        if f["inContent"] and f["tag"] == "A" and "si-notice" not in f["cls"]:
            break
    assert any(s["inContent"] for s in stops), stops
    assert len(stops) <= 7, stops  # skip link, menu, listen, language menu, suggestion (link, close), content
    assert not any(s["inMenu"] or s["inDrawer"] for s in stops), stops
    assert all(s["visible"] and s["outline"] for s in stops), stops
    # the skip link moves the focus past the header
    page.goto(base + "ar/gemeinden/grenchen/", wait_until="networkidle")
    page.keyboard.press("Tab")
    assert "md-skip" in page.evaluate(FOCUSED)["cls"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inContent"]
    # the language menu opens with the keyboard, and then its links are reachable
    page.goto(base + "ar/gemeinden/grenchen/", wait_until="networkidle")
    page.focus(".si-langmenu__button")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMenu"]
    context.close()


def test_the_navigation_drawer_opens_and_closes_with_the_keyboard(web):
    """On a phone-size screen the menu is Material's CSS drawer: Enter opens it and moves the focus
    into it, Escape closes it and gives the focus back to the menu button (ar: right to left)."""
    base, browser, _ = web
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + "ar/gemeinden/grenchen/", wait_until="networkidle")
    button = "label.md-header__button[for='__drawer']"
    assert page.get_attribute(button, "role") == "button" and page.get_attribute(button, "aria-label")
    for _ in range(6):  # reached with Tab, not only by script
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches(\"label[for='__drawer']\")"):
            break
    else:
        raise AssertionError("the menu button is not reached with Tab")
    page.keyboard.press("Enter")
    assert page.is_checked("#__drawer") and page.get_attribute(button, "aria-expanded") == "true"
    assert page.evaluate("!!document.activeElement.closest('.md-nav--primary')")
    assert page.locator(".md-nav--primary").is_visible()
    page.keyboard.press("Escape")
    assert not page.is_checked("#__drawer") and page.get_attribute(button, "aria-expanded") == "false"
    assert page.evaluate("document.activeElement.matches(\"label[for='__drawer']\")")
    context.close()


# --- Finder: other scripts, postal code with name, nothing found, the Python twin ---------------

SCRIPT_QUERIES = [
    ("Ольтен", "olten"), ("Гренхен", "grenchen"), ("Біберіст", "biberist"), ("Золотурн", "solothurn"),
    ("Бетлах", "bettlach"), ("أولتن", "olten"), ("غرينشن", "grenchen"), ("جرينشن", "grenchen"),
    ("سولوتورن", "solothurn"), ("گرنشن", "grenchen"), ("بالستال", "balsthal"), ("ኦልተን", "olten"),
    ("ቢበሪስት", "biberist"), ("ግረንኸን", "grenchen"), ("ஓல்டென்", "olten"), ("கிரென்சென்", "grenchen"),
    ("பிபெரிஸ்ட்", "biberist"), ("4600 Olten", "olten"), ("Olten 4600", "olten"), ("٤٦٠٠", "olten"),
    ("Grenhcen", "grenchen"), ("Halten", "kriegstetten"),
]


def finder_results(page, query: str) -> list[str]:
    page.fill("#si-finder-q", query)
    page.wait_for_function("document.querySelector('.si-finder__results a') || "
                           "document.querySelector('.si-finder__status').textContent", timeout=5000)
    return [h.split("/")[-2] for h in page.locator(".si-finder__results a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")]


def test_finder_finds_names_written_in_other_scripts_and_python_agrees(web, built):
    base, browser, site_dir = web
    data = json.loads((site_dir / "data" / "finder.json").read_text(encoding="utf-8"))
    page = browser.new_page()
    page.goto(base + "ta/", wait_until="networkidle")
    for query, slug in SCRIPT_QUERIES:
        in_browser = finder_results(page, query)
        in_python = finder.search(query, data["m"], data["t"])
        assert in_browser[:1] == [slug], (query, in_browser)
        assert in_python == in_browser, (query, in_python, in_browser)
    page.close()


def test_finder_says_when_nothing_matched_and_offers_the_list(web):
    base, browser, _ = web
    page = browser.new_page()
    page.goto(base + "ti/", wait_until="networkidle")
    assert finder_results(page, "ዝዝዝ ቐቐቐ ፐፐፐ") == []
    status = page.locator(".si-finder__status")
    link = status.locator("a")
    link.wait_for(timeout=5000)
    from generator.loader import load_site
    none = load_site(REPO).languages["ti"].strings["finder_none"]
    assert status.text_content().startswith(none + " ")
    assert link.get_attribute("href").removeprefix("./") == "gemeinden/"
    link.click()
    assert page.url == base + "ti/gemeinden/"
    page.close()


def test_finder_without_javascript_lands_on_the_letters_of_the_list(web):
    base, browser, _ = web
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + "ar/")
    page.fill("#si-finder-q", "Olten")
    page.press("#si-finder-q", "Enter")
    page.wait_for_url("**/ar/gemeinden/**")
    assert page.url.endswith("#si-letters")
    assert page.locator("#si-letters").bounding_box()["y"] < 200  # scrolled to the letters
    page.click("#si-letters a[href='#letter-o']")
    page.click("a[href='olten/']")
    assert page.url == base + "ar/gemeinden/olten/"
    context.close()


# --- Read aloud ------------------------------------------------------------------------------

FAKE_VOICES = """(() => {
  const voices = %s;
  window.__spoken = [];
  speechSynthesis.getVoices = () => voices;
  speechSynthesis.speak = (u) => window.__spoken.push({text: u.text, lang: u.lang});
  speechSynthesis.cancel = () => { window.__cancelled = true; };
})();"""


def test_listen_reads_with_the_phones_own_voice_and_says_so_when_there_is_none(web):
    base, browser, _ = web
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(FAKE_VOICES % '[{"lang": "ar-SA", "name": "Arabic", "localService": true}, '
                                          '{"lang": "de-DE", "name": "Deutsch", "localService": true}]')
    page = context.new_page()
    page.goto(base + "ar/gemeinden/grenchen/", wait_until="networkidle")
    button = page.locator(".si-listen__button")
    assert button.is_visible() and button.get_attribute("aria-label") == "اقرأ بصوت عالٍ"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    spoken = page.evaluate("window.__spoken")
    assert any(s["lang"] == "ar-SA" and "Grenchen" in s["text"] for s in spoken), spoken[:3]
    assert any(s["lang"] == "de-DE" for s in spoken)  # German passages with the German voice
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "false" and page.evaluate("window.__cancelled")
    context.close()
    # a phone without a Tigrinya voice: no button, an honest note in Tigrinya
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(FAKE_VOICES % '[{"lang": "en-US", "name": "English", "localService": true}]')
    page = context.new_page()
    page.goto(base + "ti/gemeinden/grenchen/", wait_until="networkidle")
    assert not page.locator(".si-listen__note").is_visible()
    page.click(".si-listen__button")
    note = page.locator(".si-listen__note")
    assert note.is_visible() and note.get_attribute("role") == "status"
    assert note.text_content() == "መሳርሒኹም ንዚ ቋንቋ ድምጺ የብሉን። ኣብ ቅጥዕታት ተሌፎን ድምጺ ክትውስኹ ትኽእሉ።"
    assert page.evaluate("window.__spoken") == []
    context.close()


# --- My first weeks, dated ---------------------------------------------------------------------

@pytest.mark.parametrize("arrival,register,insurance", [
    ("2026-12-01", "2026-12-15", "2027-03-01"),  # 14 days (Art. 15 VZAE), 3 months (Art. 7 KVV)
    ("2026-11-30", "2026-12-14", "2027-02-28"),  # no 30 February: end of the month
    ("2027-12-20", "2028-01-03", "2028-03-20"),
])
def test_first_weeks_dates_from_the_day_of_arrival(web, arrival, register, insurance):
    base, browser, _ = web
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    requests = []
    page.goto(base + "ti/gemeinden/biberist/", wait_until="networkidle")
    page.on("request", lambda r: requests.append(r.url))
    page.fill("#si-arrival", arrival)
    dates = page.locator(".si-weeks__date").evaluate_all("els => els.map(e => e.dataset.date)")
    assert dates == [register, insurance]
    assert page.locator(".si-weeks__date").first.is_visible()
    assert page.locator(".si-weeks__date-de").first.text_content().startswith(" – bis ")
    assert requests == []  # nothing sent anywhere
    context.close()


def test_first_weeks_today_button_and_kept_on_the_device(web):
    base, browser, _ = web
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + "ar/gemeinden/grenchen/", wait_until="networkidle")
    page.click(".si-weeks__today")
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    assert page.input_value("#si-arrival") in (today, page.evaluate(
        "(() => { const t = new Date(); return t.getFullYear() + '-' + String(t.getMonth() + 1).padStart(2, '0') + '-' + String(t.getDate()).padStart(2, '0'); })()"))
    page.reload(wait_until="networkidle")
    assert page.locator(".si-weeks__date").first.is_visible()  # the date is kept on the device
    context.close()


# --- The preview's static server compresses like nginx ---------------------------------------

def test_static_server_gzips_and_sets_cache_headers_like_nginx(web):
    import urllib.request
    base, _, site_dir = web

    def head(path, gzip=True):
        req = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"} if gzip else {})
        with urllib.request.urlopen(req) as r:
            return r.headers, len(r.read())

    h, size = head("ar/gemeinden/grenchen/")
    assert h["Content-Encoding"] == "gzip" and size < (site_dir / "ar/gemeinden/grenchen/index.html").stat().st_size / 3
    assert h["Cache-Control"] == "public, max-age=300"
    h, _ = head("sw.js")
    assert h["Cache-Control"] == "no-cache"
    css = next((site_dir / "assets" / "stylesheets").glob("main.*.min.css")).name
    h, _ = head(f"assets/stylesheets/{css}")
    assert h["Cache-Control"] == "public, max-age=31536000, immutable" and h["Content-Encoding"] == "gzip"
    h, _ = head("ar/gemeinden/grenchen/", gzip=False)
    assert h["Content-Encoding"] is None
