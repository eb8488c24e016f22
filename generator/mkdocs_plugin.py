"""The MkDocs side of the generator: one plugin, one language per build.

The generator stages each language's pages in their own docs tree (generator/staging.py), so this
plugin has no files to pick: it gives the templates the language's texts, the language switcher
and the links to the site root, and in the preview re-reads the sources before each rebuild and
watches them with MkDocs' own watcher. Options are declared in `SiteLanguageConfig` and validated by
MkDocs; each event handler is short, the work is in plain functions that tests call without a build.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from . import layout
from .staging import PLUGIN

log = logging.getLogger("mkdocs.plugins.start-integration")

SOURCES = ["municipalities.yml", "gemeinden", "locales", "content", "glossary", "handouts", "translations",
           "deadlines.yml", "finder", "overrides"]
ESCAPED_META = ("title", "description", "summary")
# Theme files this site never loads (search is Pagefind, not Material's lunr search; no source maps).
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


class LanguageEntry(base.Config):
    code = c.Type(str)
    tag = c.Type(str)
    name = c.Type(str)
    dir = c.Choice(("ltr", "rtl"))
    status = c.Choice(("source", "machine", "reviewed"))
    suggest = c.Type(str, default="")


class SiteLanguageConfig(base.Config):
    language = c.Type(str)  # code of the language this build renders
    site_root = c.Type(str)  # absolute address of the site root (German)
    languages = c.ListOfItems(c.SubConfig(LanguageEntry))  # the languages of the site, in order
    strings = c.Type(dict)  # UI texts of `language` (locales/<code>.yml)
    emergency = c.Type(list, default=[])  # [{number, label}] from canton.emergency_numbers, label as HTML
    project_dir = c.Optional(c.Dir(exists=True))  # preview: re-read these sources before each rebuild


class SiteLanguagePlugin(BasePlugin[SiteLanguageConfig]):
    """Registered as `start-integration` in the `mkdocs.plugins` entry points (pyproject.toml)."""

    def __init__(self):
        self.serving = False
        self.rebuilds = 0

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"  # defining on_startup also keeps this object across rebuilds

    def on_config(self, config):
        # The preview staged the sources before its first build; a rebuild follows a change of them:
        # stage again and take the settings that come from them (texts, navigation, languages).
        if self.serving and self.config.project_dir and self.rebuilds:
            from .serve import restage
            fresh = restage(Path(self.config.project_dir), self.config.language, urlsplit(config.site_url).port)
            if fresh is not None:
                apply_settings(config, self.config, fresh)
        self.rebuilds += 1
        codes = [l.code for l in self.config.languages]
        if self.config.language not in codes:
            raise PluginError(f"language «{self.config.language}» fehlt in languages ({', '.join(codes)}).")
        return config

    def on_serve(self, server, *, config, builder):
        if self.config.project_dir:
            watch_sources(server, Path(self.config.project_dir), config)
        return server

    def on_files(self, files, *, config):
        if "search" in config.plugins:  # Material's own search needs its lunr files
            return files
        for f in [f for f in files if unused_theme_file(f.src_uri, f.abs_src_path, config.docs_dir)]:
            files.remove(f)
        return files

    def on_env(self, env, *, config, files):
        env.globals["si"] = template_globals(self.config)
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        escape_meta(page.meta)
        return markdown

    def on_post_page(self, output, *, page, config):
        return with_root_direction(output, template_globals(self.config)["dir"])

    def on_post_template(self, output_content, *, template_name, config):
        """The theme's own pages (404.html) get the same root direction as the content pages."""
        if template_name.endswith(".html"):
            return with_root_direction(output_content, template_globals(self.config)["dir"])
        return output_content

    def on_page_context(self, context, *, page, config, nav):
        if page.meta.get("generated") and "si_status" not in page.meta:
            page.meta["si_status"] = generated_page_status(self.config)
        context.update(page_context(self.config, page.url))
        return context


# --- plain functions ------------------------------------------------------------------------------

def unused_theme_file(src_uri: str, abs_src_path: str | None, docs_dir: str) -> bool:
    """A theme file the site never loads (never a file of the docs tree)."""
    if abs_src_path and Path(abs_src_path).resolve().is_relative_to(Path(docs_dir).resolve()):
        return False
    return src_uri.startswith(UNUSED_THEME_FILES) or src_uri.endswith(".map")


