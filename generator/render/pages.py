"""Municipality pages and the municipality list, as Markdown files for MkDocs, per language.

Data enters templates only through Jinja2 autoescape (HTML) or |md (Markdown lines), so an
editor's text can never become markup.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml
from babel import Locale
from babel.dates import format_date
from markupsafe import Markup, escape

from ..loader import Site
from ..model import Contact, Language, Municipality
from . import first_weeks
from . import hours as hours_mod
from .phone import phone as parse_phone
from .text import md_inline

ICS_NAME = "veranstaltungen.ics"


def upcoming_events(m: Municipality, today: dt.date | None = None) -> list:
    """Events from today on; past events drop off by themselves."""
    today = today or dt.date.today()
    return sorted((e for e in m.events if e.date >= today), key=lambda e: (e.date, e.time or ""))


EMERGENCY_NUMBERS = ["112", "117", "118", "144", "145", "1414", "143", "147"]
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

    def date(self, d) -> str:
        return format_date(d, format="long", locale=self.locale)

    def language_names(self, codes: list[str]) -> str:
        names = [self.locale.languages.get(c.split("-")[0], c) for c in codes]
        return ", ".join(names)

    def globals(self) -> dict:
        return {"t": self.t, "text": self.text, "date": self.date, "host": host,
                "language_names": self.language_names}


def _front_matter(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True) + "---\n\n"


def handout_names(code: str) -> dict:
    """File names of a municipality's printable documents in one language (next to its page)."""
    return {"handout": f"merkblatt-{code}.pdf", "bilingual": f"merkblatt-{code}-de.pdf" if code != "de" else None,
            "guide": f"leitfaden-{code}.pdf"}


def _downloads(site: Site, m: Municipality, lang: Language, codes: list[str]) -> dict:
    own = handout_names(lang.code)
    to_root = "../../" + ("../" if lang.code != "de" else "")
    others = []
    for c in codes:
        if c == lang.code:
            continue
        other = site.languages[c]
        prefix = "" if c == "de" else f"{c}/"
        others.append({"href": f"{to_root}{prefix}gemeinden/{m.slug}/{handout_names(c)['handout']}",
                       "tag": other.tag, "dir": other.dir, "name": other.name})
    return {**own, "others": others}


def render_municipality(site: Site, m: Municipality, lang: Language, handout_codes: list[str] | None = None) -> str:
    ctx = PageContext(site, lang)
    env = _env()
    contact_tpl = env.get_template("contact.html.j2")

    def contact_card(c: Contact, nested: bool = False) -> Markup:
        return Markup(contact_tpl.render(c=c, nested=nested, phone=parse_phone(c.phone) if c.phone else None,
                                         hours=hours_mod.rows(c.opening_hours, ctx.locale), **ctx.globals()))

    region = site.regions[m.region]
    fi = m.first_information
    if fi is None or fi.provider == "self":
        first_info = ctx.t("first_information_self", municipality=m.label)
    elif fi.provider == "region":
        first_info = ctx.t("first_information_region", municipality=m.label, provider=site.regions[fi.region].name)
    else:
        first_info = ctx.t("first_information_municipality", municipality=m.label,
                           provider=site.by_slug[fi.municipality].label)
    topics = [t for t in site.topics if t.url.startswith("themen/")]

    def topic_title(topic):
        tr = topic.translations.get(lang.code)
        return tr.meta.title if tr else topic.meta.title

    sources = sorted({s for c in m.contacts for s in c.sources} | set(m.website_sources)
                     | set(region.sources) | {s.url for s in site.data.sources})
    body = env.get_template("municipality.md.j2").render(
        m=m, region=region, district=site.districts[m.district], first_information=first_info,
        region_contacts=region.contacts, canton_contacts=site.data.canton.contacts,
        offers=site.offers_for(m), emergency_numbers=EMERGENCY_NUMBERS, topics=topics, topic_title=topic_title,
        contact_card=contact_card, stand=ctx.date(site.data.stand), sources=sources,
        downloads=_downloads(site, m, lang, handout_codes) if handout_codes else None,
        first_weeks=first_weeks.context(site, m, lang),
        events=upcoming_events(m), ics_href=("../../" if lang.code == "de" else "../../../") + f"gemeinden/{m.slug}/{ICS_NAME}",
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
