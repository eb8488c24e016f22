"""Load and validate everything: municipalities.yml, locales/ and content/ -> one Site model.

All problems of a run are collected (file, line, field, what is expected); `load_site` raises
InvalidInput carrying all of them when there is at least one error.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, schema
from .consistency import check_translations
from .content import load_topics
from .data_texts import translate_data
from .glossary import Glossary, load_glossary
from .guide import Guide, load_guide
from .locales import load_languages
from . import municipal_files
from .model import Contact, DataFile, Language, Municipality, Offer, Region, Scope, Topic
from .problems import InvalidInput, Problems
from .yamlsource import compose, read_text

STALE_AFTER_DAYS = 365


@dataclass
class Site:
    """Everything the renderers need, validated."""
    root: Path
    data: DataFile
    languages: dict[str, Language]
    topics: list[Topic]
    problems: Problems
    glossary: Glossary = field(default_factory=Glossary)
    guide: Guide = field(default_factory=Guide)
    by_slug: dict[str, Municipality] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    districts: dict = field(default_factory=dict)

    @property
    def source_language(self) -> Language:
        return self.languages["de"]

    def offers_for(self, m: Municipality) -> list[Offer]:
        """Offers that apply to a municipality: canton, then its regions, then its own (registry
        offers for it and the offers in its file gemeinden/<slug>.yml); one each."""
        regions = {m.region}
        if m.first_information and m.first_information.region:
            regions.add(m.first_information.region)
        order = {"canton": 0, "region": 1, "municipality": 2}
        seen, out = set(), []
        for o in sorted([*self.data.offers, *m.offers], key=lambda o: order[o.for_.level]):
            applies = (o.for_.is_canton or bool(regions & set(o.for_.regions))
                       or m.slug in o.for_.municipalities)
            if applies and o.id not in seen:
                seen.add(o.id)
                out.append(o)
        return out


def load_site(root: Path, *, today: dt.date | None = None) -> Site:
    """Load the project at `root`; raise InvalidInput with every problem if any is an error."""
    root = Path(root)
    problems = Problems(root=root)
    languages = load_languages(root / "locales", problems)
    data = load_data(root / "municipalities.yml", problems, set(languages), today=today)
    if data is not None:
        load_municipal_files(root, data, problems, set(languages), today=today)
        from . import request_log
        request_log.read(root, problems, {m.slug for m in data.municipalities})
    topics = load_topics(root / "content", languages, problems)
    topic_names = {str(t.path)[len("themen/"):-3] for t in topics if str(t.path).startswith("themen/")}
    glossary = load_glossary(root / "glossary", set(languages), problems, topic_names)
    guide = load_guide(root / "handouts", set(languages), problems)
    check_translations(root, languages, topics, glossary, guide, problems)
    if data is not None and "de" in languages:
        _check_emergency_numbers(data, languages["de"], root / "municipalities.yml", problems)
    data_texts = translate_data(root, data, set(languages), problems) if data is not None else None
    if problems.errors or data is None:
        raise InvalidInput(problems)
    site = Site(root, data, languages, topics, problems, glossary, guide)
    site.data_texts = data_texts
    site.by_slug = {m.slug: m for m in data.municipalities}
    site.regions = {r.id: r for r in data.regions}
    site.districts = {d.id: d for d in data.districts}
    return site


def load_data(path: Path, problems: Problems, language_codes: set[str], *, today=None) -> DataFile | None:
    text = read_text(path, problems)
    if text is None:
        return None
    node = compose(text, path, problems)
    if node is None:
        if not text.strip():
            problems.error(path, 0, "", "Die Datei ist leer. Erwartet: stand, sources, districts, regions, "
                           "canton, municipalities, offers.")
        return None
    data = schema.read(DataFile, node, schema.Ctx(path, problems))
    if data is None:
        return None
    _cross_check(data, path, problems, language_codes, today or dt.date.today())
    return data


def _unique(items, key, path, problems, what, field_name):
    seen: dict = {}
    for i, item in enumerate(items):
        k = getattr(item, key)
        if k in seen:
            problems.error(path, item.lines.get(key, item.line), f"{field_name}[{getattr(item, 'index', i)}].{key}",
                           f"{what} «{k}» kommt doppelt vor (zuerst in Zeile {seen[k]}). Jeder Wert muss eindeutig sein.")
        else:
            seen[k] = item.lines.get(key, item.line)


def _cross_check(data: DataFile, path: Path, problems: Problems, codes: set[str], today: dt.date) -> None:
    _unique(data.districts, "id", path, problems, "Bezirk", "districts")
    _unique(data.regions, "id", path, problems, "Region", "regions")
    _unique(data.municipalities, "bfs_nr", path, problems, "BFS-Nummer", "municipalities")
    _unique(data.municipalities, "slug", path, problems, "URL-Name (slug)", "municipalities")
    _unique(data.offers, "id", path, problems, "Angebot", "offers")
    districts = {d.id for d in data.districts}
    regions = {r.id: r for r in data.regions}
    slugs = {m.slug for m in data.municipalities}

    def err(obj, fld, where, msg):
        problems.error(path, obj.lines.get(fld, obj.line), where, msg, **_cause(msg))

    def _cause(msg):
        # «Unbekannte Gemeinde/Region/Bezirk» follows from an entry of that list that did not load
        for what, listed in (("Gemeinde", "municipalities["), ("Sozialregion", "regions["), ("Region", "regions["),
                             ("Bezirk", "districts[")):
            if msg.startswith(f"Unbekannte {what} "):
                return {"because": path, "because_field": listed}
        return {}

    def known(value, pool, what):
        from difflib import get_close_matches
        hint = get_close_matches(str(value), [str(p) for p in pool], n=1)
        return f"Unbekannte {what} «{value}»." + (f" Meinten Sie «{hint[0]}»?" if hint else "")

    for i, r in enumerate(data.regions):
        w = f"regions[{i}] ({r.id})"
        if r.seat and r.seat not in slugs:
            err(r, "seat", f"{w}.seat", known(r.seat, slugs, "Gemeinde"))
        for j, c in enumerate(r.contacts):
            _check_contact(c, f"{w}.contacts[{j}]", path, problems, codes, today)
    for j, c in enumerate(data.canton.contacts):
        _check_contact(c, f"canton.contacts[{j}]", path, problems, codes, today)
    for i, m in enumerate(data.municipalities):
        w = f"municipalities[{i}] ({m.name})"
        if m.district not in districts:
            err(m, "district", f"{w}.district", known(m.district, districts, "Bezirk") + " Erlaubt: " + ", ".join(sorted(districts)) + ".")
        if m.region not in regions or regions[m.region].kind != "sozialregion":
            err(m, "region", f"{w}.region", known(m.region, [k for k, r in regions.items() if r.kind == "sozialregion"], "Sozialregion"))
    seen_offers: dict = {}
    for i, o in enumerate(data.offers):
        key = (o.title.get("de", "").casefold(), (o.provider or "").casefold())
        if key in seen_offers:
            problems.warning(path, o.line, f"offers[{i}] ({o.id})", f"Dieses Angebot sieht aus wie «{seen_offers[key]}» "
                             "(gleicher Titel und Anbieter). Doppelt erfasst?")
        seen_offers.setdefault(key, o.id)
    for i, o in enumerate(data.offers):
        w = f"offers[{i}] ({o.id})"
        if "for_" not in o.lines:
            err(o, "for_", f"{w}.for", "Pflichtfeld «for» fehlt. Erwartet: canton, regions: [...] oder municipalities: [...]. "
                "Ein Angebot nur einer Gemeinde gehört in deren Datei gemeinden/<slug>.yml (offers:).")
            continue
        for r in o.for_.regions:
            if r not in regions:
                err(o, "for_", f"{w}.for.regions", known(r, regions, "Region"))
        for s in o.for_.municipalities:
            if s not in slugs:
                err(o, "for_", f"{w}.for.municipalities", known(s, slugs, "Gemeinde"))
        if not o.for_.is_canton and not o.for_.regions and not o.for_.municipalities:
            err(o, "for_", f"{w}.for", "Leerer Geltungsbereich. Erwartet: canton, regions: [...] oder municipalities: [...].")
        for fld in ("title", "description", "cost"):
            _check_text(getattr(o, fld), o, fld, w, path, problems, codes)
        for lang in o.languages:
            msg = checks.bcp47(lang)
            if msg:
                err(o, "languages", f"{w}.languages", msg)
        if o.contact:
            _check_contact(o.contact, f"{w}.contact", path, problems, codes, today)
        _check_age(o, w, path, problems, today)


def load_municipal_files(root: Path, data: DataFile, problems: Problems, codes: set[str], *, today=None) -> None:
    """Read gemeinden/<slug>.yml for every municipality, check it, attach it (m.contacts, …)."""
    today = today or dt.date.today()
    directory = Path(root) / municipal_files.DIRECTORY
    slugs = {m.slug: m for m in data.municipalities}
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.suffix != ".yml" or path.stem not in slugs:
                from difflib import get_close_matches
                hint = get_close_matches(path.stem, list(slugs), n=1)
                problems.error(path, 0, "", f"Keine Gemeinde mit dem URL-Namen «{path.stem}» in municipalities.yml. "
                               "Dateien heissen gemeinden/<slug>.yml."
                               + (f" Meinten Sie «{hint[0]}.yml»?" if hint else ""))
    offer_ids = {o.id: ("municipalities.yml", o.line) for o in data.offers}
    for m in data.municipalities:
        path = municipal_files.path_for(root, m.slug)
        if not path.exists():
            problems.error(path, 0, "", f"Datei fehlt. Jede Gemeinde hat eine eigene Datei (auch wenn sie fast leer ist): "
                           f"gemeinden/{m.slug}.yml mit mindestens «bfs_nr: {m.bfs_nr}» und «name: {m.name}».")
            continue
        mf = municipal_files.read_file(path, problems)
        if mf is None:
            continue
        check_municipal_file(mf, m, data, path, problems, codes, today)
        for i, o in enumerate(mf.offers):
            if o.id in offer_ids:
                where, line = offer_ids[o.id]
                problems.error(path, o.lines.get("id", o.line), f"offers[{i}].id",
                               f"Angebot «{o.id}» gibt es schon ({where}, Zeile {line}). IDs von Angeboten sind im ganzen Kanton eindeutig.")
            offer_ids.setdefault(o.id, (path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path), o.line))
        municipal_files.attach(m, mf, path)
        m.offers = [_as_offer(o, m.slug) for o in mf.offers]


def _as_offer(o, slug: str) -> Offer:
    """A municipality's own offer as an Offer for that municipality only (renderers read o.for_)."""
    offer = Offer(**{f: getattr(o, f) for f in o.__dataclass_fields__}, for_=Scope(municipalities=[slug]))
    offer.line, offer.lines = o.line, o.lines
    return offer


