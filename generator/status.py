"""The coverage and freshness report: translations per language and topic, readability of the
German pages, completeness and age of each municipality's data. For the terminal and as HTML."""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter

from . import municipal_status
from .datasheet import csp_hash
from .loader import Site

STATUS_MARK = {"reviewed": "✔", "machine": "M", "outdated": "!", "missing": "–", "source": "DE"}
STATUS_LABEL = {"reviewed": "geprüft", "machine": "maschinell (Entwurf)", "outdated": "veraltet",
                "missing": "fehlt", "source": "Vorlage"}


def plain_text(markdown: str) -> str:
    """Markdown to plain sentences for readability measures."""
    text = re.sub(r"\{[^}]*\}", "", markdown)  # attribute lists
    text = re.sub(r"!!!\s*\w+(\s+\"[^\"]*\")?", "", text)  # admonition markers
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links -> their text
    text = re.sub(r"^[#>|\-*\d.\s]+", "", text, flags=re.M)  # headings, lists, tables
    text = text.replace("|", " ")
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    # list items and headings without a full stop still end a sentence
    return " ".join(l if l[-1] in ".!?:" else l + "." for l in lines)


def wiener_sachtextformel(markdown: str) -> float:
    import textstat
    textstat.set_lang("de")
    return round(textstat.wiener_sachtextformel(plain_text(markdown), 1), 1)


def matrix(site: Site) -> tuple[list[str], list[tuple[str, list[str]]]]:
    codes = [c for c in site.languages]
    rows = []
    for t in site.topics:
        rows.append((str(t.path), ["source" if c == "de" else t.status(c) for c in codes]))
    if site.glossary.terms:
        rows.append(("Glossar", [site.glossary.status(c) for c in codes]))
    if site.guide.source is not None:
        rows.append(("Gesprächsleitfaden", [site.guide.status(c) for c in codes]))
    rows.append(("UI-Texte (locales/)", [site.languages[c].status for c in codes]))
    return codes, rows


def translation_shares(site: Site) -> list[tuple[str, Counter, dict[str, Counter]]]:
    """Per language: counts of units reviewed/machine/outdated/missing, in total and per kind
    (pages, glossary, guide, UI strings). One unit = a heading, paragraph, list item, table cell,
    glossary term or explanation, guide line or UI string."""
    out = []
    for code, lang in site.languages.items():
        if code == "de":
            continue
        kinds: dict[str, Counter] = {"Seiten": Counter(), "Glossar": Counter(), "Leitfaden": Counter(), "UI": Counter()}
        for t in site.topics:
            tr = t.translations.get(code)
            kinds["Seiten"].update(tr.unit_status if tr else ["missing"] * len(t.units))
        kinds["Glossar"] = site.glossary.counts(code) if site.glossary.units else Counter()
        kinds["Leitfaden"] = site.guide.counts(code) if site.guide.units else Counter()
        kinds["UI"] = Counter(getattr(lang, "ui_status", {}).values())
        data_texts = getattr(site, "data_texts", None)
        kinds["Daten"] = data_texts.counts(code) if data_texts is not None and data_texts.units else Counter()
        total = sum(kinds.values(), Counter())
        out.append((code, total, kinds))
    return out


def _pct(c: Counter, key: str) -> str:
    n = sum(c.values())
    return f"{100 * c.get(key, 0) / n:5.1f} %" if n else "    –"


def shares_report(site: Site) -> list[str]:
    out = ["Übersetzungsstand je Sprache (Anteil der Abschnitte, Begriffe, Zeilen und UI-Texte)", "",
           f"  {'Sprache':<8} {'Einheiten':>9} {'geprüft':>8} {'maschinell':>10} {'veraltet':>8} {'fehlt':>7}"]
    for code, total, _kinds in translation_shares(site):
        out.append(f"  {code:<8} {sum(total.values()):>9} {_pct(total, 'reviewed'):>8} {_pct(total, 'machine'):>10} "
                   f"{_pct(total, 'outdated'):>8} {_pct(total, 'missing'):>7}")
    return out


