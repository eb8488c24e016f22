"""The domain model: what municipalities.yml, locales/ and content/ describe.

The dataclasses are also the schema (see schema.py): field types, required fields (no default),
per-field checks and editor documentation live here, once.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from . import checks
from .schema import Text


def doc(text: str, check=None, **extra):
    md = {"doc": text}
    if check is not None:
        md["check"] = check
    md.update(extra)
    return md


ContactRole = Literal["residents_office", "integration", "social_services", "migration", "administration", "other"]
ROLE_LABELS = {"residents_office": "Einwohnerkontrolle", "administration": "Gemeindeverwaltung",
               "integration": "Anlaufstelle Integration", "social_services": "Sozialdienst",
               "migration": "Migrationsamt", "other": "Weitere Stelle"}
OfferCategory = Literal["german_course", "parents_course", "childcare", "meeting_place", "counselling",
                        "interpreting", "welcome_event", "other"]


@dataclass
class Address:
    """Postal address of an office."""
    street: str = field(metadata=doc("Strasse und Hausnummer, ggf. Gebäude/Postfach", label="Strasse und Nr."))
    locality: str = field(metadata=doc("Ort", label="Ort"))
    postal_code: str | None = field(default=None, metadata=doc("Postleitzahl, vier Ziffern", checks.postal_code, label="PLZ"))


@dataclass
class OpeningHours:
    """Opening hours on some weekdays, e.g. days: mo-fr, times: ["08:00-11:30", "14:00-17:00"]."""
    days: str = field(metadata=doc("Wochentage: mo, tu, we, th, fr, sa, su; Bereich «mo-fr» oder Liste «mo, we»", checks.days, label="Tage"))
    times: list[str] = field(metadata=doc("Zeiten «HH:MM-HH:MM» (24 Stunden)", checks.time_ranges, label="Zeiten"))

    @property
    def day_list(self) -> list[str]:
        return checks.parse_days(self.days)

    @property
    def minute_ranges(self) -> list[tuple[int, int]]:
        return [checks.parse_time_range(t) for t in self.times]


@dataclass
class Contact:
    """An office to contact. Offices and roles only — never a person's name."""
    role: ContactRole = field(metadata=doc("Art der Stelle", label="Art der Stelle", choices=ROLE_LABELS))
    name: str = field(metadata=doc("Name der Stelle, z. B. «Einwohnerkontrolle Grenchen» (nie der Name einer Person)", label="Name der Stelle"))
    sources: list[str] = field(metadata=doc("Quellen: Web-Adressen, aus denen die Angaben stammen, oder «Angaben der Gemeinde»", checks.sources))
    last_verified: dt.date = field(metadata=doc("Datum der letzten Prüfung (JJJJ-MM-TT)"))
    stand: dt.date | None = field(default=None, metadata=doc("Datum der Quelle («Stand»), z. B. Datum der Webseite oder der Antwort der Gemeinde (JJJJ-MM-TT)"))
    address: Address | None = field(default=None, metadata=doc("Postadresse", label="Adresse"))
    phone: str | None = field(default=None, metadata=doc("Telefonnummer der Stelle, z. B. «032 655 66 66»", checks.phone, label="Telefon"))
    email: str | None = field(default=None, metadata=doc("E-Mail-Adresse der Stelle (keine persönliche Adresse)", checks.email, label="E-Mail"))
    website: str | None = field(default=None, metadata=doc("Web-Adresse der Stelle (https://…)", checks.url, label="Webseite der Stelle"))
    opening_hours: list[OpeningHours] = field(default_factory=list, metadata=doc("Öffnungszeiten: Tage und Zeiten (24 Stunden)", label="Öffnungszeiten"))
    note: Text | None = field(default=None, metadata=doc("Hinweis, z. B. «Termine nach Vereinbarung»; je Sprache", label="Hinweis"))