def check_municipal_file(mf, m: Municipality, data: DataFile, path: Path, problems: Problems, codes, today) -> None:
    regions = {r.id: r for r in data.regions}
    slugs = {x.slug for x in data.municipalities}

    def err(obj, fld, where, msg):
        problems.error(path, obj.lines.get(fld, obj.line), where, msg)

    def known(value, pool, what):
        from difflib import get_close_matches
        hint = get_close_matches(str(value), [str(p) for p in pool], n=1)
        return f"Unbekannte {what} «{value}»." + (f" Meinten Sie «{hint[0]}»?" if hint else "")

    if mf.bfs_nr != m.bfs_nr:
        err(mf, "bfs_nr", "bfs_nr", f"BFS-Nummer {mf.bfs_nr} passt nicht zu {m.name} (municipalities.yml: {m.bfs_nr}). "
            "Ist die Datei einer anderen Gemeinde hierher kopiert worden?")
    if mf.name != m.name:
        err(mf, "name", "name", f"Name «{mf.name}» passt nicht zu dieser Datei (municipalities.yml: «{m.name}»).")
    if mf.website and not mf.website_sources:
        err(mf, "website", "website_sources", "Zur Website fehlt die Quelle (website_sources).")
    if mf.website_stand and mf.website_stand > today:
        err(mf, "website_stand", "website_stand", f"Das Datum {mf.website_stand} liegt in der Zukunft.")
    fi = mf.first_information
    if fi is not None:
        fw = "first_information"
        if fi.provider == "region" and (fi.region not in regions):
            err(fi, "region", f"{fw}.region", known(fi.region, regions, "Region") if fi.region else
                "Bei provider: region fehlt «region» (ID der Region oder des Verbunds).")
        if fi.provider != "region" and fi.region:
            err(fi, "region", f"{fw}.region", "«region» gilt nur bei provider: region.")
        if fi.provider == "municipality" and (fi.municipality not in slugs or fi.municipality == m.slug):
            err(fi, "municipality", f"{fw}.municipality", known(fi.municipality, slugs, "Gemeinde") if fi.municipality else
                "Bei provider: municipality fehlt «municipality» (URL-Name der anderen Gemeinde).")
        if fi.provider != "municipality" and fi.municipality:
            err(fi, "municipality", f"{fw}.municipality", "«municipality» gilt nur bei provider: municipality.")
        if fi.office and fi.office not in {c.role for c in mf.contacts}:
            err(fi, "office", f"{fw}.office", f"Unter contacts gibt es keine Stelle mit role: {fi.office}. "
                "Erwartet: die Art einer Stelle, die in dieser Datei unter contacts steht.")
        if len(set(fi.methods)) != len(fi.methods):
            err(fi, "methods", f"{fw}.methods", "Jede Art (conversation, letter, event) nur einmal nennen.")
        _check_text(fi.note, fi, "note", fw, path, problems, codes)
        _check_age(fi, fw, path, problems, today)
    for c in mf.contacts:
        _check_contact(c, f"contacts[{c.index}]", path, problems, codes, today)
    _unique(mf.events, "id", path, problems, "Veranstaltung", "events")
    for e in mf.events:
        j = e.index
        _check_text(e.title, e, "title", f"events[{j}]", path, problems, codes)
        _check_text(e.description, e, "description", f"events[{j}]", path, problems, codes)
        _check_age(e, f"events[{j}]", path, problems, today, stale=False)
        for lang in e.languages:
            if checks.bcp47(lang):
                err(e, "languages", f"events[{j}].languages", checks.bcp47(lang))
    for o in mf.offers:
        w = f"offers[{o.index}] ({o.id})"
        for fld in ("title", "description", "cost"):
            _check_text(getattr(o, fld), o, fld, w, path, problems, codes)
        for lang in o.languages:
            if checks.bcp47(lang):
                err(o, "languages", f"{w}.languages", checks.bcp47(lang))
        if o.contact:
            _check_contact(o.contact, f"{w}.contact", path, problems, codes, today)
        _check_age(o, w, path, problems, today)


