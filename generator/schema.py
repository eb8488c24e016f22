"""A small declarative schema: the model's dataclasses are the schema.

`read(cls, node, ctx)` turns a YAML node into an instance of the dataclass `cls`, checking unknown
keys, required fields, types and each field's own check, and records every mistake with file, line
and field. `json_schema(cls)` derives a JSON Schema from the same classes for editors' tools, so
loader and schema cannot drift apart.

Field metadata (dataclasses.field(metadata=...)):
  doc    – one line for editors (used in messages and the JSON Schema)
  check  – callable(value) -> error message or None
  example – an example value shown in messages
  label  – a short German label (data sheet for municipalities)
  derived – not read from the file (filled by the loader); with `home`, the message says which file it belongs in
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import types
import functools
import typing
from dataclasses import MISSING, dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problems
from .yamlsource import line_of, to_python


@dataclass
class Ctx:
    """Where we are while reading: file, problems and the path of the current field."""

    file: object
    problems: Problems
    path: str = ""

    def at(self, part: str) -> "Ctx":
        sep = "" if not self.path or part.startswith("[") else "."
        return Ctx(self.file, self.problems, f"{self.path}{sep}{part}")

    def error(self, node: Node | None, message: str) -> None:
        self.problems.error(self.file, line_of(node) if node is not None else 0, self.path, message)


class Text(dict):
    """A text per language: {"de": "...", "en": "..."}; a plain string means German."""


class _LineDict(dict):
    """A dict that remembers the line of each key."""

    def __init__(self, data, lines):
        super().__init__(data)
        self.lines = lines


TYPE_NAMES = {str: "Text", int: "ganze Zahl", bool: "true oder false", dt.date: "Datum (JJJJ-MM-TT)"}


@functools.lru_cache(maxsize=None)  # a class's annotations do not change while the program runs
def _hints(cls):
    return typing.get_type_hints(cls)


def _unwrap_optional(tp):
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _describe(tp) -> str:
    tp = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    if origin is list:
        return f"Liste von {_describe(typing.get_args(tp)[0])}"
    if origin is typing.Literal:
        return "einer von: " + ", ".join(str(a) for a in typing.get_args(tp))
    if tp is Text:
        return "Text oder Texte je Sprache (de: …, en: …)"
    if dataclasses.is_dataclass(tp):
        return "Eintrag mit Feldern (" + ", ".join(f.name for f in dataclasses.fields(tp)) + ")"
    return TYPE_NAMES.get(tp, getattr(tp, "__name__", str(tp)))


def _field_key(f) -> str:
    return f.metadata.get("key", f.name)


def read(tp, node: Node, ctx: Ctx):
    """Value of type `tp` from `node`, or None (with a problem recorded) when it is wrong."""
    tp = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if isinstance(node, ScalarNode) and hasattr(tp, "from_scalar"):
            value = to_python(node)
            result = tp.from_scalar(value)
            if isinstance(result, str):
                ctx.error(node, result)
                return None
            result.line = line_of(node)
            return result
        if not isinstance(node, MappingNode):
            ctx.error(node, f"Erwartet: {_describe(tp)}.")
            return None
        return _read_record(tp, node, ctx)
    if origin is list:
        (item_tp,) = typing.get_args(tp)
        if not isinstance(node, SequenceNode):
            ctx.error(node, f"Erwartet: {_describe(tp)} (Zeilen mit «- » oder [a, b]).")
            return None
        out = []
        for i, item in enumerate(node.value):
            v = read(item_tp, item, ctx.at(f"[{i}]"))
            if v is not None:
                if dataclasses.is_dataclass(v):
                    v.index = i  # its place in the file, also when an item before it was rejected
                out.append(v)
        return out
    if origin is dict:
        _, value_tp = typing.get_args(tp)
        if not isinstance(node, MappingNode):
            ctx.error(node, f"Erwartet: Einträge «schlüssel: …» ({_describe(value_tp)}).")
            return None
        out = {}
        for k, v in node.value:
            item = read(value_tp, v, ctx.at(str(k.value)))
            if item is not None:
                out[str(k.value)] = item
        out_lines = {str(k.value): line_of(k) for k, _ in node.value}
        return _LineDict(out, out_lines)
    if isinstance(tp, type) and issubclass(tp, Text):
        if isinstance(node, ScalarNode) and tp is Text:
            v = _scalar(str, node, ctx)
            return Text(de=v) if v is not None else None
        if not isinstance(node, MappingNode):
            ctx.error(node, f"Erwartet: {_describe(tp)}.")
            return None
        out = tp()
        for k, v in node.value:
            s = _scalar(str, v, ctx.at(str(k.value)))
            if s is not None:
                out[str(k.value)] = s
        out.lines = {str(k.value): line_of(k) for k, _ in node.value}
        return out
    if origin is typing.Literal:
        allowed = typing.get_args(tp)
        v = _scalar(str, node, ctx)
        if v is None:
            return None
        if v not in allowed:
            hint = difflib.get_close_matches(v, [str(a) for a in allowed], n=1)
            more = f" Meinten Sie «{hint[0]}»?" if hint else ""
            ctx.error(node, f"«{v}» ist nicht erlaubt. Erlaubt: {', '.join(map(str, allowed))}.{more}")
            return None
        return v
    return _scalar(tp, node, ctx)


def _scalar(tp, node: Node, ctx: Ctx):
    if not isinstance(node, ScalarNode):
        ctx.error(node, f"Erwartet: {_describe(tp)}, gefunden: eine Liste oder ein Eintrag.")
        return None
    try:
        value = to_python(node)
    except ValueError as exc:  # e.g. 2026-02-30 looks like a date but is impossible
        ctx.error(node, f"«{node.value}» ist kein gültiges Datum ({exc}). Format: JJJJ-MM-TT.")
        return None
    if tp is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return node.value  # postal codes and numbers written without quotes are fine as text
        if isinstance(value, dt.date):
            return node.value
        if not isinstance(value, str):
            ctx.error(node, f"Erwartet: Text, gefunden: «{node.value}».")
            return None
        if not value.strip():
            ctx.error(node, "Darf nicht leer sein.")
            return None
        return value.strip()
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.error(node, f"Erwartet: ganze Zahl, gefunden: «{node.value}».")
            return None
        return value
    if tp is bool:
        if not isinstance(value, bool):
            ctx.error(node, f"Erwartet: true oder false, gefunden: «{node.value}».")
            return None
        return value
    if tp is dt.date:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str) and len(value) == 10:  # a quoted date, e.g. "2026-11-24" (JSON too)
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                ctx.error(node, f"«{node.value}» ist kein gültiges Datum. Format: JJJJ-MM-TT.")
                return None
        if not isinstance(value, dt.date):
            ctx.error(node, f"Erwartet: Datum im Format JJJJ-MM-TT (z. B. 2026-11-24), gefunden: «{node.value}».")
            return None
        return value
    raise TypeError(f"schema: unsupported type {tp!r}")


def _read_record(cls, node: MappingNode, ctx: Ctx):
    fields = {(_field_key(f)): f for f in dataclasses.fields(cls) if f.init and not f.metadata.get("derived")}
    homes = {_field_key(f) for f in dataclasses.fields(cls) if f.metadata.get("home")}
    hints = _hints(cls)
    values = {}
    seen = set()
    ok = True
    for knode, vnode in node.value:
        key = str(knode.value)
        if key not in fields and key in homes:
            slug = next((str(v.value) for k, v in node.value if k.value == "slug" and isinstance(v, ScalarNode)), "<slug>")
            ctx.at(key).error(knode, f"«{key}» gehört nicht in diese Datei, sondern in die Datei der Gemeinde: "
                              f"gemeinden/{slug}.yml (eine Datei je Gemeinde, siehe EDITING.md).")
            continue
        if key not in fields:
            hint = difflib.get_close_matches(key, list(fields), n=1)
            more = f" Meinten Sie «{hint[0]}»?" if hint else ""
            ctx.at(key).error(knode, f"Unbekanntes Feld «{key}».{more} Erlaubt sind: {', '.join(fields)}.")
            continue
        f = fields[key]
        seen.add(key)
        sub = ctx.at(key)
        if isinstance(vnode, ScalarNode) and vnode.tag.endswith(":null"):
            if f.default is MISSING and f.default_factory is MISSING:
                sub.error(vnode, f"Pflichtfeld ist leer. Erwartet: {_describe(hints[f.name])}.")
                ok = False
            continue
        value = read(hints[f.name], vnode, sub)
        if value is None:
            ok = False
            continue
        check = f.metadata.get("check")
        if check is not None:
            msg = check(value)
            if msg:
                sub.error(vnode, msg)
                ok = False
                continue
        values[f.name] = value
        values.setdefault("lines", {})[f.name] = line_of(vnode)
    for key, f in fields.items():
        if key not in seen and f.default is MISSING and f.default_factory is MISSING:
            ctx.at(key).error(node, f"Pflichtfeld «{key}» fehlt. Erwartet: {_describe(hints[f.name])}"
                              + (f" — {f.metadata['doc']}" if f.metadata.get("doc") else "") + ".")
            ok = False
    if not ok:
        return None
    lines = values.pop("lines", {})
    obj = cls(**values)
    obj.line = line_of(node)
    obj.lines = lines
    return obj


# --- JSON Schema -----------------------------------------------------------------------------

def json_schema(cls, title: str = "") -> dict:
    defs: dict[str, dict] = {}
    root = _js(cls, defs)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if title:
        schema["title"] = title
    schema.update(defs.pop(cls.__name__))
    schema["$defs"] = dict(sorted(defs.items()))
    del root
    return schema


def _js(tp, defs) -> dict:
    tp = _unwrap_optional(tp)
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            hints = _hints(tp)
            props, required = {}, []
            for f in dataclasses.fields(tp):
                if not f.init or f.metadata.get("derived"):
                    continue
                p = dict(_js(hints[f.name], defs))
                if f.metadata.get("doc"):
                    p["description"] = f.metadata["doc"]
                if f.metadata.get("json"):
                    p.update(f.metadata["json"])
                props[_field_key(f)] = p
                if f.default is MISSING and f.default_factory is MISSING:
                    required.append(_field_key(f))
            d = {"type": "object", "additionalProperties": False, "properties": props}
            if required:
                d["required"] = required
            if tp.__doc__:
                d["description"] = " ".join(tp.__doc__.split())
            if hasattr(tp, "from_scalar"):
                d = {"anyOf": [{"type": "string"}, d]}
            defs[name] = d
        return {"$ref": f"#/$defs/{name}"}
    if origin is list:
        return {"type": "array", "items": _js(typing.get_args(tp)[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _js(typing.get_args(tp)[1], defs)}
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(tp))}
    if isinstance(tp, type) and issubclass(tp, Text) and tp is not Text:
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if tp is Text:
        return {"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "string"}}]}
    if tp is str:
        return {"type": ["string", "number"]}
    if tp is int:
        return {"type": "integer"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    raise TypeError(tp)