@dataclass
class Scope:
    """Who an offer applies to: `canton` (everyone) or a list of regions or municipalities."""
    regions: list[str] = field(default_factory=list, metadata=doc("IDs von Regionen"))
    municipalities: list[str] = field(default_factory=list, metadata=doc("URL-Namen (slug) von Gemeinden"))

    @classmethod
    def from_scalar(cls, value):
        if value == "canton":
            s = cls()
            s.canton = True
            return s
        return (f"«{value}» ist kein gültiger Geltungsbereich. Erwartet: «canton» oder "
                "«regions: [id, …]» oder «municipalities: [slug, …]».")

    @property
    def is_canton(self) -> bool:
        return getattr(self, "canton", False)

    @property
    def level(self) -> str:
        if self.is_canton:
            return "canton"
        return "region" if self.regions else "municipality"


@dataclass
class LocalOffer:
    """An integration offer of one municipality (in gemeinden/<slug>.yml): a course, a meeting place, …"""
    id: str = field(metadata=doc("Eindeutige ID (a–z, 0–9, Bindestriche)", checks.slug, label="ID"))
    category: OfferCategory = field(metadata=doc("Art des Angebots", label="Art"))
    title: Text = field(metadata=doc("Titel, je Sprache (de ist Pflicht)", label="Titel"))
    sources: list[str] = field(metadata=doc("Quellen: Web-Adressen oder «Angaben der Gemeinde»", checks.sources))
    last_verified: dt.date = field(metadata=doc("Datum der letzten Prüfung (JJJJ-MM-TT)"))
    stand: dt.date | None = field(default=None, metadata=doc("Datum der Quelle («Stand»), z. B. Datum der Webseite oder der Antwort der Gemeinde (JJJJ-MM-TT)"))
    description: Text | None = field(default=None, metadata=doc("Beschreibung, je Sprache", label="Beschreibung"))
    provider: str | None = field(default=None, metadata=doc("Anbieter (Organisation)", label="Anbieter"))
    cost: Text | None = field(default=None, metadata=doc("Kosten, je Sprache", label="Kosten"))
    languages: list[str] = field(default_factory=list, metadata=doc("Sprachen, in denen das Angebot stattfindet (BCP 47)", label="Sprachen"))
    website: str | None = field(default=None, metadata=doc("Web-Adresse (https://…)", checks.url, label="Website"))
    contact: Contact | None = field(default=None, metadata=doc("Kontaktstelle"))


@dataclass
class Offer(LocalOffer):
    """An integration offer: a course, counselling, a meeting place, interpreting, …"""
    for_: Scope = field(kw_only=True, metadata=doc("Für wen: «canton», «regions: [...]» oder «municipalities: [...]»", key="for"))


@dataclass
class FormerMunicipality:
    """A former municipality merged into this one; newcomers still search by its name."""
    name: str = field(metadata=doc("Name der früheren Gemeinde"))
    merged: int = field(metadata=doc("Jahr der Fusion"))
    bfs_nr: int | None = field(default=None, metadata=doc("Frühere BFS-Nummer"))


@dataclass
class Locality:
    """A locality (Ortschaft) with its postal code, from the official directory."""
    postal_code: str = field(metadata=doc("Postleitzahl", checks.postal_code))
    name: str = field(metadata=doc("Name der Ortschaft"))


FirstInformationProvider = Literal["self", "region", "municipality"]
FirstInformationMethod = Literal["conversation", "letter", "event"]
Interpreting = Literal["always", "on_request", "no"]


