"""The word lists in generator/data (*.txt): one entry a line, '#' starts a
comment line. Read here so every stage reads them the same way."""

from __future__ import annotations

from importlib.resources import files


def lines(name: str) -> tuple[str, ...]:
    """The entries of generator/data/<name>, stripped, comments and blank lines left out."""
    text = files("generator.data").joinpath(name).read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
