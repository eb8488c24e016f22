"""gemeinden/<slug>.yml: one file per municipality with what it says about itself.

Reading a file into the model (MunicipalityFile), attaching it to its Municipality, and writing
one back as readable YAML (used by the import of a data sheet answer). The cantonal registry
(municipalities.yml) keeps the municipalities' identity; these files keep their offices, first
information, local offers and welcome events.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from . import schema
from .model import Municipality, MunicipalityFile
from .problems import Problems
from .yamlsource import compose, read_text

DIRECTORY = "gemeinden"
SCHEMA_PATH = Path("schema") / "gemeinde.schema.json"
PROVENANCE_LAST = ("sources", "stand", "last_verified")
"""Written after the facts they belong to, so a diff shows the fact first."""
OWNED_FIELDS = ("website", "website_sources", "website_stand", "contacts", "first_information", "offers", "events")
"""Fields of a Municipality that come from its file (and nowhere else)."""


def path_for(root: Path, slug: str) -> Path:
    return Path(root) / DIRECTORY / f"{slug}.yml"


def read_file(path: Path, problems: Problems) -> MunicipalityFile | None:
    """One municipality's file, validated against the model; None (with problems) when it is wrong."""
    text = read_text(path, problems)
    if text is None:
        return None
    node = compose(text, path, problems)
    if node is None:
        if not text.strip():
            problems.error(path, 0, "", "Die Datei ist leer. Erwartet mindestens: bfs_nr und name der Gemeinde.")
        return None
    return schema.read(MunicipalityFile, node, schema.Ctx(path, problems))


def attach(m: Municipality, mf: MunicipalityFile, path: Path) -> None:
    """Copy the municipality's own data onto its registry entry, so renderers read m.contacts etc."""
    for name in OWNED_FIELDS:
        setattr(m, name, getattr(mf, name))
    m.file = path
    m.file_record = mf


def plain(value):
    """Model objects as plain data with the file's keys (dates stay dates, for YAML)."""
    if getattr(value, "is_canton", False):
        return "canton"
    if dataclasses.is_dataclass(value):
        out, provenance = {}, {}
        for f in dataclasses.fields(value):
            if f.metadata.get("derived"):
                continue
            v = getattr(value, f.name)
            if v is None or v == [] or v == {}:
                continue
            (provenance if f.name in PROVENANCE_LAST else out)[f.metadata.get("key", f.name)] = plain(v)
        return {**out, **provenance}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, no aliases."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True


def _short_lists_inline(dumper, data):
    flow = len(data) <= 7 and all(isinstance(x, str) and len(x) < 40 and x.isascii() for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _short_lists_inline)


def header(mf: MunicipalityFile, slug: str) -> str:
    return (f"# yaml-language-server: $schema=../{SCHEMA_PATH.as_posix()}\n"
            f"#\n# {mf.name} (BFS {mf.bfs_nr}): was die Gemeinde über sich selbst sagt — Stellen mit Adresse,\n"
            "# Telefon, E-Mail und Öffnungszeiten, Erstinformation, eigene Angebote, Begrüssungsanlässe.\n"
            "# Jede Angabe mit Quelle (sources) und Datum (stand, last_verified). Nichts erfinden.\n"
            f"# Ändern: von Hand (EDITING.md) oder per Datenblatt (python -m generator import …).\n\n")


def dump(mf: MunicipalityFile, slug: str) -> str:
    """The file's text: a header comment, then the data in the model's field order."""
    body = yaml.dump(plain(mf), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)
    return header(mf, slug) + body


def record_of(m: Municipality) -> MunicipalityFile:
    """The municipality's own data as a file record (after `attach`, or built from its fields)."""
    if getattr(m, "file_record", None) is not None:
        return m.file_record
    return MunicipalityFile(bfs_nr=m.bfs_nr, name=m.name, **{n: getattr(m, n) for n in OWNED_FIELDS})