@dataclass
class FirstInformation:
    """Who gives the first information (Erstinformation) for a municipality, and how.

    Recorded only when a source says so (a web page or the municipality's own answer); a
    municipality without this entry has an unknown arrangement — never assume «self»."""
    provider: FirstInformationProvider = field(metadata=doc("Wer informiert: self (die Gemeinde selbst), region (eine Region oder ein Verbund), municipality (eine andere Gemeinde)", label="Wer gibt die Erstinformation?",
        choices={"self": "Die Gemeinde selbst", "region": "Eine Region oder ein Verbund von Gemeinden",
                 "municipality": "Eine andere Gemeinde"}))
    sources: list[str] = field(metadata=doc("Quellen: Web-Adressen oder «Angaben der Gemeinde»", checks.sources))
    last_verified: dt.date = field(metadata=doc("Datum der letzten Prüfung"))
    stand: dt.date | None = field(default=None, metadata=doc("Datum der Quelle («Stand»), z. B. Datum der Webseite oder der Antwort der Gemeinde (JJJJ-MM-TT)"))
    region: str | None = field(default=None, metadata=doc("ID der Region bzw. des Verbunds (bei provider: region)", label="Region oder Verbund"))
    municipality: str | None = field(default=None, metadata=doc("URL-Name der Gemeinde (bei provider: municipality)", label="Andere Gemeinde"))
    methods: list[FirstInformationMethod] = field(default_factory=list, metadata=doc("Wie: conversation (Erstgespräch), letter (Brief oder Willkommensschreiben), event (Begrüssungsanlass)", label="Wie?",
        choices={"conversation": "Erstgespräch", "letter": "Brief oder Willkommensschreiben", "event": "Begrüssungsanlass"}))
    interpreter: Interpreting | None = field(default=None, metadata=doc("Mit Dolmetschen: always (immer), on_request (auf Wunsch), no (nein)", label="Mit Dolmetscherin oder Dolmetscher?",
        choices={"always": "Ja, immer", "on_request": "Auf Wunsch", "no": "Nein"}))
    office: ContactRole | None = field(default=None, metadata=doc("Bei welcher Stelle der Gemeinde Neuzuziehende nach der Erstinformation fragen (Art der Stelle aus contacts)", label="Bei welcher Stelle fragen?", choices=ROLE_LABELS))
    note: Text | None = field(default=None, metadata=doc("Hinweis, je Sprache", label="Hinweis"))


@dataclass
class Event:
    """A welcome event of a municipality (Begrüssungsanlass, information evening)."""
    id: str = field(metadata=doc("Eindeutige ID in der Gemeinde (a–z, 0–9, Bindestriche)", checks.slug))
    title: Text = field(metadata=doc("Titel, je Sprache (de ist Pflicht)", label="Titel"))
    date: dt.date = field(metadata=doc("Datum (JJJJ-MM-TT)", label="Datum"))
    sources: list[str] = field(metadata=doc("Quellen: Web-Adressen (z. B. die Einladung auf der Gemeinde-Website) oder «Angaben der Gemeinde»", checks.sources))
    last_verified: dt.date = field(metadata=doc("Datum der letzten Prüfung"))
    stand: dt.date | None = field(default=None, metadata=doc("Datum der Quelle («Stand»), z. B. Datum der Webseite oder der Antwort der Gemeinde (JJJJ-MM-TT)"))
    time: str | None = field(default=None, metadata=doc("Zeit «HH:MM-HH:MM»", checks.time_range, label="Zeit"))
    location: str | None = field(default=None, metadata=doc("Ort, z. B. «Gemeindesaal, Hauptstrasse 1»", label="Ort"))
    description: Text | None = field(default=None, metadata=doc("Beschreibung, je Sprache"))
    languages: list[str] = field(default_factory=list, metadata=doc("Sprachen, in denen übersetzt wird (BCP 47)", label="Sprachen"))


@dataclass
class Municipality:
    """An Einwohnergemeinde of Canton Solothurn."""
    bfs_nr: int = field(metadata=doc("BFS-Gemeindenummer"))
    name: str = field(metadata=doc("Amtlicher Name (BFS), mit «(SO)» wo amtlich"))
    slug: str = field(metadata=doc("URL-Name, stabil, nur a–z, 0–9 und Bindestriche", checks.slug))
    district: str = field(metadata=doc("ID des Bezirks"))
    region: str = field(metadata=doc("ID der Sozialregion"))
    postal_codes: list[str] = field(metadata=doc("Eigene Postleitzahlen", checks.postal_codes))
    display_name: str | None = field(default=None, metadata=doc("Anzeigename, wenn anders als der amtliche Name"))
    region_assignment: Literal["sourced", "derived", "inferred"] = field(default="sourced", metadata=doc("Wie die Zuordnung zur Sozialregion belegt ist"))
    localities: list[Locality] = field(default_factory=list, metadata=doc("Ortschaften mit PLZ"))
    former_municipalities: list[FormerMunicipality] = field(default_factory=list, metadata=doc("Frühere, fusionierte Gemeinden"))
    # What the municipality says about itself: read from gemeinden/<slug>.yml (MunicipalityFile),
    # never from municipalities.yml. `home` names the file in the message when someone puts it there.
    website: str | None = field(default=None, metadata=doc("Offizielle Website der Gemeinde", derived=True, home=True))
    website_sources: list[str] = field(default_factory=list, metadata=doc("Quellen für die Website", derived=True, home=True))
    website_stand: dt.date | None = field(default=None, metadata=doc("Datum der Quelle für die Website", derived=True, home=True))
    first_information: FirstInformation | None = field(default=None, metadata=doc("Wer die Erstinformation macht; ohne Angabe unbekannt", derived=True, home=True))
    contacts: list[Contact] = field(default_factory=list, metadata=doc("Kontaktstellen der Gemeinde", derived=True, home=True))
    events: list[Event] = field(default_factory=list, metadata=doc("Begrüssungsanlässe und Informationsabende", derived=True, home=True))
    offers: list[LocalOffer] = field(default_factory=list, metadata=doc("Eigene Angebote der Gemeinde", derived=True, home=True))

    @property
    def label(self) -> str:
        return self.display_name or self.name


