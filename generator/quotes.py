"""Notable quotes: «…» or "…" passages of a sentence, with who said them."""

from __future__ import annotations

import re

from .records import Analysis, Entity, Quote

_QUOTED = re.compile(r"[«\"“„]([^«»\"“”„]{25,}?)[»\"”]")
_PRONOUNS = ("она", "он", "эксперт", "политолог", "министр", "президент")


def extract_quotes(analysis: Analysis, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    speakers = sorted(
        ((m.sentence, m.start, e.name) for e in entities if e.type == "PER" for m in e.mentions),
    )
    quotes = []
    for sentence in analysis.sentences:
        for match in _QUOTED.finditer(sentence.text):
            words = match.group(1).split()
            if len(words) < 5:
                continue
            speaker = None
            for s_index, _, name in speakers:
                if s_index <= sentence.index and sentence.index - s_index <= 3:
                    speaker = name
            quotes.append(Quote(match.group(1).strip(), speaker, sentence.index))
    return tuple(quotes)
