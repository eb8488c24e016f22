"""Municipality pages and the municipality list, as Markdown files for MkDocs, per language.

Data enters templates only through Jinja2 autoescape (HTML) or |md (Markdown lines), so an
editor's text can never become markup.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml
from babel import Locale
from babel.dates import format_date
from markupsafe import Markup, escape

from .. import layout
from ..loader import Site
from ..model import Contact, Language, Municipality
from . import first_weeks
from . import hours as hours_mod
from .freshness import dataset_date, freshness
from .phone import phone as parse_phone
from .text import md_inline, names_isolated

ICS_NAME = "veranstaltungen.ics"


def upcoming_events(m: Municipality, as_of: dt.date) -> list:
    """Events on or after `as_of`, the data set's date (never the clock: the same sources build
    the same site on any day)."""
    return sorted((e for e in m.events if e.date >= as_of), key=lambda e: (e.date, e.time or ""))


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=None)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["md"] = md_inline
    return env


def host(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return parts.netloc.removeprefix("www.") + (path if path and len(path) < 40 else "")


class PageContext:
    """What a template needs to speak one language."""

    def __init__(self, site: Site, lang: Language):
        self.site, self.lang = site, lang
        self.locale = Locale.parse(lang.babel_locale)
        self.german_name = self.locale.languages.get("de", "Deutsch")
        self.as_of = dataset_date(site)

    def t(self, key: str, **values) -> str:
        return self.lang.t(key, **values)

    def text(self, value) -> Markup:
        """A translatable data text; German fallback is marked lang=de and labelled."""
        if value is None:
            return Markup("")
        if self.lang.code in value:
            return escape(value[self.lang.code])
        if self.lang.code == "de":
            return escape(value["de"])
        return Markup('<span lang="de" dir="ltr" class="si-fallback">{}</span> '
                      '<small class="si-fallback-label" title="{}">({})</small>').format(
            value["de"], self.t("fallback_notice"), self.german_name)

    def de(self, value: str) -> Markup:
        """A German name (office, address, service) inside a page: marked German and isolated, so a
        screen reader speaks it with a German voice and a right-to-left page cannot reorder it."""
        if self.lang.code == "de":
            return escape(value)
        return Markup('<bdi lang="de">{}</bdi>').format(value)

    def tn(self, key: str, **names: str) -> Markup:
        """A UI sentence with (German) proper names in it — a municipality, an office, a region: the
        names are marked German and isolated in translated pages."""
        if self.lang.code == "de":
            return escape(self.t(key, **names))
        values = list(names.values())
        text = self.t(key, **{k: f"\x00{i}\x00" for i, k in enumerate(names)})
        parts = re.split("\x00(\\d+)\x00", text)
        return Markup("").join(escape(p) if i % 2 == 0 else self.de(values[int(p)]) for i, p in enumerate(parts))

    def date(self, d) -> str:
        return format_date(d, format="long", locale=self.locale)

    def dates(self, fact, compact: bool = False) -> Markup:
        """«Stand» (date of the source) and «geprüft» (date of the check), and a warning when the
        source is unknown or old (measured against the data set's date, not the clock)."""
        f = freshness(fact, self.as_of)
        stand = self.t("source_date", date=self.date(f.stand)) if f.stand else self.t("source_date_unknown")
        line = Markup('<p class="si-verified">{} · {}</p>').format(stand, self.t("last_verified", date=self.date(f.verified)))
        if not f.outdated:
            return line
        if compact:
            return Markup('<p class="si-verified si-outdated">{} · {} · <strong>{}</strong></p>').format(
                stand, self.t("last_verified", date=self.date(f.verified)), self.t("possibly_outdated_short"))
        return line + Markup('<p class="si-notice si-outdated" role="note">{}</p>').format(self.t("possibly_outdated"))

    def language_names(self, codes: list[str]) -> str:
        names = [self.locale.languages.get(c.split("-")[0], c) for c in codes]
        return ", ".join(names)

    def globals(self) -> dict:
        return {"t": self.t, "tn": self.tn, "text": self.text, "date": self.date, "host": host, "de": self.de,
                "dates": self.dates, "language_names": self.language_names,
                "label": lambda key: names_isolated(self.t(key), self.lang.code)}


def _front_matter(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True) + "---\n\n"


def _to_root(lang: Language, m: Municipality) -> str:
    """From a municipality's page in `lang` to the site root."""
    return layout.site_root_from(lang.code, layout.municipality_url(m.slug))


def _downloads(site: Site, m: Municipality, lang: Language, codes: list[str]) -> dict:
    own = layout.documents(lang.code)
    others = []
    for c in codes:
        if c == lang.code:
            continue
        other = site.languages[c]
        folder = _to_root(lang, m) + layout.page_path(c, layout.municipality_url(m.slug))
        names = layout.documents(c)
        others.append({"href": folder + names["handout"], "tag": other.tag, "dir": other.dir, "name": other.name,
                       "bilingual": folder + names["bilingual"] if names["bilingual"] else None})
    # The German page is the clerk's: it offers every bilingual handout (German + the newcomer's language).
    return {**own, "others": others, "for_staff": lang.code == layout.SOURCE}


def _counter(site: Site, m: Municipality, lang: Language, codes: list[str] | None) -> dict:
    """The QR codes of this page, to show at the counter (written by handouts.write_counter_codes)."""
    folder = _to_root(lang, m) + layout.page_path(layout.SOURCE, layout.municipality_url(m.slug))
    others = [{"href": folder + layout.counter_qr(c), "tag": site.languages[c].tag, "dir": site.languages[c].dir,
               "name": site.languages[c].name} for c in (codes or []) if c != lang.code]
    return {"own": folder + layout.counter_qr(lang.code), "others": others}


def first_information_details(lang: Language, m: Municipality, name=str) -> list:
    """How the first information is given and which office to ask, as far as the data says.
    `name` renders the office's (German) name, e.g. marked German on a page."""
    fi = m.first_information
    if fi is None:
        return []
    out = []
    if fi.methods:
        out.append(lang.t("first_information_how", methods=", ".join(lang.t(f"fi_method_{x}") for x in fi.methods)))
    if fi.interpreter:
        out.append(lang.t(f"fi_interpreter_{fi.interpreter}"))
    office = next((c for c in m.contacts if fi.office and c.role == fi.office), None)
    if office is not None:
        before, _, after = lang.t("first_information_office", office="\0").partition("\0")
        out.append(escape(before) + name(office.name) + escape(after) if name is not str
                   else before + office.name + after)
    return out


def first_information_text(lang: Language, site: Site, m: Municipality, t=None):
    """Who gives the first information, as far as a source says; unknown is said, never assumed.
    `t` formats the sentence (default: plain text; a page passes PageContext.tn to mark the names)."""
    t = t or lang.t
    fi = m.first_information
    if fi is None:
        return t("first_information_unknown", municipality=m.label)
    if fi.provider == "self":
        return t("first_information_self", municipality=m.label)
    if fi.provider == "region":
        return t("first_information_region", municipality=m.label, provider=site.regions[fi.region].name)
    return t("first_information_municipality", municipality=m.label, provider=site.by_slug[fi.municipality].label)


def render_municipality(site: Site, m: Municipality, lang: Language, handout_codes: list[str] | None = None) -> str:
    ctx = PageContext(site, lang)
    env = _env()
    contact_tpl = env.get_template("contact.html.j2")

    def contact_card(c: Contact, nested: bool = False) -> Markup:
        return Markup(contact_tpl.render(c=c, nested=nested, phone=parse_phone(c.phone) if c.phone else None,
                                         hours=hours_mod.rows(c.opening_hours, ctx.locale), **ctx.globals()))

    region = site.regions[m.region]
    first_info = first_information_text(lang, site, m, t=ctx.tn)
    topics = [t for t in site.topics if t.url.startswith("themen/")]

    def topic_title(topic):
        tr = topic.translations.get(lang.code)
        return tr.meta.title if tr else topic.meta.title

    sources = sorted({s for c in m.contacts for s in c.sources} | set(m.website_sources)
                     | set(region.sources) | {s.url for s in site.data.sources}
                     | set(m.first_information.sources if m.first_information else []))
    body = env.get_template("municipality.md.j2").render(
        m=m, region=region, district=site.districts[m.district], first_information=first_info,
        first_information_details=first_information_details(lang, m, name=ctx.de),
        region_contacts=region.contacts, canton_contacts=site.data.canton.contacts,
        offers=site.offers_for(m), emergency_numbers=site.data.canton.emergency_numbers, topics=topics, topic_title=topic_title,
        contact_card=contact_card, stand=ctx.date(ctx.as_of), sources=sources,
        downloads=_downloads(site, m, lang, handout_codes) if handout_codes else None,
        counter=_counter(site, m, lang, handout_codes),
        events=upcoming_events(m, ctx.as_of), ics_href=_to_root(lang, m) + layout.page_path(layout.SOURCE, layout.municipality_url(m.slug)) + ICS_NAME,
        first_weeks=first_weeks.context(site, m, lang),
        **ctx.globals())
    meta = {"title": ctx.t("municipality_title", municipality=m.label), "municipality": m.slug,
            "description": ctx.t("municipality_intro", municipality=m.label), "generated": True}
    return _front_matter(meta) + body


def _letter(name: str) -> str:
    return unicodedata.normalize("NFKD", name)[0].upper()


def render_municipality_index(site: Site, lang: Language) -> str:
    ctx = PageContext(site, lang)
    groups: dict[str, list[Municipality]] = {}
    for m in sorted(site.data.municipalities, key=lambda m: unicodedata.normalize("NFKD", m.label).lower()):
        groups.setdefault(_letter(m.label), []).append(m)
    body = _env().get_template("municipalities.md.j2").render(groups=sorted(groups.items()), **ctx.globals())
    meta = {"title": ctx.t("municipalities"), "generated": True, "description": ctx.t("municipalities_intro")}
    return _front_matter(meta) + body


def render_glossary(site: Site, lang: Language) -> str:
    ctx = PageContext(site, lang)
    g = site.glossary
    tr = g.translations.get(lang.code)
    titles = {str(t.path)[len("themen/"):-3]: t for t in site.topics if str(t.path).startswith("themen/")}

    def topic_title(name):
        topic = titles[name]
        t = topic.translations.get(lang.code)
        return "→ " + (t.meta.title if t else topic.meta.title)

    items = []
    for term in g.terms:
        items.append({"id": term.id, "term": term.term, "explanation": term.explanation, "topic": term.topic,
                      "tr": tr.terms.get(term.id) if tr else None})
    groups: dict[str, list] = {}
    for item in sorted(items, key=lambda i: unicodedata.normalize("NFKD", i["term"]).lower()):
        groups.setdefault(_letter(item["term"]), []).append(item)
    body = _env().get_template("glossary.md.j2").render(
        groups=sorted(groups.items()), intro=tr.intro if tr else (g.intro if lang.code == "de" else ctx.text({"de": g.intro})),
        fallback=lambda text: ctx.text({"de": text}), topic_title=topic_title, **ctx.globals())
    status = "source" if lang.code == "de" else g.status(lang.code)
    meta = {"title": tr.title if tr else g.title, "generated": True, "si_status": status}
    if lang.code != "de" and tr is None:
        meta["si_partial"] = True
    return _front_matter(meta) + body


def render_search_page(site: Site, lang: Language) -> str:
    """The search page: Pagefind's interface is loaded only here, only when opened."""
    e = lambda k: str(escape(lang.strings[k]))  # noqa: E731
    body = (f'<div id="si-search" data-placeholder="{e("search_placeholder")}" data-reset="{e("search_reset")}" '
            f'data-none="{e("search_no_results")}" data-one="{e("search_one_result")}" '
            f'data-many="{e("search_n_results")}"></div>\n\n'
            f'<noscript><p><a href="../gemeinden/">{e("finder_all")}</a> · <a href="../glossar/">{e("glossary")}</a></p></noscript>\n')
    meta = {"title": lang.t("search"), "generated": True, "search": {"exclude": True}}
    return _front_matter(meta) + body
