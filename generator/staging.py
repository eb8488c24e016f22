"""Assemble what MkDocs reads: one docs tree with the cantonal content and the generated
municipality pages in every language, theme overrides with language partials that Material lacks,
and the MkDocs configuration for one language.

Files are only rewritten when their bytes change, so a preview rebuild touches little.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from markupsafe import escape

from .content import FRONT_RE
from .loader import Site
from .model import Language
from .render.text import names_isolated
from .render.pages import render_glossary, render_municipality, render_municipality_index, render_search_page

MATERIAL_LANGUAGES = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"

# Material's UI keys and the locale string that fills each, for languages Material does not have.
THEME_KEYS = {
    "action.skip": "skip_to_content", "search": "search", "search.placeholder": "search_placeholder",
    "search.reset": "search_reset", "search.result.initializer": "search_initializing",
    "search.result.placeholder": "search_type", "search.result.none": "search_no_results",
    "search.result.one": "search_one_result", "search.result.other": "search_n_results",
    "select.language": "language", "toc": "toc", "top": "back_to_top", "nav": "navigation",
    "header": "header", "footer": "footer", "footer.next": "next", "footer.previous": "previous",
    "clipboard.copy": "copy", "clipboard.copied": "copied",
}


def write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


class Staging:
    """The build/ tree for one project root."""

    def __init__(self, site: Site, build_dir: Path, handout_codes: list[str] | None = None):
        self.site = site
        self.handout_codes = handout_codes  # languages whose PDFs exist next to the pages
        self.build = build_dir
        self.docs = build_dir / "docs"
        self.overrides = build_dir / "overrides"

    def docs_file(self, rel: str, lang: Language) -> Path:
        """Path in the docs tree of page `rel` (e.g. themen/anmelden.md) in language `lang`."""
        if lang.code == "de":
            return self.docs / rel
        return self.docs / (rel[:-3] + f".{lang.build_locale}.md")

    def stage(self, languages: list[Language] | None = None, municipalities=None) -> set[Path]:
        """Write the docs tree; return the set of files that belong to it."""
        languages = languages or list(self.site.languages.values())
        keep: set[Path] = set()
        keep |= self._stage_content()
        for lang in languages:
            keep |= self._stage_municipalities(lang, municipalities)
        self._stage_overrides()
        return keep

    def prune(self, keep: set[Path]) -> None:
        """Remove staged files that no longer have a source (deleted page, removed municipality)."""
        for p in self.docs.rglob("*"):
            if p.is_file() and p not in keep:
                p.unlink()

    def _stage_content(self) -> set[Path]:
        keep = set()
        content = self.site.root / "content"
        for p in content.rglob("*"):
            if p.is_file() and p.suffix != ".md":  # images and other assets
                dest = self.docs / p.relative_to(content)
                dest.parent.mkdir(parents=True, exist_ok=True)
                if not dest.exists() or dest.read_bytes() != p.read_bytes():
                    shutil.copyfile(p, dest)
                keep.add(dest)
        for topic in self.site.topics:
            src = (content / topic.path).read_text(encoding="utf-8")
            dest = self.docs_file(str(topic.path), self.site.source_language)
            write_if_changed(dest, src)
            keep.add(dest)
            for code, tr in topic.translations.items():
                lang = self.site.languages[code]
                text = (content / tr.path).read_text(encoding="utf-8")
                m = FRONT_RE.match(text)
                meta = yaml.safe_load(m.group(1))
                meta["si_status"] = "outdated" if tr.outdated else tr.meta.status
                dest = self.docs_file(str(topic.path), lang)
                write_if_changed(dest, "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
                                 + "---\n" + text[m.end():])
                keep.add(dest)
        return keep

    def _stage_municipalities(self, lang: Language, only=None) -> set[Path]:
        keep = set()
        index = self.docs_file("gemeinden/index.md", lang)
        write_if_changed(index, render_municipality_index(self.site, lang))
        keep.add(index)
        search = self.docs_file("suche.md", lang)
        write_if_changed(search, render_search_page(self.site, lang))
        keep.add(search)
        if self.site.glossary.terms:
            glossary = self.docs_file("glossar.md", lang)
            write_if_changed(glossary, render_glossary(self.site, lang))
            keep.add(glossary)
        for m in self.site.data.municipalities:
            dest = self.docs_file(f"gemeinden/{m.slug}.md", lang)
            if only is None or m.slug in only or not dest.exists():
                write_if_changed(dest, render_municipality(self.site, m, lang, self.handout_codes))
            keep.add(dest)
        return keep

    def _stage_overrides(self) -> None:
        src = self.site.root / "overrides"
        if src.exists():
            shutil.copytree(src, self.overrides, dirs_exist_ok=True)
        for lang in self.site.languages.values():
            if not (MATERIAL_LANGUAGES / f"{lang.build_locale}.html").exists():
                write_if_changed(self.overrides / "partials" / "languages" / f"{lang.build_locale}.html",
                                 language_partial(lang))


def language_partial(lang: Language) -> str:
    """A Material language partial from a locale file, for languages Material does not ship."""
    entries = {"language": lang.tag, "direction": lang.dir, "search.config.lang": "en",
               "search.config.pipeline": "", "search.config.separator": "[\\s\\-]+"}
    entries.update({k: lang.strings[v] for k, v in THEME_KEYS.items()})
    body = ",\n".join(f"  {_jinja_str(k)}: {_jinja_str(v)}" for k, v in entries.items())
    return ("{#- Generated from locales/" + lang.code + ".yml by the generator; do not edit. -#}\n"
            "{% macro t(key) %}{{ {\n" + body + "\n}[key] }}{% endmacro %}\n")


def _jinja_str(s: str) -> str:
    # A Jinja string literal; escape() keeps HTML special characters inert in the output.
    return '"' + str(escape(s)).replace("\\", "\\\\").replace('"', '\\"') + '"'


def mkdocs_overrides(site: Site, lang: Language, staging: Staging, site_dir: Path, site_url: str,
                     base_config: dict, codes: list[str] | None = None) -> dict:
    """Settings that complete mkdocs.yml (read as `base_config`) for building one language."""
    base = site_url.rstrip("/") + "/"
    # MkDocs' template engine does not escape: every text from the locale files is escaped here.
    built = [l for l in site.languages.values() if codes is None or l.code in codes]
    languages = [{"code": l.code, "tag": l.tag, "name": _e(l.name), "dir": l.dir, "locale": l.build_locale,
                  "suggest": _e(l.strings["this_page_in_language"])} for l in built]
    i18n_languages = [{"locale": l.build_locale, "name": l.name, "default": l.code == "de", "build": True}
                      for l in built]
    lang_url = base if lang.code == "de" else f"{base}{lang.code}/"
    return {
        "docs_dir": str(staging.docs),
        "site_dir": str(site_dir),
        "site_url": lang_url,
        "site_name": _e(lang.strings["site_name"]),
        "site_description": _e(lang.strings["site_description"]),
        "theme": {**base_config["theme"], "custom_dir": str(staging.overrides), "language": lang.build_locale},
        "plugins": _plugins(base_config, {"build_only_locale": lang.build_locale, "languages": i18n_languages}),
        "extra": {**(base_config.get("extra") or {}), "si": {"code": lang.code, "tag": lang.tag, "dir": lang.dir, "name": _e(lang.name),
                         "status": lang.status, "root": base, "languages": languages,
                         "strings": {k: _e(v) for k, v in lang.strings.items()},
                         "emergency": [{"number": n.number, "label": str(names_isolated(lang.t(f"emergency_{n.number}"), lang.code))}
                                       for n in site.data.canton.emergency_numbers]}},
        "nav": nav(site, lang),
    }


def nav(site: Site, lang: Language) -> list:
    """A short navigation: start, topics, municipalities (one entry), glossary. Never 104 entries."""
    topics = [str(t.path) for t in site.topics if str(t.path).startswith("themen/")]
    items: list = ["index.md"] if any(str(t.path) == "index.md" for t in site.topics) else []
    if topics:
        items.append({_e(lang.strings["topics"]): topics})
    items.append({_e(lang.strings["municipalities"]): "gemeinden/index.md"})
    if site.glossary.terms:
        items.append({_e(lang.strings["glossary"]): "glossar.md"})
    items.append({_e(lang.strings["search"]): "suche.md"})
    return items


def _e(text: str) -> str:
    return str(escape(text))


def _plugins(base_config: dict, i18n: dict) -> dict:
    """Plugins in dict form: MkDocs empties list-form entries while validating, and `serve` loads
    the same settings again on every rebuild."""
    out = {}
    for p in base_config["plugins"]:
        name, cfg = next(iter(p.items())) if isinstance(p, dict) else (p, {})
        out[name] = {**(cfg or {}), **i18n} if name == "i18n" else dict(cfg or {})
    return out
