"""The whole loop with a real browser: a clerk opens the data sheet (file://) in Chromium, fills
the Einwohnerkontrolle and the first information, saves; the Fachstelle imports the answer and
builds; the German and Arabic pages and the handout show it. Also: the form's phone rule agrees
with the loader's, bad input blocks saving, typed markup stays text, and it fits a phone.

Firefox: Playwright's Firefox is not installed on this machine (no browser download allowed), so
only Debian's Chromium is driven here."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from pathlib import Path

import pytest

from browser import chromium
from conftest import copy_project
from generator import checks
from generator.build import build_site
from generator.circular import write_requests
from generator.handouts import handout_jobs
from generator.loader import load_site
from generator.pdf import render_all
from htmlutil import load

pytestmark = pytest.mark.slow

SLUG = "oensingen"
TODAY = dt.date.today()
# Test values typed by the "clerk" in a throw-away copy of the project; obviously not real data.
STREET, POSTAL, PLACE, PHONE = "Musterweg 7", "4702", "Oensingen", "062 000 00 00"
SCREENSHOTS = os.environ.get("DATASHEET_SHOTS")  # a folder to keep the screenshots, for looking at them


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("loop") / "project")
    site = load_site(root)
    out = root / "build" / "requests"
    write_requests(site, out, request_date=TODAY - dt.timedelta(days=1), deadline=TODAY + dt.timedelta(days=30),
                   reply_to="integration@example.org", slugs=[SLUG, "grenchen"])
    return root, out / SLUG / f"datenblatt-{SLUG}.html"


def _open(browser, path, **ctx):
    context = browser.new_context(accept_downloads=True, **ctx)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("request", lambda r: problems.append("request " + r.url) if not r.url.startswith(("file:", "blob:", "data:")) else None)
    page.on("dialog", lambda d: (problems.append("dialog " + d.message), d.dismiss()))
    page.goto(path.as_uri())
    return context, page, problems


def _fill_residents_office(page):
    office = page.locator("#contacts > [data-item='contact']").first
    assert office.locator("select[data-key='role']").input_value() == "residents_office"
    office.locator("[data-key='street']").fill(STREET)
    office.locator("[data-key='postal_code']").fill(POSTAL)
    office.locator("[data-key='locality']").fill(PLACE)
    office.locator("[data-key='phone']").fill(PHONE)
    row = office.locator("[data-item='hours']").first
    for day in ("mo", "tu", "th"):
        row.locator(f"[data-day='{day}']").check()
    row.locator("[data-time='from0']").fill("08:00")
    row.locator("[data-time='to0']").fill("11:30")
    row.locator("[data-time='from1']").fill("14:00")
    row.locator("[data-time='to1']").fill("17:00")
    fi = page.locator("#first-information")
    fi.locator("input[name='fi-provider'][value='self']").check()
    fi.locator("[data-key='methods'] input[value='conversation']").check()
    fi.locator("[data-key='methods'] input[value='letter']").check()
    fi.locator("input[name='fi-interpreter'][value='on_request']").check()
    fi.locator("select[data-key='office']").select_option("residents_office")


def test_fill_save_import_build_shows_the_answer(sheet, tmp_path):
    root, path = sheet
    with chromium() as browser:
        context, page, problems = _open(browser, path, viewport={"width": 1280, "height": 900})
        _fill_residents_office(page)
        with page.expect_download() as info:
            page.click("#save-button")
        download = info.value
        answer_path = tmp_path / download.suggested_filename
        download.save_as(answer_path)
        assert page.locator("#saved").is_visible()
        context.close()
    assert problems == []
    assert answer_path.name == f"gemeindeangaben-{SLUG}-{TODAY.isoformat()}.json"
    answer = json.loads(answer_path.read_text(encoding="utf-8"))
    assert answer["municipality"] == {"bfs_nr": 2407, "slug": SLUG, "name": "Oensingen"}

    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "import", str(answer_path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr  # the browser's checksum is the one Python computes
    assert "Vollständig (Einwohnerkontrolle mit Adresse, Telefon, Öffnungszeiten; Erstinformation): ja" in run.stdout

    result = build_site(root, languages=["de", "ar"], site_url="https://example.org/", handouts=False)
    site = load_site(root)
    for code, prefix in (("de", ""), ("ar", "ar/")):
        page = load(result.site_dir / prefix / "gemeinden" / SLUG / "index.html")
        text = page.text
        assert STREET in text and POSTAL in text, code
        assert "000 00 00" in text, code
        tel = [a["href"] for a in page.find("a") if a.get("href", "").startswith("tel:")]
        assert "tel:+41620000000" in tel, (code, tel)
        lang = site.languages[code]
        assert lang.t("first_information_self", municipality="Oensingen") in text, code
        assert "Angaben der Gemeinde" in text, code  # the source, as text
    de = load(result.site_dir / "gemeinden" / SLUG / "index.html").text
    for t in ("08:00", "11:30", "14:00", "17:00"):
        assert t in de
    # the handout (PDF) of that municipality, German and Arabic
    jobs = handout_jobs(site, ["de", "ar"], tmp_path / "site", "https://example.org/", municipalities=[SLUG])
    render_all(jobs, tmp_path / "build")
    for code, prefix in (("de", ""), ("ar", "ar/")):
        pdf = tmp_path / "site" / prefix / "gemeinden" / SLUG / f"merkblatt-{code}.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert STREET in text and "000 00 00" in text, code
        assert "08:00" in text or "08.00" in text or "٠٨:٠٠" in text, code


PHONE_SAMPLES = ["032 655 66 66", "+41 32 655 66 66", "0041 32 655 66 66", "062 000 00 00", "079 123 45 67",
                 "0800 123 456", "032 65", "062 38", "1234", "abc", "032 655 66 66 6", "099 123 45 67",
                 "(032) 655-66-66", "032.655.66.66", "0900 123 456", "+41 79 123 45 67", "+41 12 345 67 89"]


def test_phone_rule_in_the_form_is_the_loaders(sheet):
    _, path = sheet
    expected = {n: checks.phone(n) is None for n in PHONE_SAMPLES}
    assert set(expected.values()) == {True, False}
    with chromium() as browser:
        context, page, problems = _open(browser, path)
        field = page.locator("#contacts [data-key='phone']").first
        seen = {}
        for number in PHONE_SAMPLES:
            field.fill(number)
            seen[number] = "invalid" not in (field.get_attribute("class") or "")
            if not seen[number]:
                message = field.locator("xpath=..").locator(".error").inner_text()
                assert message == checks.phone(number)
        context.close()
    assert seen == expected
    assert problems == []


def test_bad_input_blocks_saving_and_typed_markup_stays_text(sheet, tmp_path):
    _, path = sheet
    payload = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    with chromium() as browser:
        context, page, problems = _open(browser, path)
        office = page.locator("#contacts > [data-item='contact']").first
        office.locator("[data-key='phone']").fill("062 38")
        office.locator("[data-key='email']").fill("ek(at)oensingen")
        office.locator("[data-key='name']").fill("Einwohnerkontrolle " + payload)
        row = office.locator("[data-item='hours']").first
        row.locator("[data-day='fr']").check()
        row.locator("[data-time='from0']").fill("17:00")
        row.locator("[data-time='to0']").fill("08:00")
        downloads = []
        page.on("download", lambda d: downloads.append(d))
        page.click("#save-button")
        page.wait_for_timeout(300)
        listed = page.locator("#problems li").all_inner_texts()
        assert not downloads
        assert any("keine gültige Telefonnummer" in t for t in listed), listed
        assert any("E-Mail" in t for t in listed), listed
        assert any("«bis» muss nach «von»" in t for t in listed), listed
        assert page.locator("img").count() == 0
        # fix the mistakes: the payload stays in the answer as plain text
        office.locator("[data-key='phone']").fill(PHONE)
        office.locator("[data-key='email']").fill("")
        row.locator("[data-time='from0']").fill("08:00")
        row.locator("[data-time='to0']").fill("11:00")
        with page.expect_download() as info:
            page.click("#save-button")
        answer = json.loads(open(info.value.path(), encoding="utf-8").read())
        assert answer["data"]["contacts"][0]["name"] == "Einwohnerkontrolle " + payload
        assert page.locator("img").count() == 0
        context.close()
    assert not [p for p in problems if p.startswith(("dialog", "request"))], problems


def test_sheet_on_a_phone(sheet, tmp_path):
    _, path = sheet
    shots = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    with chromium() as browser:
        context, page, problems = _open(browser, path, viewport={"width": 390, "height": 844}, is_mobile=True,
                                        has_touch=True, device_scale_factor=1, locale="de-CH")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"horizontal scrolling on a phone: {width}px"
        small = page.evaluate("""Array.from(document.querySelectorAll('button, input[type=text], input[type=tel], select'))
            .filter(e => e.offsetParent && e.getBoundingClientRect().height < 40).length""")
        assert small == 0  # touch targets at least 40 px high
        assert page.locator("#contacts [data-item='contact'].gap").count() == 1
        _fill_residents_office(page)
        assert page.locator("[data-gapbox].gap").count() == 0  # every highlighted gap is filled now
        page.screenshot(path=str(shots / "datasheet-phone.png"), full_page=True)
        with page.expect_download():
            page.click("#save-button")
        context.close()
    assert problems == []


def test_status_report_sorts_by_sozialregion_under_its_csp(sheet, tmp_path):
    from generator.status import html_report
    root, _ = sheet
    report = tmp_path / "status.html"
    report.write_text(html_report(load_site(root)), encoding="utf-8")
    with chromium() as browser:
        context, page, problems = _open(browser, report)
        first = lambda: page.locator("#gemeinden tbody tr").first.get_attribute("data-district")  # noqa: E731
        assert first() == "Bucheggberg"  # pre-sorted by district without script
        page.click("button[data-sort='region']")
        regions = page.eval_on_selector_all("#gemeinden tbody tr", "rows => rows.map(r => r.dataset.region)")
        assert regions == sorted(regions, key=lambda r: r.casefold()) and len(regions) == 104
        context.close()
    assert problems == []
