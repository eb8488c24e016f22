"""Translation status, glossary and the status report, on the real content."""
from __future__ import annotations


from generator.loader import load_site
from generator.status import html_report, plain_text, text_report, wiener_sachtextformel


def test_status_shows_shares_of_units_per_language(project):
    site = load_site(project)
    report = text_report(site)
    line = next(l for l in report.splitlines() if l.strip().startswith("ar ") and "%" in l)
    units, reviewed, machine, outdated, missing = line.split()[1], *[float(x) for x in line.split()[2::2][:4]]
    assert int(units) > 600 and abs(reviewed + machine + outdated + missing - 100) < 0.5
    assert "Übersetzungsstand je Sprache" in html_report(site)


def test_status_report_lists_language_by_topic_and_readability(project):
    site = load_site(project)
    report = text_report(site)
    header = next(l for l in report.splitlines() if l.strip().startswith("ar") and " de " in l)
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
