"""Assemble what MkDocs reads: one docs tree per language (build/docs/<code>/), with exactly the
pages of that language — its translations, German fallbacks marked as such, and the generated
municipality pages — plus theme overrides with language partials that Material lacks, and the
MkDocs settings that complete mkdocs.yml for one language.

The generator knows which page exists in which language, so no plugin has to guess it
(docs/decisions/0001-language-layer.md). Files are only rewritten when their bytes change, so a
preview rebuild touches little; when something every page shows changes (the language's texts, the
theme overrides), the language's files are touched so a dirty rebuild renders them all again.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import yaml
from markupsafe import escape

from . import layout
from .content import FRONT_RE, asset_problem
from .loader import Site
from .model import Language
from .translations import page_markdown
from .render.text import names_isolated
from .render.pages import render_glossary, render_municipality, render_municipality_index, render_search_page

MATERIAL_LANGUAGES = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"
PLUGIN = "start-integration"  # entry point name (pyproject.toml) of generator.mkdocs_plugin

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


def write_if_changed(path: Path, data: str | bytes) -> bool:
    data = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def with_front_matter(text: str, **extra) -> str:
    """A Markdown page with keys added to its front matter (the generator's marks for the plugin)."""
    m = FRONT_RE.match(text)
    meta = yaml.safe_load(m.group(1)) if m else {}
    meta.update(extra)
    body = text[m.end():] if m else text
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n" + body


class Staging:
    """The build/ tree for one project root."""

    def __init__(self, site: Site, build_dir: Path, handout_codes: list[str] | None = None):
        self.site = site
        self.handout_codes = handout_codes  # languages whose PDFs exist next to the pages
        self.build = build_dir
        self.overrides = build_dir / "overrides"

    def docs_dir(self, code: str) -> Path:
        return self.build / "docs" / code

    def stage(self, languages: list[Language] | None = None, municipalities=None) -> None:
        """Write the overrides and each language's docs tree; remove what has no source any more."""
        languages = languages or list(self.site.languages.values())
        self.stage_overrides()
        for lang in languages:
            self.stage_language(lang, municipalities)

    def stage_language(self, lang: Language, municipalities=None) -> set[Path]:
        docs = self.docs_dir(lang.code)
        keep = self._stage_content(lang) | self._stage_generated(lang, municipalities)
        for p in docs.rglob("*"):
            if p.is_file() and p not in keep:
                p.unlink()
        self._touch_all_when_shared_inputs_change(lang, keep)
        return keep

    def _stage_content(self, lang: Language) -> set[Path]:
        docs = self.docs_dir(lang.code)
        content = self.site.root / "content"
        keep = set()
        for p in content.rglob("*"):
            if p.is_file() and p.suffix != ".md" and asset_problem(p, content) is None:  # images, PDFs
                dest = docs / p.relative_to(content)
                write_if_changed(dest, p.read_bytes())
                keep.add(dest)
        for topic in self.site.topics:
            dest = docs / topic.path
            german = (content / topic.path).read_text(encoding="utf-8")
            tr = topic.translations.get(lang.code)
            if lang.code == layout.SOURCE:
                text = german
            elif tr is not None:
                text = page_markdown(self.site, topic, lang.code)  # outdated parts German, marked
            else:  # no translation: the German page, marked lang="de" with a notice (overrides/main.html)
                text = with_front_matter(german, si_fallback=True)
            write_if_changed(dest, text)
            keep.add(dest)
        return keep

    def _stage_generated(self, lang: Language, only=None) -> set[Path]:
        docs = self.docs_dir(lang.code)
        pages = {"gemeinden/index.md": lambda: render_municipality_index(self.site, lang),
                 "suche.md": lambda: render_search_page(self.site, lang)}
        if self.site.glossary.terms:
            pages["glossar.md"] = lambda: render_glossary(self.site, lang)
        keep = set()
        for rel, render in pages.items():
            write_if_changed(docs / rel, render())
            keep.add(docs / rel)
        for m in self.site.data.municipalities:
            dest = docs / "gemeinden" / f"{m.slug}.md"
            if only is None or m.slug in only or not dest.exists():
                write_if_changed(dest, render_municipality(self.site, m, lang, self.handout_codes))
            keep.add(dest)
        return keep

    def _touch_all_when_shared_inputs_change(self, lang: Language, files: set[Path]) -> None:
        """Texts of the language, the pages' titles (the navigation) and the theme appear on every
        page: when they change, mark every page as changed, so that a dirty (preview) rebuild renders
        all of them again."""
        titles = sorted((str(t.path), t.translations[lang.code].meta.title if lang.code in t.translations
                         else t.meta.title) for t in self.site.topics)
        h = hashlib.sha256(repr((sorted(lang.strings.items()), titles)).encode())
        for p in sorted(self.overrides.rglob("*")):
            if p.is_file():
                h.update(p.relative_to(self.overrides).as_posix().encode() + p.read_bytes())
        stamp = self.build / "docs" / f".{lang.code}.shared"
        if write_if_changed(stamp, h.hexdigest()):
            for p in files:
                os.utime(p)

    def stage_overrides(self) -> None:
        src = self.site.root / "overrides"
        keep = set()
        if src.exists():
            for p in src.rglob("*"):
                if p.is_file():
                    dest = self.overrides / p.relative_to(src)
                    write_if_changed(dest, p.read_bytes())
                    keep.add(dest)
        for lang in self.site.languages.values():
            if not (MATERIAL_LANGUAGES / f"{lang.code}.html").exists():
                dest = self.overrides / "partials" / "languages" / f"{lang.code}.html"
                write_if_changed(dest, language_partial(lang))
                keep.add(dest)
        for p in self.overrides.rglob("*"):
            if p.is_file() and p not in keep:
                p.unlink()


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


def plugin_config(site: Site, lang: Language, site_url: str, codes: list[str] | None = None,
                  project_dir: Path | None = None) -> dict:
    """The options of generator.mkdocs_plugin for building `lang` (validated by MkDocs)."""
    built = [l for l in site.languages.values() if codes is None or l.code in codes]
    return {
        "language": lang.code,
        "site_root": site_url.rstrip("/") + "/",
        "languages": [{"code": l.code, "tag": l.tag, "name": l.name, "dir": l.dir, "status": l.status,
                       "suggest": l.strings["this_page_in_language"]} for l in built],
        "strings": dict(lang.strings),
        # canton.emergency_numbers with this language's labels (HTML: escaped, German names isolated)
        "emergency": [{"number": n.number, "label": str(names_isolated(lang.t(f"emergency_{n.number}"), lang.code))}
                      for n in site.data.canton.emergency_numbers],
        "project_dir": str(project_dir) if project_dir else None,
    }


def mkdocs_settings(site: Site, lang: Language, staging: Staging, site_dir: Path | None, site_url: str,
                    base_config: dict, codes: list[str] | None = None, project_dir: Path | None = None) -> dict:
    """Settings that complete mkdocs.yml (read as `base_config`) for building one language."""
    settings = {
        "docs_dir": str(staging.docs_dir(lang.code)),
        "site_url": layout.page_link(site_url, lang.code),
        # MkDocs' templates do not escape: every text from the locale files is escaped here.
        "site_name": _e(lang.strings["site_name"]),
        "site_description": _e(lang.strings["site_description"]),
        "theme": {**base_config["theme"], "custom_dir": str(staging.overrides), "language": lang.code},  # Material's partial, or ours
        "plugins": _plugins(base_config, plugin_config(site, lang, site_url, codes, project_dir)),
        # Material shows its language selector (our partials/alternate.html) when this is set.
        "extra": {**(base_config.get("extra") or {}), "alternate": [
            {"name": _e(l.name), "link": layout.page_link(site_url, l.code), "lang": l.tag}
            for l in site.languages.values() if codes is None or l.code in codes]},
        "nav": nav(site, lang),
    }
    if site_dir is not None:
        settings["site_dir"] = str(site_dir)
    return settings


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


def _plugins(base_config: dict, ours: dict) -> dict:
    """Plugins in dict form (MkDocs empties list-form entries while validating, and `serve` loads the
    same settings again on every rebuild), with our plugin's options for this language."""
    out = {}
    for p in base_config["plugins"]:
        name, cfg = next(iter(p.items())) if isinstance(p, dict) else (p, {})
        out[name] = {**(cfg or {}), **ours} if name == PLUGIN else dict(cfg or {})
    return out


def remove_stale_trees(build_dir: Path, codes: set[str]) -> None:
    """Remove docs trees of languages that no longer exist (and the single tree of older versions)."""
    docs = build_dir / "docs"
    if docs.exists():
        for p in docs.iterdir():
            if p.name.startswith("."):
                continue
            if p.is_dir() and p.name in codes:
                continue
            shutil.rmtree(p) if p.is_dir() else p.unlink()
