"""Translation catalogs: gettext PO files, one per language (translations/<code>.po).

Every translatable German text is a *unit* with a context (msgctxt) and a source reference. A
catalog entry records the German text it was translated from (msgid) and the translation (msgstr);
so freshness is per unit, for every kind of text alike:

- the entry's msgid equals the current German and it is not marked fuzzy: the translation is used —
  `reviewed` if the entry carries a translator comment `reviewed: <Organisation>, <JJJJ-MM-TT>`,
  otherwise `machine` (a draft);
- otherwise the unit is `outdated` (the German changed, or a translator marked it fuzzy) or
  `missing`: the German text is shown, marked as German.

polib reads and writes the files (it writes multi-line previous msgids `#|` correctly, which
Babel's writer does not); Poedit, Weblate and CAT tools open them as they are.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from .problems import Problems

CATALOG_DIR = "translations"
REVIEW_RE = re.compile(r"^\s*reviewed:\s*(?P<org>[^,]+?)\s*,\s*(?P<date>\d{4}-\d{2}-\d{2})\s*$")
STATUSES = ("reviewed", "machine", "outdated", "missing")
HEADER = ("start.integration Kanton Solothurn: Übersetzungen.\n"
          "Vorlage sind die deutschen Texte (verbindlich).\n"
          "Bearbeiten mit Poedit, Weblate oder von Hand, danach: python -m generator check\n"
          "Status je Eintrag: «#, fuzzy» = veraltet (die deutsche Vorlage wurde geändert);\n"
          "«# reviewed: Organisation, JJJJ-MM-TT» = geprüft; sonst maschinell übersetzt (Entwurf).")


@dataclass
class Unit:
    """A German text to translate."""
    context: str  # msgctxt, e.g. "content:themen/anmelden.md" or "glossary:ahv:term"
    source: str  # German text (msgid)
    ref: tuple[str, int]  # (file, line) of the German text
    kind: str = "paragraph"  # segment kind (segments.KIND_LABEL) or term/ui/text
    note: str = ""  # hint for translators (extracted comment)


@dataclass
class Review:
    organisation: str
    date: dt.date


@dataclass
class Entry:
    source: str
    text: str
    fuzzy: bool = False
    review: Review | None = None
    line: int = 0
    previous: str = ""


@dataclass
class LanguageCatalog:
    """The stored catalog of one language: {(context, German): Entry}."""
    code: str
    path: Path
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    contexts: dict[str, list[str]] = field(default_factory=dict)  # context -> German texts, file order


def unit_statuses(units: list[Unit], cat: LanguageCatalog) -> list[tuple[str, Entry | None]]:
    """(status, entry) per unit: reviewed/machine with the entry to use; outdated (fuzzy, or made
    from a German text this unit replaced — found by position in its context, as `catalog update`
    would) or missing, without an entry to use."""
    out = []
    for e in updated(units, cat):
        if e is None:
            out.append(("missing", None))
        elif e.fuzzy:
            out.append(("outdated", None))
        else:
            out.append(("reviewed" if e.review else "machine", e))
    return out


_cache: dict[Path, tuple[tuple, LanguageCatalog, list]] = {}


def catalog_path(root: Path, code: str) -> Path:
    return Path(root) / CATALOG_DIR / f"{code}.po"


def load_catalog(root: Path, code: str, problems: Problems) -> LanguageCatalog:
    """The stored catalog of a language (empty if there is none); problems recorded, cached by mtime."""
    path = catalog_path(root, code)
    if not path.exists():
        return LanguageCatalog(code, path)
    st = path.stat()
    key = (st.st_mtime_ns, st.st_size)
    hit = _cache.get(path)
    if hit and hit[0] == key:
        for p in hit[2]:
            problems.items.append(p)
        return hit[1]
    mine = Problems(root=problems.root)
    cat = _read(path, code, mine)
    _cache[path] = (key, cat, list(mine.items))
    problems.items.extend(mine.items)
    return cat


def _read(path: Path, code: str, problems: Problems) -> LanguageCatalog:
    cat = LanguageCatalog(code, path)
    try:
        po = read_po_file(path)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        problems.error(path, int(m.group(1)) if m else 0, "", f"Die Datei ist kein gültiger PO-Katalog: {exc}. "
                       "Öffnen Sie sie mit Poedit oder prüfen Sie Anführungszeichen und «msgid»/«msgstr».")
        return cat
    lines = path.read_text(encoding="utf-8-sig").splitlines()

    def msgstr_line(start: int) -> int:
        """The line of the entry's msgstr (what a translator edits); polib gives the entry's first line."""
        for i in range(max(start - 1, 0), len(lines)):
            if lines[i].startswith("msgstr"):
                return i + 1
        return start

    for msg in po:
        if not msg.msgid or msg.obsolete:
            continue
        review = None
        for c in (msg.tcomment or "").splitlines():
            if c.strip().startswith("reviewed"):
                review = parse_review(c)
                if review is None:
                    problems.error(path, msg.linenum, f"msgctxt {msg.msgctxt or ''}", "Prüfvermerk nicht lesbar. "
                                   "Erwartet: «# reviewed: Organisation, JJJJ-MM-TT» (eine Organisation, kein "
                                   "Personenname; Datum nicht in der Zukunft).")
        ctx = msg.msgctxt or ""
        cat.entries[(ctx, msg.msgid)] = Entry(msg.msgid, msg.msgstr or "", msg.fuzzy, review, msgstr_line(msg.linenum),
                                              msg.previous_msgid or "")
        cat.contexts.setdefault(ctx, []).append(msg.msgid)
    return cat


def parse_review(comment: str) -> Review | None:
    m = REVIEW_RE.match(comment)
    if not m:
        return None
    try:
        date = dt.date.fromisoformat(m.group("date"))
    except ValueError:
        return None
    return Review(m.group("org"), date) if date <= dt.date.today() else None


# --- writing ------------------------------------------------------------------------------------

def updated(units: list[Unit], cat: LanguageCatalog, extra: dict[tuple[str, str], Entry] | None = None) -> list[Entry | None]:
    """For each unit the entry to write: the exact one, or the translation of the German text it
    replaced (aligned by position in its context), marked fuzzy with the previous German; None if
    there is nothing."""
    entries = dict(cat.entries)
    entries.update(extra or {})
    by_ctx: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        by_ctx.setdefault(u.context, []).append(i)
    out: list[Entry | None] = [None] * len(units)
    for ctx, idxs in by_ctx.items():
        new = [units[i].source for i in idxs]
        old = [s for s in cat.contexts.get(ctx, []) if entries.get((ctx, s)) and entries[(ctx, s)].text]
        for i in idxs:
            e = entries.get((ctx, units[i].source))
            if e is not None and e.text:
                out[i] = e
        sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, a0, a1, b0, b1 in sm.get_opcodes():
            if tag != "replace":
                continue
            for k in range(min(a1 - a0, b1 - b0)):
                i = idxs[b0 + k]
                if out[i] is None:
                    prev = entries[(ctx, old[a0 + k])]
                    out[i] = Entry(units[i].source, prev.text, True, None, 0, old[a0 + k])
    return out


def build_catalog(units: list[Unit], entries: list[Entry | None], locale: str | None, code: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=76, check_for_duplicates=False)
    po.header = HEADER
    po.metadata = {"Project-Id-Version": f"start.integration Kanton Solothurn {code}", "Language": locale or code,
                   "Language-Team": code, "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit"}
    seen: dict[tuple[str, str], polib.POEntry] = {}
    for u, e in zip(units, entries):
        key = (u.context, u.source)
        if key in seen:  # the same German text twice in one context: one entry, both references
            if u.ref[0] not in [o[0] for o in seen[key].occurrences]:
                seen[key].occurrences.append((u.ref[0], ""))
            continue
        fuzzy = e is not None and e.fuzzy and bool(e.text)
        entry = polib.POEntry(msgctxt=u.context, msgid=u.source, msgstr=e.text if e else "",
                              occurrences=[(u.ref[0], "")], comment=u.note or "",
                              tcomment=(f"reviewed: {e.review.organisation}, {e.review.date.isoformat()}"
                                        if e and e.review and not e.fuzzy else ""),
                              flags=["fuzzy"] if fuzzy else [],
                              previous_msgid=(e.previous if fuzzy and e.previous else None))
        seen[key] = entry
        po.append(entry)
    return po


def po_bytes(po: polib.POFile) -> bytes:
    return str(po).encode("utf-8")


def read_po_file(path: Path) -> polib.POFile:
    """A PO file (polib); ValueError/OSError with the line when it does not parse."""
    return polib.pofile(str(path), encoding="utf-8", check_for_duplicates=False)
