"""Catalogs in and out: export a language as one PO file (every kind of text, UI strings included),
import a translated PO file back (refused as a whole when an entry would break its German), update
the stored catalogs to today's German, convert the former Markdown/YAML translations, and record the
German source of UI strings."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import (Entry, LanguageCatalog, Review, Unit, build_catalog, catalog_path, load_catalog, po_bytes,
                      read_po_file, updated)
from .content import FRONT_RE, load_topics
from .glossary import glossary_units, load_glossary
from .guide import guide_units, load_guide
from .locales import SOURCE, load_languages, ui_hash
from .problems import Problems
from .segments import problems_of, split


@dataclass
class Project:
    """What the catalog commands need: languages and every German unit (no municipal data)."""
    root: Path
    languages: dict
    topics: list
    glossary: object
    guide: object
    problems: Problems
    data: object = None

    def stored_units(self) -> list[Unit]:
        """Units kept in translations/<code>.po: pages, glossary, guide, data texts."""
        from .data_texts import data_units
        units = [u for t in self.topics for u in t.units]
        units += self.glossary.units + self.guide.units
        if self.data is not None:
            units += [u for u, _, _ in data_units(self.data)]
        return units

    def ui_units(self) -> list[Unit]:
        de = self.languages[SOURCE]
        lines = getattr(de.strings, "lines", {})
        return [Unit(f"ui:{k}", v, ("locales/de.yml", lines.get(k, 0)), "ui", "Text der Benutzeroberfläche"
                     + (" – Platzhalter in {…} unverändert lassen" if "{" in v else ""))
                for k, v in de.strings.items()]


def load_project(root: Path) -> Project:
    root = Path(root)
    problems = Problems(root=root)
    languages = load_languages(root / "locales", problems)
    topics = load_topics(root / "content", languages, problems)
    names = {str(t.path)[len("themen/"):-3] for t in topics if str(t.path).startswith("themen/")}
    glossary = load_glossary(root / "glossary", set(languages), problems, names)
    guide = load_guide(root / "handouts", set(languages), problems)
    from .loader import load_data
    data = load_data(root / "municipalities.yml", Problems(root=root), set(languages))
    return Project(root, languages, topics, glossary, guide, problems, data)


def _ui_entries(project: Project, code: str) -> list[Entry | None]:
    lang, de = project.languages[code], project.languages[SOURCE]
    out = []
    status = getattr(lang, "ui_status", {})
    for key, german in de.strings.items():
        text = lang.strings.get(key)
        if text is None:
            out.append(None)
            continue
        review = Review(lang.review.organisation, lang.review.date) if status.get(key) == "reviewed" else None
        out.append(Entry(german, text, fuzzy=status.get(key) == "outdated", review=review))
    return out


def export_catalog(project: Project, code: str) -> bytes:
    """One PO file with every text of a language: pages, glossary, guide and UI strings, each with
    context, source reference, translator hints, and outdated entries fuzzy with the former German."""
    lang = project.languages[code]
    units = project.stored_units()
    entries = updated(units, load_catalog(project.root, code, project.problems))
    units, entries = units + project.ui_units(), entries + _ui_entries(project, code)
    _add_glossary_hints(project, code, units)
    return po_bytes(build_catalog(units, entries, lang.babel_locale, code))


def _add_glossary_hints(project: Project, code: str, units: list[Unit]) -> None:
    """A translator's hint: the glossary terms a text contains, with their translation."""
    from .consistency import term_forms
    g = project.glossary
    tr = g.translations.get(code)
    if tr is None:
        return
    forms = [(t, term_forms(t.term)) for t in g.terms if t.id in tr.terms]
    for i, u in enumerate(units):
        if u.context.startswith(("glossary:", "ui:")):
            continue
        found = [f"{t.term} = {tr.terms[t.id].term}" for t, fs in forms if any(f in u.source for f in fs)]
        if found:
            units[i] = Unit(u.context, u.source, u.ref, u.kind, (u.note + " · " if u.note else "")
                            + "Glossar: " + "; ".join(found))


def write_catalog(project: Project, code: str, entries_by_key: dict | None = None) -> Path:
    """Write translations/<code>.po for today's German: exact entries kept, replaced German texts
    fuzzy with their former translation, removed ones dropped (git keeps them)."""
    units = project.stored_units()
    problems = Problems(root=project.root)
    cat = load_catalog(project.root, code, problems)
    if problems.errors:  # never overwrite a catalog that could not be read completely
        raise ValueError("; ".join(str(p) for p in problems.errors))
    entries = updated(units, cat, entries_by_key)
    path = catalog_path(project.root, code)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = po_bytes(build_catalog([_plain(u) for u in units], entries, project.languages[code].babel_locale, code))
    if not path.exists() or path.read_bytes() != data:
        _replace(path, data)
    return path


