"""Reading YAML so that every value keeps the line it came from.

PyYAML silently accepts duplicate keys and reports tabs and syntax errors as exceptions; here each
becomes a Problem with file and line. Values are kept as YAML nodes so the schema can say where a
wrong value stands.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problems

MAX_BYTES = 2 * 1024 * 1024  # a data or locale file larger than this is a mistake, not data
MAX_DEPTH = 32  # nesting deeper than this is a mistake (the deepest real structure has 7 levels)
# Invisible characters that change what a reader sees or how a line ends: C0/C1 control characters
# (tab and line feed excepted), DEL, the bidirectional embeddings, overrides and isolates
# (U+202A–U+202E, U+2066–U+2069, "Trojan Source"), line/paragraph separators and a byte order mark
# inside the text. Marks that right-to-left text needs (U+200E/U+200F/U+061C, joiners) stay allowed.
FORBIDDEN_CHARS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
KEY_RE = re.compile(r"^\s*(?:-\s+)?([^\s:#\"'][^:#]*?)\s*:(?:\s|$)")


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line endings
    if not control_character_problems(text, path, problems):
        return None
    return text


def control_character_problems(text: str, path: Path, problems: Problems) -> bool:
    """Report every forbidden invisible character with line, column and the key of its line;
    True when there is none."""
    ok = True
    for lineno, line in enumerate(text.split("\n"), start=1):
        for m in FORBIDDEN_CHARS_RE.finditer(line):
            ch = m.group(0)
            name = unicodedata.name(ch, "Steuerzeichen")
            key = KEY_RE.match(line)
            problems.error(path, lineno, key.group(1) if key else "",
                           f"Unsichtbares Zeichen U+{ord(ch):04X} ({name}) in Spalte {m.start() + 1}. Solche "
                           "Zeichen verändern die Anzeige oder die Schreibrichtung und sind nicht erlaubt: "
                           "bitte löschen (oft beim Kopieren aus Word, PDF oder Chat mitgekommen).")
            ok = False
    return ok


def nesting_problem(text: str) -> tuple[int, int] | None:
    """(line, depth) of the first place nested deeper than MAX_DEPTH, by brackets or indentation."""
    depth = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        content = re.sub(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'", "", line.split(" #", 1)[0])
        indent = (len(content) - len(content.lstrip(" -"))) // 2
        for ch in content:
            depth += (ch in "[{") - (ch in "]}")
            if depth + indent > MAX_DEPTH:
                return lineno, depth + indent
        if indent > MAX_DEPTH:
            return lineno, indent
    return None


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
    deep = nesting_problem(text)
    if deep:
        problems.error(path, deep[0] + offset, "", f"Zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen). "
                       "Prüfen Sie Klammern [ ] { } und die Einrückung in dieser Zeile.")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except RecursionError:
        problems.error(path, first_line, "", f"Zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen).")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.context and ("quoted scalar" in exc.context or "flow" in exc.context):
            # an unclosed quote or bracket: YAML notices it lines later; the opening is the cause
            start = exc.context_mark.line + 1 + offset
            problems.error(path, start, "", "YAML-Syntaxfehler: Anführungszeichen oder Klammer in dieser Zeile "
                           f"nicht geschlossen (YAML bemerkt es erst in Zeile {mark.line + 1 + offset}: {exc.problem}).")
            return None
        line = (mark.line + 1 + offset) if mark else first_line
        what = exc.problem or "ungültiges YAML"
        opened = _open_quote_before(text, line - offset)
        if opened is not None:
            problems.error(path, opened + offset, "", "YAML-Syntaxfehler: Anführungszeichen in dieser Zeile nicht "
                           f"geschlossen (YAML bemerkt es erst in Zeile {line}: {what}).")
            return None
        quote_line = _unclosed_quote_before(text, line - offset)
        if quote_line is not None and quote_line + offset != line:
            problems.error(path, quote_line + offset, "", f"YAML-Syntaxfehler: Anführungszeichen oder Klammer in "
                           f"dieser Zeile nicht geschlossen (YAML bemerkt es erst in Zeile {line}: {what}).")
        else:
            problems.error(path, line, "", f"YAML-Syntaxfehler: {what}. Prüfen Sie Einrückung, "
                           "Doppelpunkte und Anführungszeichen in dieser und der Zeile davor.")
        return None
    except yaml.YAMLError as exc:  # reader errors (characters YAML refuses), with their position
        pos = getattr(exc, "position", None)
        line = text[:pos].count("\n") + first_line if isinstance(pos, int) else first_line
        problems.error(path, line, "", f"YAML kann nicht gelesen werden: {exc}")
        return None
    if node is None:
        return None
    if offset:
        _shift(node, offset)
    _check_duplicate_keys(node, path, problems)
    return node


def _open_quote_before(text: str, line: int) -> int | None:
    """The line where a quoted value starts that runs over several lines up to the error at `line`
    (1-based): the usual result of a missing closing quote. None when there is no such value."""
    start = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.end_mark.line > token.start_mark.line and token.start_mark.line + 1 < line:
                start = token.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return start


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
