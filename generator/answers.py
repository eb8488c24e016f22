"""Importing a municipality's answer (the file its data sheet saved) into gemeinden/<slug>.yml.

The answer is checked with the model's own schema and the loader's checks — every problem with
the field and what is expected, nothing written when there is any error. Identity (slug, BFS
number, name; the file name; an optional target) and the checksum must match. What the sheet
covers (website, offices, first information, events) is replaced by the answer, every fact with
the provenance `sources: ["Angaben der Gemeinde"]` and `stand` = `last_verified` = the answer's
date; the municipality's own offers are kept. The same answer imported twice changes nothing.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import checks, completeness, datasheet, municipal_files, request_log, schema
from .loader import Site, check_municipal_file
from .model import MunicipalityFile
from .problems import Problems
from .yamlsource import compose

MAX_BYTES = 1024 * 1024
TOP_KEYS = ("format", "version", "municipality", "request", "answered", "data", "checksum")
SHEET_FIELDS = ("website", "contacts", "first_information", "events")
PROVENANCE = ("sources", "last_verified", "stand", "website_sources", "website_stand")
FILE_NAME_RE = re.compile(r"^gemeindeangaben-([a-z0-9-]+?)(?:-\d{4}-\d{2}-\d{2})?(?: ?\(\d+\))?\.json$")


@dataclass
class ImportResult:
    slug: str | None
    problems: Problems
    diff: str = ""
    changed: bool = False
    path: Path | None = None
    before_complete: bool | None = None
    after_complete: bool | None = None
    summary: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def _inject(node: MappingNode, answered: str) -> None:
    """Add the provenance of a municipality's answer to one fact (a mapping node)."""
    mark = node.start_mark
    src = SequenceNode("tag:yaml.org,2002:seq", [ScalarNode("tag:yaml.org,2002:str", checks.MUNICIPAL_SOURCE, mark, mark)], mark, mark)
    node.value += [(ScalarNode("tag:yaml.org,2002:str", "sources", mark, mark), src),
                   (ScalarNode("tag:yaml.org,2002:str", "last_verified", mark, mark),
                    ScalarNode("tag:yaml.org,2002:str", answered, mark, mark)),
                   (ScalarNode("tag:yaml.org,2002:str", "stand", mark, mark),
                    ScalarNode("tag:yaml.org,2002:str", answered, mark, mark))]


def _get(node: MappingNode, key: str):
    return next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None)


