"""Exports derived from the model: the JSON Schema editors' tools use for municipalities.yml."""
from __future__ import annotations

import json
from pathlib import Path

from .model import DataFile
from .schema import json_schema

SCHEMA_PATH = Path("schema") / "municipalities.schema.json"


def schema_text() -> str:
    schema = json_schema(DataFile, title="municipalities.yml – start.integration Kanton Solothurn")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schema(root: Path) -> Path:
    path = Path(root) / SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path
