"""The Rundschreiben: per municipality a prefilled data sheet and the German letter (e-mail text)
that goes with it — what is missing, what is older than 12 months, the deadline, where to send
the answer. Written to build/requests/ (never committed); a final run records the requests in
requests.yml so `status` can show what is outstanding.

The Fachstelle's return address is not in any source we have, so nothing is assumed: without
`reply_to` only drafts are written (marked ENTWURF, with a placeholder that is obviously not data)
and no request is recorded.
"""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

from . import completeness, datasheet, request_log
from .model import Municipality

PLACEHOLDER = "[Rücksendeadresse der Fachstelle eintragen]"
OVERVIEW = "versand.html"  # also the marker that a folder holds our output and may be written again
DEFAULT_DAYS = 30


class MissingReplyAddress(Exception):
    """A final Rundschreiben needs the Fachstelle's return address."""


@dataclass
class Written:
    out: Path
    municipalities: list[str] = field(default_factory=list)
    draft: bool = False
    log: Path | None = None


def _date(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def recipient(m: Municipality) -> str:
    """Where the letter goes: an e-mail address of the municipality's administration or
    Einwohnerkontrolle if one is recorded, else a note to look it up."""
    for role in ("administration", "residents_office"):
        for c in m.contacts:
            if c.role == role and c.email:
                return c.email
    return f"Gemeindeverwaltung {m.label} (E-Mail-Adresse nicht erfasst: bitte ergänzen)"


def sender(site) -> str:
    office = next((c for c in site.data.canton.contacts if c.role == "integration"), None)
    return office.name if office else "Koordinationsstelle Integration des Kantons Solothurn"


def letter(site, m: Municipality, *, request_date: dt.date, deadline: dt.date, reply_to: str | None) -> str:
    """The German letter / e-mail text for one municipality (plain text)."""
    gaps = completeness.gaps(m)
    old = completeness.old_facts(m, request_date)
    known = [f for f in completeness.facts(m) if f not in old]
    lines = []
    if reply_to is None:
        lines += ["ENTWURF – nicht versenden: die Rücksendeadresse fehlt (python -m generator requests --reply-to …).", ""]
    lines += [
        f"An: {recipient(m)}",
        f"Betreff: start.integration – Angaben der Gemeinde {m.name} bis {_date(deadline)}",
        f"Beilage: {datasheet_name(m)}",
        "",
        "Sehr geehrte Damen und Herren",
        "",
        "Die Website «start.integration Kanton Solothurn» begrüsst neu zugezogene Personen aus dem Ausland "
        f"in ihrer Sprache. Für {m.name} gibt es eine eigene Seite und ein Merkblatt zum Ausdrucken. "
        "Damit diese stimmen, brauchen wir die Angaben Ihrer Gemeinde.",
        "",
        f"Bitte füllen Sie bis {_date(deadline)} das beiliegende Datenblatt aus:",
        f"1. Öffnen Sie die Datei «{datasheet_name(m)}» mit einem Browser (auch auf dem Handy). Sie braucht kein Internet.",
        "2. Prüfen und ergänzen Sie die Angaben. Gelb markiert ist, was noch fehlt.",
        "3. Tippen Sie auf «Antwort speichern». Es entsteht eine Datei.",
        f"4. Senden Sie diese Datei an: {reply_to or PLACEHOLDER}",
        "",
    ]
    if gaps:
        lines.append("Es fehlen noch:")
        lines += [f"- {g.label}" for g in gaps]
        lines.append("")
    if old:
        lines.append("Älter als 12 Monate oder ohne Datum der Quelle (bitte prüfen):")
        for f in old:
            when = f"Stand {_date(f.stand)}" if f.stand else "Datum der Quelle unbekannt"
            lines.append(f"- {f.label} ({when})")
        lines.append("")
    if known:
        lines.append("Bereits erfasst (bitte bestätigen oder korrigieren):")
        lines += [f"- {f.label} (Stand {_date(f.stand)})" for f in known]
        lines.append("")
    lines += [
        "Bitte nennen Sie Stellen und Funktionen, keine Namen von Personen. Was Sie nicht wissen, lassen Sie leer: "
        "Die Website zeigt dann, wen Neuzuziehende fragen können.",
        "",
        "Vielen Dank für Ihre Mithilfe.",
        "",
        "Freundliche Grüsse",
        sender(site),
        "",
    ]
    return "\n".join(lines)


def datasheet_name(m: Municipality) -> str:
    return f"datenblatt-{m.slug}.html"


def write_requests(site, out: Path, *, request_date: dt.date, deadline: dt.date, reply_to: str | None,
                   draft: bool = False, slugs: list[str] | None = None) -> Written:
    """Write data sheets and letters for the chosen municipalities (all by default).

    Without `reply_to`, raises MissingReplyAddress unless `draft` is set; drafts are not recorded."""
    if reply_to is not None and not reply_to.strip():
        reply_to = None
    if reply_to is None and not draft:
        raise MissingReplyAddress(
            "Die Rücksendeadresse der Fachstelle fehlt. Geben Sie sie mit --reply-to an (z. B. die E-Mail-Adresse "
            "der Koordinationsstelle Integration), oder erzeugen Sie mit --draft Entwürfe mit einem Platzhalter.")
    if deadline <= request_date:
        raise ValueError(f"Die Frist {_date(deadline)} muss nach dem Versanddatum {_date(request_date)} liegen.")
    chosen = [site.by_slug[s] for s in slugs] if slugs else list(site.data.municipalities)
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / OVERVIEW).exists():
        raise ValueError(f"Der Ordner {out} ist nicht leer und enthält keine frühere Versandliste ({OVERVIEW}). "
                         "Bitte einen leeren Ordner oder build/requests/ angeben.")
    out.mkdir(parents=True, exist_ok=True)
    result = Written(out, draft=reply_to is None)
    log = request_log.read(site.root)
    rows = []
    for m in chosen:
        folder = out / m.slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / datasheet_name(m)).write_text(
            datasheet.render(site, m, request_date=request_date, deadline=deadline, reply_to=reply_to), encoding="utf-8")
        (folder / "anschreiben.txt").write_text(
            letter(site, m, request_date=request_date, deadline=deadline, reply_to=reply_to), encoding="utf-8")
        result.municipalities.append(m.slug)
        gaps = completeness.gaps(m)
        rows.append((m, recipient(m), gaps))
        if reply_to is not None:
            request_log.record_sent(log, m.slug, request_date, deadline, [g.label for g in gaps])
    (out / OVERVIEW).write_text(_overview(rows, request_date, deadline, reply_to), encoding="utf-8")
    if reply_to is not None:
        result.log = request_log.write(site.root, log)
    return result