def _check_text(text, owner, fld, where, path, problems, codes):
    if text is None:
        return
    lines = getattr(text, "lines", {})
    if "de" not in text:
        problems.error(path, owner.lines.get(fld, owner.line), f"{where}.{fld}",
                       "Der deutsche Text (de: …) fehlt. Deutsch ist die verbindliche Vorlage.")
    for code in text:
        if code not in codes:
            problems.error(path, lines.get(code, owner.lines.get(fld, owner.line)), f"{where}.{fld}.{code}",
                           f"Unbekannte Sprache «{code}». Vorhanden: {', '.join(sorted(codes))}.",
                           because=problems.language_file(code))


def _check_emergency_numbers(data: DataFile, de: Language, path: Path, problems: Problems) -> None:
    """Every emergency number needs its label (locale string emergency_<number>); each number once."""
    _unique(data.canton.emergency_numbers, "number", path, problems, "Notrufnummer", "canton.emergency_numbers")
    for i, n in enumerate(data.canton.emergency_numbers):
        if f"emergency_{n.number}" not in de.strings:
            problems.error(path, n.lines.get("number", n.line), f"canton.emergency_numbers[{i}].number",
                           f"Für die Nummer «{n.number}» fehlt die Bezeichnung: Text «emergency_{n.number}» "
                           "in locales/de.yml (und in den anderen Sprachdateien) ergänzen.")