@dataclass
class MunicipalityFile:
    """gemeinden/<slug>.yml: what one municipality says about itself (offices, first information,
    local offers, welcome events). One file per municipality, so each change is one readable diff
    and ownership can be assigned per file. `bfs_nr` and `name` must match municipalities.yml."""
    bfs_nr: int = field(metadata=doc("BFS-Gemeindenummer, zur Kontrolle (muss zu municipalities.yml passen)"))
    name: str = field(metadata=doc("Amtlicher Name der Gemeinde, zur Kontrolle"))
    website: str | None = field(default=None, metadata=doc("Offizielle Website der Gemeinde (https://…)", checks.url, label="Website der Gemeinde"))
    website_sources: list[str] = field(default_factory=list, metadata=doc("Quellen für die Website: Web-Adressen oder «Angaben der Gemeinde»", checks.sources))
    website_stand: dt.date | None = field(default=None, metadata=doc("Datum der Quelle für die Website (JJJJ-MM-TT)"))
    contacts: list[Contact] = field(default_factory=list, metadata=doc("Stellen der Gemeinde: Einwohnerkontrolle, Gemeindeverwaltung, Anlaufstelle Integration …", label="Stellen der Gemeinde"))
    first_information: FirstInformation | None = field(default=None, metadata=doc("Wer die Erstinformation gibt und wie; ohne Angabe gilt sie als unbekannt", label="Erstinformation"))
    offers: list[LocalOffer] = field(default_factory=list, metadata=doc("Eigene Angebote der Gemeinde (gelten nur für diese Gemeinde)", label="Angebote der Gemeinde"))
    events: list[Event] = field(default_factory=list, metadata=doc("Begrüssungsanlässe und Informationsabende", label="Begrüssungsanlässe"))


@dataclass
class DataRequest:
    """A request for data sent to a municipality (written by `requests`, answered by `import`)."""
    municipality: str = field(metadata=doc("URL-Name (slug) der Gemeinde", checks.slug))
    sent: dt.date = field(metadata=doc("Datum des Rundschreibens"))
    deadline: dt.date = field(metadata=doc("Antwort erbeten bis"))
    missing: list[str] = field(default_factory=list, metadata=doc("Was beim Versand fehlte"))
    reminded: dt.date | None = field(default=None, metadata=doc("Datum der letzten Erinnerung"))
    answered: dt.date | None = field(default=None, metadata=doc("Datum der Antwort (beim Import gesetzt); leer = offen"))


@dataclass
class RequestLog:
    """requests.yml: the Fachstelle's record of data requests to municipalities."""
    requests: list[DataRequest] = field(default_factory=list, metadata=doc("Anfragen, älteste zuerst"))


@dataclass
class District:
    """A Bezirk."""
    id: str = field(metadata=doc("ID", checks.slug))
    bfs_nr: int = field(metadata=doc("BFS-Bezirksnummer"))
    name: str = field(metadata=doc("Name"))


@dataclass
class Region:
    """A Sozialregion, or a cooperation of municipalities for start.integration."""
    id: str = field(metadata=doc("ID", checks.slug))
    name: str = field(metadata=doc("Name"))
    kind: Literal["sozialregion", "cooperation"] = field(metadata=doc("sozialregion oder cooperation (Verbund)"))
    sources: list[str] = field(metadata=doc("Quellen", checks.urls))
    last_verified: dt.date = field(metadata=doc("Datum der letzten Prüfung"))
    seat: str | None = field(default=None, metadata=doc("URL-Name der Sitz- bzw. Leitgemeinde (nur wenn belegt)"))
    organisation: str | None = field(default=None, metadata=doc("Organisation in einem Satz"))
    contacts: list[Contact] = field(default_factory=list, metadata=doc("Kontaktstellen der Region (z. B. Sozialdienst)"))