def read_answer(site: Site, path: Path, *, target: str | None = None, today: dt.date | None = None):
    """(MunicipalityFile for the answer's municipality, slug, answered date, problems)."""
    today = today or dt.date.today()
    path = Path(path)
    problems = Problems(root=site.root)
    fail = (None, None, None, problems)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(path, 0, "", f"Datei kann nicht gelesen werden: {exc.strerror or exc}.")
        return fail
    if len(raw) > MAX_BYTES:
        problems.error(path, 0, "", f"Die Datei ist {len(raw) // 1024} KB gross; eine Antwort hat höchstens {MAX_BYTES // 1024} KB. "
                       "Ist es die richtige Datei?")
        return fail
    try:
        text = raw.decode("utf-8")
        answer = json.loads(text)
    except UnicodeDecodeError:
        problems.error(path, 0, "", "Die Datei ist nicht in UTF-8. Erwartet: die Datei, die das Datenblatt gespeichert hat.")
        return fail
    except json.JSONDecodeError as exc:
        problems.error(path, exc.lineno, "", f"Die Datei ist kein gültiges JSON ({exc.msg}, Spalte {exc.colno}). "
                       "Erwartet: die unveränderte Datei, die das Datenblatt mit «Antwort speichern» erzeugt hat.")
        return fail
    node = compose(text, path, problems)
    if not isinstance(answer, dict) or not isinstance(node, MappingNode):
        problems.error(path, 1, "", "Erwartet: ein JSON-Objekt mit format, municipality, answered, data und checksum.")
        return fail

    def line(key):
        k = next((k for k, _ in node.value if k.value == key), None)
        return k.start_mark.line + 1 if k is not None else 1

    for key in answer:
        if key not in TOP_KEYS:
            problems.error(path, line(key), key, f"Unbekanntes Feld «{key}». Erlaubt sind: {', '.join(TOP_KEYS)}.")
    for key in TOP_KEYS:
        if key not in answer:
            problems.error(path, 1, key, f"Pflichtfeld «{key}» fehlt. Ist die Datei vom Datenblatt gespeichert worden?")
    if problems.errors:
        return fail
    if answer["format"] != datasheet.ANSWER_FORMAT or answer["version"] != datasheet.ANSWER_VERSION:
        problems.error(path, line("format"), "format", f"Unbekanntes Format «{answer['format']}» Version {answer['version']}. "
                       f"Erwartet: «{datasheet.ANSWER_FORMAT}» Version {datasheet.ANSWER_VERSION}.")
    if not isinstance(answer["checksum"], str) or answer["checksum"] != datasheet.checksum(answer):
        problems.error(path, line("checksum"), "checksum", "Die Prüfsumme stimmt nicht: Die Datei wurde nach dem Speichern "
                       "verändert. Bitte die Gemeinde, das Datenblatt erneut zu speichern und die neue Datei zu senden.")
    # identity: the answer's municipality, the registry, the file name and the target agree
    who = answer["municipality"] if isinstance(answer["municipality"], dict) else {}
    slug = who.get("slug")
    m = site.by_slug.get(slug) if isinstance(slug, str) else None
    if m is None:
        problems.error(path, line("municipality"), "municipality.slug", f"Unbekannte Gemeinde «{slug}». Erwartet: der URL-Name "
                       "einer Gemeinde aus municipalities.yml.")
    else:
        if who.get("bfs_nr") != m.bfs_nr or who.get("name") != m.name:
            problems.error(path, line("municipality"), "municipality", f"BFS-Nummer {who.get('bfs_nr')} / Name «{who.get('name')}» "
                           f"passen nicht zu «{slug}» (municipalities.yml: {m.bfs_nr}, «{m.name}»).")
        named = FILE_NAME_RE.match(path.name)
        if named and named.group(1) != slug:
            problems.error(path, line("municipality"), "municipality.slug", f"Die Datei heisst nach «{named.group(1)}», "
                           f"enthält aber die Angaben von «{slug}». Ist die Datei verwechselt worden?")
        if target is not None and target != slug:
            problems.error(path, line("municipality"), "municipality.slug", f"Die Antwort ist von «{slug}», importiert werden "
                           f"sollte aber «{target}». Nichts wurde geändert.")
    dates = {}
    for key in ("request", "answered"):
        try:
            dates[key] = dt.date.fromisoformat(answer[key])
        except (TypeError, ValueError):
            problems.error(path, line(key), key, f"«{answer[key]}» ist kein Datum. Erwartet: JJJJ-MM-TT.")
    if len(dates) == 2:
        if dates["answered"] > today:
            problems.error(path, line("answered"), "answered", f"Das Datum der Angaben ({dates['answered']}) liegt in der Zukunft.")
        if dates["answered"] < dates["request"]:
            problems.error(path, line("answered"), "answered", f"Das Datum der Angaben ({dates['answered']}) liegt vor dem "
                           f"Datenblatt ({dates['request']}).")
    data_node = _get(node, "data")
    if not isinstance(data_node, MappingNode):
        problems.error(path, line("data"), "data", "Erwartet: ein Objekt mit den Angaben (website, contacts, first_information, events).")
        return fail
    for k, v in data_node.value:
        if k.value not in SHEET_FIELDS:
            problems.error(path, k.start_mark.line + 1, f"data.{k.value}", f"Unbekanntes Feld «{k.value}». Erlaubt sind: "
                           f"{', '.join(SHEET_FIELDS)}." + (" Quelle und Datum setzt der Import selbst." if k.value in PROVENANCE else ""))
    if m is None or "answered" not in dates:
        return fail
    answered = dates["answered"].isoformat()
    # provenance into every fact, then the model's schema and the loader's checks
    facts = []
    contacts = _get(data_node, "contacts")
    if isinstance(contacts, SequenceNode):
        facts += [c for c in contacts.value if isinstance(c, MappingNode)]
    for key in ("first_information",):
        v = _get(data_node, key)
        if isinstance(v, MappingNode):
            facts.append(v)
    events = _get(data_node, "events")
    if isinstance(events, SequenceNode):
        facts += [e for e in events.value if isinstance(e, MappingNode)]
    for fact in facts:
        for k, _ in fact.value:
            if k.value in PROVENANCE:
                problems.error(path, k.start_mark.line + 1, k.value, f"Das Feld «{k.value}» setzt der Import selbst "
                               f"(«{checks.MUNICIPAL_SOURCE}», Datum der Angaben). Bitte weglassen.")
        _inject(fact, answered)
    mark = data_node.start_mark
    str_tag = "tag:yaml.org,2002:str"
    record_node = MappingNode("tag:yaml.org,2002:map", [
        (ScalarNode(str_tag, "bfs_nr", mark, mark), ScalarNode("tag:yaml.org,2002:int", str(m.bfs_nr), mark, mark)),
        (ScalarNode(str_tag, "name", mark, mark), ScalarNode(str_tag, m.name, mark, mark)),
        *[(k, v) for k, v in data_node.value if k.value in SHEET_FIELDS]], mark, mark)
    if _get(data_node, "website") is not None:
        record_node.value += [
            (ScalarNode(str_tag, "website_sources", mark, mark),
             SequenceNode("tag:yaml.org,2002:seq", [ScalarNode(str_tag, checks.MUNICIPAL_SOURCE, mark, mark)], mark, mark)),
            (ScalarNode(str_tag, "website_stand", mark, mark), ScalarNode(str_tag, answered, mark, mark))]
    sheet = schema.read(MunicipalityFile, record_node, schema.Ctx(path, problems, "data"))
    if sheet is None or problems.errors:
        return fail
    found = Problems(root=site.root)
    check_municipal_file(sheet, m, site.data, path, found, set(site.languages), today)
    for p in found.errors:  # the loader names fields of the file; in the answer they sit under data
        problems.error(path, p.line, f"data.{p.field}", p.message)
    if problems.errors:
        return fail
    return sheet, slug, dates["answered"], problems