def _replace(path: Path, data: bytes) -> None:
    """Write a source file whole or not at all: a reader (the preview, `check`) never sees half a
    file, and an interrupted import leaves the previous file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _plain(u: Unit) -> Unit:
    return u


# --- import ---------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    code: str
    changed: int = 0
    reviewed: int = 0
    skipped: list[str] = field(default_factory=list)  # entries whose German no longer exists
    refused: list[str] = field(default_factory=list)  # "line: context «German»: reason"


def import_catalog(project: Project, file: Path, code: str | None = None, reviewed_by: str | None = None,
                   date: dt.date | None = None) -> ImportResult:
    """Take a translated PO file back. Every entry is checked against its German text first; if one
    breaks a link, a placeholder, emphasis, inline HTML, the Markdown structure or a number, the
    whole file is refused and nothing is written."""
    file = Path(file)
    code = code or file.stem.split(".")[-1]
    if code not in project.languages or code == SOURCE:
        raise ValueError(f"{file}: unbekannte Sprache «{code}». Vorhanden: "
                         f"{', '.join(sorted(c for c in project.languages if c != SOURCE))} (Dateiname <sprache>.po oder --lang).")
    if reviewed_by is not None and (not reviewed_by.strip() or "," in reviewed_by):
        raise ValueError("--reviewed-by: der Name einer Organisation (ohne Komma), kein Personenname.")
    try:
        po = read_po_file(file)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{file}: kein gültiger PO-Katalog: {exc}") from exc
    result = ImportResult(code)
    stored = {(u.context, u.source): u for u in project.stored_units()}
    ui = {(u.context, u.source): u for u in project.ui_units()}
    cat = load_catalog(project.root, code, project.problems)
    new_entries: dict[tuple[str, str], Entry] = {}
    ui_changes: dict[str, str] = {}
    today = date or dt.date.today()
    for msg in po:
        if not msg.msgid or msg.obsolete or not msg.msgstr.strip():
            continue
        key = (msg.msgctxt or "", msg.msgid)
        unit = stored.get(key) or ui.get(key)
        if unit is None:
            result.skipped.append(f"Zeile {msg.linenum}: {msg.msgctxt} «{msg.msgid[:40]}» (den deutschen Text gibt es nicht mehr)")
            continue
        if msg.fuzzy:
            continue
        reasons = problems_of(unit.source, msg.msgstr, unit.kind, placeholders=True)
        if reasons:
            result.refused.append(f"{file.name}:{msg.linenum}: {msg.msgctxt} «{' '.join(msg.msgid.split())[:60]}»: "
                                  + " ".join(reasons))
            continue
        if key in ui:
            if project.languages[code].strings.get(unit.context[3:]) != msg.msgstr:
                ui_changes[unit.context[3:]] = msg.msgstr
            continue
        old = cat.entries.get(key)
        review = None
        if reviewed_by:
            review = Review(reviewed_by.strip(), today)
        elif old is not None and old.text == msg.msgstr and not old.fuzzy:
            review = old.review
        if old is None or old.text != msg.msgstr or old.fuzzy or (review and not old.review):
            result.changed += 1
        result.reviewed += review is not None
        new_entries[key] = Entry(msg.msgid, msg.msgstr, False, review)
    if result.refused:
        return result
    write_catalog(project, code, new_entries)
    if ui_changes or reviewed_by:
        _write_ui(project, code, ui_changes)
        result.changed += len(ui_changes)
    return result


# --- UI strings stay in locales/<code>.yml --------------------------------------------------------

def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _write_ui(project: Project, code: str, changes: dict[str, str], stamp_keys: set[str] | None = None) -> None:
    """Set UI strings in locales/<code>.yml (line by line, comments kept) and record for each changed
    or stamped key the German text it now matches (translated_from)."""
    lang, de = project.languages[code], project.languages[SOURCE]
    path = lang.path
    text = path.read_text(encoding="utf-8")
    for key, value in changes.items():
        pat = re.compile(rf"^(  {re.escape(key)}:)[ \t]*(\".*\"|'.*'|[^\n]*)$", re.M)
        if pat.search(text):
            text = pat.sub(lambda m: m.group(1) + " " + _yaml_str(value), text, count=1)
        else:
            text = text.rstrip("\n") + f"\n  {key}: {_yaml_str(value)}\n"
    record = dict(lang.translated_from or {})
    for key in set(changes) | (stamp_keys or set()):
        record[key] = ui_hash(de.strings[key])
    block = "translated_from:  # vom Generator geschrieben: je Text die Prüfsumme des deutschen Textes\n" + "".join(
        f"  {k}: \"{record[k]}\"\n" for k in de.strings if k in record)
    if re.search(r"^translated_from:", text, re.M):
        text = re.sub(r"^translated_from:.*\n(?:  [^\n]*\n)*", block, text, count=1, flags=re.M)
    else:
        text = re.sub(r"^strings:", block + "strings:", text, count=1, flags=re.M)
    _replace(path, text.encode("utf-8"))


def stamp_ui(project: Project, code: str, keys: list[str] | None = None) -> int:
    """Record that UI strings of a language match today's German (after a person checked them)."""
    de = project.languages[SOURCE]
    lang = project.languages[code]
    chosen = set(keys) if keys else {k for k in de.strings if k in lang.strings}
    unknown = chosen - set(de.strings)
    if unknown:
        raise ValueError(f"Unbekannte Text-Schlüssel: {', '.join(sorted(unknown))}")
    _write_ui(project, code, {}, chosen)
    return len(chosen)