@dataclass
class Source:
    """A source of the whole data set."""
    url: str = field(metadata=doc("Web-Adresse", checks.url))
    title: str = field(metadata=doc("Titel"))


def _emergency_number(value: str) -> str | None:
    if not value.isascii() or not value.isdigit() or not 3 <= len(value) <= 4:
        return f"«{value}» ist keine Notrufnummer (drei oder vier Ziffern, z. B. «117»)."
    return None


@dataclass
class EmergencyNumber:
    """A Swiss emergency or help number (free, day and night). Its label in every language is the
    locale string `emergency_<number>`."""
    number: str = field(metadata=doc("Nummer, drei oder vier Ziffern, z. B. «117»", _emergency_number))
    sources: list[str] = field(metadata=doc("Quellen (Web-Adressen)", checks.urls))
    last_verified: dt.date = field(metadata=doc("Datum der letzten Prüfung (JJJJ-MM-TT)"))
    stand: dt.date | None = field(default=None, metadata=doc("Datum der Quelle («Stand»), z. B. Datum der Webseite oder der Antwort der Gemeinde (JJJJ-MM-TT)"))


@dataclass
class Canton:
    """Canton level: offices every page can point to, and the emergency numbers (one list for the
    municipality pages, the start page, the handouts and the conversation guide)."""
    contacts: list[Contact] = field(default_factory=list, metadata=doc("Kantonale Stellen"))
    emergency_numbers: list[EmergencyNumber] = field(default_factory=list, metadata=doc("Notrufnummern, in der Reihenfolge der Anzeige"))


@dataclass
class DataFile:
    """municipalities.yml: all per-municipality data of start.integration Kanton Solothurn."""
    stand: dt.date = field(metadata=doc("Stand der Gemeindeliste"))
    sources: list[Source] = field(metadata=doc("Quellen der Gemeindeliste"))
    districts: list[District] = field(metadata=doc("Die 10 Bezirke"))
    regions: list[Region] = field(metadata=doc("Sozialregionen und Verbünde"))
    canton: Canton = field(metadata=doc("Kantonale Stellen"))
    municipalities: list[Municipality] = field(metadata=doc("Die Einwohnergemeinden"))
    offers: list[Offer] = field(default_factory=list, metadata=doc("Angebote von Kanton, Regionen und Gemeinden"))


@dataclass
class Review:
    """Who reviewed a translation: a date and an organisation, never a person's name."""
    date: dt.date = field(metadata=doc("Datum der Prüfung"))
    organisation: str = field(metadata=doc("Organisation, die geprüft hat (kein Personenname)"))


class Strings(Text):
    """UI strings of one language: key -> text."""


@dataclass
class Language:
    """A language of the site, from locales/<code>.yml."""
    code: str = field(metadata=doc("Kürzel für Adressen und Dateinamen, z. B. «ti» oder «prs»"))
    tag: str = field(metadata=doc("Sprachkürzel nach BCP 47 für das lang-Attribut, z. B. «fa-AF»", checks.bcp47))
    name: str = field(metadata=doc("Name der Sprache in der Sprache selbst"))
    name_de: str = field(metadata=doc("Name der Sprache auf Deutsch"))
    dir: Literal["ltr", "rtl"] = field(metadata=doc("Schreibrichtung: ltr (links nach rechts) oder rtl"))
    babel_locale: str = field(metadata=doc("CLDR-Locale für Wochentage und Zeiten (Babel), z. B. «fa_AF»"))
    status: Literal["source", "machine", "reviewed"] = field(metadata=doc("source (Deutsch), machine (maschinell, ungeprüft) oder reviewed"))
    strings: Strings = field(metadata=doc("Texte der Benutzeroberfläche"))
    review: Review | None = field(default=None, metadata=doc("Prüfung der UI-Texte"))
    translated_from: Strings | None = field(default=None, metadata=doc(
        "Je Text-Schlüssel die Prüfsumme des deutschen Textes, aus dem übersetzt wurde (schreibt der Generator: "
        "catalog import/stamp); ein geänderter deutscher Text macht nur diesen Text veraltet"))

    @property
    def build_locale(self) -> str:
        """The locale name mkdocs-static-i18n uses (two letters, or tag like fa-AF)."""
        return self.code if len(self.code) == 2 else self.tag

    @property
    def is_source(self) -> bool:
        return self.status == "source"

    def t(self, key: str, **values) -> str:
        """The UI string `key`, its plain {name} placeholders filled from `values` (checks.fill: no
        attribute or item access, whatever a translator writes)."""
        return checks.fill(self.strings[key], values) if values else self.strings[key]


