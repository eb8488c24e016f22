"""The language layer: the plugin's plain functions, the one gate (`check` = what build and CI
enforce), language codes the build accepts, and faults after staging (MkDocs, typst, Pagefind)
that leave the previous site intact and print the tool's own message."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import catalog_text, copy_project, tree_digest
from generator import layout
from generator.cli import main
from generator.gate import resolve_link, run_checks
from generator.links import links_of
from generator.loader import load_site
from generator.problems import InvalidInput
from generator.mkdocs_plugin import (SiteLanguageConfig, escape_meta, language_links, page_context,
                                     unused_theme_file)


def plugin_config(language: str, codes=("de", "en", "prs")) -> SiteLanguageConfig:
    cfg = SiteLanguageConfig()
    cfg.load_dict({"language": language, "site_root": "https://example.org/",
                   "languages": [{"code": c, "tag": c, "name": c.upper(), "dir": "ltr", "status": "machine"}
                                 for c in codes], "strings": {"x": "<b>"}})
    failed, warnings = cfg.validate()
    assert not failed, failed
    return cfg


# --- plain functions, no build ------------------------------------------------------------------

def test_plugin_options_are_validated_by_mkdocs():
    cfg = SiteLanguageConfig()
    cfg.load_dict({"language": "en", "site_root": "https://example.org/", "strings": {},
                   "languages": [{"code": "en", "tag": "en", "name": "English", "dir": "sideways", "status": "machine"}]})
    failed, _ = cfg.validate()
    assert [key for key, _ in failed] == ["languages"]
    assert "sideways" in str(failed[0][1])


def test_language_links_follow_the_one_layout():
    links = {l["code"]: l for l in language_links(plugin_config("prs"), "themen/anmelden/")}
    assert links["de"]["href"] == "../../../themen/anmelden/"
    assert links["en"]["href"] == "../../../en/themen/anmelden/"
    assert links["prs"]["href"] == "./" and links["prs"]["current"]
    assert links["de"]["link"] == "https://example.org/themen/anmelden/"
    ctx = page_context(plugin_config("de"), "")
    assert ctx["si_site_root"] == "./" and ctx["si_lang_root"] == ""
    assert page_context(plugin_config("en"), "gemeinden/grenchen/")["si_site_root"] == "../../../"
    assert layout.documents("de")["bilingual"] is None and layout.documents("ti")["bilingual"] == "merkblatt-ti-de.pdf"


def test_titles_are_escaped_once_where_the_theme_does_not_and_never_twice():
    """Material prints a title raw in <title> (after `striptags`, which unescapes) and escaped in the
    footer's label: only < > " (refused at load anyway) are escaped here, so «s'annoncer» and «&»
    are not shown as «&#x27;» or «&amp;amp;»."""
    meta = {"title": "Arriver et s'annoncer & plus", "description": 'a "b" <i>', "other": "<x>"}
    escape_meta(meta)
    assert meta == {"title": "Arriver et s'annoncer & plus", "description": "a &quot;b&quot; &lt;i&gt;",
                    "other": "<x>"}


def test_theme_files_the_site_never_loads_are_left_out_but_never_docs():
    theme = "/venv/material/templates/assets/javascripts/lunr/min/lunr.de.min.js"
    assert unused_theme_file("assets/javascripts/lunr/min/lunr.de.min.js", theme, "/p/build/docs/de")
    assert unused_theme_file("assets/stylesheets/main.css.map", "/venv/material/x.map", "/p/build/docs/de")
    assert not unused_theme_file("assets/javascripts/bundle.min.js", "/venv/material/b.js", "/p/build/docs/de")
    assert not unused_theme_file("assets/javascripts/lunr/x.js", "/p/build/docs/de/assets/javascripts/lunr/x.js",
                                 "/p/build/docs/de")


def test_links_with_titles_references_and_images_are_found():
    body = ('See [a](anmelden.md "Titel") and [b](<familie.md#kinder> \'t\').\n'
            "Ref [c][r] and [d][].\n\n[r]: nope.md \"Titel\"\n[d]: geld.md\n"
            "```\n[not](inside.md)\n```\n![Bild](bild.png)\nUndefined [e][missing].\n")
    found = links_of(body, 10)
    assert (10, "anmelden.md", False) in found and (10, "familie.md#kinder", False) in found
    assert (13, "nope.md", False) in found and (14, "geld.md", False) in found
    assert (18, "bild.png", True) in found
    assert (19, None, False) in found
    assert not any(t == "inside.md" for _, t, _ in found)


def test_resolve_link_of_a_template():
    assert resolve_link("gemeinden/grenchen/", "../../themen/deutsch/") == "themen/deutsch/"
    assert resolve_link("gemeinden/grenchen/", "merkblatt-de.pdf") == "gemeinden/grenchen/merkblatt-de.pdf"
    assert resolve_link("gemeinden/", "https://x.ch/") is None and resolve_link("glossar/", "#a") is None


