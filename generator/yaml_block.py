"""Block-style YAML for plain front-matter data, written directly.

pages.dump_yaml asks here first. For mappings and lists of ints, booleans,
nulls, short floats and one-line strings of printable characters, the answer
is the text yaml.safe_dump writes with pages' options (block style, Unicode
as is, no folding): a string unquoted where PyYAML's emitter allows it, else
in single quotes; for anything else it is None, and PyYAML writes it.
tests/test_yaml_block.py compares the two on random data. Which plain
strings would read back as numbers, booleans or dates is PyYAML's own table.

Why: a build dumps the front matter of every source page and the item lists
of every topic page, and PyYAML's representer builds a node per value in
Python before LibYAML writes them: ≈ 0.13 ms a call, 12,700 calls for a
thousand articles.
"""

from __future__ import annotations

import re

import yaml

# Characters PyYAML and LibYAML both write as they are in a one-line scalar
# (printable, in the Basic Multilingual Plane, no line or paragraph
# separator, tab or byte order mark); a longer string could be folded at the width.
_ORDINARY = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]{1,1000}")
# What may not start an unquoted scalar in block context (PyYAML's analyze_scalar)
_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_KEY = re.compile(r"[a-z_][a-z0-9_]{0,63}")
# PyYAML's own table: a plain scalar one of these matches reads back as a
# number, boolean, null or date, so PyYAML quotes such a string
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers


def block_yaml(data: dict) -> str | None:
    """yaml.safe_dump(data) with pages' options, or None when data holds
    anything this module does not write as PyYAML does."""
    if type(data) is not dict or not data:
        return None
    lines: list[str] = []
    return "".join(lines) if _container(data, 0, lines, set()) else None


def _container(value: dict | list | tuple, column: int, lines: list[str], seen: set[int]) -> bool:
    """A non-empty mapping or list at this column, entry by entry."""
    if id(value) in seen:
        return False  # PyYAML writes an anchor and an alias
    seen.add(id(value))
    pad = " " * column
    if type(value) is dict:
        return all(
            type(key) is str
            and _KEY.fullmatch(key)
            and not _resolved(key)
            and _entry(f"{pad}{key}:", item, column, lines, seen)
            for key, item in value.items()
        )
    return all(_entry(f"{pad}-", item, column, lines, seen, listed=True) for item in value)


def _entry(lead: str, value: object, column: int, lines: list[str], seen: set[int], listed: bool = False) -> bool:
    """One mapping entry («key:») or list item («-») and its value."""
    kind = type(value)
    if kind is not dict and kind is not list and kind is not tuple:
        text = _scalar(value)
        if text is not None:
            lines.append(f"{lead} {text}\n")
        return text is not None
    if not value:
        lines.append(f"{lead} {'{}' if kind is dict else '[]'}\n")
        return True
    if listed:  # the item's first line follows its dash
        first, inner = len(lines), column + 2
        if not _container(value, inner, lines, seen):
            return False
        lines[first] = f"{lead} {lines[first][inner:]}"
        return True
    lines.append(f"{lead}\n")
    # a mapping inside a mapping is indented; a list is not
    return _container(value, column + 2 if kind is dict else column, lines, seen)


def _scalar(value: object) -> str | None:
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    if kind is float:
        text = repr(value)
        return text if "e" not in text and "n" not in text else None  # exponents, inf and nan: PyYAML's own forms
    return None


def _string(text: str) -> str | None:
    """The string as PyYAML writes it in block context: unquoted where it may
    be, else in single quotes (doubled inside); None for what needs escapes."""
    if not text:
        return "''"
    if not _ORDINARY.fullmatch(text):
        return None
    if _plain(text) and not _resolved(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def _plain(text: str) -> bool:
    """PyYAML's emitter allows the one-line string unquoted in block context:
    no space at either end, no document marker, no indicator first, no «: »
    or « #» (a mapping value, a comment)."""
    first = text[0]
    if first == " " or text[-1] == " " or first in _INDICATORS or text.startswith(("---", "...")):
        return False
    if first in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    return ": " not in text[1:] and not (len(text) > 1 and text[-1] == ":") and " #" not in text


def _resolved(text: str) -> bool:
    """PyYAML would read the plain text as something else than a string (Resolver.resolve)."""
    regexps = _RESOLVERS_BY_FIRST.get(text[0])
    if regexps is None:
        found = [*_RESOLVERS.get(text[0], ()), *_RESOLVERS.get(None, ())]
        regexps = _RESOLVERS_BY_FIRST[text[0]] = tuple(regexp for _, regexp in found)
    return bool(regexps) and any(regexp.match(text) for regexp in regexps)


_RESOLVERS_BY_FIRST: dict[str, tuple[re.Pattern, ...]] = {}  # most characters start no number, date or boolean