@dataclass
class PageSource:
    """A source named in a content page's front matter."""
    url: str = field(metadata=doc("Web-Adresse", checks.url))
    title: str = field(metadata=doc("Titel"))


@dataclass
class FrontMatter:
    """Front matter of a German content page."""
    title: str = field(metadata=doc("Titel der Seite", check=checks.plain_text))
    stand: dt.date = field(metadata=doc("Stand des Textes (JJJJ-MM-TT)"))
    sources: list[PageSource] = field(default_factory=list, metadata=doc("Quellen der Fakten"))
    summary: str | None = field(default=None, metadata=doc("Ein Satz für Listen", check=checks.plain_text))
    order: int | None = field(default=None, metadata=doc("Reihenfolge unter den Themen"))
    hide: list[str] = field(default_factory=list, metadata=doc("Material: Bereiche ausblenden (navigation, toc)"))


@dataclass
class TranslationFrontMatter:
    """Front matter of a translated content page."""
    title: str = field(metadata=doc("Übersetzter Titel"))
    status: Literal["machine", "reviewed"] = field(metadata=doc("machine (maschinell, ungeprüft) oder reviewed"))
    source_hash: str = field(metadata=doc("Prüfsumme der deutschen Vorlage, aus der übersetzt wurde"))
    summary: str | None = field(default=None, metadata=doc("Ein Satz für Listen"))
    review: Review | None = field(default=None, metadata=doc("Prüfung (bei status: reviewed)"))
    hide: list[str] = field(default_factory=list, metadata=doc("Material: Bereiche ausblenden"))


@dataclass
class Translation:
    language: str
    path: object
    meta: TranslationFrontMatter
    body: str  # the page body in this language, outdated parts in German (marked)
    outdated: bool = False
    unit_status: list[str] = field(default_factory=list)  # per unit: reviewed/machine/outdated/missing
    outdated_segments: int = 0


@dataclass
class Topic:
    """A cantonal content page (German source) with its translations."""
    path: object  # relative path under content/, e.g. "themen/anmelden.md"
    meta: FrontMatter
    body: str
    source_hash: str
    translations: dict[str, Translation] = field(default_factory=dict)
    body_offset: int = 0  # lines before the body in the file (front matter)
    segments: list = field(default_factory=list)  # segments.Segment of the body
    units: list = field(default_factory=list)  # catalog.Unit: title, summary, segments

    @property
    def url(self) -> str:
        p = str(self.path)[:-3]
        if p == "index":
            return ""
        return (p[:-len("index")] if p.endswith("/index") else p + "/")

    def status(self, code: str) -> str:
        """reviewed, machine, outdated or missing for one language."""
        tr = self.translations.get(code)
        if tr is None:
            return "missing"
        if tr.outdated:
            return "outdated"
        return tr.meta.status


@dataclass
class GlossaryTerm:
    """An official German term, explained in one plain sentence."""
    id: str = field(metadata=doc("ID (a–z, 0–9, Bindestriche), stabil", checks.slug))
    term: str = field(metadata=doc("Der amtliche deutsche Begriff"))
    explanation: str = field(metadata=doc("Ein Satz in einfachem Deutsch"))
    topic: str | None = field(default=None, metadata=doc("Themenseite, auf der der Begriff erklärt wird (Dateiname ohne .md)"))


@dataclass
class GlossarySource:
    """glossary/de.yml: the German glossary, source of every translation."""
    title: str = field(metadata=doc("Titel der Glossar-Seite", check=checks.plain_text))
    intro: str = field(metadata=doc("Einleitung, ein bis zwei Sätze"))
    terms: list[GlossaryTerm] = field(metadata=doc("Begriffe"))