def with_root_direction(html_page: str, direction: str) -> str:
    """`dir` on <html>, not only on <body>: Material writes the locale's direction on <body> and puts
    <html> outside every template block. The root element's direction decides on which side a page
    can scroll and where a browser puts its scroll bar and form controls."""
    start = html_page.find("<html")
    end = html_page.find(">", start)
    if start < 0 or end < 0 or " dir=" in html_page[start:end]:
        return html_page
    return html_page[:start] + f'<html dir="{direction}"' + html_page[start + len("<html"):]


def escape_meta(meta: dict) -> None:
    """A second line of defence: titles and summaries are plain text without < > " (checks.plain_text,
    enforced at load). Should one slip through, it is escaped here. Nothing else is escaped, because
    Material escapes some of these places itself (`| e`): an apostrophe or & escaped here would show
    as «&#x27;» in the French footer."""
    for key in ESCAPED_META:
        if isinstance(meta.get(key), str):
            meta[key] = meta[key].replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def generated_page_status(config: SiteLanguageConfig) -> str:
    """Generated pages are in the language's UI texts: their status is the locale file's."""
    return next(l.status for l in config.languages if l.code == config.language)


def template_globals(config: SiteLanguageConfig) -> dict:
    """`si` in the templates: this language and its texts, HTML-escaped (MkDocs does not autoescape)."""
    me = next(l for l in config.languages if l.code == config.language)
    return {"code": me.code, "tag": me.tag, "dir": me.dir, "name": escape(me.name), "status": me.status,
            "root": config.site_root, "source": layout.SOURCE,
            "home": layout.page_link(config.site_root, me.code),
            "strings": {k: escape(v) for k, v in config.strings.items()},
            "emergency": config.emergency}


def language_links(config: SiteLanguageConfig, page_url: str) -> list[dict]:
    """The same page in every language: absolute link and a link relative to the current page."""
    here = layout.page_path(config.language, page_url)
    return [{"name": escape(l.name), "lang": l.tag, "code": l.code, "dir": l.dir,
             "suggest": escape(l.suggest or l.name),
             "link": layout.page_link(config.site_root, l.code, page_url),
             "href": layout.relative(here, layout.page_path(l.code, page_url)),
             "current": l.code == config.language} for l in config.languages]


def page_context(config: SiteLanguageConfig, page_url: str) -> dict:
    links = language_links(config, page_url)
    here = layout.page_path(config.language, page_url)
    site_root = layout.site_root_from(config.language, page_url)
    lang_root = layout.relative(here, layout.prefix(config.language))
    lang_root = "" if lang_root == "./" else lang_root  # a prefix: "gemeinden/" on the start page
    data = {**layout.for_scripts([l.code for l in config.languages]), "site_root": site_root,
            "lang_root": lang_root, "language": config.language}
    return {
        "si_languages": links,
        "si_german_href": next((l["href"] for l in links if l["code"] == layout.SOURCE), None),
        "si_lang_root": lang_root,
        "si_site_root": site_root,
        # The layout for si.js, as data: <script type="application/json"> is not run, needs no CSP hash.
        "si_layout_json": Markup(json.dumps(data, ensure_ascii=True).replace("<", "\\u003c")),
    }


def apply_settings(config, options: SiteLanguageConfig, settings: dict) -> None:
    """Take fresh settings (staging.mkdocs_settings) into a loaded configuration (preview rebuild)."""
    for key in ("site_name", "site_description", "nav", "extra"):
        config[key] = settings[key]
    fresh = SiteLanguageConfig()
    fresh.load_dict(next(v for k, v in settings["plugins"].items() if k == PLUGIN))
    failed, _ = fresh.validate()
    if not failed:
        for key in ("languages", "strings", "emergency"):
            options[key] = fresh[key]


def watch_sources(server, project: Path, config) -> None:
    """The preview rebuilds when a source changes, not when staging writes the docs tree."""
    server.unwatch(config.docs_dir)  # written by staging in on_pre_build
    for name in SOURCES:
        if (project / name).exists():
            server.watch(str(project / name))
