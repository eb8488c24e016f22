"""Reading YAML so that every value keeps the line it came from.

PyYAML silently accepts duplicate keys and reports tabs and syntax errors as exceptions; here each
becomes a Problem with file and line. Values are kept as YAML nodes so the schema can say where a
wrong value stands.
"""
from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problems

MAX_BYTES = 2 * 1024 * 1024  # a data or locale file larger than this is a mistake, not data


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader; dates stay dates, no Python objects. libyaml's parser where PyYAML has it: the
    same nodes with the same line marks, about ten times faster (the preview re-reads every file)."""


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def read_text(path: Path, problems: Problems, max_bytes: int = MAX_BYTES) -> str | None:
    """Read a UTF-8 text file or record why it cannot be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.error(path, 0, "", "Datei fehlt.")
        return None
    if len(raw) > max_bytes:
        problems.error(path, 0, "", f"Datei ist {len(raw) // 1024} KB gross; erlaubt sind höchstens "
                       f"{max_bytes // 1024} KB. Ist versehentlich etwas anderes hineinkopiert worden?")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(path, line, "", "Die Datei ist nicht in UTF-8 gespeichert. "
                       "Bitte im Editor als «UTF-8» speichern.")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def compose(text: str, path: Path, problems: Problems, first_line: int = 1) -> Node | None:
    """Parse YAML text into a node tree; syntax errors and duplicate keys become problems.

    `first_line` shifts line numbers, for YAML front matter that starts below the file's first line.
    """
    offset = first_line - 1
    for lineno, line in enumerate(text.splitlines(), start=first_line):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            problems.error(path, lineno, "", "Tabulator zum Einrücken gefunden. YAML erlaubt nur "
                           "Leerzeichen: ersetzen Sie den Tabulator durch Leerzeichen.")
            return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else first_line
        what = exc.problem or "ungültiges YAML"
        quote_line = _unclosed_quote_before(text, line - offset)
        if quote_line is not None and quote_line + offset != line:
            problems.error(path, quote_line + offset, "", f"YAML-Syntaxfehler: Anführungszeichen oder Klammer in "
                           f"dieser Zeile nicht geschlossen (YAML bemerkt es erst in Zeile {line}: {what}).")
        else:
            problems.error(path, line, "", f"YAML-Syntaxfehler: {what}. Prüfen Sie Einrückung, "
                           "Doppelpunkte und Anführungszeichen in dieser und der Zeile davor.")
        return None
    except yaml.YAMLError as exc:  # e.g. reader errors for control characters
        problems.error(path, first_line, "", f"YAML kann nicht gelesen werden: {exc}")
        return None
    if node is None:
        return None
    if offset:
        _shift(node, offset)
    _check_duplicate_keys(node, path, problems)
    return node


def _unclosed_quote_before(text: str, line: int, window: int = 15) -> int | None:
    """The nearest line at or before `line` with an odd number of double quotes (1-based)."""
    lines = text.splitlines()
    for n in range(min(line, len(lines)), max(0, line - window), -1):
        content = lines[n - 1].split(" #", 1)[0].replace('\\"', "")
        if content.count('"') % 2 == 1 or content.count("[") != content.count("]") \
                or content.count("{") != content.count("}"):
            return n
    return None


def _shift(node: Node, offset: int) -> None:
    for n in walk(node):  # new marks: libyaml's are read-only (and PyYAML's are shared)
        n.start_mark = _moved(n.start_mark, offset)
        n.end_mark = _moved(n.end_mark, offset)


def _moved(mark, offset: int):
    return yaml.Mark(mark.name, mark.index, mark.line + offset, mark.column, None, None)


def walk(node: Node):
    """Every node once; marks are shared objects in PyYAML, so collect them uniquely."""
    seen = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        yield n
        if isinstance(n, MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, SequenceNode):
            stack.extend(n.value)


def _check_duplicate_keys(node: Node, path: Path, problems: Problems) -> None:
    for n in walk(node):
        if isinstance(n, MappingNode):
            seen: dict[str, int] = {}
            for k, _ in n.value:
                if isinstance(k, ScalarNode):
                    if k.value in seen:
                        problems.error(path, line_of(k), k.value, f"Schlüssel «{k.value}» steht "
                                       f"doppelt (zuerst in Zeile {seen[k.value]}). Jeder Schlüssel "
                                       "darf nur einmal vorkommen.")
                    else:
                        seen[k.value] = line_of(k)


_constructor = _Loader("")


def to_python(node: Node):
    """Plain Python data from a node tree: int, bool, date, str, None, lists and dicts."""
    try:
        return _constructor.construct_object(node, deep=True)
    finally:
        _constructor.constructed_objects.clear()


scalar_value = to_python
