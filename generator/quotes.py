"""Notable quotes: «…» or "…" passages with who said them.

A quote may run over several sentences of a paragraph. Its speaker is found,
in this order:

1. after it, in the attribution «…», — отметила она / — заявил Токаев;
2. before it, in a lead-in ending with a colon: «Об этом рассказала … Анастасия
   Лаврина:», «По мнению Анастасии Лавриной, это не просто символ:»;
3. a pronoun or a role word there («она», «эксперт») is the last person named
   before the quote (of the pronoun's gender when the names tell it).

Short quoted names («Манас», «Самрук-Казына») are not quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from .morph import fold, lemmatize
from .records import Analysis, Entity, Quote

MIN_WORDS = 5  # fewer words in quotation marks are a title or a name
OPENERS = {"«": "»", "„": "“", "“": "”", '"': '"'}
_WORD = re.compile(r"[А-Яа-яЁёA-Za-z-]+")


@dataclass(frozen=True)
class Words:
    verbs: frozenset[str]
    pronouns: frozenset[str]
    female_pronouns: frozenset[str]
    roles: frozenset[str]
    openers: frozenset[str]


@cache
def quote_words() -> Words:
    data = yaml.safe_load(files("generator.data").joinpath("quote_words.yml").read_text("utf-8"))
    return Words(**{key: frozenset(fold(w) for w in data[key]) for key in Words.__dataclass_fields__})


@dataclass(frozen=True)
class _Passage:
    start: int  # offset of the first quoted character (after the mark)
    end: int  # offset of the closing mark
    text: str


def _passages(text: str, start: int, end: int) -> list[_Passage]:
    """Top-level quoted passages of text[start:end] (one paragraph); «» nest."""
    found = []
    i = start
    while i < end:
        ch = text[i]
        closer = OPENERS.get(ch)
        if closer is None or (ch == '"' and i > start and text[i - 1].isalnum()):
            i += 1
            continue
        depth, j = 1, i + 1
        while j < end:
            if text[j] == closer and (closer != '"' or not text[j + 1 : j + 2].isalnum()):
                depth -= 1
                if depth == 0:
                    break
            elif text[j] == ch and ch != '"':
                depth += 1
            j += 1
        if j >= end:
            break  # unclosed: not a quote we can trust
        found.append(_Passage(i + 1, j, text[i + 1 : j]))
        i = j + 1
    return found


def _lemmas(text: str) -> list[str]:
    return [fold(lemmatize(w)) for w in _WORD.findall(text)]


@dataclass(frozen=True)
class _People:
    """Person mentions in text order: where each starts and ends, and whose it is."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    names: tuple[str, ...]

    def inside(self, start: int, end: int) -> list[str]:
        return [n for s, e, n in zip(self.starts, self.ends, self.names, strict=True) if s >= start and e <= end]

    def last_before(self, offset: int, female: bool | None = None) -> str | None:
        candidates = self.names[: bisect_right(self.starts, offset - 1)]
        if female is not None:
            matching = [n for n in candidates if _looks_female(n) == female]
            if matching:
                return matching[-1]
        return candidates[-1] if candidates else None


def _looks_female(name: str) -> bool:
    last = name.split()[-1].lower()
    return last.endswith(("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ая")) or (
        len(name.split()) == 1 and last.endswith(("а", "я"))
    )


def _people(entities: tuple[Entity, ...]) -> _People:
    rows = sorted((m.start, m.end, e.name) for e in entities if e.type == "PER" for m in e.mentions)
    return _People(tuple(r[0] for r in rows), tuple(r[1] for r in rows), tuple(r[2] for r in rows))


def _verb_gender(clause: str) -> bool | None:
    """True when a verb of saying there is feminine past («отметила»), False when masculine («отметил»)."""
    for word in _WORD.findall(clause):
        if fold(lemmatize(word)) in quote_words().verbs:
            low = fold(word)
            if low.endswith(("ла", "лась")):
                return True
            if low.endswith(("л", "лся")):
                return False
    return None


def _pointer(clause: str, people: _People, before: int) -> str | None:
    """A pronoun or role word in the clause -> the last person named before
    `before`, of the gender the pronoun or the verb («добавила эксперт») gives."""
    words = quote_words()
    for lemma in _lemmas(clause):
        if lemma in words.pronouns:
            return people.last_before(before, female=lemma in words.female_pronouns)
        if lemma in words.roles:
            return people.last_before(before, female=_verb_gender(clause))
    return None


