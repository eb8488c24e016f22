"""What every translated kind of text shares (pages, glossary, guide, UI strings, data texts): the
status of each unit in each language, counted per language, and the Markdown of a translated page
with outdated parts shown in German."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import schema
from .catalog import Unit
from .problems import Problems
from .yamlsource import compose, read_text

OUTDATED_ATTR = 'lang="de" dir="ltr" .si-outdated'


def text_hash(data) -> str:
    """A short hash of German source texts (JSON-serialisable data)."""
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:12]


@dataclass
class TranslatedSet:
    """German units with, per language, the status of each unit (reviewed/machine/outdated/missing)."""
    units: list[Unit] = field(default_factory=list)
    unit_status: dict[str, list[str]] = field(default_factory=dict)  # code -> status per unit
    translations: dict = field(default_factory=dict)

    def counts(self, code: str) -> Counter:
        if code == "de":
            return Counter(source=len(self.units))
        return Counter(self.unit_status.get(code, ["missing"] * len(self.units)))

    def status(self, code: str) -> str:
        """source, reviewed, machine, outdated or missing (summary over the units)."""
        return summary_status(self.counts(code))


def summary_status(c: Counter) -> str:
    if c.get("source"):
        return "source"
    total = sum(c.values())
    if not total or c.get("missing", 0) == total:
        return "missing"
    if c.get("outdated") or c.get("missing"):
        return "outdated"
    return "reviewed" if c.get("reviewed", 0) == total else "machine"


def read_yaml(path: Path, cls, problems: Problems):
    """A YAML file read into the model class `cls`, or None with the problems recorded."""
    text = read_text(path, problems)
    if text is None:
        return None
    before = len(problems.items)
    node = compose(text, path, problems)
    if node is None and len(problems.items) == before:  # empty, or only comments
        problems.error(path, 0, "", "Die Datei ist leer. Wenn es diese Texte nicht geben soll, die Datei löschen; "
                       "sonst die Einträge wiederherstellen (z. B. mit git).")
    return schema.read(cls, node, schema.Ctx(path, problems)) if node is not None else None


def page_markdown(site, topic, code: str) -> str:
    """The Markdown file of content page `topic` in language `code`, as MkDocs reads it: the German
    skeleton with every current translation in place; outdated or missing parts in German, marked
    `lang="de" dir="ltr"` with class si-outdated, and a short notice at the top when there are any."""
    tr = topic.translations.get(code)
    if code == "de" or tr is None:
        return topic.text
    lang = site.languages[code]
    meta = {"title": tr.meta.title, "status": tr.meta.status, "si_status": tr.meta.status}
    if tr.meta.summary:
        meta["summary"] = tr.meta.summary
    if topic.meta.hide:
        meta["hide"] = list(topic.meta.hide)
    body = tr.body
    if tr.outdated_segments:
        notice = str(_escape(lang.strings.get("outdated_parts_notice", "")))
        body = f'<p class="si-notice si-notice--outdated" role="note">{notice}</p>\n\n' + body.lstrip("\n")
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" + body.lstrip("\n")


def _escape(s):
    from markupsafe import escape
    return escape(s)


# --- content pages ------------------------------------------------------------------------------

def page_units(topic, rel_file: str, body_offset: int, segs) -> list[Unit]:
    """The units of a German page: title, summary, then every segment of the body."""
    from .segments import KIND_LABEL
    ctx = f"content:{topic.path}"
    units = [Unit(ctx + ":title", topic.meta.title, (rel_file, 2), "title", "Seitentitel")]
    if topic.meta.summary:
        units.append(Unit(ctx + ":summary", topic.meta.summary, (rel_file, 2), "summary", "Zusammenfassung für Listen"))
    for s in segs:
        units.append(Unit(ctx, s.text, (rel_file, body_offset + s.start + 1), s.kind, KIND_LABEL[s.kind]))
    return units


def translate_topics(topics, root: Path, languages: dict, problems: Problems) -> None:
    """Attach to every German topic its translations from the catalogs (translations/<code>.po)."""
    from .catalog import load_catalog, unit_statuses
    from .model import Translation, TranslationFrontMatter
    from .markup import markdown_problems
    from .segments import assemble, problems_of, split
    for topic in topics:
        topic.segments = split(topic.body)
        topic.units = page_units(topic, f"content/{topic.path}", topic.body_offset, topic.segments)
    for stray in sorted((root / "translations").glob("*.po")):
        if stray.stem not in languages or stray.stem == "de":
            problems.error(stray, 0, "", f"Unbekannte Sprache «{stray.stem}» im Dateinamen. Vorhanden: "
                           f"{', '.join(sorted(c for c in languages if c != 'de'))} (je eine Datei in locales/).",
                           because=problems.language_file(stray.stem))
    for code in sorted(languages):
        if code == "de":
            continue
        cat = load_catalog(root, code, problems)
        rel_cat = f"../{cat.path.parent.name}/{cat.path.name}"
        for topic in topics:
            ctx = f"content:{topic.path}"
            if not any(c == ctx or c.startswith(ctx + ":") for c in cat.contexts):
                continue
            current = {u.source for u in topic.units}
            statuses, texts = [], []
            for u, (st, e) in zip(topic.units, unit_statuses(topic.units, cat)):
                if e is not None:
                    msgs = problems_of(u.source, e.text, u.kind)
                    if "<" in e.text or "&" in e.text:  # the same HTML rule as for German pages (markup.py)
                        msgs = (*msgs, *(m for _, m in markdown_problems(e.text, root / "mkdocs.yml")))
                    if msgs:
                        problems.error(cat.path, e.line, f"msgctxt {u.context}",
                                       f"«{_short(u.source)}»: " + " ".join(msgs))
                        st, e = "invalid", None
                statuses.append(st)
                texts.append(e.text if e is not None and st in ("machine", "reviewed") else None)
            n_title = 2 if topic.meta.summary else 1
            body_texts = texts[n_title:]
            replace = {i: t for i, t in enumerate(body_texts) if t is not None}
            mark = {i for i, t in enumerate(body_texts) if t is None}
            body = assemble(topic.body, topic.segments, replace, mark, OUTDATED_ATTR)
            counted = Counter(statuses)
            statuses = ["outdated" if s == "invalid" else s for s in statuses]  # shown German; the error is the cause
            page_status = "reviewed" if counted.get("reviewed", 0) == len(statuses) else "machine"
            meta = TranslationFrontMatter(title=texts[0] or topic.meta.title, status=page_status, source_hash="",
                                          summary=(texts[1] or topic.meta.summary) if topic.meta.summary else None,
                                          hide=list(topic.meta.hide))
            tr = Translation(code, rel_cat, meta, body, outdated=bool(counted.get("outdated") or counted.get("missing")))
            tr.unit_status = statuses
            tr.outdated_segments = sum(1 for i in mark)
            topic.translations[code] = tr
            stale = [s for s in cat.contexts.get(ctx, []) if s not in current]
            pending = counted.get("outdated", 0) + counted.get("missing", 0)
            if pending:
                problems.warning(cat.path, cat.entries[(ctx, stale[0])].line if stale else 0, f"msgctxt {ctx}",
                                 f"{counted.get('outdated', 0)} Abschnitt(e) veraltet, {counted.get('missing', 0)} neu: "
                                 f"der deutsche Text von content/{topic.path} wurde geändert. Bis zur Übersetzung "
                                 f"erscheinen sie deutsch. Zum Übersetzen: python -m generator catalog export --lang {code}.")


def _short(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"