# --- the gate on real files ----------------------------------------------------------------------

def errors_of(project: Path):
    site = load_site(project)
    run_checks(site)
    return site.problems.errors


def test_preview_renders_only_the_municipality_whose_own_file_changed(project):
    """The preview's shortcut must never leave a page stale: only a change to municipalities' own
    files (and no new data set date) narrows the rendering; anything else renders every page."""
    import os
    import datetime as dt
    from generator.loader import load_site
    from generator.render.freshness import dataset_date
    from generator.serve import SourceChanges

    def touch(path: Path, text: str | None = None):
        if text is not None:
            path.write_text(text, encoding="utf-8")
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))

    later = dt.date.today() + dt.timedelta(days=30)  # «today» for the loader: a newer date is no future date

    def step():
        now = changes.scan()
        return changes.municipalities_to_render(load_site(project, today=later), now)

    changes = SourceChanges(project)
    assert step() is None  # the first state: everything
    touch(project / "gemeinden" / "grenchen.yml")
    touch(project / "gemeinden" / "olten.yml")
    assert step() == {"grenchen", "olten"}
    assert step() is None  # nothing changed (a rebuild for another reason): everything, to be safe
    touch(project / "municipalities.yml")  # the registry: names, regions, canton offices
    assert step() is None
    touch(project / "translations" / "en.po")
    assert step() is None
    grenchen = project / "gemeinden" / "grenchen.yml"
    newer = (dataset_date(load_site(project, today=later)) + dt.timedelta(days=1)).isoformat()
    touch(grenchen, grenchen.read_text(encoding="utf-8").replace("last_verified: 2026-11-24",
                                                                  f"last_verified: {newer}", 1))
    assert step() is None  # a newer date moves the data set's date shown on every page


def test_the_real_project_passes_the_gate(project):
    assert errors_of(project) == []


def test_gate_finds_links_with_title_and_reference_style(project):
    # German pages; a translation cannot change a link at all (catalog entries keep the German links)
    page = project / "content" / "themen" / "arbeit.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + '\n[x](nicht-da.md "Titel")\n\n[y][ref]\n\n[ref]: auch-nicht.md#a\n\n[z][fehlt]\n',
                    encoding="utf-8")
    n = len(text.splitlines())
    errors = {(p.file, p.line): p.message for p in errors_of(project)}
    assert "nicht-da.md" in errors[("content/themen/arbeit.md", n + 2)]
    assert "auch-nicht.md" in errors[("content/themen/arbeit.md", n + 6)]
    assert "ohne Ziel" in errors[("content/themen/arbeit.md", n + 8)]


def test_gate_checks_template_links_readability_and_reviews(project):
    for p in (project / "content" / "themen").glob("deutsch*.md"):
        p.unlink()  # the municipality template links to this page
    glossary = project / "glossary" / "de.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("    topic: deutsch\n", ""), encoding="utf-8")
    hard = project / "content" / "themen" / "familie.md"
    text = hard.read_text(encoding="utf-8")
    hard.write_text(text + "\nDie Anmeldeverpflichtung gegenüber der kommunalen Einwohnerkontrollbehörde entsteht "
                    "unmittelbar mit der Wohnsitznahme, wobei die Nichteinhaltung administrativrechtliche "
                    "Konsequenzen nach sich zieht, sofern keine ausserordentlichen Entschuldigungsgründe vorliegen.\n" * 6,
                    encoding="utf-8")
    errors = errors_of(project)
    template = [e for e in errors if e.file.endswith("municipality.md.j2")]
    assert template and template[0].line > 0 and "themen/deutsch/" in template[0].message
    assert any(e.file == "content/themen/familie.md" and e.field == "Lesbarkeit" for e in errors)
    # The review rule is the loader's (locales.py; catalog entries: catalog.py, tests/test_translations.py)
    locale = project / "locales" / "en.yml"
    locale.write_text(locale.read_text(encoding="utf-8").replace("status: machine", "status: reviewed", 1), encoding="utf-8")
    with pytest.raises(InvalidInput) as exc:
        load_site(project)
    assert any(e.file == "locales/en.yml" and e.field == "review" and e.line > 0 for e in exc.value.problems.errors)


def test_language_code_the_build_cannot_use_is_a_check_error(project):
    bad = project / "locales" / "k1.yml"
    bad.write_text((project / "locales" / "ku.yml").read_text(encoding="utf-8").replace("code: ku", "code: k1")
                   .replace("tag: kmr-Latn", "tag: kmr-Arab"),
                   encoding="utf-8")
    errors = errors_of(project)
    assert any(e.file == "locales/k1.yml" and e.field == "code" and e.line == 2 for e in errors)


