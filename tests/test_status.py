"""Translation status, glossary and the status report, on the real content."""
from __future__ import annotations


from generator.content import current_hash, stamp
from generator.loader import load_site
from generator.status import html_report, plain_text, text_report, wiener_sachtextformel


def test_changed_german_page_marks_its_translations_outdated(project):
    site = load_site(project)
    assert site.topics[0].status("en") == "machine"
    german = project / "content" / "index.md"
    german.write_text(german.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", encoding="utf-8")
    site = load_site(project)
    index = next(t for t in site.topics if str(t.path) == "index.md")
    assert index.status("en") == "outdated"
    assert any(p.file == "content/index.en.md" and "source_hash" in p.field for p in site.problems.warnings)
    # after review, `stamp` records that the translation matches the German again
    stamp(project / "content" / "index.en.md")
    index = next(t for t in load_site(project).topics if str(t.path) == "index.md")
    assert index.status("en") == "machine"
    assert current_hash(german) in (project / "content" / "index.en.md").read_text()


def test_reviewed_translation_needs_review_metadata(project):
    p = project / "content" / "index.en.md"
    p.write_text(p.read_text(encoding="utf-8").replace("status: machine", "status: reviewed"), encoding="utf-8")
    from generator.problems import InvalidInput
    import pytest
    with pytest.raises(InvalidInput) as info:
        load_site(project)
    assert any("review" in e.field for e in info.value.problems.errors)
    text = p.read_text(encoding="utf-8").replace("status: reviewed", "status: reviewed\nreview: {date: 2026-11-20, organisation: Fachstelle Integration}")
    p.write_text(text, encoding="utf-8")
    index = next(t for t in load_site(project).topics if str(t.path) == "index.md")
    assert index.status("en") == "reviewed"


def test_status_report_lists_language_by_topic_and_readability(project):
    site = load_site(project)
    report = text_report(site)
    header = next(l for l in report.splitlines() if l.strip().startswith("ar"))
    assert len(header.split()) == len(site.languages)
    assert "Wiener Sachtextformel" in report and "Grenchen" in report
    html = html_report(site)
    assert html.count("<tr>") > 104 and 'content="noindex"' in html


def test_readability_measure_reacts_to_hard_text():
    easy = "Sie melden sich an. Das ist wichtig. Gehen Sie zur Gemeinde."
    hard = ("Die Anmeldeverpflichtung gegenüber der kommunalen Einwohnerkontrollbehörde entsteht unmittelbar "
            "mit der Wohnsitznahme, wobei die Nichteinhaltung administrativrechtliche Konsequenzen nach sich zieht.")
    assert wiener_sachtextformel(easy) < 8 < wiener_sachtextformel(hard)
    assert "http" not in plain_text("[Link](https://example.org) text")


def test_german_pages_are_plain_language(project):
    for topic in load_site(project).topics:
        assert wiener_sachtextformel(topic.body) <= 8, topic.path
