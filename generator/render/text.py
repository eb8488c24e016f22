"""Escaping editor text for the places it goes. Nothing an editor types can become markup."""
from __future__ import annotations

import re

from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^=:])")


def md_inline(text: str) -> Markup:
    """Text for a Markdown line (heading, list item): HTML-escaped, then Markdown-escaped."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(text))).replace("\n", " "))


def html(text: str) -> Markup:
    return escape(text)
