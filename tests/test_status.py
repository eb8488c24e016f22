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
    assert html.count("<tr") > 104 and 'content="noindex"' in html


def test_readability_measure_reacts_to_hard_text():
    easy = "Sie melden sich an. Das ist wichtig. Gehen Sie zur Gemeinde."
    hard = ("Die Anmeldeverpflichtung gegenüber der kommunalen Einwohnerkontrollbehörde entsteht unmittelbar "
            "mit der Wohnsitznahme, wobei die Nichteinhaltung administrativrechtliche Konsequenzen nach sich zieht.")
    assert wiener_sachtextformel(easy) < 8 < wiener_sachtextformel(hard)
    assert "http" not in plain_text("[Link](https://example.org) text")


def test_german_pages_are_plain_language(project):
    for topic in load_site(project).topics:
        assert wiener_sachtextformel(topic.body) <= 8, topic.path


def test_fachstelle_overview_headline_sources_and_requests(project, tmp_path):
    """After one municipality answered and another was asked: the headline counts the complete
    one, the rows show the source, the age and whether a request is outstanding."""
    import datetime as dt
    import json
    import re
    from generator.answers import import_answer
    from generator.circular import write_requests
    from test_requests import GOOD, make_answer
    today = dt.date.today()
    site = load_site(project)
    write_requests(site, tmp_path / "out", request_date=today - dt.timedelta(days=40), deadline=today - dt.timedelta(days=10),
                   reply_to="integration@example.org", slugs=["oensingen", "olten"])
    path = tmp_path / "gemeindeangaben-oensingen.json"
    path.write_text(json.dumps(make_answer(GOOD, request=today - dt.timedelta(days=40), answered=today - dt.timedelta(days=3))),
                    encoding="utf-8")
    assert import_answer(load_site(project), path, today=today).ok
    site = load_site(project)
    report = text_report(site, today=today, sort="region")
    lines = report.splitlines()
    assert lines[1].endswith(": 1 von 104") and "vollständiger Einwohnerkontrolle" in lines[1]
    oensingen = next(l for l in lines if l.strip().startswith("Oensingen "))
    assert " ja " in oensingen and "Gemeinde selbst" in oensingen and "Gemeinde" in oensingen.split("Gemeinde selbst")[1]
    assert f"beantwortet {(today - dt.timedelta(days=3)).strftime('%d.%m.%Y')}" in oensingen
    olten = next(l for l in lines if l.strip().startswith("Olten "))
    assert "offen seit" in olten and "überfällig" in olten and "Web" in olten
    # sorted by Sozialregion: Oensingen under Thal-Gäu
    heading = max(i for i, l in enumerate(lines[: lines.index(oensingen)]) if l.startswith(" ") and not l.startswith("  "))
    assert "Thal" in lines[heading]
    html = html_report(site, today=today)
    assert html.index("1 von 104") < html.index("Übersetzungen")
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "script-src 'sha256-" in csp and "unsafe" not in csp
    assert html.count("<tr data-name=") == 104 and 'data-sort="region"' in html
