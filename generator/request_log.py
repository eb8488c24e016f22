"""requests.yml: which municipality was asked for its data when, and whether it has answered.

Written by `python -m generator requests` (a final, non-draft run), cleared by
`python -m generator import` (the answer's date is recorded), read by `status`.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml

from . import schema
from .model import DataRequest, RequestLog
from .problems import Problems
from .yamlsource import compose, read_text

FILE = "requests.yml"
HEADER = ("# Data requests to the municipalities (Rundschreiben). Written by `python -m generator requests`,\n"
          "# an answer is recorded by `python -m generator import`. Do not edit by hand unless you must.\n")


def read(root: Path, problems: Problems | None = None, slugs: set[str] | None = None) -> RequestLog:
    """The log (empty when there is none). With `problems`, mistakes are recorded there (the
    loader's check); without, they raise InvalidInput."""
    from .problems import InvalidInput
    path = Path(root) / FILE
    if not path.exists():
        return RequestLog()
    own = problems if problems is not None else Problems(root=Path(root))
    text = read_text(path, own)
    node = compose(text, path, own) if text else None
    log = schema.read(RequestLog, node, schema.Ctx(path, own)) if node is not None else None
    if log is not None and slugs is not None:
        for i, r in enumerate(log.requests):
            if r.municipality not in slugs:
                own.error(path, r.lines.get("municipality", r.line), f"requests[{i}].municipality",
                          f"Unbekannte Gemeinde «{r.municipality}». Erwartet: ein URL-Name aus municipalities.yml.")
    if problems is None and own.errors:
        raise InvalidInput(own)
    return log or RequestLog()


def write(root: Path, log: RequestLog) -> Path:
    path = Path(root) / FILE
    items = []
    for r in log.requests:
        item = {"municipality": r.municipality, "sent": r.sent, "deadline": r.deadline}
        if r.missing:
            item["missing"] = list(r.missing)
        if r.reminded:
            item["reminded"] = r.reminded
        if r.answered:
            item["answered"] = r.answered
        items.append(item)
    text = HEADER + yaml.safe_dump({"requests": items}, allow_unicode=True, sort_keys=False, width=100)
    tmp = path.with_suffix(".yml.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def open_request(log: RequestLog, slug: str) -> DataRequest | None:
    return next((r for r in reversed(log.requests) if r.municipality == slug and r.answered is None), None)


def record_sent(log: RequestLog, slug: str, sent: dt.date, deadline: dt.date, missing: list[str]) -> DataRequest:
    """A new request, or a reminder when one is still open (same day again: unchanged)."""
    current = open_request(log, slug)
    if current is None:
        current = DataRequest(municipality=slug, sent=sent, deadline=deadline, missing=list(missing))
        log.requests.append(current)
    elif current.sent != sent:
        current.reminded, current.deadline, current.missing = sent, deadline, list(missing)
    return current


def record_answered(log: RequestLog, slug: str, answered: dt.date) -> DataRequest | None:
    current = open_request(log, slug)
    if current is not None:
        current.answered = answered
    return current
