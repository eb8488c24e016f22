"""Data for the printable documents (handout and conversation guide), per municipality and language.

The typst templates receive these dicts as JSON; every text is data, never markup."""
from __future__ import annotations

from babel import Locale
from babel.dates import format_date

from .. import layout
from ..loader import Site
from ..model import Contact, Language, Municipality
from . import hours as hours_mod
from .freshness import dataset_date, freshness
from .pages import first_information_details, first_information_text, host
from .phone import phone as parse_phone

PREVIEW_NOTE = "Vorschau – keine öffentliche Adresse"


def page_url(site_url: str, lang: Language, m: Municipality) -> str:
    return layout.page_link(site_url, lang.code, layout.municipality_url(m.slug))


def typst_lang(lang: Language) -> str:
    """typst wants an ISO 639 code: the primary subtag of the BCP 47 tag."""
    return lang.tag.split("-")[0].lower()


class Texts:
    """Pairs of (reader's language, German) for one document."""

    def __init__(self, site: Site, lang: Language):
        self.site, self.lang, self.de = site, lang, site.source_language
        self.locale = Locale.parse(lang.babel_locale)
        self.locale_de = Locale.parse(self.de.babel_locale)
        self.as_of = dataset_date(site)

    def s(self, key: str, **v) -> dict:
        return {"t": self.lang.t(key, **v), "de": self.de.t(key, **v)}

    def text(self, value) -> dict | None:
        """A translatable data text; `fallback` is true when only German exists (printed marked German)."""
        if value is None:
            return None
        if self.lang.code in value:
            return {"t": value[self.lang.code], "de": value["de"], "fallback": False}
        return {"t": value["de"], "de": value["de"], "fallback": self.lang.code != "de"}

    def date(self, d) -> dict:
        return {"t": format_date(d, "long", locale=self.locale), "de": format_date(d, "long", locale=self.locale_de)}

    def dates(self, fact) -> dict:
        """«Stand» and «geprüft» of one fact, and whether it may be outdated (see render.freshness)."""
        f = freshness(fact, self.as_of)
        if f.stand:
            stand = {k: v for k, v in zip(("t", "de"), (self.lang.t("source_date", date=self.date(f.stand)["t"]),
                                                         self.de.t("source_date", date=self.date(f.stand)["de"])))}
        else:
            stand = self.s("source_date_unknown")
        verified = {"t": self.lang.t("last_verified", date=self.date(f.verified)["t"]),
                    "de": self.de.t("last_verified", date=self.date(f.verified)["de"])}
        return {"t": f"{stand['t']} · {verified['t']}", "de": f"{stand['de']} · {verified['de']}",
                "outdated": self.s("possibly_outdated_short") if f.outdated else None}

    def contact(self, c: Contact) -> dict:
        p = parse_phone(c.phone) if c.phone else None
        address = []
        if c.address:
            address = [c.address.street, " ".join(x for x in (c.address.postal_code, c.address.locality) if x)]
        rows = hours_mod.rows(c.opening_hours, self.locale)
        return {"role": self.s(f"role_{c.role}"), "name": c.name, "address": address,
                "phone": {"national": p.national, "intl": p.international} if p else None,
                "email": c.email, "website": host(c.website) if c.website else None,
                "hours": [{"days": d, "times": ", ".join(t)} for d, t in rows],
                "note": self.text(c.note), "dates": self.dates(c)}


def handout_data(site: Site, m: Municipality, lang: Language, *, bilingual: bool, site_url: str | None,
                 qr_svg: str | None) -> dict:
    """One handout. `site_url`/`qr_svg` None: a preview without a public address (no QR code, no URL)."""
    tx = Texts(site, lang)
    region = site.regions[m.region]
    # The municipality's own offices first; the region's and the canton's always follow.
    own = [tx.contact(c) for c in m.contacts]
    region_contacts = [tx.contact(c) for c in region.contacts]
    canton_contacts = [tx.contact(c) for c in site.data.canton.contacts]
    offers = []
    for o in site.offers_for(m):
        offers.append({"kind": {"t": f"{lang.t('level_' + o.for_.level)} · {lang.t('category_' + o.category)}",
                                "de": ""},
                       "title": tx.text(o.title), "description": tx.text(o.description), "cost": tx.text(o.cost),
                       "provider": o.provider, "website": host(o.website) if o.website else None})
    url = page_url(site_url, lang, m).split("://", 1)[-1] if site_url else None
    fi = m.first_information
    first_info = {"t": first_information_text(lang, site, m),
                  "de": first_information_text(site.source_language, site, m),
                  "details": [{"t": t, "de": d} for t, d in zip(first_information_details(lang, m),
                                                                 first_information_details(site.source_language, m))],
                  "dates": tx.dates(fi) if fi else None, "note": tx.text(fi.note) if fi else None}
    footer = lang.t("data_stand", date=tx.date(tx.as_of)["t"])
    footer_de = site.source_language.t("data_stand", date=tx.date(tx.as_of)["de"])
    return {
        "kind": "handout", "lang": typst_lang(lang), "dir": lang.dir, "bilingual": bilingual and lang.code != "de",
        "site_name": lang.t("site_name"),
        "title": tx.s("municipality_title", municipality=m.label),
        "intro": tx.s("municipality_intro", municipality=m.label),
        "url": url, "qr_svg": qr_svg, "preview": None if url else PREVIEW_NOTE,
        "steps": [tx.s(k) for k in ("step_register", "step_insurance", "step_first_information", "step_german")],
        "labels": {k: tx.s(k) for k in ("first_steps", "contacts", "offers", "emergency", "phone", "cost",
                                        "opening_hours", "first_information")} | {
            "abroad": tx.s("phone_from_abroad"), "hours": tx.s("opening_hours"),
            "see_website": tx.s("see_municipality_website"), "ask_region": tx.s("ask_region"),
            "ask_canton": tx.s("ask_canton"), "german": {"t": tx.locale.languages.get("de", "Deutsch"), "de": "Deutsch"}},
        "missing": tx.s("no_contact_data", municipality=m.label) if not m.contacts else None,
        "website": host(m.website) if m.website else None,
        "contacts": own, "region_contacts": region_contacts, "canton_contacts": canton_contacts, "first_information": first_info,
        "offers": offers,
        "emergency": [{"number": n.number, "label": tx.s(f"emergency_{n.number}")}
                      for n in site.data.canton.emergency_numbers],
        "footer": {"t": footer, "de": footer_de},
    }


