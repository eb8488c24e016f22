"""Languages from locales/<code>.yml. Adding a language means adding one such file."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from babel import Locale, UnknownLocaleError

from . import checks, schema
from .model import Language
from .problems import Problems
from .yamlsource import compose, read_text

from .layout import SOURCE  # noqa: E402 - the source language: one home


def load_languages(locales_dir: Path, problems: Problems) -> dict[str, Language]:
    found: dict[str, Language] = {}
    for path in sorted(locales_dir.glob("*.yml")):
        text = read_text(path, problems)
        if text is None:
            continue
        node = compose(text, path, problems)
        if node is None:
            if text.strip() == "":
                problems.error(path, 0, "", "Die Datei ist leer. Erwartet: code, tag, name, name_de, dir, "
                               "babel_locale, status und strings.")
            continue
        lang = schema.read(Language, node, schema.Ctx(path, problems))
        if lang is None:
            continue
        lang.path = path
        if lang.code != path.stem:
            problems.error(path, lang.lines["code"], "code", f"code «{lang.code}» passt nicht zum Dateinamen "
                           f"«{path.name}». Erwartet: code: {path.stem}.")
            continue
        try:
            Locale.parse(lang.babel_locale)
        except (ValueError, UnknownLocaleError):
            problems.error(path, lang.lines["babel_locale"], "babel_locale", f"«{lang.babel_locale}» ist "
                           "keine bekannte CLDR-Locale. Erwartet z. B. «de_CH», «ti», «fa_AF».")
            continue
        found[lang.code] = lang
    if SOURCE not in found:
        if not any(p.file.endswith(f"{SOURCE}.yml") for p in problems.errors):
            problems.error(locales_dir / f"{SOURCE}.yml", 0, "", "Die deutsche Sprachdatei (Quelle) fehlt.")
        return found
    source = found[SOURCE]
    source_lines = getattr(source.strings, "lines", {})
    for key, text in source.strings.items():
        msg = checks.placeholders(text)
        if isinstance(msg, str):
            problems.error(source.path, source_lines.get(key, source.lines["strings"]), f"strings.{key}", msg)
    tags = {}
    for code, lang in found.items():
        if lang.tag in tags:
            problems.error(lang.path, lang.lines["tag"], "tag", f"Das Sprachkürzel «{lang.tag}» hat schon "
                           f"{tags[lang.tag]}.")
        tags[lang.tag] = lang.path.name
        if code == SOURCE:
            continue
        _compare_strings(source, lang, problems)
    # Incomplete languages stay known (so other files naming them give no follow-on errors); the
    # missing strings are errors, and no site is built while there are errors.
    return found


def ui_hash(german: str) -> str:
    """The record of the German UI string a translation was made from."""
    return hashlib.sha256(german.encode("utf-8")).hexdigest()[:8]


def ui_status(source: Language, lang: Language) -> dict[str, str]:
    """Per UI string: reviewed/machine (translation made from today's German), outdated (German
    changed since), missing. Review is recorded per file (status: reviewed + review)."""
    record = lang.translated_from or {}
    fresh = "reviewed" if lang.status == "reviewed" and lang.review is not None else "machine"
    out = {}
    for key, german in source.strings.items():
        if key not in lang.strings:
            out[key] = "missing"
        elif key in record and record[key] != ui_hash(german):
            out[key] = "outdated"
        else:
            out[key] = fresh
    return out


def _compare_strings(source: Language, lang: Language, problems: Problems) -> None:
    lines = getattr(lang.strings, "lines", {})
    if lang.status == "reviewed" and lang.review is None:
        problems.error(lang.path, lang.lines["status"], "review", "Bei status: reviewed fehlt «review» mit "
                       "date und organisation (eine Organisation, kein Personenname).")
    lang.ui_status = ui_status(source, lang)
    record = lang.translated_from or {}
    rec_lines = getattr(record, "lines", {})
    for key, st in lang.ui_status.items():
        if st == "outdated":
            problems.warning(lang.path, lines.get(key, 0), f"strings.{key}",
                             f"Der deutsche Text wurde geändert: «{source.strings[key]}». Übersetzung prüfen, dann "
                             f"python -m generator catalog stamp --lang {lang.code} {key}.")
    unrecorded = [k for k in source.strings if k in lang.strings and k not in record]
    if unrecorded:
        problems.warning(lang.path, lang.lines.get("strings", 0), "translated_from",
                         f"{len(unrecorded)} Text(e) ohne Vermerk, aus welchem deutschen Text sie übersetzt wurden "
                         f"(z. B. {', '.join(unrecorded[:3])}); sie gelten als maschinell. Nach dem Prüfen: "
                         f"python -m generator catalog stamp --lang {lang.code}.")
    for key in record:
        if key not in source.strings:
            problems.error(lang.path, rec_lines.get(key, 0), f"translated_from.{key}",
                           f"Unbekannter Text-Schlüssel «{key}» (nicht in de.yml).")
    for key in source.strings:
        if key not in lang.strings:
            problems.error(lang.path, lang.lines["strings"], f"strings.{key}",
                           f"Text fehlt. Deutsch: «{source.strings[key]}». Bitte übersetzen und ergänzen.")
            continue
        want, have = checks.placeholders(source.strings[key]), checks.placeholders(lang.strings[key])
        if isinstance(have, str):
            problems.error(lang.path, lines.get(key, lang.lines["strings"]), f"strings.{key}", have)
        elif not isinstance(want, str) and sorted(want) != sorted(have):
            expected = ", ".join("{" + p + "}" for p in want) or "keine"
            problems.error(lang.path, lines.get(key, lang.lines["strings"]), f"strings.{key}",
                           f"Platzhalter passen nicht zur deutschen Vorlage. Erwartet: {expected}.")
    for key in lang.strings:
        if key not in source.strings:
            problems.error(lang.path, lines.get(key, 0), f"strings.{key}",
                           f"Unbekannter Text-Schlüssel «{key}» (nicht in de.yml). Tippfehler?")