# --- conversion of the former storage (content/*.<code>.md, glossary/<code>.yml, guide.<code>.yml) --

def convert(root: Path) -> list[str]:
    """Move every Markdown/YAML translation into translations/<code>.po, segment by segment, and
    delete the old files. A translation made from an older German text becomes fuzzy (outdated)."""
    import yaml
    from .translations import text_hash
    root = Path(root)
    report = []
    project = load_project(root)
    old_files: list[Path] = []
    for code in sorted(c for c in project.languages if c != SOURCE):
        entries: dict[tuple[str, str], Entry] = {}
        for topic in project.topics:
            path = root / "content" / (str(topic.path)[:-3] + f".{code}.md")
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            m = FRONT_RE.match(text)
            meta = yaml.safe_load(m.group(1))
            segs = split(text[m.end():])
            if [s.kind for s in segs] != [s.kind for s in topic.segments]:
                report.append(f"{path}: Aufbau weicht vom Deutschen ab ({len(segs)} statt {len(topic.segments)} "
                              "Abschnitte) – nicht übernommen.")
                continue
            from .content import source_hash
            fuzzy = str(meta.get("source_hash")) != topic.source_hash
            review = meta.get("review")
            rv = Review(review["organisation"], review["date"]) if meta.get("status") == "reviewed" and review else None
            texts = [meta.get("title")] + ([meta.get("summary")] if topic.meta.summary else []) + [s.text for s in segs]
            for u, t in zip(topic.units, texts):
                if t:
                    entries[(u.context, u.source)] = Entry(u.source, t, fuzzy, rv)
            old_files.append(path)
        entries.update(_convert_yaml(root / "glossary" / f"{code}.yml", project.glossary, old_files,
                                     lambda d: [("glossary:title", d.get("title")), ("glossary:intro", d.get("intro"))]
                                     + [(f"glossary:{k}:{f}", v.get(f)) for k, v in (d.get("terms") or {}).items()
                                        for f in ("term", "explanation")],
                                     lambda: text_hash([[t.id, t.term, t.explanation] for t in project.glossary.terms])))
        g = project.guide.source
        if g is not None:
            from .guide import FIELDS
            entries.update(_convert_yaml(
                root / "handouts" / f"guide.{code}.yml", project.guide, old_files,
                lambda d: [(f"guide:{f}", d.get(f)) for f in FIELDS]
                + [(f"guide:areas:{i}:{k}", a.get(k)) for i, a in enumerate(d.get("areas") or []) for k in ("name", "text")]
                + [(f"guide:topics:{k}", v) for k, v in (d.get("topics") or {}).items()],
                lambda: text_hash([g.title, g.subtitle, g.areas_title, [[a.name, a.text] for a in g.areas], g.topics_title,
                                   g.notes_label, g.referral_label, [[t.id, t.text] for t in g.topics]])))
        if entries:
            write_catalog(project, code, entries)
            report.append(f"translations/{code}.po: {len(entries)} Einträge")
        lang = project.languages[code]
        if lang.translated_from is None:
            stamp_ui(project, code)
    for p in old_files:
        p.unlink()
    return report


def _convert_yaml(path: Path, tset, old_files: list, pairs, old_hash) -> dict:
    import yaml
    if not path.exists():
        return {}
    d = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    fuzzy = str(d.get("source_hash")) != old_hash()
    review = d.get("review")
    rv = Review(review["organisation"], review["date"]) if d.get("status") == "reviewed" and review else None
    src = {u.context: u.source for u in tset.units}
    out = {}
    for ctx, text in pairs(d):
        if text and ctx in src:
            out[(ctx, src[ctx])] = Entry(src[ctx], str(text), fuzzy, rv)
    old_files.append(path)
    return out
