"""Typed records passed between pipeline stages. All frozen: a stage never
mutates what it was given, it returns new records.

ingest -> Article; analyse -> Analysis; extract -> Extraction;
aggregate -> Briefing; write renders a Briefing to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Article:
    """One seed article. ``text`` is what every character offset refers to:
    the title, a blank line, then the body."""

    id: str
    path: str
    title: str
    body: str
    date: str | None = None  # ISO date (YYYY-MM-DD) when the source gives one
    source: str | None = None  # outlet name, e.g. "BAQ.KZ"
    url: str | None = None
    lang: str = "ru"

    @cached_property
    def text(self) -> str:
        # kept once made: the entity and figure rules slice it per word run
        # (≈ 400 calls an article), and each call joined a fresh copy
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    @property
    def display_title(self) -> str:
        """The title, or for an article without one its first words."""
        if self.title:
            return self.title
        first = self.body.split("\n", 1)[0]
        words = first.split()
        short = " ".join(words[:12])
        return short.rstrip(".,;:—-– ") + ("…" if len(words) > 12 else "")

    @property
    def body_offset(self) -> int:
        return len(self.title) + 2 if self.title else 0


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offsets into Article.text
    end: int
    lemma: str  # lowercase, as pymorphy3/natasha give it (ё kept)
    pos: str  # Universal POS tag: NOUN, ADJ, PROPN, NUM, VERB, ...
    feats: tuple[tuple[str, str], ...] = ()  # sorted (name, value) pairs: Case=Gen, ...
    head: int = -1  # index of the syntactic head inside the sentence, -1 for the root
    rel: str = ""  # Universal Dependencies relation to the head
    # The analysis's shared record of this word as tagged (see WordType); None
    # for a token made any other way, and after dataclasses.replace, which may
    # have changed what it describes. Not part of the token's value.
    kind: WordType | None = field(default=None, init=False, compare=False, repr=False)

    def feat(self, name: str) -> str | None:
        for key, value in self.feats:
            if key == name:
                return value
        return None


class WordType:
    """One distinct word as tagged: its text, the tagger's POS and features,
    and the lemma they give. The analysis makes one per (text, POS, features)
    and every token of it points to it (Token.kind), so what the phrase rules
    work out from these alone is worked out once per word and kept here, in
    ``rules`` and ``key`` (phrases.word_rules and word_key fill them on first
    use): a thousand articles have a million tokens, and the rules asked about
    each several times."""

    __slots__ = ("feats", "key", "lemma", "pos", "rules", "text")

    def __init__(self, text: str, pos: str, feats: tuple[tuple[str, str], ...], lemma: str) -> None:
        self.text, self.pos, self.feats, self.lemma = text, pos, feats, lemma
        self.rules: object = None
        self.key: str | None = None

    def __getstate__(self) -> tuple:
        return self.text, self.pos, self.feats, self.lemma  # the rules' answers are worked out again

    def __setstate__(self, state: tuple) -> None:
        self.__init__(*state)


_new_object = object.__new__


def analysed_token(text: str, start: int, end: int, kind: WordType) -> Token:
    """Token(text, start, end, kind.lemma, kind.pos, kind.feats) of this word
    type, with no syntax yet. A frozen dataclass's __init__ sets each field
    through object.__setattr__: filling the new token's __dict__ at once takes
    ≈ 0.4 µs instead of 1.25, a million times for a thousand articles."""
    token = _new_object(Token)
    token.__dict__.update(
        text=text, start=start, end=end, lemma=kind.lemma, pos=kind.pos, feats=kind.feats, head=-1, rel="", kind=kind
    )
    return token


def linked_token(token: Token, head: int, rel: str) -> Token:
    """The token with its syntax link (what dataclasses.replace makes, with the word type kept)."""
    linked = _new_object(Token)
    linked.__dict__.update(token.__dict__, head=head, rel=rel)
    return linked


@dataclass(frozen=True)
class Sentence:
    index: int  # 0 is the title when the article has one
    text: str
    start: int
    end: int
    tokens: tuple[Token, ...] = ()
    paragraph: int = 0  # 0 is the title, 1.. the body's paragraphs


@dataclass(frozen=True)
class NamedSpan:
    """A named-entity mention as the NER tagger saw it."""

    type: str  # PER, LOC, ORG
    start: int
    end: int
    text: str
    normal: str  # the tagger's own normal form; entities.py improves on it
    sentence: int


@dataclass(frozen=True)
class Analysis:
    article: Article
    sentences: tuple[Sentence, ...]
    spans: tuple[NamedSpan, ...]


@dataclass(frozen=True)
class TopicMatch:
    topic: str
    reasons: tuple[str, ...]  # the lexicon terms or context that decided it
    score: float = 1.0


@dataclass(frozen=True)
class SentenceTopics:
    index: int
    text: str
    start: int
    end: int
    topics: tuple[str, ...]
    matches: tuple[TopicMatch, ...] = ()


@dataclass(frozen=True)
class Figure:
    text: str  # the figure as written in the article, e.g. "11,4 миллиарда долларов"
    start: int
    end: int
    sentence: int
    value: float
    unit: str  # ISO 4217 for money, else percent, pp, times, tonnes, count, ordinal, ...
    qualifier: str | None = None  # около, почти, более, свыше, порядка, до
    kind: str = "level"  # level, change, share, target, ordinal, anniversary, ...
    subject: str | None = None  # lemmatized noun phrase of what it measures
    period: str | None = None  # 2024, 2025-Q1, 2025-H1, 2025-03, 2025-01..2025-10
    value_max: float | None = None  # upper bound of a range ("12–15 дней")


@dataclass(frozen=True)
class Mention:
    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    type: str  # PER, LOC, ORG
    name: str  # nominative, as a reader writes it
    mentions: tuple[Mention, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Keyword:
    term: str  # display form, nominative
    score: float  # higher is better (0..1]
    key: str = ""  # lemma key used to merge forms (lowercase, ё folded)
    sentences: tuple[int, ...] = ()


@dataclass(frozen=True)
class Quote:
    text: str  # the quoted words without the quotation marks
    speaker: str | None
    sentence: int


@dataclass(frozen=True)
class Extraction:
    """Everything the generator learns from one article (the extraction contract)."""

    article: Article
    sentences: tuple[SentenceTopics, ...]
    figures: tuple[Figure, ...]
    entities: tuple[Entity, ...]
    keywords: tuple[Keyword, ...]
    quotes: tuple[Quote, ...] = ()
    # (topic id, the article's keywords drawn from that topic's sentences), topic ids sorted
    topic_keywords: tuple[tuple[str, tuple[Keyword, ...]], ...] = ()


@dataclass(frozen=True)
class SourceRef:
    """Points at one sentence of one article: the trace behind every briefing item."""

    article: str  # Article.id
    sentence: int


@dataclass(frozen=True)
class BriefingSentence:
    text: str
    ref: SourceRef


@dataclass(frozen=True)
class BriefingFigure:
    figure: Figure
    ref: SourceRef
    sentence_text: str


@dataclass(frozen=True)
class BriefingKeyword:
    term: str
    score: float
    key: str
    sources: int  # how many articles share it


@dataclass(frozen=True)
class BriefingEntity:
    type: str
    name: str
    mentions: int
    refs: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class BriefingQuote:
    text: str
    speaker: str | None
    ref: SourceRef


@dataclass(frozen=True)
class SourceInfo:
    id: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    sentences: int  # how many of its sentences belong to the topic


@dataclass(frozen=True)
class Briefing:
    topic_id: str
    title: str
    description: str
    summary: tuple[BriefingSentence, ...]
    figures: tuple[BriefingFigure, ...]
    keywords: tuple[BriefingKeyword, ...]
    entities: tuple[BriefingEntity, ...]
    quotes: tuple[BriefingQuote, ...]
    sources: tuple[SourceInfo, ...]
    order: int = 0
    editor_summary: str | None = None  # the editor's own summary replaces the generated one
    topic_reasons: tuple[tuple[SourceRef, tuple[str, ...]], ...] = field(default=())
