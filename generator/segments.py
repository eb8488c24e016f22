"""Markdown split into translation segments, and put together again in another language.

A segment is what a translator translates at once: a heading, a paragraph, a list item, a table
cell or an admonition title. The German page is parsed with markdown-it-py (CommonMark with line
maps, plus the admonition plugin for `!!! kind "title"` blocks); a translated page is the German page
with each segment's lines replaced by the translation, so the Markdown skeleton (lists, tables,
admonitions, indentation, heading anchors) is always the German one and cannot be broken by a
translation.

The inline structure of a translation (links and their targets, emphasis, code, inline HTML) and
its numbers must equal the German segment's; `problems_of()` says what differs.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from pymdownx.slugs import slugify

from . import checks

_MD = MarkdownIt("commonmark").enable("table").use(admon_plugin)
_SLUG = slugify(case="lower")  # the same slugify mkdocs.yml gives the toc extension
HEADING_ATTR_RE = re.compile(r"\s*(\{[^{}\n]*\})\s*$")
PLACEHOLDER_RE = re.compile(r"\{(\w*)\}")
# Digit groups (any script) joined by thousands separators: 100'000, 100 000, 100,000.
NUMBER_RE = re.compile(r"\d+(?:['’\u00a0\u202f ,.]\d{3}(?!\d))*")

KIND_LABEL = {"heading": "Überschrift", "paragraph": "Absatz", "item": "Listenpunkt", "cell": "Tabellenzelle",
              "admonition": "Titel eines Hinweiskastens", "title": "Seitentitel"}


@dataclass
class Segment:
    kind: str  # heading, paragraph, item, cell, admonition
    text: str  # German inline Markdown, container prefixes removed
    start: int  # first line (0-based, in the body)
    end: int  # line after the last
    level: int = 0  # heading level
    attr: str = ""  # a heading's own attribute list, e.g. "{ #nummer-117 }"
    row: int = -1  # table: index of the row's first line; cell: column
    col: int = -1
    tag: str = ""  # admonition kind

    @property
    def anchor(self) -> str:
        m = re.search(r"#([\w\-]+)", self.attr)
        return m.group(1) if m else _SLUG(plain(self.text), "-")


def plain(inline: str) -> str:
    """The text a reader sees of an inline Markdown string (for heading anchors)."""
    out = []
    for tok in _MD.parseInline(inline)[0].children or []:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


def split(body: str) -> list[Segment]:
    """The segments of a Markdown body, in reading order."""
    segs: list[Segment] = []
    tokens = _MD.parse(body)
    stack: list[str] = []
    row_map = None
    col = 0
    for i, tok in enumerate(tokens):
        if tok.nesting == 1:
            stack.append(tok.type)
            if tok.type == "tr_open":
                row_map, col = tok.map, 0
        elif tok.nesting == -1:
            stack.pop()
        if tok.type != "inline":
            continue
        opener = tokens[i - 1]
        text = tok.content
        if opener.type == "heading_open":
            m = HEADING_ATTR_RE.search(text)
            attr = m.group(1) if m else ""
            segs.append(Segment("heading", text[:m.start()] if m else text, *tok.map, level=int(opener.tag[1]),
                                attr=attr))
        elif opener.type == "admonition_title_open":
            segs.append(Segment("admonition", text, *tok.map, tag=tokens[i - 2].meta.get("tag", "note")))
        elif opener.type in ("th_open", "td_open"):
            segs.append(Segment("cell", text, *row_map, row=row_map[0], col=col))
            col += 1
        elif opener.type == "paragraph_open":
            kind = "item" if "list_item_open" in stack[:-1] and stack[-2] == "list_item_open" else "paragraph"
            segs.append(Segment(kind, text, *tok.map))
    return [s for s in segs if s.text.strip()]


def assemble(body: str, segs: list[Segment], replace: dict[int, str], mark: set[int], mark_attr: str) -> str:
    """The body with segment i's text replaced by replace[i]; segments in `mark` keep their German
    text and get `mark_attr` (an attribute list such as `lang="de" dir="ltr" .si-outdated`)."""
    lines = body.split("\n")
    rows: dict[int, list[tuple[int, Segment]]] = {}
    edits: list[tuple[int, int, list[str]]] = []
    for i, s in enumerate(segs):
        if s.kind == "cell":
            rows.setdefault(s.row, []).append((i, s))
            continue
        if i not in replace and i not in mark:
            continue
        text = replace.get(i, s.text)
        old = lines[s.start:s.end]
        if s.kind == "heading":
            attrs = " ".join(a for a in (s.attr[1:-1].strip() if s.attr else f"#{s.anchor}",
                                            mark_attr if i in mark else "") if a)
            edits.append((s.start, s.end, [old[0][:old[0].index("#")] + "#" * s.level + " " + text
                                           + " { " + attrs + " }"]))
        elif s.kind == "admonition":
            prefix = old[0][:old[0].index("!!!")]
            edits.append((s.start, s.end, [f'{prefix}!!! {s.tag} "{text}"']))
        else:
            first = s.text.split("\n", 1)[0]
            prefix = old[0][:old[0].index(first)] if first in old[0] else ""
            cont = old[1][:len(old[1]) - len(old[1].lstrip())] if len(old) > 1 else re.sub(r"[^\s>]", " ", prefix)
            new = [prefix + text.split("\n")[0]] + [cont + t for t in text.split("\n")[1:]]
            if i in mark:
                new.append(cont + "{ " + mark_attr + " }")
            edits.append((s.start, s.end, new))
    for start, cells in rows.items():
        if not any(i in replace or i in mark for i, _ in cells):
            continue
        old = lines[start]
        indent = old[:len(old) - len(old.lstrip())]
        parts = []
        for i, s in cells:
            text = replace.get(i, s.text)
            parts.append(text + (" { " + mark_attr + " }" if i in mark else ""))
        edits.append((start, start + 1, [indent + "| " + " | ".join(parts) + " |"]))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = new
    return "\n".join(lines)


# --- what a translation must keep --------------------------------------------------------------

def _inline_signature(text: str) -> Counter:
    sig: Counter = Counter()
    if not _INLINE_SPECIAL.search(text):
        return sig
    for tok in _MD.parseInline(text)[0].children or []:
        if tok.type == "link_open":
            sig["Link → " + tok.attrs.get("href", "")] += 1
        elif tok.type == "image":
            sig["Bild → " + tok.attrs.get("src", "")] += 1
        elif tok.type in ("strong_open", "em_open", "s_open"):
            sig[{"strong_open": "Fettdruck **…**", "em_open": "Kursiv *…*", "s_open": "Durchgestrichen"}[tok.type]] += 1
        elif tok.type == "code_inline":
            sig["Code `" + tok.content + "`"] += 1
        elif tok.type == "html_inline":
            sig["HTML " + tok.content] += 1
        elif tok.type == "text" and re.search(r"\{\s*[#.:]", tok.content):
            sig["Attributliste " + re.search(r"\{[^}]*\}?", tok.content).group(0)] += 1
    return sig


def numbers(text: str) -> list[str]:
    """The numbers in a text, digits of any script read as 0–9, thousands separators removed."""
    out = []
    for m in NUMBER_RE.finditer(text):
        digits = "".join(str(unicodedata.digit(c)) for c in m.group(0) if unicodedata.category(c) == "Nd")
        out.append(digits.lstrip("0") or "0")
    return sorted(out)


def digit_scripts(text: str) -> set[str]:
    """Which digit systems a text uses, e.g. {"ARABIC-INDIC"} or {"DIGIT"} for 0–9."""
    return {_digit_script(c) for c in set(_DIGIT_RE.findall(text))}


_DIGIT_RE = re.compile(r"\d")  # str patterns: \d is every decimal digit (Unicode category Nd)


@lru_cache(maxsize=None)
def _digit_script(c: str) -> str:
    name = unicodedata.name(c, "DIGIT")
    return name.rsplit(" DIGIT", 1)[0] if " DIGIT" in name else "DIGIT"


_BLOCKISH = re.compile(r"^(?: {4}|\s*(?:[-+*>#|=~`]|\d+[.)]|!!!|\s*$))", re.M)
_INLINE_SPECIAL = re.compile(r"[*_`\[\]<>{}\\!|&]")


def _single_block(text: str) -> bool:
    if not _BLOCKISH.search(text):
        return True  # nothing that could open a block: plain text lines
    toks = _MD.parse(text)
    return [t.type for t in toks] == ["paragraph_open", "inline", "paragraph_close"]


@lru_cache(maxsize=65536)
def problems_of(german: str, translation: str, kind: str = "paragraph", placeholders: bool = False) -> tuple[str, ...]:
    return tuple(_problems_of(german, translation, kind, placeholders))


def _problems_of(german: str, translation: str, kind: str, placeholders: bool) -> list[str]:
    """Why `translation` cannot stand for `german` (empty list: it can). Messages in German."""
    out = []
    if not translation.strip():
        return ["Die Übersetzung ist leer."]
    if kind in ("heading", "cell", "admonition", "ui", "title") and "\n" in translation.strip():
        out.append(f"Eine {KIND_LABEL.get(kind, 'Zeile')} muss eine Zeile bleiben (keine Zeilenumbrüche).")
    if kind == "cell" and re.search(r"(?<!\\)\|", translation):
        out.append("Ein «|» in einer Tabellenzelle teilt die Zelle; schreiben Sie «\\|».")
    if kind in ("title", "summary") and checks.plain_text(translation):
        out.append(checks.plain_text(translation))
    if kind == "admonition" and '"' in translation:
        out.append('Der Titel eines Hinweiskastens darf kein «"» enthalten.')
    if kind in ("heading", "paragraph", "item", "cell") and translation.strip() and not _single_block(translation):
        out.append("Die Übersetzung verändert den Aufbau der Seite (sie beginnt z. B. mit «#», «-», «1.» oder "
                   "«>», enthält eine Leerzeile oder eine Einrückung). Erwartet: reiner Text wie im Deutschen.")
    want, got = _inline_signature(german), _inline_signature(translation)
    for item in sorted((want - got).keys()):
        out.append(f"Fehlt oder verändert: {item} (im Deutschen {want[item]}×, in der Übersetzung {got[item]}×).")
    for item in sorted((got - want).keys()):
        out.append(f"Nicht im Deutschen: {item} (in der Übersetzung {got[item]}×, im Deutschen {want[item]}×).")
    if placeholders:
        w, g = sorted(PLACEHOLDER_RE.findall(german)), sorted(PLACEHOLDER_RE.findall(translation))
        if w != g:
            out.append("Platzhalter passen nicht zur deutschen Vorlage. Erwartet: "
                       + (", ".join("{" + p + "}" for p in w) or "keine") + ".")
    if numbers(german) != numbers(translation):
        out.append(f"Andere Zahlen als im Deutschen: Deutsch {', '.join(numbers(german)) or 'keine'}, "
                   f"Übersetzung {', '.join(numbers(translation)) or 'keine'}.")
    return out
