"""The finder's rules in Python (generator/finder.py) and the deadlines file: tables from the
standards, skeletons, ranking, and clear messages for broken files. The browser half of the same
cases is in test_browser.py (both must agree)."""
from __future__ import annotations

import pytest

from generator import finder
from generator.deadlines import load_deadlines
from generator.loader import load_site
from generator.problems import InvalidInput
from test_browser import SCRIPT_QUERIES
from conftest import REPO


@pytest.fixture(scope="module")
def places():
    site = load_site(REPO)
    return finder.places(site), finder.load_table(REPO)


@pytest.mark.parametrize("query,slug", SCRIPT_QUERIES)
def test_search_finds_names_in_other_scripts(places, query, slug):
    entries, table = places
    assert finder.search(query, entries, table)[:1] == [slug]


def test_tables_follow_the_standards():
    t = finder.load_table(REPO)
    # ISO 9: ж ž, х h, щ ŝ; DIN 31635: ش š, خ ḫ, ج ǧ; EAE: ሰ s + ä; ISO 15919: ழ ḻ (accents dropped)
    assert (t["ж"], t["х"], t["щ"], t["ш"], t["ш"]) == ("z", "h", "s", "s", "s")
    assert (t["ش"], t["خ"], t["ج"], t["ع"]) == ("s", "h", "g", "")
    assert (t["ሰ"], t["ሱ"], t["ስ"], t["ሶ"]) == ("sa", "su", "s", "so")
    assert (t["ழ"], t["்"], t["٤"], t["۴"]) == ("l", "", "4", "4")


def test_nothing_matches_nonsense_and_nothing_in_a_script_without_table(places):
    entries, table = places
    assert finder.search("xyzzy", entries, table) == []
    assert finder.search("北京", entries, table) == []
    assert finder.search("9999", entries, table) == []


def test_postal_code_and_name_must_both_match(places):
    entries, table = places
    assert finder.search("4600 Grenchen", entries, table) == []
    assert finder.search("2540 Grenchen", entries, table) == ["grenchen"]


def test_a_broken_table_gets_file_line_field_and_a_german_message(tmp_path):
    (tmp_path / "finder").mkdir()
    (tmp_path / finder.TABLE_FILE).write_text(
        "greek:\n  source: ISO 843\n  letters:\n    α: a\n    β: \"β\"\n    γδ: g\n"
        "latin2:\n  letters:\n    ł: l\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        finder.load_table(tmp_path)
    messages = [str(p) for p in exc.value.problems.sorted()]
    assert any(m.startswith("finder/transliteration.yml:5: Fehler: greek.β:") and "nur a–z" in m for m in messages), messages
    assert any(m.startswith("finder/transliteration.yml:6:") and "ein Zeichen" in m for m in messages), messages
    assert any(m.startswith("finder/transliteration.yml:7:") and "source" in m for m in messages), messages


def test_deadlines_have_law_and_sources():
    deadlines = load_deadlines(REPO, frozenset(p.stem for p in (REPO / "locales").glob("*.yml")))
    by_id = {d.id: d for d in deadlines}
    assert by_id["register"].days == 14 and "VZAE" in by_id["register"].law
    assert by_id["health_insurance"].months == 3 and "KVV" in by_id["health_insurance"].law
    assert all(d.sources and d.text["de"] for d in deadlines)


def test_a_broken_deadlines_file_names_file_line_and_field(tmp_path):
    (tmp_path / "deadlines.yml").write_text(
        "deadlines:\n  - id: register\n    days: vierzehn\n    law: Art. 12 AIG\n    sources: [nicht-url]\n"
        "    text: {de: Anmelden, xx: Foo}\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        load_deadlines(tmp_path, frozenset({"de", "ar"}))
    messages = [str(p) for p in exc.value.problems.sorted()]
    assert any(m.startswith("deadlines.yml:3:") and "deadlines[0].days" in m and "vierzehn" in m for m in messages), messages
    assert any("deadlines.yml:5:" in m and "nicht-url" in m for m in messages), messages
    assert any("«xx»" in m for m in messages), messages


def test_check_reports_a_broken_deadlines_file(project):
    import subprocess
    import sys
    path = project / "deadlines.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("days: 14", "days: 0"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check"],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 1
    assert "deadlines.yml:7: Fehler: deadlines[0].days: «0» ist keine Zahl von 1 bis 366." in run.stderr, run.stderr