def merged(current: MunicipalityFile, sheet: MunicipalityFile) -> MunicipalityFile:
    """The municipality's file after the answer: the sheet's fields replaced, the rest kept."""
    values = {f.name: getattr(current, f.name) for f in dataclasses.fields(MunicipalityFile)}
    for name in ("website", "website_sources", "website_stand", "contacts", "first_information", "events"):
        values[name] = getattr(sheet, name)
    return MunicipalityFile(**values)


def import_answer(site: Site, path: Path, *, target: str | None = None, today: dt.date | None = None,
                  dry_run: bool = False) -> ImportResult:
    """Check the answer; if it is valid, write gemeinden/<slug>.yml and record the answer."""
    sheet, slug, answered, problems = read_answer(site, path, target=target, today=today)
    result = ImportResult(slug, problems)
    if sheet is None:
        return result
    m = site.by_slug[slug]
    file_path = municipal_files.path_for(site.root, slug)
    old_text = file_path.read_text(encoding="utf-8") if file_path.exists() else ""
    record = merged(m.file_record, sheet)
    new_text = municipal_files.dump(record, slug)
    # the written text must load again with the same checks (it is what the build will read)
    probe = file_path.with_name(f".{slug}.yml.import")
    probe.write_text(new_text, encoding="utf-8")
    try:
        check = Problems(root=site.root)
        again = municipal_files.read_file(probe, check)
        if again is not None:
            check_municipal_file(again, m, site.data, probe, check, set(site.languages), today or dt.date.today())
        if again is None or check.errors:
            for p in check.errors:
                problems.error(path, 0, p.field, f"Nach dem Import wäre die Datei ungültig: {p.message}")
            return result
    finally:
        probe.unlink(missing_ok=True)
    result.path = file_path
    result.diff = "".join(difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                               f"a/{municipal_files.DIRECTORY}/{slug}.yml", f"b/{municipal_files.DIRECTORY}/{slug}.yml"))
    result.changed = old_text != new_text
    before = completeness.is_complete(m)
    after_m = dataclasses.replace(m)
    municipal_files.attach(after_m, record, file_path)
    result.before_complete, result.after_complete = before, completeness.is_complete(after_m)
    result.summary = [g.label for g in completeness.gaps(after_m)]
    if dry_run:
        return result
    if result.changed:
        tmp = file_path.with_name(f".{slug}.yml.tmp")
        tmp.write_text(new_text, encoding="utf-8")
        os.replace(tmp, file_path)
    log = request_log.read(site.root)
    if request_log.record_answered(log, slug, answered) is not None:
        request_log.write(site.root, log)
    return result