def _check_age(obj, where, path, problems, today, stale=True):
    stand = getattr(obj, "stand", None)
    if stand is not None and stand > today:
        problems.error(path, obj.lines.get("stand", obj.line), f"{where}.stand",
                       f"Das Datum {stand} liegt in der Zukunft. «stand» ist das Datum der Quelle.")
    elif stand is not None and stand > obj.last_verified:
        problems.error(path, obj.lines.get("stand", obj.line), f"{where}.stand",
                       f"Die Quelle ({stand}) ist jünger als die letzte Prüfung ({obj.last_verified}). "
                       "«last_verified» ist das Datum, an dem jemand die Quelle geprüft hat: nicht früher als «stand».")
    if obj.last_verified > today:
        problems.error(path, obj.lines.get("last_verified", obj.line), f"{where}.last_verified",
                       f"Das Datum {obj.last_verified} liegt in der Zukunft.")
    elif stale and (today - obj.last_verified).days > STALE_AFTER_DAYS:
        problems.warning(path, obj.lines.get("last_verified", obj.line), f"{where}.last_verified",
                         f"Zuletzt geprüft am {obj.last_verified}, vor mehr als 12 Monaten. Bitte Angaben prüfen.")


def _check_contact(c: Contact, where: str, path: Path, problems: Problems, codes, today) -> None:
    _check_text(c.note, c, "note", where, path, problems, codes)
    _check_age(c, where, path, problems, today)
    per_day: dict[str, list[tuple[int, int, int]]] = {}
    for k, h in enumerate(c.opening_hours):
        for day in h.day_list:
            for start, end in h.minute_ranges:
                for s2, e2, line in per_day.get(day, []):
                    if start < e2 and s2 < end:
                        problems.error(path, h.line, f"{where}.opening_hours[{k}]",
                                       f"Öffnungszeiten überschneiden sich am Tag «{day}» mit Zeile {line}. "
                                       "Jede Zeit darf pro Tag nur einmal vorkommen.")
                per_day.setdefault(day, []).append((start, end, h.line))