def _overview(rows, request_date, deadline, reply_to) -> str:
    """One page for the Fachstelle: who gets which files, what is missing (static, no script)."""
    e = html.escape
    style = ("body{font-family:system-ui,sans-serif;margin:1rem}table{border-collapse:collapse}"
             "td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}")
    parts = ["<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\">"
             f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {datasheet.csp_hash(style)}\">"
             f"<title>Rundschreiben – Versandliste</title><style>{style}</style></head><body>",
             f"<h1>Rundschreiben vom {_date(request_date)} – Frist {_date(deadline)}</h1>",
             f"<p>{'Rücksendeadresse: ' + e(reply_to) if reply_to else '<strong>ENTWURF</strong>: ' + e(PLACEHOLDER)}</p>",
             "<table><tr><th>Gemeinde</th><th>An</th><th>Dateien</th><th>Fehlt</th></tr>"]
    for m, to, gaps in rows:
        parts.append(f"<tr><td>{e(m.name)}</td><td>{e(to)}</td><td><a href=\"{e(m.slug)}/{e(datasheet_name(m))}\">Datenblatt</a>, "
                     f"<a href=\"{e(m.slug)}/anschreiben.txt\">Anschreiben</a></td><td>{e('; '.join(g.label for g in gaps)) or '–'}</td></tr>")
    parts.append("</table></body></html>\n")
    return "".join(parts)
