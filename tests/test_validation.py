"""Real broken files: each mistake an editor can make gives a message with file, line and field,
all mistakes of a run are reported together, and a failed build leaves the existing site alone."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import tree_digest as _tree_digest
from generator.loader import load_site
from generator.problems import InvalidInput

GRENCHEN = '  - bfs_nr: 2546\n    name: "Grenchen"\n    slug: grenchen\n'
GF = "gemeinden/grenchen.yml"
MARK = "«here»"


@dataclass
class Case:
    name: str
    file: str
    old: str  # text in the real file …
    new: str  # … replaced by this; MARK (removed) marks the line the message must name
    field: str  # expected in the problem's field
    words: str  # expected in the message


CASES = [
    Case("yaml_syntax", "municipalities.yml", GRENCHEN, '  - bfs_nr: 2546\n«here»    name: "Grenchen\n    slug: grenchen\n', "", "YAML-Syntaxfehler"),
    Case("tab_indent", "municipalities.yml", GRENCHEN, '  - bfs_nr: 2546\n«here»\tname: "Grenchen"\n    slug: grenchen\n', "", "Tabulator"),
    Case("duplicate_key", "municipalities.yml", GRENCHEN, GRENCHEN + "«here»    slug: grenchen-2\n", "slug", "doppelt"),
    Case("unknown_key", GF, "name: Grenchen\n", "name: Grenchen\n«here»websiet: https://www.grenchen.ch/\n", "websiet", "Meinten Sie «website»"),
    Case("own_data_in_registry", "municipalities.yml", GRENCHEN, GRENCHEN + "«here»    contacts: []\n", "contacts", "gemeinden/grenchen.yml"),
    Case("wrong_bfs_in_municipal_file", GF, "bfs_nr: 2546\n", "«here»bfs_nr: 2545\n", "bfs_nr", "passt nicht zu Grenchen"),
    Case("stand_after_last_verified", GF, "    last_verified: 2026-11-24\n", "    last_verified: 2026-11-24\n«here»    stand: 2026-11-25\n", "contacts[0].stand", "jünger als die letzte Prüfung"),
    Case("source_neither_url_nor_municipality", GF, "  - https://www.grenchen.ch/departemente/290\n", "«here»  - Angaben der Stadt\n", "website_sources", "Angaben der Gemeinde"),
    Case("first_information_office_without_contact", "gemeinden/flumenthal.yml", "  region: verbund-unterleberberg\n", "  region: verbund-unterleberberg\n«here»  office: residents_office\n", "first_information.office", "keine Stelle mit role: residents_office"),
    Case("missing_required", "municipalities.yml", '  - bfs_nr: 2543\n    name: "Bettlach"\n    slug: bettlach\n    district: lebern\n',
         '«here»  - bfs_nr: 2543\n    name: "Bettlach"\n    slug: bettlach\n', "district", "Pflichtfeld «district» fehlt"),
    Case("wrong_type", "municipalities.yml", "  - bfs_nr: 2546\n", "  - bfs_nr: zweitausend\n", "bfs_nr", "ganze Zahl"),
    Case("invalid_phone", GF, 'phone: 032 655 66 66', '«here»phone: "032 65"', "phone", "keine gültige Telefonnummer"),
    Case("invalid_email", GF, 'email: stadtkanzlei@grenchen.ch', '«here»email: "stadtkanzlei(at)grenchen.ch"', "email", "E-Mail"),
    Case("url_without_scheme", GF, "website: https://www.grenchen.ch/\n", "«here»website: www.grenchen.ch\n", "website", "https://"),
    Case("javascript_url", GF, "website: https://www.grenchen.ch/\n", "«here»website: javascript:alert(1)\n", "website", "https://"),
    Case("impossible_date", "municipalities.yml", "stand: 2026-01-01", "«here»stand: 2026-02-30", "stand", "Datum"),
    Case("duplicate_bfs", "municipalities.yml", "  - bfs_nr: 2401\n", "  - bfs_nr: 2546\n", "bfs_nr", "doppelt"),
    Case("duplicate_slug", "municipalities.yml", "    slug: solothurn\n", "«here»    slug: grenchen\n", "slug", "doppelt"),
    Case("slug_with_path", "municipalities.yml", "    slug: grenchen\n", "«here»    slug: ../grenchen\n", "slug", "URL-Name"),
    Case("unknown_region", "municipalities.yml", "    district: lebern\n    region: oberer-leberberg\n",
         "    district: lebern\n«here»    region: oberer-leberberg-x\n", "region", "Unbekannte Sozialregion"),
    Case("unknown_district", "municipalities.yml", "    district: lebern\n    region: oberer-leberberg\n", "«here»    district: leberen\n    region: oberer-leberberg\n", "district", "Meinten Sie «lebern»"),
    Case("unknown_language_in_text", "municipalities.yml", "      en: German integration courses\n", "«here»      xx: German integration courses\n", "title.xx", "Unbekannte Sprache"),
    Case("hours_25", GF, "times: ['09:00-11:30', '14:00-17:00']", '«here»times: ["09:00-11:30", "14:00-25:00"]', "times", "Stunden 00–23"),
    Case("hours_overlap", GF, "      - days: mo-fr\n        times: ['09:00-11:30', '14:00-17:00']\n",
         "      - days: mo-fr\n        times: ['09:00-11:30', '14:00-17:00']\n«here»      - days: fr\n        times: ['16:00-18:00']\n", "opening_hours[1]", "überschneiden"),
    Case("bad_weekday", GF, "      - days: mo-fr\n", "«here»      - days: montag-freitag\n", "days", "Wochentage"),
    Case("offer_category_typo", "municipalities.yml", "    category: german_course\n", "«here»    category: german_cours\n", "category", "Meinten Sie «german_course»"),
    Case("offer_unknown_municipality", "municipalities.yml", "      municipalities: [solothurn, derendingen, zuchwil]\n", "«here»      municipalities: [solothurn, derendingen, zuchwill]\n", "for.municipalities", "Meinten Sie «zuchwil»"),
    Case("first_information_unknown_region", "gemeinden/flumenthal.yml", "  region: verbund-unterleberberg\n", "«here»  region: verbund-oberleberberg\n", "first_information.region", "Unbekannte Region"),
    Case("locale_missing_string", "locales/en.yml", '  closed: "closed"\n', "", "strings.closed", "Text fehlt"),
    Case("locale_placeholder", "locales/en.yml", '  municipality_title: "Welcome to {municipality}"', '«here»  municipality_title: "Welcome to {gemeinde}"', "strings.municipality_title", "Platzhalter"),
    Case("locale_not_bcp47", "locales/en.yml", "tag: en\n", "«here»tag: english_GB\n", "tag", "BCP 47"),
    Case("locale_unknown_key", "locales/en.yml", '  closed: "closed"\n', '  closed: "closed"\n«here»  clsoed: "closed"\n', "strings.clsoed", "Unbekannter Text-Schlüssel"),
    Case("front_matter_broken", "content/index.md", "title: Willkommen im Kanton Solothurn\n", "«here»title: [Willkommen im Kanton Solothurn\n", "", "YAML-Syntaxfehler"),
    Case("front_matter_missing_title", "content/index.md", "title: Willkommen im Kanton Solothurn\n", "", "front matter.title", "Pflichtfeld «title» fehlt"),
    Case("front_matter_bad_source_url", "content/index.md", "  - url: https://www.srf.ch/", "«here»  - url: www.srf.ch/", "front matter.sources[1].url", "https://"),
    # titles and summaries are plain text: the theme prints them where it does not escape them
    Case("title_closes_the_title_element", "content/index.md", "title: Willkommen im Kanton Solothurn\n",
         "«here»title: Willkommen</title><script>alert(1)</script>\n", "front matter.title", "reiner Text"),
    Case("summary_with_straight_quotes", "content/themen/anmelden.md", "summary: Melden Sie sich innert 14 Tagen bei Ihrer Gemeinde an.\n",
         '«here»summary: Melden Sie sich "sofort" an.\n', "front matter.summary", "«\""),
    Case("translated_title_with_markup", "translations/fr.po", 'msgstr "Arriver et s\'annoncer"',
         '«here»msgstr "Arriver et <b>s\'annoncer</b>"', "msgctxt content:themen/anmelden.md:title", "reiner Text"),
]
CASE = {c.name: c for c in CASES}  # the cases by name


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def apply(project: Path, case: Case) -> tuple[Path, int]:
    path = project / case.file
    text = path.read_text(encoding="utf-8")
    assert case.old in text, f"fixture text not found in {case.file}: {case.old!r}"
    text = text.replace(case.old, case.new, 1)
    line = text[: text.index(MARK)].count("\n") + 1 if MARK in text else None
    path.write_text(text.replace(MARK, ""), encoding="utf-8")
    return path, line


def problems_of(project: Path):
    with pytest.raises(InvalidInput) as info:
        load_site(project)
    return info.value.problems.errors


def test_the_real_data_is_valid(project):
    site = load_site(project)
    assert len(site.data.municipalities) == 104
    assert site.problems.errors == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_mistake_names_file_line_and_field(project, case):
    _, line = apply(project, case)
    errors = problems_of(project)
    matching = [p for p in errors if p.file == case.file and case.field in p.field and case.words in p.message]
    assert matching, "\n".join(map(str, errors))
    if line is not None:
        assert any(p.line == line for p in matching), (line, [str(p) for p in matching])
    assert str(matching[0]).startswith(f"{case.file}:")


def test_all_problems_of_a_run_are_reported_at_once(project):
    apply(project, CASE["invalid_phone"])
    apply(project, CASE["url_without_scheme"])
    apply(project, CASE["locale_missing_string"])
    errors = problems_of(project)
    assert {p.field.rsplit(".", 1)[-1] for p in errors} >= {"phone", "website", "closed"}


def test_translation_as_markdown_file_points_to_the_catalogs(project):
    (project / "content" / "themen" / "gibtsnicht.en.md").write_text(
        "---\ntitle: Nothing\nstatus: machine\nsource_hash: abc\n---\nText\n", encoding="utf-8")
    errors = problems_of(project)
    assert any("gibtsnicht.en.md" in p.file and "translations/en.po" in p.message and "catalog convert" in p.message
               for p in errors)


def test_catalog_with_unknown_language(project):
    (project / "translations" / "xx.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    errors = problems_of(project)
    assert any(p.file == "translations/xx.po" and "Unbekannte Sprache «xx»" in p.message for p in errors)


@pytest.mark.parametrize("content,words", [
    (b"", "leer"),
    (b"stand: 2026-01-01\nsources: []\n\xff\xfe broken", "UTF-8"),
    (b"# x\n" * (1_300_000), "KB gross"),
], ids=["empty", "not_utf8", "five_mb"])
def test_unreadable_data_file(project, content, words):
    (project / "municipalities.yml").write_bytes(content)
    errors = problems_of(project)
    assert any(p.file == "municipalities.yml" and words in p.message for p in errors)


def test_cli_check_exit_code_and_messages(project):
    apply(project, CASE["invalid_phone"])
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check"],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "gemeinden/grenchen.yml:" in run.stderr and "phone" in run.stderr and "Telefonnummer" in run.stderr
    ok = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check"],
                        capture_output=True, text=True, input=None)
    assert ok.returncode == 1  # still broken: nothing was changed by check


def test_failed_build_leaves_previous_site_untouched(project):
    run = [sys.executable, "-m", "generator", "--root", str(project), "build", "--lang", "de"]
    assert subprocess.run(run, capture_output=True).returncode == 0
    site = project / "site"
    before = _tree_digest(site)
    apply(project, CASE["yaml_syntax"])
    failed = subprocess.run(run, capture_output=True, text=True)
    assert failed.returncode == 1 and "unverändert" in failed.stderr
    assert _tree_digest(site) == before


def test_committed_json_schemas_are_generated_from_the_model():
    from generator.export import SCHEMAS, schema_text
    from conftest import REPO
    assert len(SCHEMAS) == 2
    for rel in SCHEMAS:
        assert (REPO / rel).read_text(encoding="utf-8") == schema_text(rel), \
            f"{rel} is stale: run python -m generator schema"


def test_municipal_file_schema_describes_the_municipality_file():
    import json
    from generator.export import schema_text
    from generator.municipal_files import SCHEMA_PATH
    schema = json.loads(schema_text(SCHEMA_PATH))
    assert set(schema["required"]) == {"bfs_nr", "name"} and schema["additionalProperties"] is False
    assert {"contacts", "first_information", "offers", "events", "website"} <= set(schema["properties"])
    fi = schema["$defs"]["FirstInformation"]["properties"]
    assert fi["methods"]["items"]["enum"] == ["conversation", "letter", "event"]
    assert "stand" in schema["$defs"]["Contact"]["properties"] and "for" not in schema["$defs"]["LocalOffer"]["properties"]
    registry = json.loads(schema_text())["$defs"]["Municipality"]["properties"]
    assert "contacts" not in registry and "first_information" not in registry


def test_json_schema_accepts_the_real_data_shape():
    import json
    from generator.export import schema_text
    schema = json.loads(schema_text())
    muni = schema["$defs"]["Municipality"]
    assert set(muni["required"]) == {"bfs_nr", "name", "slug", "district", "region", "postal_codes"}
    assert muni["additionalProperties"] is False
    assert "for" in schema["$defs"]["Offer"]["properties"]


def test_broken_links_and_anchors_in_any_language_are_errors(project):
    from generator.links import check_links
    # German: a missing page and a missing anchor are found by the link check
    page = project / "content" / "themen" / "gesundheit.md"
    text = page.read_text(encoding="utf-8")
    assert "(notfall.md#nummer-144)" in text
    page.write_text(text.replace("(notfall.md#nummer-144)", "(notfall.md#nummer-999)", 1)
                    + "\n[x](gibtsnicht.md)\n", encoding="utf-8")
    site = load_site(project)
    check_links(site)
    msgs = [str(p) for p in site.problems.errors]
    assert any("gesundheit.md:" in m and "#nummer-999" in m and "(de)" in m for m in msgs), msgs
    assert any("gesundheit.md:" in m and "gibtsnicht.md" in m for m in msgs), msgs
    # a translation cannot point elsewhere than its German text: the entry is named with the reason
    page.write_text(text, encoding="utf-8")
    import polib
    po = polib.pofile(str(project / "translations" / "ar.po"))
    entry = next(e for e in po if "(notfall.md#nummer-144)" in e.msgstr and not e.fuzzy)
    entry.msgstr = entry.msgstr.replace("(notfall.md#nummer-144)", "(notfall.md#nummer-999)")
    po.save()
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check"], capture_output=True, text=True)
    assert run.returncode == 1 and "translations/ar.po:" in run.stderr and "Link → notfall.md#nummer-144" in run.stderr