def _referral(site: Site, m: Municipality, kind: str) -> str:
    """Who, where, when for one topic of the conversation, from the municipality's data (German)."""
    region = site.regions[m.region]
    contacts = list(m.contacts) + list(region.contacts) + list(site.data.canton.contacts)
    if kind == "none":
        return ""
    if kind == "emergency":
        return " · ".join(n.number for n in site.data.canton.emergency_numbers)
    if kind in ("residents_office", "integration", "social_services", "migration"):
        match = [c for c in contacts if c.role == kind] or \
                ([c for c in m.contacts if c.role == "administration"] if kind == "residents_office" else [])
        if match:
            return _contact_line(match[0])
        if kind == "residents_office" and m.website:
            return f"Gemeinde {m.label}: {host(m.website)}"
        return ""
    offers = [o for o in site.offers_for(m) if o.category == kind]
    return "; ".join(o.title["de"] + (f" ({host(o.website)})" if o.website else "") for o in offers)


def _contact_line(c: Contact) -> str:
    parts = [c.name]
    if c.phone:
        parts.append(parse_phone(c.phone).national)
    if c.email:
        parts.append(c.email)
    elif c.website:
        parts.append(host(c.website))
    if c.opening_hours:
        from babel import Locale as L
        rows = hours_mod.rows(c.opening_hours, L.parse("de_CH"))
        parts.append("; ".join(f"{d} {', '.join(t)}" for d, t in rows))
    return ", ".join(parts)


def guide_data(site: Site, m: Municipality, lang: Language) -> dict:
    g = site.guide.source
    tr = site.guide.translations.get(lang.code) if lang.code != "de" else None

    def pair(de_text: str, t_text: str | None) -> dict:
        return {"t": t_text if t_text else de_text, "de": de_text, "fallback": t_text is None and lang.code != "de"}

    def field_(name: str) -> dict:
        return pair(getattr(g, name), getattr(tr, name) if tr else (getattr(g, name) if lang.code == "de" else None))

    areas = []
    for i, a in enumerate(g.areas):
        ta = tr.areas[i] if tr and i < len(tr.areas) else None
        t_name, t_text = (ta.name, ta.text) if ta else ((a.name, a.text) if lang.code == "de" else (None, None))
        areas.append({"name": pair(a.name, t_name), "text": pair(a.text, t_text)})
    topics = [{"text": pair(t.text, (tr.topics.get(t.id) if tr else (t.text if lang.code == "de" else None))),
               "referral": _referral(site, m, t.referral)} for t in g.topics]
    contacts = [_contact_line(c) for c in list(m.contacts) + list(site.regions[m.region].contacts)
                + list(site.data.canton.contacts)]
    return {
        "kind": "guide", "lang": typst_lang(lang), "dir": lang.dir,
        "municipality": f"Einwohnergemeinde {m.label} · start.integration Kanton Solothurn",
        "language_name": pair(lang.name_de, lang.name),
        "title": field_("title"), "subtitle": field_("subtitle"), "areas_title": field_("areas_title"),
        "areas": areas, "topics_title": field_("topics_title"), "notes_label": field_("notes_label"),
        "referral_label": field_("referral_label"), "topics": topics,
        "staff_title": g.staff_title, "staff_intro": g.staff_intro,
        "staff_sections": [{"title": s.title, "items": s.items} for s in g.staff_sections],
        "contacts_title": "Kontakte aus den Daten", "contacts": contacts,
        "footer": f"Gesprächsleitfaden · {m.label} · {lang.name_de} · Stand der Daten: {dataset_date(site).strftime('%d.%m.%Y')}",
    }
