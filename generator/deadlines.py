"""Deadlines after arrival from abroad (deadlines.yml), with their law and sources: the one home of
the figures that «Meine ersten Wochen» on every municipality page computes dates from."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import checks
from .problems import InvalidInput, Problems
from .yamlsource import compose, line_of, read_text

FILE = "deadlines.yml"


@dataclass(frozen=True)
class Deadline:
    id: str
    days: int | None  # days after arrival, or
    months: int | None  # calendar months after arrival
    law: str
    sources: tuple[str, ...]
    text: dict  # language code -> text; "de" is binding


def _mapping(node) -> dict:
    return {k.value: v for k, v in node.value} if isinstance(node, MappingNode) else {}


def _check(root: Path, codes: frozenset[str]) -> list[Deadline]:
    path = Path(root) / FILE
    problems = Problems(root=Path(root))
    text = read_text(path, problems)
    node = compose(text, path, problems) if text is not None else None
    items = _mapping(node).get("deadlines")
    if node is not None and not isinstance(items, SequenceNode):
        problems.error(path, line_of(node), "deadlines", "Liste «deadlines:» fehlt.")
    out = []
    for i, item in enumerate(items.value if isinstance(items, SequenceNode) else []):
        m = _mapping(item)
        where = f"deadlines[{i}]"

        def err(key, msg, at=None):
            problems.error(path, line_of(at if at is not None else m.get(key, item)), f"{where}.{key}", msg)

        def scalar(key):
            v = m.get(key)
            return v.value if isinstance(v, ScalarNode) else None

        ident = scalar("id")
        if not ident or not re.fullmatch(r"[a-z][a-z_]*", ident):
            err("id", f"Kennung «{ident or ''}» fehlt oder ist ungültig: nur Kleinbuchstaben und _, z. B. «register».")
            ident = None
        days, months = scalar("days"), scalar("months")
        if (days is None) == (months is None):
            err("days", "Genau eines von «days» (Tage) oder «months» (Monate) angeben.")
        for key, value in (("days", days), ("months", months)):
            if value is not None and not (value.isdigit() and 0 < int(value) <= 366):
                err(key, f"«{value}» ist keine Zahl von 1 bis 366.")
        if not scalar("law"):
            err("law", "Gesetzesstelle fehlt, z. B. «Art. 12 AIG».")
        srcs = m.get("sources")
        urls = [s.value for s in srcs.value] if isinstance(srcs, SequenceNode) else []
        if not urls:
            err("sources", "Mindestens eine Quelle (Web-Adresse) angeben.")
        for s in srcs.value if isinstance(srcs, SequenceNode) else []:
            msg = checks.url(s.value)
            if msg:
                err("sources", msg, s)
        texts = {k: v.value for k, v in _mapping(m.get("text")).items()}
        if not texts.get("de"):
            err("text", "Deutscher Text «de:» fehlt (er ist verbindlich).")
        for lang in sorted(set(texts) - codes):
            err("text", f"Unbekannte Sprache «{lang}». Vorhanden: {', '.join(sorted(codes))}.")
        if ident and texts.get("de") and urls and (days is None) != (months is None):
            out.append(Deadline(ident, int(days) if days and days.isdigit() else None,
                                int(months) if months and months.isdigit() else None,
                                scalar("law") or "", tuple(urls), texts))
    if problems.errors:
        raise InvalidInput(problems)
    return out


@functools.lru_cache(maxsize=4)
def load_deadlines(root: Path, codes: frozenset[str]) -> list[Deadline]:
    """The deadlines, checked; InvalidInput (file, line, field) when deadlines.yml is wrong."""
    return _check(Path(root), codes)
