"""Consistency of every translation with its German source and within its language.

Rules and why each is an error or a warning:
- numbers (error, in segments.problems_of, applied wherever a translation is read or imported): a
  deadline, a fee or a phone number that differs from the German is a wrong fact;
- canton name (error): where the German names Solothurn, the translation writes it in the one form
  of its language (`canton_name` in locales/<code>.yml: Soleure, Soletta, otherwise Solothurn) — the
  name on letters, signs and addresses; another script or spelling sends readers looking for a name
  that appears nowhere;
- glossary terms (warning): where the German contains an official term of the glossary, the
  translation contains the glossary's translation of it or the German term. A warning, because
  languages inflect and a literal match can miss a correct sentence;
- digits (warning): one digit system per language (0–9 or the language's own digits); phone numbers
  may legitimately stay in 0–9, so a mix is pointed out, not refused.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .catalog import load_catalog
from .locales import SOURCE
from .problems import Problems
from .segments import digit_scripts, numbers
from .checks import placeholders

CANTON_DE = "Solothurn"


def term_forms(term: str) -> list[str]:
    """The forms of a glossary term to look for: «Abfallgebühr / Gebührensack» -> both;
    «Asylsuchende (N)» -> «Asylsuchende»; «Depot (Mietzinsdepot)» -> «Depot», «Mietzinsdepot»."""
    forms = []
    for part in re.split(r"\s*/\s*", term):
        inner = re.findall(r"\(([^)]*)\)", part)
        base = re.sub(r"\s*\([^)]*\)", "", part).strip()
        forms += [base] + [i for i in inner if len(i) > 3]
    return [f for f in forms if len(f) >= 3]


# After a term: an ending (Bewilligung-en, Verein-s), or a compound joined with «s»
# (Krankenversicherung-s-prämie); not any longer word that merely starts with it
# (Verein → «Vereinbarung», Notfall → «Notfallnummern» are other words).
_AFTER_TERM = r"(?:(?:e|en|er|es|n|ns|s)(?!\w)|(?!\w)|s\w)"


@lru_cache(maxsize=4096)
def _pattern(form: str, german_word: bool = False) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(form.casefold()) + (_AFTER_TERM if german_word else ""))


def _contains(text: str, form: str, german_word: bool = False) -> bool:
    """Case-insensitive, at a word start (so «Bewilligung» is found in «Bewilligungen», not in
    «Vorbewilligung»). `german_word`: a glossary term in the German text, which must also end there
    or go on with an ending or an «s»-compound («Verein» is not in «Vereinbarung»). Translations
    are matched at the word start only: their languages add their own endings."""
    return _pattern(form, german_word).search(text.casefold()) is not None


@lru_cache(maxsize=65536)
def _terms_in(german: str, terms: tuple) -> tuple:
    """Indexes of the glossary terms (tuple of form tuples) that a German text contains."""
    return tuple(i for i, forms in enumerate(terms) if any(_contains(german, f, german_word=True) for f in forms))


def translated_units(root, code: str, topics, glossary, guide, lang, source_lang, problems: Problems):
    """(unit, translation, file, line) for every current translation of a language."""
    cat = load_catalog(root, code, Problems())
    units = [u for t in topics for u in t.units] + glossary.units + guide.units
    for u in units:
        e = cat.entries.get((u.context, u.source))
        if e is not None and e.text and not e.fuzzy:
            yield u, e.text, cat.path, e.line
    for key, german in source_lang.strings.items():
        if key in lang.strings:
            from .catalog import Unit
            yield (Unit(f"ui:{key}", german, ("locales/de.yml", 0), "ui"), lang.strings[key], lang.path,
                   getattr(lang.strings, "lines", {}).get(key, 0))


def check_translations(root, languages: dict, topics, glossary, guide, problems: Problems) -> None:
    if SOURCE not in languages:
        return
    de = languages[SOURCE]
    terms = [(t, term_forms(t.term)) for t in glossary.terms]
    term_key = tuple(tuple(f) for _, f in terms)
    for code, lang in sorted(languages.items()):
        if code == SOURCE:
            continue
        canton = lang.strings.get("canton_name", CANTON_DE)
        g = glossary.translations.get(code)
        digits: Counter = Counter()
        first_at: dict[str, tuple] = {}
        missing_terms: list[tuple] = []
        for unit, text, path, line in translated_units(root, code, topics, glossary, guide, lang, de, problems):
            if _contains(unit.source, CANTON_DE) and unit.context != "ui:canton_name" \
                    and not _contains(text, canton) and not _contains(text, CANTON_DE):
                problems.error(path, line, _field(unit), f"Der Kantonsname fehlt oder steht in anderer Form. "
                               f"Erwartet «{canton}» (wie überall in {lang.name_de}; canton_name in "
                               f"locales/{code}.yml). Deutsch: «{_short(unit.source)}».")
            if unit.context.startswith("ui:") and isinstance(placeholders(text), list) \
                    and numbers(unit.source) != numbers(text):  # a misplaced brace is reported as the cause
                problems.error(path, line, _field(unit), f"Andere Zahlen als im Deutschen: Deutsch "
                               f"{', '.join(numbers(unit.source)) or 'keine'}, Übersetzung {', '.join(numbers(text)) or 'keine'}. "
                               f"Deutsch: «{_short(unit.source)}».")
            for script in digit_scripts(text):
                digits[script] += 1
                first_at.setdefault(script, (path, line, unit))
            if g is None or unit.context.startswith("glossary:"):
                continue
            for i in _terms_in(unit.source, term_key):
                term, forms = terms[i]
                tr = g.terms.get(term.id)
                if tr is None:
                    continue
                if not any(_contains(text, f) for f in forms) and not _has_translation(text, tr.term):
                    missing_terms.append((path, line, unit, term, tr.term))
        by_term: dict[str, list] = {}
        for item in missing_terms:
            by_term.setdefault(item[3].id, []).append(item)
        for items in by_term.values():
            path, line, unit, term, tr_term = items[0]
            more = f" (und {len(items) - 1} weitere Stellen in {lang.name_de})" if len(items) > 1 else ""
            problems.warning(path, line, _field(unit), f"Glossar-Begriff «{term.term}» fehlt: erwartet «{tr_term}» "
                             f"(Glossar) oder den deutschen Begriff. Deutsch: «{_short(unit.source)}»{more}.")
        if len(digits) > 1:
            main = digits.most_common(1)[0][0]
            for script, n in digits.items():
                if script == main:
                    continue
                path, line, unit = first_at[script]
                problems.warning(path, line, _field(unit), f"Ziffern gemischt: {n} Text(e) mit {_script(script)}, "
                                 f"{digits[main]} mit {_script(main)}. Eine Schreibweise je Sprache, z. B. hier.")


def _stems(term: str) -> list[str]:
    """Word stems of a translated term: each word of 4+ letters without its last letters, so
    inflected forms (Bewilligungen, дозволу, تصريحكم) still count; short words whole."""
    out = []
    for form in term_forms(term) or [term]:
        for w in re.findall(r"\w+", form):
            if w.startswith("ال") and len(w) > 4:  # Arabic article: تصريحكم is still التصريح
                w = w[2:]
            if len(w) >= 4:
                out.append(w[:max(4, len(w) - 3)] if len(w) > 5 else w[:4])
    return out


def _has_translation(text: str, tr_term: str) -> bool:
    folded = text.casefold()
    stems = _stems(tr_term)
    return any(s.casefold() in folded for s in stems) if stems else _contains(text, tr_term)


def _script(name: str) -> str:
    return "0–9" if name == "DIGIT" else name.title() + "-Ziffern"


def _field(unit) -> str:
    return f"msgctxt {unit.context}" if not unit.context.startswith("ui:") else f"strings.{unit.context[3:]}"


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"