def _speaker_after(text: str, passage: _Passage, limit: int, people: _People) -> str | None:
    """«…», — отметила она. / «…», — заявил министр Мурат Нуртлеу."""
    tail_end = limit
    tail = text[passage.end + 1 : tail_end]
    match = re.match(r"[\s,.!?…]*[—–-]+\s*", tail)
    if not match:
        return None
    stop = re.search(r"[.!?]", tail[match.end() :])
    clause_end = passage.end + 1 + match.end() + (stop.start() if stop else len(tail) - match.end())
    clause = text[passage.end + 1 : clause_end]
    lemmas = _lemmas(clause)
    if not any(lemma in quote_words().verbs for lemma in lemmas[:3]):
        return None
    named = people.inside(passage.end + 1, clause_end)
    return named[0] if named else _pointer(clause, people, passage.start)


def _lead_in(text: str, passage: _Passage, paragraph_start: int, previous_start: int | None) -> tuple[int, str]:
    """The text that introduces a quote: this paragraph's words before it, or, when
    the quote opens the paragraph, the previous paragraph if it ends with a colon."""
    own = text[paragraph_start : passage.start - 1]
    if own.strip():
        return paragraph_start, own
    if previous_start is not None:
        before = text[previous_start:paragraph_start].rstrip()
        if before.endswith(":"):
            return previous_start, before
    return paragraph_start, ""


def _speaker_before(text: str, passage: _Passage, lead: tuple[int, str], people: _People) -> str | None:
    """X: «…» / Как отметил X, «…» / X заявил, что «…»."""
    start, lead_text = lead
    stripped = lead_text.rstrip()
    colon = stripped.endswith(":")
    if not colon and not _REPORTED.search(stripped):
        return None
    # only the last sentence of the lead-in
    cut = max(stripped[:-1].rfind(ch) for ch in ".!?")
    clause_start = start + cut + 1
    clause = text[clause_start : start + len(lead_text)]
    words = quote_words()
    if not colon and not any(lemma in words.verbs or lemma in words.openers for lemma in _lemmas(clause)):
        return None  # «…, «Самрук-Казына» …»: a comma alone introduces nobody
    sentence_start = clause_start
    opener = _opener_end(clause)
    if opener and not colon:
        # «Показания Зарраба, по словам политолога, «…»»: the speaker is who the opener names
        clause_start += opener
        clause = clause[opener:]
    named = people.inside(clause_start, start + len(lead_text))
    if named:
        return named[-1]
    return _pointer(clause, people, sentence_start)


# a quote set in the sentence after «Как отметил X,» or «X заявил, что»
_REPORTED = re.compile(r"(?:,|(?<![\w-])что)$")
_PO_WORD = re.compile(r"(?<![\w-])по\s+([А-Яа-яЁё]+)\s+", re.I)


def _opener_end(clause: str) -> int:
    """Where «по словам», «по мнению» (quote_words.yml's openers) ends in the clause; 0 without one."""
    openers = quote_words().openers
    return next((m.end() for m in _PO_WORD.finditer(clause) if fold(lemmatize(m.group(1))) in openers), 0)


def _paragraphs(analysis: Analysis) -> list[tuple[int, int, int]]:
    """(paragraph number, start, end) of the body's paragraphs, in order."""
    spans: dict[int, list[int]] = {}
    for s in analysis.sentences:
        if s.paragraph > 0:
            span = spans.setdefault(s.paragraph, [s.start, s.end])
            span[0], span[1] = min(span[0], s.start), max(span[1], s.end)
    return [(n, a, b) for n, (a, b) in sorted(spans.items())]


def _sentence_at(analysis: Analysis, offset: int) -> int:
    starts = [s.start for s in analysis.sentences]
    return analysis.sentences[max(0, bisect_right(starts, offset) - 1)].index


def extract_quotes(analysis: Analysis, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    text = analysis.article.text
    people = _people(entities)
    quotes = []
    previous_start = None
    for _, start, end in _paragraphs(analysis):
        for passage in _passages(text, start, end):
            words = passage.text.split()
            if len(words) < MIN_WORDS:
                continue
            speaker = _speaker_after(text, passage, end, people)
            if speaker is None:
                lead = _lead_in(text, passage, start, previous_start)
                speaker = _speaker_before(text, passage, lead, people)
            quotes.append(Quote(" ".join(words), speaker, _sentence_at(analysis, passage.start)))
        previous_start = start
    return tuple(quotes)
