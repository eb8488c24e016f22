"""Printable documents, opened as PDFs: A4, at most 2 pages, every script present, fonts embedded,
the QR code leads to the right page, long data paginates, caching renders only what changed."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from generator.handouts import handout_jobs
from generator.loader import load_site
from generator.pdf import render_all
from conftest import REPO, TEST_LANGUAGES

SITE_URL = "https://example.org/"


def pdfinfo(path: Path) -> dict:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def png(path: Path, tmp: Path, dpi: int = 150) -> Path:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(path), str(tmp / path.stem)],
                   check=True, capture_output=True)
    return next(tmp.glob(f"{path.stem}*.png"))


def test_every_municipality_has_its_documents_in_every_built_language(built):
    site = built.site_dir
    for code, root in {"de": site, "en": site / "en", "ar": site / "ar", "ti": site / "ti"}.items():
        for folder in (root / "gemeinden").iterdir():
            if folder.is_dir():
                assert (folder / f"merkblatt-{code}.pdf").is_file(), folder
                assert (folder / f"leitfaden-{code}.pdf").is_file(), folder
                assert (folder / f"merkblatt-{code}-de.pdf").is_file() == (code != "de")


@pytest.mark.parametrize("code", ["de", "en", "ar", "ti"])
def test_handouts_are_a4_at_most_two_pages_with_embedded_fonts(built, code):
    root = built.site_dir if code == "de" else built.site_dir / code
    for slug in ["grenchen", "kriegstetten", "solothurn", "zuchwil"]:
        for name in [f"merkblatt-{code}.pdf"] + ([f"merkblatt-{code}-de.pdf"] if code != "de" else []):
            pdf = root / "gemeinden" / slug / name
            info = pdfinfo(pdf)
            assert "(A4)" in info["Page size"]
            assert 1 <= int(info["Pages"]) <= 2, (pdf, info["Pages"])
            assert all(row[-5] == "yes" for row in fonts(pdf) if len(row) > 5), fonts(pdf)


def test_text_of_each_script_is_in_the_pdf(built, tmp_path):
    ti = pdftext(built.site_dir / "ti" / "gemeinden" / "grenchen" / "merkblatt-ti.pdf")
    assert "ሰኑይ" in ti  # Monday in Tigrinya (opening hours through CLDR)
    bilingual = pdftext(built.site_dir / "ti" / "gemeinden" / "grenchen" / "merkblatt-ti-de.pdf")
    assert "Melden Sie sich innert 14 Tagen" in bilingual and "ሰኑይ" in bilingual
    # Arabic: pdftotext may reverse ligatures, so check the font and the letters, not word order
    ar_pdf = built.site_dir / "ar" / "gemeinden" / "grenchen" / "merkblatt-ar.pdf"
    assert any("NotoSansArabic" in " ".join(r) for r in fonts(ar_pdf))
    ar_text = pdftext(ar_pdf)
    assert sum(1 for ch in ar_text if "\u0600" <= ch <= "\u06ff") > 200
    # Tamil and Cyrillic: render those languages for one municipality
    site = load_site(REPO)
    jobs = handout_jobs(site, ["ta", "uk"], tmp_path / "site", SITE_URL, municipalities=["grenchen"])
    render_all(jobs, tmp_path / "build")
    ta = pdftext(tmp_path / "site" / "ta" / "gemeinden" / "grenchen" / "merkblatt-ta.pdf")
    assert site.languages["ta"].t("municipality_title", municipality="Grenchen") in ta.replace("\n", " ") or "திங்கள்" in ta
    uk = pdftext(tmp_path / "site" / "uk" / "gemeinden" / "grenchen" / "merkblatt-uk.pdf")
    assert "понеділок" in uk


def test_qr_code_leads_to_the_page_in_that_language(built, tmp_path):
    for code, root in {"de": built.site_dir, "ar": built.site_dir / "ar"}.items():
        image = png(root / "gemeinden" / "grenchen" / f"merkblatt-{code}.pdf", tmp_path)
        codes = zxingcpp.read_barcodes(Image.open(image))
        expected = SITE_URL + ("" if code == "de" else f"{code}/") + "gemeinden/grenchen/"
        assert [c.text for c in codes] == [expected]
        assert (root / "gemeinden" / "grenchen" / "index.html").is_file()


def test_guide_has_german_and_the_newcomers_language_side_by_side(built):
    text = pdftext(built.site_dir / "en" / "gemeinden" / "grenchen" / "leitfaden-en.pdf")
    assert "Gesprächsleitfaden" in text and "Informieren" in text
    assert "Stadtkanzlei" in text  # the local referral comes from the data
    assert "Unterstützungsbedarf erkennen" in text  # German-only staff page
    assert int(pdfinfo(built.site_dir / "en" / "gemeinden" / "grenchen" / "leitfaden-en.pdf")["Pages"]) == 2


def test_long_data_paginates_without_losing_anything(project, tmp_path):
    data = project / "municipalities.yml"
    offers = "".join(
        f"  - id: extra-{i}\n    category: meeting_place\n    for:\n      municipalities: [grenchen]\n"
        f"    title: {{de: \"Treffpunkt Nummer {i} mit einem recht langen Namen\"}}\n"
        f"    cost: {{de: \"gratis\"}}\n    sources: [https://example.org/]\n    last_verified: 2026-11-01\n"
        for i in range(40))
    text = data.read_text(encoding="utf-8").replace("\nmunicipalities:\n", "\n" + offers + "\nmunicipalities:\n", 1)
    text = text.replace("offers:\n  - id: deutsch-integrationskurse", "offers:\n  - id: deutsch-integrationskurse", 1)
    data.write_text(text, encoding="utf-8")
    site = load_site(project)
    jobs = handout_jobs(site, ["de"], tmp_path / "site", SITE_URL, municipalities=["grenchen"])
    render_all(jobs, tmp_path / "build")
    pdf = tmp_path / "site" / "gemeinden" / "grenchen" / "merkblatt-de.pdf"
    assert int(pdfinfo(pdf)["Pages"]) >= 2
    body = pdftext(pdf)
    for i in range(40):
        assert f"Treffpunkt Nummer {i} mit" in body, i


def test_cache_renders_only_what_changed(project, tmp_path):
    site = load_site(project)
    build = tmp_path / "build"
    jobs = handout_jobs(site, ["de", "en"], tmp_path / "site", SITE_URL, municipalities=["grenchen", "bettlach"])
    first = render_all(jobs, build)
    assert first.rendered == first.total == 10  # (de: handout, guide; en: handout, bilingual, guide) × 2
    assert render_all(jobs, build).rendered == 0
    data = project / "gemeinden" / "grenchen.yml"
    data.write_text(data.read_text(encoding="utf-8").replace('name: Stadtkanzlei\n', 'name: Stadtkanzlei Grenchen\n'),
                    encoding="utf-8")
    site = load_site(project)
    again = render_all(handout_jobs(site, ["de", "en"], tmp_path / "site", SITE_URL,
                                    municipalities=["grenchen", "bettlach"]), build)
    assert again.rendered == 5  # Grenchen: its handouts and guides; nothing of Bettlach


def test_municipality_page_links_its_documents(built):
    from htmlutil import load, resolve
    page = built.site_dir / "ar" / "gemeinden" / "grenchen" / "index.html"
    hrefs = [a["href"] for a in load(page).find("a") if a.get("href", "").endswith(".pdf")]
    assert "merkblatt-ar.pdf" in hrefs and "merkblatt-ar-de.pdf" in hrefs and "leitfaden-ar.pdf" in hrefs
    others = [h for h in hrefs if "/" in h]
    assert len(others) == len(TEST_LANGUAGES) - 1  # every other built language
    for h in hrefs:
        assert resolve(built.site_dir, page, h).is_file()


# --- Issue 11 §4: printed things point to the real site, or say they are a preview ----------------

@pytest.mark.parametrize("url, public", [
    ("https://example.org/", True), ("https://integration.so.ch/start/", True), ("http://8.8.8.8/", True),
    ("http://localhost:8000/", False), ("http://127.0.0.1:8000/", False), ("http://[::1]:8000/", False),
    ("http://0.0.0.0:8000/", False), ("http://192.168.1.20/", False), ("http://myserver/", False),
    ("http://site.local/", False), ("file:///srv/site/", False), ("", False), (None, False)])
def test_which_addresses_are_public(url, public):
    from generator.handouts import public_url
    assert (public_url(url) is not None) is public


def test_preview_handouts_print_no_qr_code_and_no_local_address(tmp_path):
    site = load_site(REPO)
    jobs = handout_jobs(site, ["de", "ar"], tmp_path / "site", "http://localhost:8000/", municipalities=["grenchen"])
    render_all(jobs, tmp_path / "build")
    pdfs = sorted((tmp_path / "site").rglob("*.pdf"))
    assert len(pdfs) == 5
    for pdf in pdfs:
        text = pdftext(pdf)
        assert "localhost" not in text and "127.0.0.1" not in text and ":8000" not in text, pdf
        if pdf.name.startswith("merkblatt"):
            assert "Vorschau – keine öffentliche Adresse" in text, pdf
            assert zxingcpp.read_barcodes(Image.open(png(pdf, tmp_path))) == [], pdf


def test_preview_build_says_so(project, tmp_path):
    from generator.handouts import build_handouts
    site = load_site(project)
    stats = build_handouts(site, ["de"], tmp_path / "site", "http://localhost:8000/", tmp_path / "build",
                           municipalities=["biberist"])
    assert "Vorschau" in stats.note and "SITE_URL" in stats.note
    assert build_handouts(site, ["de"], tmp_path / "site", SITE_URL, tmp_path / "build",
                          municipalities=["biberist"]).note == ""


# --- Issue 11 §3 and 13: the canton's offices and the emergency numbers on every handout ---------

def test_cantonal_offices_stay_on_handouts_beside_own_contacts(built):
    site = load_site(REPO)
    own = [m.slug for m in site.data.municipalities if m.contacts]
    assert {"biberist", "olten", "solothurn"} <= set(own)
    for slug in ("biberist", "olten", "solothurn", "bolken"):
        for code in ("de", "ar"):
            root = built.site_dir if code == "de" else built.site_dir / code
            text = " ".join(pdftext(root / "gemeinden" / slug / f"merkblatt-{code}.pdf").split())
            # pdftotext gives a German name inside right-to-left text in visual pieces (a bracket may
            # come out elsewhere): compare without spaces, brackets and bidi marks
            flat = re.sub(r"[\s()\u202a-\u202e\u2066-\u2069]", "", text)
            for c in site.data.canton.contacts:
                assert re.sub(r"[\s()]", "", c.name.split(",")[0]) in flat, (slug, code, c.name)
            for n in site.data.canton.emergency_numbers:
                assert re.search(rf"\b{n.number}\b", text), (slug, code, n.number)


def test_handout_dates_source_and_check_apart(built):
    text = " ".join(pdftext(built.site_dir / "gemeinden" / "biberist" / "merkblatt-de.pdf").split())
    assert "Stand der Quelle unbekannt · geprüft am 24. November 2026 · kann veraltet sein" in text
    assert "Erstinformation" in text and "noch nicht erfasst" in text
    assert "informiert neu zugezogene Personen selbst" not in text


# --- Issue 14: right-to-left isolation, unbroken phone numbers, translated service texts ---------

def words(pdf: Path) -> list[tuple[float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(x), float(y), w) for x, y, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]


def test_rtl_handout_keeps_latin_runs_in_order(built):
    ws = words(built.site_dir / "ar" / "gemeinden" / "grenchen" / "merkblatt-ar.pdf")
    plz = [(x, y) for x, y, w in ws if w == "2540"]
    assert plz
    for x, y in plz:  # "2540 Grenchen", never "Grenchen 2540"
        town = [x2 for x2, y2, w in ws if w.startswith("Grenchen") and abs(y2 - y) < 1]
        assert town and all(x < x2 for x2 in town), (x, town)
    footer_y = max(y for _, y, _ in ws)
    url = [w for _, y, w in ws if abs(y - footer_y) < 1 and "example.org" in w]
    assert url and set(url) == {"example.org/ar/gemeinden/grenchen/"}  # the slash stays at the end (every page)


def test_phone_numbers_never_break_across_lines(built):
    for code in ("ti", "ar", "de"):
        root = built.site_dir if code == "de" else built.site_dir / code
        ws = words(root / "gemeinden" / "grenchen" / f"merkblatt-{code}.pdf")
        seen = 0
        for start, parts in (("032", ["032", "655", "66", "66"]), ("+41", ["+41", "32", "655", "66", "66"])):
            for i, (x, y, w) in enumerate(ws):
                if w == start:  # 032 655 66 66 and +41 32 655 66 66, each on one line
                    run = ws[i:i + len(parts)]
                    assert [w2 for _, _, w2 in run] == parts, (code, run)
                    assert len({round(y2) for _, y2, _ in run}) == 1, (code, run)
                    seen += 1
        assert seen >= 2, code


def test_translated_handout_uses_data_translations_and_marks_german(built, tmp_path):
    site = load_site(REPO)
    offer = next(o for o in site.data.offers if o.id == "deutsch-integrationskurse")
    en = " ".join(pdftext(built.site_dir / "en" / "gemeinden" / "grenchen" / "merkblatt-en.pdf").split())
    assert " ".join(offer.description["en"].split())[:60] in en  # the translation where the data has one
    # German where a language has no translation of the text: take the Tigrinya one away
    from conftest import copy_project, drop_translations
    from generator.handouts import build_handouts
    root = copy_project(tmp_path / "project")
    drop_translations(root, "ti", "data:offer:deutsch-integrationskurse:description")
    without = load_site(root)
    build_handouts(without, ["ti"], tmp_path / "site", SITE_URL, tmp_path / "build", municipalities=["grenchen"])
    ti = " ".join(pdftext(tmp_path / "site" / "ti" / "gemeinden" / "grenchen" / "merkblatt-ti.pdf").split())
    assert " ".join(offer.description["de"].split())[:60] in ti  # German …
    from babel import Locale
    assert f"({Locale.parse(site.languages['ti'].babel_locale).languages['de']})" in ti  # … labelled German


def test_preview_link_kit_offers_no_qr_code_to_this_machine(tmp_path):
    from generator.export import write_link_kits
    site = load_site(REPO)
    write_link_kits(site, tmp_path, ["de", "ar"], "http://localhost:8000/", True)
    kit = tmp_path / "gemeinden" / "biberist" / "linkkit"
    assert "Vorschau – keine öffentliche Adresse" in (kit / "index.html").read_text(encoding="utf-8")
    assert not list(kit.glob("*.png"))
    assert all("localhost" not in p.read_text(encoding="utf-8") for p in kit.glob("*.svg"))