def text_report(site: Site, today: dt.date | None = None, sort: str = "district") -> str:
    today = today or dt.date.today()
    codes, rows = matrix(site)
    out = [f"Stand des Berichts: {today.isoformat()}", municipal_status.text(site, today), ""]
    out += shares_report(site) + [""]
    out += ["Übersetzungen (✔ geprüft, M maschinell, ! veraltet, – fehlt, DE Vorlage)", ""]
    width = max(len(r[0]) for r in rows)
    out.append(" " * width + " " + " ".join(f"{c:>4}" for c in codes))
    for name, statuses in rows:
        out.append(f"{name:<{width}} " + " ".join(f"{STATUS_MARK[s]:>4}" for s in statuses))
    out += ["", "Lesbarkeit der deutschen Seiten (Wiener Sachtextformel, Ziel ≤ 8)", ""]
    for t in site.topics:
        score = wiener_sachtextformel(t.body)
        out.append(f"  {str(t.path):<28} {score:>5.1f}{'  ← über 8' if score > 8 else ''}")
    out += ["", municipal_status.table_text(site, today, sort)]
    links = external_links(site)
    out += ["", f"Externe Links in den Inhalten: {len(links)} (nicht abgerufen; Liste im HTML-Bericht)."]
    return "\n".join(out)


def html_report(site: Site, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    e = html.escape
    codes, rows = matrix(site)
    style = ("body{font-family:system-ui,sans-serif;margin:1rem}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:center}"
             ".reviewed{background:#c8e6c9}.machine{background:#fff9c4}.outdated{background:#ffccbc}"
             ".missing{background:#eee}.stale{color:#b71c1c;font-weight:bold}tr.complete th{background:#c8e6c9}"
             ".headline{font-size:1.3rem}button[aria-pressed=true]{font-weight:bold}.left,#gemeinden th{text-align:left}")
    script = municipal_status.SORT_SCRIPT
    parts = ["<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Status start.integration</title>",
             f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {csp_hash(style)}; "
             f"script-src {csp_hash(script)}\">",
             f"<meta name=\"robots\" content=\"noindex\"><style>{style}</style></head><body>",
             f"<h1>Status der Inhalte und Daten</h1><p>Stand des Berichts: {today.isoformat()}</p>",
             municipal_status.html_section(site, today),
             "<h2>Übersetzungen</h2><table><tr><th></th>"]
    parts += [f"<th>{e(c)}</th>" for c in codes] + ["</tr>"]
    shares = ["<h2>Übersetzungsstand je Sprache</h2><table><tr><th>Sprache</th><th>Einheiten</th><th>geprüft</th>"
              "<th>maschinell</th><th>veraltet</th><th>fehlt</th></tr>"]
    for code, total, _k in translation_shares(site):
        shares.append(f"<tr><th>{e(code)}</th><td>{sum(total.values())}</td>" + "".join(
            f"<td class=\"{k}\">{_pct(total, k).strip()}</td>" for k in ("reviewed", "machine", "outdated", "missing")) + "</tr>")
    shares.append("</table>")
    for name, statuses in rows:
        parts.append(f"<tr><th class=\"left\">{e(name)}</th>" + "".join(
            f"<td class=\"{s}\" title=\"{STATUS_LABEL[s]}\">{STATUS_MARK[s]}</td>" for s in statuses) + "</tr>")
    parts.append("</table>")
    parts += shares
    parts.append("<h2>Lesbarkeit (Wiener Sachtextformel, Ziel ≤ 8)</h2><table>")
    for t in site.topics:
        score = wiener_sachtextformel(t.body)
        parts.append(f"<tr><th class=\"left\">{e(str(t.path))}</th><td{' class=stale' if score > 8 else ''}>{score}</td></tr>")
    parts.append("</table><h2>Externe Links (zum Prüfen von Hand; nicht abgerufen)</h2><ul>")
    for name, url in external_links(site):
        parts.append(f"<li>{e(name)}: <a href=\"{e(url)}\">{e(url)}</a></li>")
    parts.append(f"</ul><script>{script}</script></body></html>\n")
    return "".join(parts)


def external_links(site: Site) -> list[tuple[str, str]]:
    """(page, URL) of every external link in the content, for editors to check by hand (never fetched)."""
    import re as _re
    out = []
    for t in site.topics:
        files = [(str(t.path), t.body)] + [(str(tr.path), tr.body) for tr in t.translations.values()]
        for name, body in files:
            for url in _re.findall(r"\]\((https?://[^)\s]+)\)", body):
                out.append((name, url))
    for t in site.topics:
        for src in t.meta.sources:
            out.append((str(t.path) + " (sources)", src.url))
    return sorted(set(out))