def add_kurmanji(project: Path) -> None:
    """EDITING.md's own example: a three-letter code."""
    locale = (project / "locales" / "ku.yml").read_text(encoding="utf-8").replace("code: ku", "code: kmr")
    (project / "locales" / "kmr.yml").write_text(locale.replace("tag: kmr-Latn", "tag: kmr"), encoding="utf-8")
    (project / "locales" / "ku.yml").unlink()
    (project / "translations" / "ku.po").rename(project / "translations" / "kmr.po")
    for data in [project / "deadlines.yml", project / "municipalities.yml", *(project / "gemeinden").glob("*.yml")]:
        text = data.read_text(encoding="utf-8")
        data.write_text(re.sub(r"^(\s*)ku:", r"\1kmr:", text, flags=re.M), encoding="utf-8")


@pytest.mark.slow
def test_a_three_letter_language_code_builds(project, capsys):
    add_kurmanji(project)
    assert main(["--root", str(project), "check"]) == 0
    assert main(["--root", str(project), "build", "--lang", "kmr", "--no-pdf", "--quiet"]) == 0
    page = (project / "site" / "kmr" / "themen" / "anmelden" / "index.html").read_text(encoding="utf-8")
    title = catalog_text(project, "kmr", "content:themen/anmelden.md:title")
    assert 'lang="kmr"' in page[:300] and title in page


# --- faults after staging ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project with a published German site (the previous release)."""
    root = copy_project(tmp_path_factory.mktemp("fault") / "project")
    assert main(["--root", str(root), "build", "--lang", "de", "--no-pdf", "--quiet"]) == 0
    return root


def failed_build(root: Path, capsys, *args) -> str:
    before = tree_digest(root / "site")
    code = main(["--root", str(root), "build", "--quiet", *args])
    out = capsys.readouterr()
    assert code == 1
    assert tree_digest(root / "site") == before, "the previous site changed"
    assert "Traceback" not in out.err + out.out and "unverändert" in out.err
    return out.err


@pytest.mark.slow
def test_a_failing_mkdocs_language_names_language_file_and_cause(published, capsys):
    main_html = published / "overrides" / "main.html"
    good = main_html.read_text(encoding="utf-8")
    main_html.write_text(good.replace("{% block content %}", "{% block content %}{% if si.code == 'ar' %}"
                                      "{{ kein_solches_ding.x.y }}{% endif %}", 1), encoding="utf-8")
    try:
        err = failed_build(published, capsys, "--lang", "ar", "--no-pdf")
    finally:
        main_html.write_text(good, encoding="utf-8")
    assert "Sprache ar (locales/ar.yml)" in err and "kein_solches_ding" in err and "main.html" in err
    assert "Sprache de" not in err and "Aborted with a configuration error" not in err


@pytest.mark.slow
def test_typst_failing_names_the_document_and_typst_message(published, capsys, monkeypatch, tmp_path):
    import generator.handouts as handouts
    from generator.pdf import Job
    broken = tmp_path / "broken.typ"
    broken.write_text("#let x = (\n", encoding="utf-8")
    real = handouts.handout_jobs

    def jobs(*args, **kwargs):
        first = real(*args, **kwargs)[:3]
        return [Job(str(broken), first[0].data, first[0].out)] + first[1:]

    monkeypatch.setattr(handouts, "handout_jobs", jobs)
    err = failed_build(published, capsys, "--lang", "de")
    assert "PDF fehlgeschlagen" in err and "merkblatt-de.pdf: typst:" in err


@pytest.mark.slow
def test_pagefind_reporting_an_error_prints_its_message(published, capsys, monkeypatch):
    """The service answers an indexing request with an error: the editor reads Pagefind's words."""
    from pagefind.index import PagefindIndex

    async def refuse(self, **kwargs):
        raise Exception("pagefind cannot read the site")
    monkeypatch.setattr(PagefindIndex, "add_html_file", refuse)
    err = failed_build(published, capsys, "--lang", "de", "--no-pdf")
    assert "Suchindex fehlgeschlagen: Pagefind: pagefind cannot read the site" in err


@pytest.mark.slow
def test_a_pagefind_service_that_dies_stops_the_build_instead_of_hanging(published, capsys, monkeypatch, tmp_path):
    """A real process in place of the Pagefind binary that exits at once: no answer ever comes."""
    import generator.publish as publish
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: pagefind cannot start' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))  # the binary lookup documented by pagefind's Python API
    monkeypatch.setattr(publish, "PAGEFIND_TIMEOUT", 5)
    err = failed_build(published, capsys, "--lang", "de", "--no-pdf")
    # Either the lost connection is noticed or the time limit ends the wait; both name the step.
    assert "Sprache de (locales/de.yml): Suchindex fehlgeschlagen: Pagefind: " in err
