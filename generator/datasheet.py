"""The data sheet: one self-contained HTML form per municipality for its clerk.

Generated from the model's field metadata (German labels, help texts, choices, checks), with the
current values filled in and the gaps highlighted. It works offline from a file (no request to
anywhere; a Content-Security-Policy with the hashes of its own inline style and script), checks
phone, e-mail, web address and postal code as typed with the rules of generator.checks (handed
over as data), and saves the answer as a JSON file with the municipality's identity and a
checksum, which `python -m generator import` checks again in Python.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import typing
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import checks, completeness
from .model import Address, Contact, Event, FirstInformation, MunicipalityFile, OpeningHours
from .schema import _unwrap_optional

ANSWER_FORMAT = "start.integration/gemeindeangaben"
ANSWER_VERSION = 1
TEMPLATES = Path(__file__).parent / "templates"
DAYS_DE = {"mo": "Mo", "tu": "Di", "we": "Mi", "th": "Do", "fr": "Fr", "sa": "Sa", "su": "So"}
CHECK_NAMES = {checks.phone: "phone", checks.email: "email", checks.url: "url", checks.postal_code: "postal_code"}


def answer_file_name(slug: str, answered: str = "") -> str:
    """File name the sheet suggests when saving: identifies the municipality at a glance."""
    return f"gemeindeangaben-{slug}" + (f"-{answered}" if answered else "") + ".json"


def canonical(data) -> bytes:
    """The bytes the checksum is taken over (the JavaScript side builds the same string)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def checksum(answer: dict) -> str:
    return hashlib.sha256(canonical({k: v for k, v in answer.items() if k != "checksum"})).hexdigest()


@dataclasses.dataclass
class FieldSpec:
    """What the form shows for one model field."""
    name: str
    label: str
    help: str
    check: str | None
    choices: dict


def spec(cls, name: str) -> FieldSpec:
    f = {x.name: x for x in dataclasses.fields(cls)}[name]
    md = f.metadata
    tp = _unwrap_optional(typing.get_type_hints(cls)[name])
    if typing.get_origin(tp) is list:
        tp = typing.get_args(tp)[0]
    choices = md.get("choices") or {}
    if typing.get_origin(tp) is typing.Literal:
        allowed = typing.get_args(tp)
        assert set(choices) == set(allowed), f"choices of {cls.__name__}.{name} must name every value"
    return FieldSpec(name, md.get("label", name), md.get("doc", ""), CHECK_NAMES.get(md.get("check")), choices)


def _hours_rows(hours: list[OpeningHours]) -> list[dict]:
    rows = []
    for h in hours:
        ranges = [t.replace("–", "-").split("-") for t in h.times]
        rows.append({"days": set(h.day_list), "ranges": [(a.strip().zfill(5), b.strip().zfill(5)) for a, b in ranges]})
    return rows


def _text_de(text) -> str:
    return (text or {}).get("de", "")


def context(site, m, *, request_date: dt.date, deadline: dt.date, reply_to: str | None) -> dict:
    """Everything the template needs for one municipality."""
    gaps = completeness.gaps(m)
    gap_keys = {g.key for g in gaps}
    contacts = list(m.contacts)
    if completeness.residents_office(m) is None:
        contacts.insert(0, Contact(role="residents_office", name=f"Einwohnerkontrolle {m.label}", sources=[],
                                   last_verified=request_date))
    items = []
    for c in contacts:
        is_ro = c.role == completeness.RESIDENTS_OFFICE and not any(i["role"] == c.role for i in items)
        items.append({
            "role": c.role, "name": c.name,
            "street": c.address.street if c.address else "", "postal_code": (c.address.postal_code or "") if c.address else "",
            "locality": c.address.locality if c.address else "",
            "phone": c.phone or "", "email": c.email or "", "website": c.website or "",
            "note": _text_de(c.note), "hours": _hours_rows(c.opening_hours),
            "gap": {k.split(".", 1)[1] for k in gap_keys if k.startswith("residents_office.")} if is_ro else set(),
            "gap_all": is_ro and "residents_office" in gap_keys,
            "stand": c.stand, "last_verified": c.last_verified if c.sources else None,
            "sources": [s for s in c.sources],
            "old": bool(c.sources) and completeness.Fact("", c.sources, c.stand, c.last_verified).is_old(request_date),
        })
    fi = m.first_information
    regions = sorted(site.regions.values(), key=lambda r: (r.kind != "cooperation", r.name))
    config = {
        "format": ANSWER_FORMAT, "version": ANSWER_VERSION,
        "municipality": {"bfs_nr": m.bfs_nr, "slug": m.slug, "name": m.name},
        "request": request_date.isoformat(),
        "file_name": answer_file_name(m.slug),
        "rules": checks.form_rules(),
        "days": list(checks.DAYS),
    }
    return {
        "m": m, "config_json": json.dumps(config, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("&", "\\u0026"),
        "contacts": items, "gaps": gaps, "gap_keys": gap_keys,
        "fi": fi, "fi_note": _text_de(fi.note) if fi else "",
        "regions": regions, "municipalities": sorted(site.data.municipalities, key=lambda x: x.label),
        "events": [{"title": _text_de(e.title), "date": e.date.isoformat(),
                    "from": (e.time or "-").split("-")[0].strip().zfill(5) if e.time else "",
                    "to": (e.time or "-").split("-")[1].strip().zfill(5) if e.time else "",
                    "location": e.location or ""} for e in m.events],
        "old_facts": completeness.old_facts(m, request_date),
        "request_date": request_date, "deadline": deadline, "reply_to": reply_to,
        "days": DAYS_DE,
        "S": {"contact": {n: spec(Contact, n) for n in ("role", "name", "phone", "email", "website", "opening_hours", "note", "address")},
              "address": {n: spec(Address, n) for n in ("street", "postal_code", "locality")},
              "hours": {n: spec(OpeningHours, n) for n in ("days", "times")},
              "fi": {n: spec(FirstInformation, n) for n in ("provider", "region", "municipality", "methods", "interpreter", "office", "note")},
              "event": {n: spec(Event, n) for n in ("title", "date", "time", "location")},
              "file": {n: spec(MunicipalityFile, n) for n in ("website", "contacts", "first_information", "events")}},
    }


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["de_date"] = lambda d: d.strftime("%d.%m.%Y") if d else "unbekannt"
    return env


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render(site, m, *, request_date: dt.date, deadline: dt.date, reply_to: str | None) -> str:
    """The complete data sheet of one municipality as one HTML document."""
    style = (TEMPLATES / "datasheet.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "datasheet.js").read_text(encoding="utf-8")
    csp = (f"default-src 'none'; style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return _env().get_template("datasheet.html.j2").render(
        csp=csp, style=style, script=script,
        **context(site, m, request_date=request_date, deadline=deadline, reply_to=reply_to))
