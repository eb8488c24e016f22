"""Security and fault tolerance of what editors, translators and municipalities supply (issue 12):
each bad input gets one message with its exact file and line, the cause first and no knock-on
errors; nothing reaches a page as markup or a script; files that must not be published are refused.

Every case edits a real copy of the project and loads it with the real loader."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import checks
from generator.content import asset_problem, page_name_problem
from generator.loader import load_site
from generator.model import Language
from generator.problems import InvalidInput

MARK = "«here»"


@dataclass
class Bad:
    name: str
    file: str
    old: str  # text in the real file …
    new: str  # … replaced by this; MARK marks the line the first message must name
    words: str  # expected in the first (cause) message
    field: str = ""  # expected in its field, if any


BODY = "Melden Sie sich innert 14 Tagen"  # a sentence in content/themen/anmelden.md's body
AR_BODY = 'msgstr "سجّلوا أنفسكم في بلديتكم خلال 14 يومًا."'  # an entry of content/themen/anmelden.md in translations/ar.po

CASES = [
    # raw HTML and unsafe links in Markdown: an error at the line (policy: Markdown without HTML)
    Bad("body_script", "content/themen/anmelden.md", "\n## ", f"\n{MARK}<script>alert(1)</script>\n\n## ", "<script>"),
    Bad("body_style_hides_page", "content/themen/anmelden.md", "\n## ", f"\n{MARK}<style>body{{display:none}}</style>\n\n## ", "<style>"),
    Bad("body_img_onerror_in_translation", "translations/ar.po", AR_BODY,
        f'{MARK}msgstr "<img src=x onerror=alert(2)> سجّلوا أنفسكم في بلديتكم خلال 14 يومًا."', "<img"),
    Bad("body_attr_list_onclick", "content/themen/anmelden.md", "\n## ", f"\nKlick hier\n{MARK}{{: onclick=\"alert(1)\" }}\n\n## ", "onclick"),
    Bad("body_javascript_link", "content/themen/anmelden.md", "\n## ", f"\n{MARK}[Formular](javascript:alert(1))\n\n## ", "javascript:alert(1)"),
    Bad("body_javascript_link_obfuscated", "content/themen/anmelden.md", "\n## ", f"\n{MARK}[Formular](jav&#x09;ascript:alert(1))\n\n## ", "Link-Ziel"),
    Bad("body_remote_image", "content/themen/anmelden.md", "\n## ", f"\n{MARK}![Logo](https://evil.example/x.png)\n\n## ", "Bildquelle"),
    Bad("body_iframe", "content/index.md", "\n## ", f"\n{MARK}<iframe src=\"https://evil.example/\"></iframe>\n\n## ", "<iframe>"),
    # UI strings: plain placeholders only
    Bad("locale_attribute_access", "locales/en.yml", '  municipality_title: "Welcome to {municipality}"',
        f'{MARK}  municipality_title: "Welcome to {{municipality}}{{municipality.__class__}}"', "Platzhalter", "strings.municipality_title"),
    Bad("locale_item_access", "locales/en.yml", '  municipality_title: "Welcome to {municipality}"',
        f'{MARK}  municipality_title: "Welcome to {{municipality[0]}}"', "geschweifte Klammer", "strings.municipality_title"),
    Bad("locale_stray_brace", "locales/en.yml", '  municipality_title: "Welcome to {municipality}"',
        f'{MARK}  municipality_title: "Welcome }} to {{municipality}}"', "geschweifte Klammer", "strings.municipality_title"),
    Bad("locale_format_spec", "locales/en.yml", '  municipality_title: "Welcome to {municipality}"',
        f'{MARK}  municipality_title: "Welcome to {{municipality:>99999}}"', "geschweifte Klammer", "strings.municipality_title"),
    # invisible characters: rejected with line and the key of the line
    Bad("bidi_override_in_name", "municipalities.yml", '    name: "Grenchen"\n', f'{MARK}    name: "Gren\u202echen"\n', "U+202E", "name"),
    Bad("bidi_isolate_in_locale", "locales/ar.yml", "strings:\n", f"strings:\n{MARK}  zz_probe: \"\u2067x\u2069\"\n", "U+2067"),
    Bad("control_character_far_down", "municipalities.yml", '    name: "Grenchen"\n', f'{MARK}    name: "Grenchen\x07"\n', "U+0007", "name"),
    Bad("control_character_in_body", "content/themen/anmelden.md", BODY, f"{MARK}Melden\x1b[2J Sie sich innert 14 Tagen", "U+001B"),
    # URLs
    Bad("url_credentials_metadata_ip", "gemeinden/grenchen.yml", "website: https://www.grenchen.ch/\n",
        f"{MARK}website: http://user:pw@169.254.169.254/latest/\n", "Web-Adresse", "website"),
    Bad("url_angle_brackets", "gemeinden/grenchen.yml", "website: https://www.grenchen.ch/\n",
        f"{MARK}website: https://exa<mple>.ch/\n", "Web-Adresse", "website"),
    Bad("url_ip_literal", "gemeinden/grenchen.yml", "website: https://www.grenchen.ch/\n",
        f"{MARK}website: http://10.0.0.1/\n", "IP-Adresse", "website"),
    # structure and line numbers
    Bad("deep_nesting", "municipalities.yml", '    name: "Grenchen"\n', f'    name: "Grenchen"\n{MARK}    x: ' + "[" * 500 + "]" * 500 + "\n",
        "Zu tief verschachtelt"),
    Bad("front_matter_quote_line_2", "content/themen/anmelden.md", "title: Ankommen und anmelden\n",
        f'{MARK}title: "Ankommen und anmelden\n', "nicht geschlossen"),
    Bad("glossary_quote_line_10", "glossary/de.yml", "    term: Abmeldung\n", f'{MARK}    term: "Abmeldung\n', "nicht geschlossen"),
    Bad("empty_glossary", "glossary/de.yml", None, "", "leer"),
    # cause first
    Bad("cause_first_dir_typo", "locales/en.yml", "dir: ltr\n", f"{MARK}dir: rlt\n", "Meinten Sie «rtl»", "dir"),
    Bad("cause_first_bad_slug", "municipalities.yml", "    slug: grenchen\n", f"{MARK}    slug: Grenchen\n", "URL-Name", "slug"),
]


def apply(project: Path, case: Bad) -> int | None:
    path = project / case.file
    text = path.read_text(encoding="utf-8")
    if case.old is None:
        text = case.new
    else:
        assert case.old in text, f"fixture text not found in {case.file}: {case.old!r}"
        text = text.replace(case.old, case.new, 1)
    line = text[: text.index(MARK)].count("\n") + 1 if MARK in text else None
    path.write_text(text.replace(MARK, ""), encoding="utf-8")
    return line


def problems_of(project: Path):
    with pytest.raises(InvalidInput) as info:
        load_site(project)
    return info.value.problems


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_one_message_exact_line_cause_first(project, case):
    line = apply(project, case)
    problems = problems_of(project)
    shown = [p for p in problems.sorted() if p.severity == "error"]
    first = shown[0]
    assert first.file == case.file, [str(p) for p in shown]
    assert case.words in first.message, str(first)
    if line is not None:
        assert first.line == line, str(first)
    if case.field:
        assert case.field in first.field, str(first)
    # nothing that only follows from the cause is reported beside it
    assert not any("Unbekannte Sprache" in p.message or "Unbekannte Gemeinde" in p.message for p in shown), \
        [str(p) for p in shown]
    assert len(shown) <= 2, [str(p) for p in shown]


def test_dir_typo_suppresses_the_knock_on_errors_it_causes(project):
    apply(project, CASES[[c.name for c in CASES].index("cause_first_dir_typo")])
    problems = problems_of(project)
    assert len(problems.errors) == 1
    assert len(problems.suppressed) > 10  # the English catalog and every English text in the data named an unknown language


def test_an_unknown_language_without_a_broken_locale_is_still_reported(project):
    (project / "translations" / "xx.po").write_text(
        (project / "translations" / "en.po").read_text(encoding="utf-8"), encoding="utf-8")
    problems = problems_of(project)
    assert any(p.file == "translations/xx.po" and "Unbekannte Sprache «xx»" in p.message
               for p in problems.errors)


@pytest.mark.parametrize("where", ["content/themen/anmelden.md", "translations/ar.po", "municipalities.yml",
                                   "gemeinden/grenchen.yml",
                                   "locales/ar.yml", "glossary/de.yml", "handouts/guide.de.yml"])
def test_crlf_and_byte_order_mark_are_accepted(project, where):
    path = project / where
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    site = load_site(project)
    assert not site.problems.errors


def test_markdown_code_may_show_html_as_text(project):
    page = project / "content" / "themen" / "anmelden.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "\n## ", "\nSo sieht ein Skript aus: `<script>alert(1)</script>` und &lt;b&gt;\n\n    <script>x()</script>\n\n## ", 1),
        encoding="utf-8")
    assert not load_site(project).problems.errors


# --- files that must never be published ---------------------------------------------------------

def test_symlink_to_a_file_outside_the_project_is_refused(project):
    (project / "content" / "themen" / "passwd.txt").symlink_to("/etc/passwd")
    (project / "content" / "themen" / "hosts.md").symlink_to("/etc/hosts")
    errors = problems_of(project).errors
    for name in ("passwd.txt", "hosts.md"):
        assert any(p.file == f"content/themen/{name}" and "Symlink" in p.message and "/etc/" in p.message
                   for p in errors), [str(p) for p in errors]


def test_symlinked_folder_is_refused_and_not_entered(project):
    (project / "content" / "etc").symlink_to("/etc", target_is_directory=True)
    errors = problems_of(project).errors
    assert [p.file for p in errors] == ["content/etc"], [str(p) for p in errors]


def test_files_beside_the_pages_only_pictures_and_pdf(project):
    themen = project / "content" / "themen"
    (themen / "evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (themen / "evil.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", encoding="utf-8")
    (themen / "plan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    site = load_site(project)  # not published is a warning, not an error
    skipped = {p.file for p in site.problems.warnings if "nicht veröffentlicht" in p.message}
    assert {"content/themen/evil.html", "content/themen/evil.svg"} <= skipped
    assert asset_problem(themen / "plan.pdf", project / "content") is None
    assert asset_problem(themen / "evil.html", project / "content")


@pytest.mark.parametrize("name", ["mein thema.md", "Öffnungszeiten.md", "Anmelden.md", "a--b.md", "x.EN.md", "a.b.c.md"])
def test_page_file_name_rule(project, name):
    assert page_name_problem(name)
    (project / "content" / "themen" / name).write_text("---\ntitle: X\nstand: 2026-01-01\n---\nText\n", encoding="utf-8")
    errors = problems_of(project).errors
    assert any(p.file == f"content/themen/{name}" and "Dateiname" in p.message for p in errors), [str(p) for p in errors]


@pytest.mark.parametrize("name", ["oeffnungszeiten.md", "anmelden.ar.md", "a-1.prs.md"])
def test_page_file_name_rule_accepts(name):
    assert page_name_problem(name) is None


# --- the placeholder formatter itself --------------------------------------------------------------

def test_placeholders_reach_no_attribute_or_item():
    lang = Language("en", "en", "English", "Englisch", "ltr", "en", "machine", {"a": "Hi {name} {{x}}"})
    assert lang.t("a", name="Grenchen") == "Hi Grenchen {x}"
    for bad in ("{name.__class__}", "{name[0]}", "{name!r}", "{name:>9}", "{0}", "}", "{"):
        assert isinstance(checks.placeholders(bad), str), bad
    lang.strings["b"] = "{name.__class__}"
    with pytest.raises(ValueError):
        lang.t("b", name="x")


@pytest.mark.parametrize("value", ["https://www.grenchen.ch/", "https://www.gemeinde-büren.ch/a?b=1&c=2#d",
                                   "http://so.ch/"])
def test_proper_web_addresses_pass(value):
    assert checks.url(value) is None


@pytest.mark.parametrize("value", ["http://user:pw@169.254.169.254/latest/", "https://exa<mple>.ch/", "https://[::1]/",
                                   "https://localhost/", "https://2130706433/", "javascript:alert(1)",
                                   "https://www.so.ch/\"onmouseover=x", "https://a.ch/ b", "ftp://so.ch/",
                                   "https://so.ch:99x/", "https://-a.ch/"])
def test_unsafe_web_addresses_fail(value):
    assert checks.url(value), value

