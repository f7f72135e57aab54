"""Which language an article is written in (ISO 639-1 code).

The generator's tools are made for Russian; an article in Kazakh, English
or Turkish is still read, marked with its language and processed as far as
the tools allow. Plain Russian is recognised by its letters alone; anything
else asks py3langid (a small model shipped inside its wheel, loaded once,
offline). The only importer of py3langid.
"""

from __future__ import annotations

import functools
from collections import Counter

from .decoding import rules

DEFAULT = "ru"
_MIN_LETTERS = 20  # fewer letters than this: too little to tell, keep the default
_SAMPLE_CHARS = 20_000
_MIN_CONFIDENCE = 0.5


def detect_language(text: str) -> str:
    sample = text[:_SAMPLE_CHARS]
    letters = {ch: n for ch, n in Counter(sample).items() if ch.isalpha()}  # letter -> count
    if sum(letters.values()) < _MIN_LETTERS:
        return DEFAULT
    if _plainly_russian(letters):
        return DEFAULT
    code, confidence = _identifier().classify(sample)
    if code == "zxx" or (confidence < _MIN_CONFIDENCE and _cyrillic_share(letters) >= 0.5):
        return DEFAULT  # unsure about Cyrillic text: Russian is what this corpus holds
    return code


def _plainly_russian(letters: dict[str, int]) -> bool:
    """Most letters are Cyrillic, and the Cyrillic ones are Russian: some «ы»,
    «э» and next to none of the other Cyrillic alphabets' letters. A Russian
    article full of Latin names and links («Apple», «https://…») is a third
    Latin and still Russian: py3langid (≈ 1 s to load, per process) said so on
    every such article of the dev set."""
    cyrillic = {ch: n for ch, n in letters.items() if "\u0400" <= ch <= "\u052f"}
    total = sum(cyrillic.values())
    if total < 0.5 * sum(letters.values()):
        return False
    other = set(rules()["other_cyrillic_letters"])
    markers = set(rules()["russian_marker_letters"])
    other_share = sum(n for ch, n in cyrillic.items() if ch in other) / total
    marker_share = sum(n for ch, n in cyrillic.items() if ch in markers) / total
    return other_share < 0.002 and marker_share >= 0.005


def _cyrillic_share(letters: dict[str, int]) -> float:
    return sum(n for ch, n in letters.items() if "\u0400" <= ch <= "\u052f") / sum(letters.values())


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
