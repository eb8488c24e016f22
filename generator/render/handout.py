"""Data for the printable documents (handout and conversation guide), per municipality and language.

The typst templates receive these dicts as JSON; every text is data, never markup."""
from __future__ import annotations

from babel import Locale

from ..loader import Site
from ..model import Contact, Language, Municipality
from . import hours as hours_mod
from .pages import EMERGENCY_NUMBERS, host
from .phone import phone as parse_phone


def page_url(site_url: str, lang: Language, m: Municipality) -> str:
    base = site_url.rstrip("/") + "/"
    return base + ("" if lang.code == "de" else f"{lang.code}/") + f"gemeinden/{m.slug}/"


def typst_lang(lang: Language) -> str:
    """typst wants an ISO 639 code: the primary subtag of the BCP 47 tag."""
    return lang.tag.split("-")[0].lower()


class Texts:
    """Pairs of (reader's language, German) for one document."""

    def __init__(self, site: Site, lang: Language):
        self.site, self.lang, self.de = site, lang, site.source_language
        self.locale = Locale.parse(lang.babel_locale)
        self.locale_de = Locale.parse(self.de.babel_locale)

    def s(self, key: str, **v) -> dict:
        return {"t": self.lang.t(key, **v), "de": self.de.t(key, **v)}

    def text(self, value) -> dict | None:
        """A translatable data text; `fallback` is true when only German exists."""
        if value is None:
            return None
        if self.lang.code in value:
            return {"t": value[self.lang.code], "de": value["de"], "fallback": False}
        return {"t": value["de"], "de": value["de"], "fallback": self.lang.code != "de"}

    def contact(self, c: Contact) -> dict:
        p = parse_phone(c.phone) if c.phone else None
        address = []
        if c.address:
            address = [c.address.street, " ".join(x for x in (c.address.postal_code, c.address.locality) if x)]
        rows = hours_mod.rows(c.opening_hours, self.locale)
        note = self.text(c.note)
        return {"role": self.s(f"role_{c.role}"), "name": c.name, "address": address,
                "phone": {"national": p.national, "intl": p.international} if p else None,
                "email": c.email, "website": host(c.website) if c.website else None,
                "hours": [{"days": d, "times": ", ".join(t)} for d, t in rows],
                "note": note["t"] if note else None}


def handout_data(site: Site, m: Municipality, lang: Language, *, bilingual: bool, site_url: str, qr_svg: str) -> dict:
    tx = Texts(site, lang)
    region = site.regions[m.region]
    contacts = [tx.contact(c) for c in m.contacts]
    if not m.contacts:
        contacts += [tx.contact(c) for c in region.contacts]
        contacts += [tx.contact(c) for c in site.data.canton.contacts]
    offers = []
    for o in site.offers_for(m):
        offers.append({"kind": {"t": f"{lang.t('level_' + o.for_.level)} · {lang.t('category_' + o.category)}",
                                "de": ""},
                       "title": tx.text(o.title), "cost": tx.text(o.cost), "provider": o.provider,
                       "website": host(o.website) if o.website else None})
    dates = [c.last_verified for c in m.contacts] or [c.last_verified for c in region.contacts]
    from babel.dates import format_date
    verified = format_date(min(dates), "long", locale=tx.locale) if dates else "–"
    verified_de = format_date(min(dates), "long", locale=tx.locale_de) if dates else "–"
    url = page_url(site_url, lang, m)
    stand = format_date(site.data.stand, "long", locale=tx.locale)
    stand_de = format_date(site.data.stand, "long", locale=tx.locale_de)
    return {
        "kind": "handout", "lang": typst_lang(lang), "dir": lang.dir, "bilingual": bilingual and lang.code != "de",
        "site_name": lang.t("site_name"),
        "title": tx.s("municipality_title", municipality=m.label),
        "intro": tx.s("municipality_intro", municipality=m.label),
        "url": url.split("://", 1)[-1], "qr_svg": qr_svg,
        "steps": [tx.s(k) for k in ("step_register", "step_insurance", "step_first_information", "step_german")],
        "labels": {k: tx.s(k) for k in ("first_steps", "contacts", "offers", "emergency", "phone", "cost",
                                        "opening_hours")} | {
            "abroad": tx.s("phone_from_abroad"), "hours": tx.s("opening_hours"),
            "see_website": tx.s("see_municipality_website")},
        "missing": tx.s("no_contact_data", municipality=m.label) if not m.contacts else None,
        "website": host(m.website) if m.website else None,
        "contacts": contacts, "offers": offers,
        "emergency": [{"number": n, "label": tx.s(f"emergency_{n}")} for n in EMERGENCY_NUMBERS],
        "footer": {"t": f"{lang.t('data_stand', date=stand)} · {lang.t('last_verified', date=verified)} · {url.split('://', 1)[-1]}",
                   "de": f"{site.source_language.t('data_stand', date=stand_de)} · "
                         f"{site.source_language.t('last_verified', date=verified_de)}"},
    }


def _referral(site: Site, m: Municipality, kind: str) -> str:
    """Who, where, when for one topic of the conversation, from the municipality's data (German)."""
    region = site.regions[m.region]
    contacts = list(m.contacts) + list(region.contacts) + list(site.data.canton.contacts)
    if kind == "none":
        return ""
    if kind == "emergency":
        return "117 · 118 · 144 · 112"
    if kind in ("residents_office", "integration", "social_services", "migration"):
        match = [c for c in contacts if c.role == kind] or \
                ([c for c in m.contacts if c.role == "administration"] if kind == "residents_office" else [])
        if match:
            return _contact_line(match[0])
        if kind == "residents_office" and m.website:
            return f"Gemeinde {m.label}: {host(m.website)}"
        if kind == "integration":
            return "Koordinationsstelle Integration (AGS), so.ch"
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
        "footer": f"Gesprächsleitfaden · {m.label} · {lang.name_de} · Stand der Daten: {site.data.stand.strftime('%d.%m.%Y')}",
    }
