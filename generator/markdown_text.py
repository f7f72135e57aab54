"""Escaping article text for Markdown pages: text from articles is data,
never markup. HTML special characters become entities; Markdown control
characters get a backslash, so a «|» cannot break a table and a «*» cannot
start emphasis."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# HTML first (entities), then the characters Python-Markdown honours a
# backslash before (its ESCAPED_CHARS, plus '|' for tables). Characters that
# only extensions give a meaning to become numeric entities: a backslash
# before them would show up on the page.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ENTITIES = {"~": "&#126;", "^": "&#94;", "=": "&#61;", "$": "&#36;", ":": "&#58;"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_LINE_START = re.compile(r"^(\s*)([-+.=]|\d+\.)", re.M)


def escape(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text, on one line."""
    text = re.sub(r"\s+", " ", text).strip()
    text = "".join(_HTML.get(ch, ch) for ch in text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"[~^=$]{2,}|:(?=\w+:)", lambda m: "".join(_ENTITIES[c] for c in m.group()), text)
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return text


def escape_cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return escape(text) or "—"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are written; javascript:, data: and friends are dropped."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.strip().replace(" ", "%20").replace(")", "%29").replace("(", "%28").replace('"', "%22")


def plain_title(text: str) -> str:
    """A title for front matter and navigation: no tags, no line breaks."""
    return re.sub(r"\s+", " ", text.replace("<", "‹").replace(">", "›")).strip()
