"""Translation catalogs: gettext PO files, one per language (translations/<code>.po).

Every translatable German text is a *unit* with a context (msgctxt) and a source reference. A
catalog entry records the German text it was translated from (msgid) and the translation (msgstr);
so freshness is per unit, for every kind of text alike:

- the entry's msgid equals the current German and it is not marked fuzzy: the translation is used —
  `reviewed` if the entry carries a translator comment `reviewed: <Organisation>, <JJJJ-MM-TT>`,
  otherwise `machine` (a draft);
- otherwise the unit is `outdated` (the German changed, or a translator marked it fuzzy) or
  `missing`: the German text is shown, marked as German.

Babel's catalog support (pinned already for CLDR) reads and writes the files; Poedit, Weblate and
CAT tools open them as they are.
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po

from .problems import Problems

CATALOG_DIR = "translations"
REVIEW_RE = re.compile(r"^\s*reviewed:\s*(?P<org>[^,]+?)\s*,\s*(?P<date>\d{4}-\d{2}-\d{2})\s*$")
STATUSES = ("reviewed", "machine", "outdated", "missing")
_FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)  # headers stay byte-stable in git
HEADER = ("# start.integration Kanton Solothurn: Übersetzungen.\n"
          "# Vorlage sind die deutschen Texte (verbindlich).\n"
          "# Bearbeiten mit Poedit, Weblate oder von Hand,\n"
          "# danach: python -m generator check\n"
          "# Status je Eintrag: «#, fuzzy» = veraltet;\n"
          "# «# reviewed: Organisation, JJJJ-MM-TT» = geprüft;\n"
          "# sonst maschinell übersetzt (Entwurf).\n#")


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

    def lookup(self, unit: Unit, current: set[str] | None = None) -> tuple[str, Entry | None]:
        """(status, entry) of a unit. `current`: every German text of the unit's context today, to tell
        a stale entry (outdated) from none (missing)."""
        e = self.entries.get((unit.context, unit.source))
        if e is not None and e.text and not e.fuzzy:
            return ("reviewed" if e.review else "machine"), e
        if e is not None and e.text:
            return "outdated", e
        stale = [s for s in self.contexts.get(unit.context, []) if current is None or s not in current]
        return ("outdated" if stale else "missing"), None


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
        data = path.read_bytes()
        po = read_po(io.BytesIO(data), abort_invalid=True, charset="utf-8")
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        problems.error(path, int(m.group(1)) if m else 0, "", f"Die Datei ist kein gültiger PO-Katalog: {exc}. "
                       "Öffnen Sie sie mit Poedit oder prüfen Sie Anführungszeichen und «msgid»/«msgstr».")
        return cat
    for msg in po:
        if not msg.id or isinstance(msg.id, tuple):
            continue
        review = None
        for c in msg.user_comments:
            if c.strip().startswith("reviewed"):
                m = REVIEW_RE.match(c)
                try:
                    review = Review(m.group("org"), dt.date.fromisoformat(m.group("date"))) if m else None
                except ValueError:
                    review = None
                if review is None:
                    problems.error(path, msg.lineno or 0, msg.context or "", "Prüfvermerk nicht lesbar. Erwartet: "
                                   "«# reviewed: Organisation, JJJJ-MM-TT» (eine Organisation, kein Personenname).")
        ctx = msg.context or ""
        text = msg.string if isinstance(msg.string, str) else ""
        prev = msg.previous_id if isinstance(msg.previous_id, str) else ""
        cat.entries[(ctx, msg.id)] = Entry(msg.id, text, msg.fuzzy, review, msg.lineno or 0, prev)
        cat.contexts.setdefault(ctx, []).append(msg.id)
    return cat


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


def build_catalog(units: list[Unit], entries: list[Entry | None], locale: str | None, code: str) -> Catalog:
    po = Catalog(locale=locale, header_comment=HEADER, project="start.integration Kanton Solothurn",
                 version=code, creation_date=_FIXED_DATE, revision_date=_FIXED_DATE, fuzzy=False,
                 language_team=code, charset="utf-8", msgid_bugs_address="-",
                 last_translator="-")
    for u, e in zip(units, entries):
        flags = ["fuzzy"] if e is not None and e.fuzzy and e.text else []
        comments = [f"reviewed: {e.review.organisation}, {e.review.date.isoformat()}"] if e and e.review and not e.fuzzy else []
        auto = [u.note] if u.note else []
        po[u.source] = Message(u.source, e.text if e else "", locations=[u.ref], flags=flags,
                                            auto_comments=auto, user_comments=comments,
                                            previous_id=(e.previous if e and e.fuzzy and e.previous else ()),
                                            context=u.context)
    return po


def po_bytes(po: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, po, width=76, include_previous=True, sort_output=False)
    return buf.getvalue()


def read_po_file(path: Path) -> Catalog:
    return read_po(io.BytesIO(Path(path).read_bytes()), abort_invalid=True, charset="utf-8")
