"""Translation catalogs (translations/<code>.po): segmentation, export and import, freshness per
unit, and the consistency checks — on copies of the real project."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import REPO, copy_project
from generator import catalog_exchange as cx
from generator.content import FRONT_RE
from generator.loader import load_site
from generator.problems import InvalidInput, Problems
from generator.segments import assemble, split
from generator.translations import page_markdown

CODES = sorted(p.stem for p in (REPO / "translations").glob("*.po"))
PARAGRAPH = ("Jede Gemeinde hat eine eigene Liste.\nDie Liste Ihrer Gemeinde gilt.\nFragen Sie vorher nach.\n"
             "Oft braucht es zum Beispiel diese Dokumente:")
CHANGED = PARAGRAPH.replace("Fragen Sie vorher nach.", "Fragen Sie vorher am Schalter nach.")


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    """One copy of the project for the tests that only read or that restore what they change."""
    return copy_project(tmp_path_factory.mktemp("tr") / "project")


def _problems(root: Path) -> Problems:
    try:
        return load_site(root).problems
    except InvalidInput as exc:
        return exc.problems


def _edit(root: Path, code: str, context: str, change, msgid_part: str = "") -> polib.POEntry:
    """Change the msgstr of the first current entry with `context` (and msgid containing `msgid_part`)."""
    path = root / "translations" / f"{code}.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == context and msgid_part in e.msgid and e.msgstr and not e.fuzzy)
    entry.msgstr = change(entry.msgstr)
    po.save(str(path))
    return entry


# --- segmentation -------------------------------------------------------------------------------

def test_every_german_page_splits_into_segments_and_reassembles_unchanged():
    kinds = set()
    for page in sorted((REPO / "content").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        body = text[FRONT_RE.match(text).end():]
        segs = split(body)
        assert segs, page
        kinds |= {s.kind for s in segs}
        same = {i: s.text for i, s in enumerate(segs) if s.kind != "heading"}
        assert assemble(body, segs, same, set(), "") == body, page
    assert kinds == {"heading", "paragraph", "item", "cell", "admonition"}


# --- export and import ----------------------------------------------------------------------------

def test_export_import_round_trip_is_lossless_for_every_language(shared, tmp_path):
    project = cx.load_project(shared)
    site = load_site(shared)
    pages_before = {(str(t.path), c): page_markdown(site, t, c) for t in site.topics for c in t.translations}
    catalogs_before = {c: (shared / "translations" / f"{c}.po").read_bytes() for c in CODES}
    locales_before = {c: (shared / "locales" / f"{c}.yml").read_bytes() for c in CODES}
    assert len(CODES) == 21
    for code in CODES:
        exported = tmp_path / f"{code}.po"
        exported.write_bytes(cx.export_catalog(project, code))
        po = polib.pofile(str(exported))
        assert any(e.msgctxt.startswith("ui:") for e in po) and any(e.msgctxt.startswith("glossary:") for e in po)
        result = cx.import_catalog(cx.load_project(shared), exported)
        assert not result.refused, result.refused[:3]
        assert (shared / "translations" / f"{code}.po").read_bytes() == catalogs_before[code], code
        assert (shared / "locales" / f"{code}.yml").read_bytes() == locales_before[code], code
    site = load_site(shared)
    pages_after = {(str(t.path), c): page_markdown(site, t, c) for t in site.topics for c in t.translations}
    assert pages_after == pages_before


BREAKS = [
    # (context, part of the German msgid, how the translation is broken, what the refusal must say)
    ("content:themen/anmelden.md", "[Aufenthalt und Familie](aufenthalt.md)",
     lambda t: t.replace("aufenthalt.md", "https://example.org/"), "Link → aufenthalt.md"),
    ("content:themen/deutsch.md", "**Café Du und Ich.**", lambda t: t.replace("**", "*", 1), "Fettdruck"),
    ("content:themen/anmelden.md", "innert 14 Tagen nach der Einreise", lambda t: t.replace("14", "15"),
     "Andere Zahlen als im Deutschen"),
    ("content:themen/anmelden.md", "Jede Gemeinde hat eine eigene Liste.",
     lambda t: t + ' <img src=x onerror="alert(1)">', "Nicht im Deutschen: HTML"),
    ("content:themen/anmelden.md", "Jede Gemeinde hat eine eigene Liste.",
     lambda t: "- " + t, "Aufbau der Seite"),
    ("ui:municipality_title", "", lambda t: t.replace("{municipality}", "{gemeinde}"), "Platzhalter"),
]


@pytest.mark.parametrize("context,part,breaker,reason", BREAKS, ids=[b[3][:20] for b in BREAKS])
def test_import_that_breaks_its_german_is_refused_with_entry_and_reason(shared, tmp_path, context, part, breaker, reason):
    project = cx.load_project(shared)
    exported = tmp_path / "ar.po"
    exported.write_bytes(cx.export_catalog(project, "ar"))
    before = (shared / "translations" / "ar.po").read_bytes(), (shared / "locales" / "ar.yml").read_bytes()
    po = polib.pofile(str(exported))
    entry = next(e for e in po if e.msgctxt == context and part in e.msgid and not e.fuzzy)
    entry.msgstr = breaker(entry.msgstr)
    assert entry.msgstr
    # a correct change elsewhere in the same file: refused too, nothing is written
    other = next(e for e in po if e.msgctxt == "glossary:title")
    other.msgstr = other.msgstr + " "
    po.save(str(exported))
    result = cx.import_catalog(project, exported)
    assert len(result.refused) == 1, result.refused
    assert context in result.refused[0] and reason in result.refused[0] and "ar.po:" in result.refused[0]
    assert ((shared / "translations" / "ar.po").read_bytes(), (shared / "locales" / "ar.yml").read_bytes()) == before
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(shared), "catalog", "import", str(exported)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "nicht übernommen" in run.stderr and reason in run.stderr


def test_import_records_review_by_organisation_and_a_changed_text_loses_it(project, tmp_path):
    p = cx.load_project(project)
    exported = tmp_path / "en.po"
    exported.write_bytes(cx.export_catalog(p, "en"))
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "catalog", "import", str(exported),
                          "--reviewed-by", "Fachstelle Integration Kanton Solothurn"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    stored = (project / "translations" / "en.po").read_text(encoding="utf-8")
    assert "# reviewed: Fachstelle Integration Kanton Solothurn, " in stored
    site = load_site(project)
    assert site.glossary.status("en") == "reviewed"
    # someone changes one entry without reviewing: only that entry is a machine draft again
    po = polib.pofile(str(exported))
    entry = next(e for e in po if e.msgctxt == "glossary:ahv:explanation")
    entry.msgstr = entry.msgstr.replace("pensions", "old-age pensions")
    po.save(str(exported))
    assert not cx.import_catalog(cx.load_project(project), exported).refused
    counts = load_site(project).glossary.counts("en")
    assert counts["machine"] == 1 and counts["reviewed"] == len(load_site(project).glossary.units) - 1


def test_review_needs_organisation_and_date(shared):
    path = shared / "translations" / "ti.po"
    original = path.read_bytes()
    try:
        po = polib.pofile(str(path))
        po[3].tcomment = "reviewed: Maria Muster"
        po.save(str(path))
        assert any("Prüfvermerk" in p.message and p.file == "translations/ti.po" for p in _problems(shared).errors)
    finally:
        path.write_bytes(original)
    locale = shared / "locales" / "ti.yml"
    text = locale.read_text(encoding="utf-8")
    try:
        locale.write_text(text.replace("status: machine", "status: reviewed"), encoding="utf-8")
        assert any(p.field == "review" and p.file == "locales/ti.yml" for p in _problems(shared).errors)
    finally:
        locale.write_text(text, encoding="utf-8")


# --- freshness per unit -----------------------------------------------------------------------------

def test_changed_german_paragraph_makes_only_that_paragraph_outdated_everywhere(project):
    page = project / "content" / "themen" / "anmelden.md"
    site = load_site(project)
    topic = next(t for t in site.topics if str(t.path) == "themen/anmelden.md")
    before = {c: list(tr.unit_status) for c, tr in topic.translations.items()}
    index = next(i for i, u in enumerate(topic.units) if u.source.startswith(PARAGRAPH))
    text = page.read_text(encoding="utf-8")
    assert PARAGRAPH in text
    page.write_text(text.replace(PARAGRAPH, CHANGED), encoding="utf-8")
    site = load_site(project)
    topic = next(t for t in site.topics if str(t.path) == "themen/anmelden.md")
    assert len(topic.translations) == 21
    for code, tr in topic.translations.items():
        changed = [i for i, (a, b) in enumerate(zip(before[code], tr.unit_status)) if a != b]
        assert changed == [index] and tr.unit_status[index] == "outdated", code
        md = page_markdown(site, topic, code)
        assert "Fragen Sie vorher am Schalter nach." in md and '{ lang="de" dir="ltr" .si-outdated }' in md
    # the catalog update keeps the former translation as a fuzzy suggestion with the former German
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "catalog", "update", "--lang", "ar"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    entry = next(e for e in polib.pofile(str(project / "translations" / "ar.po")) if "am Schalter" in e.msgid)
    assert entry.fuzzy and "Fragen Sie vorher nach." in entry.previous_msgid and entry.msgstr


def test_changed_glossary_term_and_ui_string_mark_only_themselves(project):
    g = project / "glossary" / "de.yml"
    text = g.read_text(encoding="utf-8")
    old = "Sie sagen der Einwohnerkontrolle am alten Wohnort, dass Sie wegziehen."
    assert old in text
    g.write_text(text.replace(old, "Sie melden sich am alten Wohnort ab, wenn Sie wegziehen."), encoding="utf-8")
    de = project / "locales" / "de.yml"
    de.write_text(de.read_text(encoding="utf-8").replace('toc: "Inhalt dieser Seite"', 'toc: "Auf dieser Seite"'),
                  encoding="utf-8")
    site = load_site(project)
    for code in CODES:
        assert site.glossary.counts(code)["outdated"] == 1
        assert "abmeldung" not in site.glossary.translations[code].terms
        assert "ahv" in site.glossary.translations[code].terms
        ui = site.languages[code].ui_status
        assert [k for k, s in ui.items() if s == "outdated"] == ["toc"], code
    from generator.render.pages import render_glossary
    ar = render_glossary(site, site.languages["ar"])
    assert "Sie melden sich am alten Wohnort ab" in ar  # German, since the Arabic is outdated


# --- consistency checks in `check` ----------------------------------------------------------------

def test_clean_tree_passes_every_translation_rule():
    site = load_site(REPO)  # raises on any error
    rules = ("Kantonsname", "Ziffern gemischt", "Andere Zahlen", "Prüfvermerk")
    assert not [p for p in site.problems.items if any(r in p.message for r in rules)]


def test_number_rule_catches_a_changed_number(shared):
    path = shared / "translations" / "fr.po"
    original = path.read_bytes()
    try:
        _edit(shared, "fr", "content:themen/anmelden.md", lambda t: t.replace("14", "41"), "innert 14 Tagen nach")
        errs = [p for p in _problems(shared).errors if "Andere Zahlen" in p.message]
        assert len(errs) == 1 and errs[0].file == "translations/fr.po" and "41" in errs[0].message
    finally:
        path.write_bytes(original)


def test_canton_name_rule_catches_another_script(shared):
    path = shared / "translations" / "uk.po"
    original = path.read_bytes()
    try:
        _edit(shared, "uk", "content:index.md", lambda t: t.replace("Solothurn", "Золотурн"), "Sie sind neu im Kanton")
        errs = [p for p in _problems(shared).errors if "Kantonsname" in p.message]
        assert len(errs) == 1 and errs[0].file == "translations/uk.po" and "«Solothurn»" in errs[0].message
    finally:
        path.write_bytes(original)


def test_glossary_rule_warns_when_an_official_term_is_dropped(shared):
    path = shared / "translations" / "en.po"
    original = path.read_bytes()
    try:
        before = [p for p in _problems(shared).warnings if "«Bewilligung»" in p.message and "en.po" in p.file]
        assert not before
        _edit(shared, "en", "content:themen/anmelden.md",
              lambda t: "The card shows your status.\nIt lets you live in Switzerland.\nThis is how you get the card:",
              "Der Ausländerausweis zeigt")
        warns = [p for p in _problems(shared).warnings if "«Bewilligung»" in p.message and "en.po" in p.file]
        assert len(warns) == 1 and warns[0].file == "translations/en.po" and "«permit»" in warns[0].message
    finally:
        path.write_bytes(original)


def test_digit_rule_warns_about_mixed_digits(shared):
    path = shared / "translations" / "ar.po"
    original = path.read_bytes()
    try:
        _edit(shared, "ar", "content:themen/anmelden.md", lambda t: t.replace("14", "١٤"), "innert 14 Tagen nach")
        problems = _problems(shared)
        assert not [p for p in problems.errors if "Andere Zahlen" in p.message]  # same number, other digits
        warns = [p for p in problems.warnings if "Ziffern gemischt" in p.message]
        assert len(warns) == 1 and warns[0].file == "translations/ar.po" and "Arabic-Indic" in warns[0].message
    finally:
        path.write_bytes(original)


def _outdated(root: Path, page: str, code: str) -> int:
    topic = next(t for t in load_site(root).topics if str(t.path) == page)
    return sum(1 for s in topic.translations[code].unit_status if s in ("outdated", "missing"))


# --- a real build -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_real_build_shows_only_the_changed_paragraph_in_german(tmp_path, built):
    from generator.build import build_site
    from htmlutil import load
    root = copy_project(tmp_path / "project")
    # round trip through the exchange format first: the build must not notice
    exported = tmp_path / "ar.po"
    exported.write_bytes(cx.export_catalog(cx.load_project(root), "ar"))
    assert not cx.import_catalog(cx.load_project(root), exported).refused
    pending = _outdated(root, "themen/anmelden.md", "ar")  # German parts already waiting for translation
    page = root / "content" / "themen" / "anmelden.md"
    page.write_text(page.read_text(encoding="utf-8").replace(PARAGRAPH, CHANGED), encoding="utf-8")
    result = build_site(root, languages=["de", "ar"], site_url="https://example.org/", handouts=False)
    doc = load(result.site_dir / "ar" / "themen" / "anmelden" / "index.html")
    marked = doc.by_class("si-outdated")
    assert all(m[0] == "p" and m[2] == "de" and m[3] == "ltr" for m in marked)
    assert len(marked) == _outdated(root, "themen/anmelden.md", "ar") == pending + 1
    german = [(t, lang) for t, lang in doc.text_parts if "am Schalter" in t]
    assert german and all(lang == "de" for _, lang in german)
    arabic = [(t, lang) for t, lang in doc.text_parts if any("\u0621" <= ch <= "\u064a" for ch in t)]
    assert len(arabic) > 10 and all(lang == "ar" for _, lang in arabic)
    assert doc.by_class("si-notice--outdated")
    # every other page is byte-for-byte what the unchanged project builds
    def article(p: Path) -> str:
        html = p.read_text(encoding="utf-8")
        return html[html.index("<article"):html.index("</article>")]
    for topic in ["notfall", "gesundheit", "deutsch"]:
        assert article(result.site_dir / "ar" / "themen" / topic / "index.html") == \
            article(built.site_dir / "ar" / "themen" / topic / "index.html"), topic


def test_offer_titles_come_from_the_catalogs_and_a_changed_german_title_falls_back(project):
    site = load_site(project)
    offer = next(o for o in site.data.offers if o.id == "heks-linguadukt")
    assert offer.title["ar"] == "الترجمة الشفهية بين الثقافات (HEKS Linguadukt)"
    assert site.data_texts.counts("ar")["machine"] >= 7
    data = project / "municipalities.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("Interkulturelles Dolmetschen (HEKS Linguadukt)",
                                                             "Dolmetschen (HEKS Linguadukt)"), encoding="utf-8")
    site = load_site(project)
    offer = next(o for o in site.data.offers if o.id == "heks-linguadukt")
    assert "ar" not in offer.title and site.data_texts.counts("ar")["outdated"] == 1
