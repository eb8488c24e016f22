"""What every translated text set shares (glossary, conversation guide): a status per language
from the translation's own status and the hash of the German text it was made from."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .problems import Problems
from .yamlsource import compose, read_text


def text_hash(data) -> str:
    """A short hash of German source texts (JSON-serialisable data)."""
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:12]


@dataclass
class TranslatedSet:
    """German source texts with their translations (each having `status` and `source_hash`)."""
    source_hash: str = ""
    translations: dict = field(default_factory=dict)

    def status(self, code: str) -> str:
        """source, reviewed, machine, outdated or missing."""
        if code == "de":
            return "source"
        tr = self.translations.get(code)
        if tr is None:
            return "missing"
        return "outdated" if tr.source_hash != self.source_hash else tr.status


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


def read_translations(files: list[tuple[str, Path]], cls, *, codes: set[str], ids: set[str], keys: str,
                      source_name: str, source_hash: str, problems: Problems) -> dict:
    """Read the translation files [(code, path)] of one German source: unknown languages and ids
    are errors, an outdated `source_hash` is a warning. Returns {code: translation}."""
    out = {}
    for code, path in files:
        if code == "de":
            continue
        if code not in codes:
            problems.error(path, 0, "", f"Unbekannte Sprache «{code}» im Dateinamen. "
                           f"Vorhanden: {', '.join(sorted(codes))}.", because=problems.language_file(code))
            continue
        tr = read_yaml(path, cls, problems)
        if tr is None:
            continue
        entries = getattr(tr, keys)
        for key in entries:
            if key not in ids:
                problems.error(path, entries.lines.get(key, 0), f"{keys}.{key}",
                               f"«{key}» gibt es in {source_name} nicht. Tippfehler?")
        if tr.source_hash != source_hash:
            problems.warning(path, tr.lines.get("source_hash", 0), "source_hash",
                             f"Die deutsche Vorlage {source_name} wurde geändert (aktuell {source_hash}). "
                             "Übersetzung prüfen und danach source_hash anpassen.")
        out[code] = tr
    return out
