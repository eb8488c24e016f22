"""MkDocs hooks that make mkdocs-static-i18n's `build_only_locale` produce a correct site.

Each language is built in its own process with `build_only_locale`. Used alone that option mixes
languages up; these hooks, each in the event where its concern belongs, set it right:

- on_files: a German source `x.md` and its translation `x.<locale>.md` both count as the build
  language; drop the German one so the translation wins (and keep German as marked fallback where
  no translation exists). Theme assets are built once, by the German build, and shared.
- on_env: asset URLs of the other languages point to the shared /assets/.
- on_page_context: the language switcher (same page in every language), the fallback mark and the
  translation status for the templates.

The heavy lifting is in plain functions, testable without a build.
"""
from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.plugins import event_priority


def _si(config) -> dict:
    return config.extra["si"]


def _build_locale(config) -> str:
    return config.plugins["i18n"].config.build_only_locale


def _is_root(config) -> bool:
    """The German build, or a preview of one language alone, writes the theme assets."""
    si = _si(config)
    return si["code"] == "de" or bool(si.get("standalone"))


def locale_suffix(src_uri: str) -> str | None:
    parts = Path(src_uri).name.split(".")
    return parts[1] if len(parts) == 3 else None


def untranslated_sources_to_drop(src_uris: list[str], locale: str) -> set[str]:
    """German sources that have a translation into `locale` in the same docs tree."""
    present = set(src_uris)
    return {u for u in src_uris if u.endswith(".md") and locale_suffix(u) is None
            and f"{u[:-3]}.{locale}.md" in present}


@event_priority(100)  # before mkdocs-static-i18n, which runs at -100
def on_files(files, config):
    if _is_root(config):
        return files
    locale = _build_locale(config)
    drop = untranslated_sources_to_drop([f.src_uri for f in files], locale)
    docs_dir = str(Path(config.docs_dir).resolve())
    for f in list(files):
        if f.src_uri in drop:
            files.remove(f)
        elif not str(Path(f.abs_src_path).resolve()).startswith(docs_dir):
            files.remove(f)  # theme asset: shared, written once by the German build
    return files


def shared_asset_url(url: str, lang_prefix: str, root_prefix: str) -> str:
    """Rewrite a theme asset URL of a language build so it points to the shared /assets/."""
    if url.startswith(lang_prefix):
        return root_prefix + url[len(lang_prefix):]
    if url.startswith("/") or "://" in url:
        return url
    return "../" + url


def on_env(env, config, files):
    if _is_root(config):
        return env
    original = env.filters["url"]
    lang_prefix = urlsplit(config.site_url).path
    root_prefix = urlsplit(_si(config)["root"]).path

    @jinja2.pass_context
    def url(context, value):
        result = original(context, value)
        if isinstance(value, str) and value.startswith("assets/"):
            return shared_asset_url(result, lang_prefix, root_prefix)
        return result

    env.filters["url"] = url
    original_script = env.filters["script_tag"]

    @jinja2.pass_context
    def script_tag(context, value):  # extra_javascript is written by this filter, not by `url`
        html_tag = original_script(context, value)
        path = value if isinstance(value, str) else getattr(value, "path", "")
        if path.startswith("assets/"):
            return re.sub(r'src="([^"]*)"', lambda m: f'src="{shared_asset_url(m.group(1), lang_prefix, root_prefix)}"',
                          html_tag, count=1)
        return html_tag

    env.filters["script_tag"] = script_tag
    return env


def language_links(si: dict, page_url: str) -> list[dict]:
    """The same page in every language: absolute link and a link relative to the current page."""
    here = posixpath.join(_prefix(si["code"]), page_url).rstrip("/") or "."
    out = []
    for lang in si["languages"]:
        target = posixpath.join(_prefix(lang["code"]), page_url).rstrip("/") or "."
        rel = posixpath.relpath(target, here)
        out.append({"name": lang["name"], "lang": lang["tag"], "code": lang["code"], "dir": lang["dir"],
                    "suggest": lang.get("suggest", lang["name"]),
                    "link": si["root"] + ("" if target == "." else target + "/"),
                    "href": "./" if rel == "." else rel + "/", "current": lang["code"] == si["code"]})
    return out


def _prefix(code: str) -> str:
    return "" if code == "de" else code


ESCAPED_META = ("title", "description", "summary")


def on_page_markdown(markdown, page, config, files):
    """MkDocs' templates print page titles and descriptions unescaped: escape what editors wrote."""
    for key in ESCAPED_META:
        if isinstance(page.meta.get(key), str):
            page.meta[key] = html.escape(page.meta[key], quote=True)
    return markdown


@event_priority(-200)  # after mkdocs-static-i18n
def on_page_context(context, page, config, nav):
    si = _si(config)
    links = language_links(si, page.url)
    context["si_languages"] = links
    config.extra["alternate"] = links  # makes Material's header show the switcher (our partial)
    context["si_german_href"] = next((l["href"] for l in links if l["code"] == "de"), None)
    depth = len([p for p in page.url.split("/") if p])
    context["si_lang_root"] = "../" * depth
    context["si_site_root"] = "../" * (depth + (0 if si["code"] == "de" else 1)) or "./"
    localization = getattr(page.file, "localization", None)
    if si["code"] != "de" and localization is None and not page.meta.get("generated"):
        page.meta["si_fallback"] = True
    if page.meta.get("generated") and si["status"] == "machine" and "si_status" not in page.meta:
        page.meta["si_status"] = "machine"
    return context
