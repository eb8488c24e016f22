"""The Fachstelle's overview of municipal data: per municipality which facts are present, from
which source, how old (date of the source vs. date of the last check), and whether a request is
outstanding; the headline figure first. Text for the terminal, an HTML section for the report."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from . import checks, completeness, request_log
from .loader import Site
from .model import DataRequest

SORT_KEYS = ("district", "region", "name")
HEADLINE = ("Gemeinden mit vollständiger Einwohnerkontrolle (Adresse, Telefon, Öffnungszeiten) "
            "und erfasster Erstinformation")


@dataclass
class Row:
    slug: str
    name: str
    district: str
    region: str
    complete: bool
    ro_address: bool
    ro_phone: bool
    ro_hours: bool
    first_information: str  # who gives it, or "–"
    website: bool
    contacts: int
    source: str  # "Gemeinde", "Web", "Gemeinde + Web" or "–"
    oldest_stand: dt.date | None
    unknown_stand: int  # facts whose source date is unknown
    last_verified: dt.date | None  # the oldest check
    request: DataRequest | None
    answered: dt.date | None
    gaps: list[str] = field(default_factory=list)

    def request_state(self, today: dt.date) -> str:
        if self.request is None:
            return f"beantwortet {self.answered.strftime('%d.%m.%Y')}" if self.answered else "–"
        overdue = " – überfällig" if self.request.deadline < today else ""
        return f"offen seit {self.request.sent.strftime('%d.%m.%Y')}, Frist {self.request.deadline.strftime('%d.%m.%Y')}{overdue}"


def _provider(site: Site, m) -> str:
    fi = m.first_information
    if fi is None:
        return "–"
    if fi.provider == "self":
        return "Gemeinde selbst"
    if fi.provider == "region":
        return site.regions[fi.region].name
    return "Gemeinde " + site.by_slug[fi.municipality].label


def rows(site: Site, today: dt.date) -> list[Row]:
    log = request_log.read(site.root)
    out = []
    for m in site.data.municipalities:
        ro = completeness.residents_office(m)
        facts = completeness.facts(m)
        kinds = {("Gemeinde" if s == checks.MUNICIPAL_SOURCE else "Web") for f in facts for s in f.sources}
        stands = [f.stand for f in facts if f.stand]
        checked = [f.last_verified for f in facts if f.last_verified]
        answered = [r.answered for r in log.requests if r.municipality == m.slug and r.answered]
        out.append(Row(
            m.slug, m.label, site.districts[m.district].name, site.regions[m.region].name, completeness.is_complete(m),
            bool(ro and ro.address), bool(ro and ro.phone), bool(ro and ro.opening_hours), _provider(site, m),
            bool(m.website), len(m.contacts), " + ".join(sorted(kinds)) or "–",
            min(stands) if stands else None, sum(1 for f in facts if not f.stand), min(checked) if checked else None,
            request_log.open_request(log, m.slug), max(answered) if answered else None,
            [g.label for g in completeness.gaps(m)]))
    return out


def sort_rows(items: list[Row], key: str) -> list[Row]:
    return sorted(items, key=lambda r: (getattr(r, key), r.name))


def headline(items: list[Row]) -> str:
    return f"{HEADLINE}: {sum(r.complete for r in items)} von {len(items)}"


def _mark(b: bool) -> str:
    return "ja" if b else "–"


def text(site: Site, today: dt.date) -> str:
    items = rows(site, today)
    out = [headline(items), ""]
    out.append(f"  offen: {sum(1 for r in items if r.request)} Anfragen, davon überfällig "
               f"{sum(1 for r in items if r.request and r.request.deadline < today)}; "
               f"Einwohnerkontrolle mit Adresse {sum(r.ro_address for r in items)}, Telefon {sum(r.ro_phone for r in items)}, "
               f"Öffnungszeiten {sum(r.ro_hours for r in items)}; Erstinformation erfasst "
               f"{sum(r.first_information != '–' for r in items)}; Website {sum(r.website for r in items)}")
    return "\n".join(out)


def table_text(site: Site, today: dt.date, sort: str = "district") -> str:
    items = sort_rows(rows(site, today), sort)
    group_label = {"district": "Bezirk", "region": "Sozialregion", "name": "Gemeinde"}[sort]
    out = [f"Gemeinden nach {group_label}: EK = Einwohnerkontrolle (A Adresse, T Telefon, Ö Öffnungszeiten); "
           "Stand = ältestes Datum einer Quelle (? = Datum unbekannt); geprüft = älteste Prüfung", ""]
    out.append(f"  {'Gemeinde':<26} {'voll':<4} {'EK A/T/Ö':<9} {'Erstinformation':<34} {'Quelle':<14} {'Stand':<10} "
               f"{'geprüft':<10} Anfrage")
    current = None
    for r in items:
        group = getattr(r, sort) if sort != "name" else None
        if group != current and group is not None:
            out.append(f" {group}")
            current = group
        ek = "/".join("x" if b else "-" for b in (r.ro_address, r.ro_phone, r.ro_hours))
        stand = (r.oldest_stand.isoformat() if r.oldest_stand else "–") + (" ?" if r.unknown_stand else "")
        flag = ""
        if r.oldest_stand and (today - r.oldest_stand).days > completeness.STALE_AFTER_DAYS:
            flag = " ← älter als 12 Monate"
        out.append(f"  {r.name:<26} {_mark(r.complete):<4} {ek:<9} {r.first_information[:34]:<34} {r.source:<14} "
                   f"{stand:<12} {r.last_verified.isoformat() if r.last_verified else '–':<10} {r.request_state(today)}{flag}")
    return "\n".join(out)


SORT_SCRIPT = (
    "document.querySelectorAll('button[data-sort]').forEach(function(b){b.addEventListener('click',function(){"
    "var t=document.getElementById('gemeinden'),k=b.dataset.sort,rows=Array.prototype.slice.call(t.tBodies[0].rows);"
    "rows.sort(function(x,y){return (x.dataset[k]+'|'+x.dataset.name).localeCompare(y.dataset[k]+'|'+y.dataset.name,'de');});"
    "rows.forEach(function(r){t.tBodies[0].appendChild(r);});"
    "document.querySelectorAll('button[data-sort]').forEach(function(o){o.setAttribute('aria-pressed',String(o===b));});});});")


def html_section(site: Site, today: dt.date) -> str:
    """The overview as HTML: headline, then a table pre-sorted by district; buttons re-sort it by
    district, Sozialregion or name (a small inline script, allowed by its hash)."""
    e = html.escape
    items = sort_rows(rows(site, today), "district")
    parts = [f"<h2 id=\"daten\">{e(headline(items))}</h2>",
             f"<p class=\"headline\"><strong>{sum(r.complete for r in items)} von {len(items)}</strong> Gemeinden vollständig. "
             f"Offene Anfragen: {sum(1 for r in items if r.request)}.</p>",
             "<p>Sortieren nach: <button type=\"button\" data-sort=\"district\" aria-pressed=\"true\">Bezirk</button> "
             "<button type=\"button\" data-sort=\"region\" aria-pressed=\"false\">Sozialregion</button> "
             "<button type=\"button\" data-sort=\"name\" aria-pressed=\"false\">Gemeinde</button></p>",
             "<table id=\"gemeinden\"><thead><tr><th>Gemeinde</th><th>Bezirk</th><th>Sozialregion</th><th>vollständig</th>"
             "<th>EK Adresse</th><th>EK Telefon</th><th>EK Öffnungszeiten</th><th>Erstinformation</th><th>Website</th>"
             "<th>Quelle</th><th>Stand (älteste Quelle)</th><th>geprüft (älteste Prüfung)</th><th>Anfrage</th><th>Es fehlt</th>"
             "</tr></thead><tbody>"]
    for r in items:
        old = r.oldest_stand and (today - r.oldest_stand).days > completeness.STALE_AFTER_DAYS
        stand = (r.oldest_stand.strftime("%d.%m.%Y") if r.oldest_stand else "–") + (
            f" ({r.unknown_stand} ohne Datum)" if r.unknown_stand else "")
        row_class = ' class="complete"' if r.complete else ""
        stand_class = ' class="stale"' if old or r.unknown_stand else ""
        request_class = ' class="stale"' if r.request and r.request.deadline < today else ""
        checked = r.last_verified.strftime("%d.%m.%Y") if r.last_verified else "–"
        gaps = "; ".join(r.gaps) or "–"
        parts.append(
            f"<tr data-name=\"{e(r.name)}\" data-district=\"{e(r.district)}\" data-region=\"{e(r.region)}\"{row_class}>"
            f"<th scope=\"row\">{e(r.name)}</th><td>{e(r.district)}</td><td>{e(r.region)}</td>"
            f"<td>{_mark(r.complete)}</td><td>{_mark(r.ro_address)}</td><td>{_mark(r.ro_phone)}</td><td>{_mark(r.ro_hours)}</td>"
            f"<td>{e(r.first_information)}</td><td>{_mark(r.website)}</td><td>{e(r.source)}</td>"
            f"<td{stand_class}>{e(stand)}</td><td>{checked}</td>"
            f"<td{request_class}>{e(r.request_state(today))}</td><td>{e(gaps)}</td></tr>")
    parts.append("</tbody></table>")
    return "".join(parts)