@dataclass
class TermTranslation:
    """One term in another language."""
    term: str = field(metadata=doc("Übersetzung des Begriffs"))
    explanation: str = field(metadata=doc("Übersetzung der Erklärung"))


@dataclass
class GlossaryTranslation:
    """glossary/<code>.yml: the glossary in one language."""
    title: str = field(metadata=doc("Übersetzter Titel"))
    intro: str = field(metadata=doc("Übersetzte Einleitung"))
    status: Literal["machine", "reviewed"] = field(metadata=doc("machine (maschinell, ungeprüft) oder reviewed"))
    source_hash: str = field(metadata=doc("Prüfsumme des deutschen Glossars, aus dem übersetzt wurde"))
    terms: dict[str, TermTranslation] = field(metadata=doc("Je Begriff-ID: term und explanation"))
    review: Review | None = field(default=None, metadata=doc("Prüfung (bei status: reviewed)"))


ReferralKind = Literal["residents_office", "integration", "social_services", "migration", "german_course",
                       "parents_course", "counselling", "interpreting", "emergency", "none"]


@dataclass
class GuideArea:
    """One of the three areas of start.integration."""
    name: str = field(metadata=doc("Name des Bereichs"))
    text: str = field(metadata=doc("Ein bis zwei Sätze"))


@dataclass
class GuideTopic:
    """A line of the first-information conversation, with the kind of local referral beside it."""
    id: str = field(metadata=doc("ID", checks.slug))
    text: str = field(metadata=doc("Ein Satz für das Gespräch"))
    referral: ReferralKind = field(metadata=doc("Welche Stelle aus den Gemeindedaten als Hinweis erscheint"))


@dataclass
class StaffSection:
    """A section of the German-only page for municipal staff."""
    title: str = field(metadata=doc("Titel"))
    items: list[str] = field(metadata=doc("Punkte"))


@dataclass
class GuideSource:
    """handouts/guide.de.yml: the conversation guide in German (binding)."""
    title: str = field(metadata=doc("Titel"))
    subtitle: str = field(metadata=doc("Untertitel"))
    areas_title: str = field(metadata=doc("Titel des Abschnitts über die drei Bereiche"))
    areas: list[GuideArea] = field(metadata=doc("Informieren, Fördern, Fordern"))
    topics_title: str = field(metadata=doc("Titel der Themenliste"))
    notes_label: str = field(metadata=doc("Beschriftung des Notizfelds"))
    referral_label: str = field(metadata=doc("Beschriftung des Hinweises auf die Stelle"))
    topics: list[GuideTopic] = field(metadata=doc("Themen des Gesprächs"))
    staff_title: str = field(metadata=doc("Titel der Seite für Mitarbeitende"))
    staff_intro: str = field(metadata=doc("Einleitung der Seite für Mitarbeitende"))
    staff_sections: list[StaffSection] = field(metadata=doc("Abschnitte für Mitarbeitende"))
    sources: list[str] = field(default_factory=list, metadata=doc("Quellen", checks.urls))


@dataclass
class GuideTranslation:
    """handouts/guide.<code>.yml: the newcomer's lines of the guide in one language."""
    title: str = field(metadata=doc("Titel"))
    subtitle: str = field(metadata=doc("Untertitel"))
    areas_title: str = field(metadata=doc("Titel des Abschnitts über die drei Bereiche"))
    areas: list[GuideArea] = field(metadata=doc("Die drei Bereiche, gleiche Reihenfolge wie Deutsch"))
    topics_title: str = field(metadata=doc("Titel der Themenliste"))
    notes_label: str = field(metadata=doc("Beschriftung des Notizfelds"))
    referral_label: str = field(metadata=doc("Beschriftung des Hinweises"))
    topics: dict[str, str] = field(metadata=doc("Je Themen-ID der übersetzte Satz"))
    status: Literal["machine", "reviewed"] = field(metadata=doc("machine oder reviewed"))
    source_hash: str = field(metadata=doc("Prüfsumme der deutschen Vorlage"))
    review: Review | None = field(default=None, metadata=doc("Prüfung"))
