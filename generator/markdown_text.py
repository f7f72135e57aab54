"""Escaping article text for Markdown pages: text from articles is data,
never markup. HTML special characters become entities; Markdown control
characters get a backslash, so a «|» cannot break a table and a «*» cannot
start emphasis."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

# HTML first (entities), then the characters Python-Markdown honours a
# backslash before (its ESCAPED_CHARS, plus '|' for tables). Characters that
# only extensions give a meaning to become numeric entities: a backslash
# before them would show up on the page.
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ENTITIES = {"~": "&#126;", "^": "&#94;", "=": "&#61;", "$": "&#36;", ":": "&#58;"}
_URL_SAFE = "/:?#@!$&'*+,;=%~-._"  # reserved and unreserved URL characters; the rest is encoded
_NETLOC = re.compile(r"^[A-Za-z0-9.\-_~!$&'*+,;=:@%\[\]]+$")  # what a host[:port] (with user info) may hold
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_LINE_START = re.compile(r"^(\s*)([-+.]|\d+\.)", re.M)
# At a line start '=' (setext heading) and '?' (pymdownx.details '???') have a
# meaning but no backslash escape: they become numeric entities.
_LINE_START_ENTITY = re.compile(r"^(\s*)([=?])", re.M)


def _escape_line_start(match: re.Match) -> str:
    # «2024. Год…» would start an ordered list: the backslash goes before the
    # period (Markdown honours «\.»; before a digit it would show on the page)
    space, marker = match.groups()
    return f"{space}{marker[:-1]}\\." if marker[:1].isdigit() else f"{space}\\{marker}"


def escape(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text, on one line."""
    text = re.sub(r"\s+", " ", text).strip()
    text = text.translate(_HTML)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"[~^=$]{2,}|:(?=\w+:)", lambda m: "".join(_ENTITIES[c] for c in m.group()), text)
    text = _LINE_START.sub(_escape_line_start, text)
    text = _LINE_START_ENTITY.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return text


def escape_cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return escape(text) or "—"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links with a host are written; javascript:, data:, relative
    and malformed links are dropped. Characters that could end a Markdown link
    or an HTML attribute are percent-encoded; a non-Latin host becomes IDNA."""
    if not url:
        return None
    url = url.strip()
    if any((ch.isspace() and ch != " ") or unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        netloc = parts.netloc.encode("idna").decode("ascii")
    except (ValueError, UnicodeError):  # a malformed IPv6 host or port, a host IDNA refuses
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or not _NETLOC.match(netloc):
        return None
    path, query, fragment = (quote(p, safe=_URL_SAFE).replace("(", "%28").replace(")", "%29") for p in parts[2:])
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def plain_title(text: str) -> str:
    """A title for front matter and navigation: no tags, no line breaks, no
    control or invisible formatting characters (bidi overrides)."""
    if text.isprintable() and "<" not in text and ">" not in text and "  " not in text and text == text.strip():
        return text  # most titles and names: no control, format or break character, nothing to squeeze
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\n\u200c\u200d")
    return re.sub(r"\s+", " ", text.replace("<", "‹").replace(">", "›")).strip()


def link_title(text: str) -> str:
    """Text for a Markdown link's "title": no quote that would end it, no raw
    parenthesis (Python-Markdown counts those to find where the link ends)."""
    title = plain_title(text).replace("&", "&amp;").replace('"', "&quot;")
    return title.replace("(", "&#40;").replace(")", "&#41;")
