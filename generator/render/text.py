"""Escaping editor text for the places it goes. Nothing an editor types can become markup."""
from __future__ import annotations

import re
from html import escape as html_escape

from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")


def md_inline(text: str) -> Markup:
    """Text for a Markdown line (heading, list item): HTML-escaped (& < > only: quotes are plain
    text here, and a numeric entity like &#39; would be broken by the Markdown escaping of «#»
    and show up double-escaped in the table of contents), then Markdown-escaped."""
    one_line = " ".join(str(text).splitlines())  # \r, \n, \u2028 … would end the Markdown line
    return Markup(_MD_SPECIAL.sub(r"\\\1", html_escape(one_line, quote=False)))


def html(text: str) -> Markup:
    return escape(text)


_LATIN_IN_BRACKETS = re.compile(r"\(([^()]*[A-Za-z][^()]*)\)")


def names_isolated(text: str, lang_code: str) -> Markup:
    """A translated label with a German name in brackets, e.g. «… (Die Dargebotene Hand)»: outside
    German, the bracketed name is marked German, isolated left-to-right and kept on one line, so a
    right-to-left line can neither mirror nor split its brackets."""
    escaped = str(escape(text))
    if lang_code == "de":
        return Markup(escaped)
    return Markup(_LATIN_IN_BRACKETS.sub(r'<bdi lang="de" dir="ltr" class="si-nowrap">(\1)</bdi>', escaped))
