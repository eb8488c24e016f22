"""Printable documents, opened as PDFs: A4, at most 2 pages, every script present, fonts embedded,
the QR code leads to the right page, long data paginates, caching renders only what changed."""
from __future__ import annotations

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
