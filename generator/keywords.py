"""Keywords: Russian noun phrases are the candidates, YAKE scores them.

The only module that imports yake and yake-rust. How it fits together:

1. candidates: noun phrases of every sentence (generator.phrases), the title
   its own sentence, so no phrase crosses a sentence boundary; phrases with a
   stop word or on the stop-phrase list are dropped;
2. YAKE reads the article as lemmas (case pattern kept, so names and acronyms
   still count as such), one sentence at a time: every inflected form of a
   phrase adds to one count, and YAKE's n-gram of lemmas is our phrase's key.
   yake-rust, the Rust port of YAKE, does the scoring in a tenth of the time
   (YAKE was the largest single cost of a cold build). Its scores are the
   reference yake 0.7.3's to rounding (tests/test_keywords.py holds it to
   that), except where the two tokenizers differ: a word of three hyphenated
   parts («Рио-де-Жанейро»), which the reference never scores, a hyphenated
   word in capitals («ЭРА-ГЛОНАСС»), and text with emoji. Keyword F1 on the
   dev set is the same with either;
3. each candidate takes YAKE's score, adjusted by what an analyst looks at
   first: named things, words of the title, phrases an article repeats;
4. a phrase that only ever appears inside a longer chosen one is left out,
   and a surname joins the full name it belongs to.

The reference yake 0.7.3 reads snake_case options only and returns numpy floats
(lower is better); it still picks the phrases of an article in another language
(its per-language stop-word lists; yake-rust has none for some languages and
panics on them). What leaves this module is plain Python with higher-is-better scores.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import yake_rust

from . import wordlists
from .morph import fold, lemmatize, parses
from .phrases import (
    NameSpan,
    is_acronym,
    is_word,
    nominative,
    noun_phrases,
    phrase_key,
    running_case,
    word_key,
    word_pos,
)
from .records import Analysis, Entity, Keyword, NamedSpan, Sentence, Token

MAX_WORDS = 3
# YAKE takes every word under three letters for a stop word; a two-letter
# acronym (ЕС, ИИ, РФ) gets this letter appended for YAKE and loses it after.
SHORT_ACRONYM_MARK = "Ъ"


@dataclass(frozen=True)
class YakeOptions:
    """The YAKE options we set, each passed to yake-rust under its own name;
    no language is set because our own stop words replace its list."""

    n: int = MAX_WORDS
    dedup_lim: float = 1.0  # 1.0: no YAKE dedup: forms are merged by lemma, nested phrases handled below
    window_size: int = 1
    top: int = 10_000  # every candidate: the selection happens here
    stopwords: frozenset[str] | None = None  # None: generator/data/stopwords_ru.txt


@dataclass(frozen=True)
class Weights:
    """How YAKE's score is adjusted: a factor below 1 ranks a phrase higher.

    Set on a dev set of Russian news with their outlets' tags (scripts/bench_keywords.py):
    YAKE alone overrates rare long n-grams (its score is a product over words) and
    underrates what an analyst looks at first: names, the title, the lead, repetition."""

    title: float = 0.7  # the phrase is in the title
    name: float = 0.5  # a named entity or a proper noun head
    single_common: float = 2.0  # one common noun: «встреча», «рост» are rarely the point
    per_extra_word: float = 40.0  # each word beyond the first (offsets YAKE's product over words)
    frequency: float = 1.0  # the score is divided by the number of mentions ** frequency
    spread: float = 0.0  # ... and by the number of sentences it is in ** spread
    lead: float = 0.3  # the phrase is in the title or the first sentences of the body
    lead_sentences: int = 2
    related: float = 0.5  # a noun the article names only through its adjective («российский»)
    nested_share: float = 0.9  # a phrase this often inside a longer one is redundant


@cache
def stopwords() -> frozenset[str]:
    return frozenset(fold(line) for line in wordlists.lines("stopwords_ru.txt"))


@cache
def stop_phrases() -> frozenset[str]:
    """Lemma keys of phrases that are never keywords («текущий год», «пресс-служба»)."""
    return frozenset(fold(line) for line in wordlists.lines("stopphrases_ru.txt"))


# yake-rust panics (a BaseException, with a Rust message on stderr) on a text
# of ≈ 350,000 characters or a single word of ≈ 110,000, and cannot take a
# lone surrogate. A text over this length (eight times the longest of 300
# dev-set articles) is scored by the reference yake without trying it.
RUST_MAX_CHARS = 60_000


def _reference_yake():
    """The reference yake, imported when first needed: it pulls in networkx
    (0.3 s), which most builds never use."""
    import yake

    return yake


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def yake_scores(text: str, options: YakeOptions = YakeOptions()) -> dict[str, float]:
    """Lowercase n-gram -> YAKE score (lower is better), as plain floats."""
    stop = set(stopwords() if options.stopwords is None else options.stopwords)
    scored = _rust_scores(text, options, stop) if len(text) <= RUST_MAX_CHARS and _utf8(text) else None
    if scored is None:
        extractor = _reference_yake().KeywordExtractor(
            n=options.n,
            dedup_lim=options.dedup_lim,
            dedup_func="leve",  # what yake-rust dedups by
            window_size=options.window_size,
            top=options.top,
            stopwords=stop,
        )
        scored = extractor.extract_keywords(text)
    return {_unmark(fold(phrase)): float(score) for phrase, score in scored}


def _rust_scores(text: str, options: YakeOptions, stop: set[str]) -> list[tuple[str, float]] | None:
    """yake-rust's scores, or None where it panicked: a text below RUST_MAX_CHARS
    has never made it panic, but should one, the reference scores the article
    rather than the panic ending the build (Rust prints a line about it)."""
    rust = yake_rust.Yake(
        stopwords=stop,
        ngrams=options.n,
        window_size=options.window_size,
        remove_duplicates=options.dedup_lim < 1.0,
        deduplication_threshold=options.dedup_lim,
    )
    try:
        return rust.get_n_best(text, n=options.top)
    except BaseException as exc:  # pyo3's PanicException derives from BaseException, not Exception
        if type(exc).__name__ != "PanicException":
            raise
        return None


def _unmark(phrase: str) -> str:
    mark = SHORT_ACRONYM_MARK.lower()
    if mark not in phrase:
        return phrase  # most: YAKE scores ≈ 900 phrases an article
    return " ".join(w[:-1] if len(w) == 3 and w.endswith(mark) else w for w in phrase.split())


def _lemma_word(token: Token) -> str:
    """What YAKE reads for a word: its key, in the word's own letter case."""
    if not is_word(token):
        return token.text if token.pos != "PUNCT" else ","
    key = word_key(token)
    if is_acronym(token.text):
        return key.upper() + (SHORT_ACRONYM_MARK if len(key) == 2 else "")
    if token.text[:1].isupper():
        return key[:1].upper() + key[1:]
    return key


def lemma_text(sentences: Sequence[Sentence]) -> str:
    """The article as YAKE reads it: lemmas, one sentence per line, each closed
    by a period so that YAKE's splitter cannot join two of them."""
    lines = []
    for sentence in sentences:
        words = [_lemma_word(t) for t in sentence.tokens]
        while words and words[-1] in {",", "."}:
            words.pop()
        if words:
            lines.append(" ".join(words) + " .")
    return "\n".join(lines)


@dataclass
class Candidate:
    key: str
    sentences: set[int] = field(default_factory=set)
    # surface form -> (count, one occurrence of it, is it at a sentence start)
    forms: dict[str, tuple[int, tuple[Token, ...], bool]] = field(default_factory=dict)
    count: int = 0
    is_name: bool = False
    is_person: bool = False
    # adjective -> occurrences of this single noun right after it («Средний» for «коридор»)
    modified: dict[str, int] = field(default_factory=dict)
    in_title: bool = False
    words: int = 1
    related: int = 0  # mentions through a relational adjective («российский» for «Россия»)
    canonical: str = ""  # the display of an alias target or of a noun named only by its adjective
    aliases: set[str] = field(default_factory=set)  # keys merged into this one («рф» into «россия»)

    def add(self, span: tuple[Token, ...], sentence_start: bool) -> None:
        surface = " ".join(t.text for t in span)
        count, _, _ = self.forms.get(surface, (0, span, sentence_start))
        self.forms[surface] = (count + 1, span, sentence_start)
        self.count += 1

    def display(self) -> str:
        """The nominative of the form the article uses most (a sentence start counts less)."""
        if self.canonical or not self.forms:
            return self.canonical
        surface = max(sorted(self.forms), key=lambda f: (self.forms[f][0] - 0.5 * self.forms[f][2], f))
        _, span, sentence_start = self.forms[surface]
        if self.is_person and len(span) == 3 and _is_patronymic(span[1].text):
            span = (span[0], span[2])  # «Владимир Владимирович Путин» -> «Владимир Путин», as tags name him
        return _display(span, sentence_start)


def _is_patronymic(word: str) -> bool:
    return any("Patr" in p.tag for p in parses(word.lower())[:2])


def sentence_names(sentence: Sentence, spans: Sequence[NamedSpan]) -> list[NameSpan]:
    """The NER spans of one sentence in its token indices."""
    found = []
    for span in spans:
        if span.sentence != sentence.index:
            continue
        inside = [i for i, t in enumerate(sentence.tokens) if t.start >= span.start and t.end <= span.end]
        if inside:
            found.append(NameSpan(inside[0], inside[-1] + 1, span.type))
    return found


def _spans_by_sentence(analysis: Analysis) -> dict[int, list[NamedSpan]]:
    """The analysis's NER spans by sentence, so each sentence looks only at its own."""
    found: dict[int, list[NamedSpan]] = {}
    for span in analysis.spans:
        found.setdefault(span.sentence, []).append(span)
    return found


@cache
def generic_heads() -> frozenset[str]:
    """Head nouns whose phrase is really about its genitive tail («развитие Среднего коридора»)."""
    return frozenset(fold(line) for line in wordlists.lines("generic_heads_ru.txt"))


_CAMEL_CASE = re.compile(r"[a-z][A-Z]")


def _looks_like_code(token: Token) -> bool:
    """«getState», «toLowerCase»: script text that leaked into an article."""
    return token.text.isascii() and _CAMEL_CASE.search(token.text) is not None


def _allowed(span: Sequence[Token], key: str) -> bool:
    stop = stopwords()
    if any(_looks_like_code(t) for t in span):
        return False
    if key in stop_phrases():
        return False
    if len(span) > 1 and _head_key(span) in generic_heads():
        return False
    if any(word_key(t) in stop for t in span if not is_acronym(t.text)):
        return False
    return any(len(t.text) > 2 or is_acronym(t.text) for t in span)


def _head_key(span: Sequence[Token]) -> str:
    head = next((t for t in span if word_pos(t) in ("NOUN", "PROPN")), span[-1])
    return word_key(head)


def _display(span: Sequence[Token], sentence_start: bool) -> str:
    return _display_of(tuple((t.text, t.lemma, t.pos, t.feats) for t in span), sentence_start)


# The nominative of a phrase depends only on its words and their tags, and the
# same phrases recur across a corpus («президента России»): each is inflected once.
@lru_cache(maxsize=100_000)
def _display_of(words: tuple[tuple[str, str, str, tuple], ...], sentence_start: bool) -> str:
    # a word set in capitals (a rubric, a heading) reads as running text: «БРЮСОВА» -> «Брюсов»
    span = [Token(running_case(text) if text.isupper() else text, 0, 0, *tags) for text, *tags in words]
    text = nominative(span)
    first = span[0]
    if sentence_start and word_pos(first) == "NOUN" and not is_acronym(first.text):
        # «Товарооборот вырос»: a common noun is capitalised only by its place. An adjective
        # there may open a name («Средний коридор объединяет…»): it stays as written.
        text = text[:1].lower() + text[1:]
    return text


def defined_acronyms(analysis: Analysis) -> dict[str, tuple[str, str]]:
    """Phrases the article itself abbreviates: «Организации тюркских государств
    (ОТГ)» -> {"организация тюркский государство": ("ОТГ", "отг")}."""
    found: dict[str, tuple[str, str]] = {}
    for sentence in analysis.sentences:
        tokens = sentence.tokens
        if "(" not in sentence.text:
            continue  # most sentences: no need to find their phrases twice
        names = sentence_names(sentence, analysis.spans)
        for start, end in noun_phrases(tokens, max_words=6, names=names, nested=True):
            if end + 2 >= len(tokens) or tokens[end].text != "(" or tokens[end + 2].text != ")":
                continue
            acronym = tokens[end + 1].text
            initials = "".join(t.text[0] for t in tokens[start:end]).lower()
            if is_acronym(acronym) and initials == acronym.lower():
                found[phrase_key(tokens[start:end])] = (acronym, fold(acronym))
    return found


def candidates(analysis: Analysis) -> dict[str, Candidate]:
    found: dict[str, Candidate] = {}
    title = analysis.sentences[0].index if analysis.article.title and analysis.sentences else None
    defined = defined_acronyms(analysis)
    spans = _spans_by_sentence(analysis)
    for sentence in analysis.sentences:
        tokens = sentence.tokens
        names = sentence_names(sentence, spans.get(sentence.index, ()))
        first_word = next((i for i, t in enumerate(tokens) if is_word(t)), 0)
        for start, end in noun_phrases(tokens, max_words=MAX_WORDS, names=names, nested=True):
            span = tokens[start:end]
            key = phrase_key(span)
            named_head = _has_name_head(span)
            if not _allowed(span, key) or (not named_head and _inside_a_name(start, end, names)):
                continue
            alias = defined.get(key) or aliases().get(key)
            if alias is not None:
                key, canonical, original = alias[1], alias[0], key
            cand = found.get(key)
            if cand is None:
                cand = found[key] = Candidate(key, words=len(key.split()))
            if alias is not None:
                cand.canonical = canonical
                cand.aliases.add(original)
            cand.add(span, start == first_word)
            cand.sentences.add(sentence.index)
            cand.in_title = cand.in_title or sentence.index == title
            cand.is_name = cand.is_name or named_head or any((n.start, n.end) == (start, end) for n in names)
            cand.is_person = cand.is_person or any(n.type == "PER" and (n.start, n.end) == (start, end) for n in names)
            if end - start == 1 and _modified(tokens, start):
                adjective = word_key(tokens[start - 1])
                cand.modified[adjective] = cand.modified.get(adjective, 0) + 1
        _add_related(found, tokens, sentence.index, sentence.index == title)
    return {key: cand for key, cand in found.items() if not _first_name_alone(cand)}


def _add_related(found: dict[str, Candidate], tokens: Sequence[Token], index: int, in_title: bool) -> None:
    related = related_nouns()
    for token in tokens:
        if token.pos != "ADJ" or fold(token.lemma) not in related:
            continue
        display, key = related[fold(token.lemma)]
        cand = found.get(key)
        if cand is None:
            cand = found[key] = Candidate(key, words=len(key.split()), canonical=display)
            cand.is_name = display[:1].isupper()
        cand.related += 1
        cand.sentences.add(index)
        cand.in_title = cand.in_title or in_title


@cache
def aliases() -> dict[str, tuple[str, str]]:
    """Phrase key -> (the keyword it is shown as, that keyword's key): «рф» -> «Россия»."""
    found = {}
    for line in wordlists.lines("aliases_ru.txt"):
        alias, _, name = (part.strip() for part in line.partition("="))
        found[fold(alias)] = (name, " ".join(fold(lemmatize(word)) for word in name.split()))
    return found


@cache
def related_nouns() -> dict[str, tuple[str, str]]:
    """Relational adjective lemma -> (noun phrase as shown, its key)."""
    found = {}
    for line in wordlists.lines("related_nouns_ru.txt"):
        adjective, _, noun = (part.strip() for part in line.partition("="))
        key = " ".join(fold(lemmatize(word)) for word in noun.split())
        found[fold(adjective)] = (noun, key)
    return found


def _inside_a_name(start: int, end: int, names: Sequence[NameSpan]) -> bool:
    """«тюркские государства» inside «Организации тюркских государств» is part of
    a name, not a mention of its own; «Казахстан» inside «Республики Казахстан»
    is (a phrase headed by a name is never left out: see _has_name_head)."""
    return any(n.start <= start and end <= n.end and (n.start, n.end) != (start, end) for n in names)


def _modified(tokens: Sequence[Token], index: int) -> bool:
    """«Северная Корея», «малый бизнес»: the noun has an adjective of its own here."""
    if index == 0:
        return False
    before = tokens[index - 1]
    return before.pos == "ADJ" and is_word(before) and word_key(before) not in stopwords()


def _first_name_alone(cand: Candidate) -> bool:
    """«Сергей» alone says nothing; «Сергей Кокорин» does."""
    if cand.words != 1 or not cand.forms:
        return False
    _, span, _ = next(iter(cand.forms.values()))
    return _only_a_first_name(span[0].text.lower())


@lru_cache(maxsize=100_000)  # asked of every one-word candidate of every article
def _only_a_first_name(word: str) -> bool:
    tags = [p.tag for p in parses(word)[:3]]
    return any("Name" in t or "Patr" in t for t in tags) and not any("Surn" in t or "Geox" in t for t in tags)


def _has_name_head(span: Sequence[Token]) -> bool:
    """The phrase's head (its first noun) is a proper noun or an acronym."""
    head = next((t for t in span if word_pos(t) in ("NOUN", "PROPN")), span[-1])
    return word_pos(head) == "PROPN" or is_acronym(head.text)


def _adjusted(cand: Candidate, score: float, weights: Weights) -> float:
    factor = 1.0
    if cand.in_title:
        factor *= weights.title
    if cand.is_name:
        factor *= weights.name
    elif cand.words == 1:
        factor *= weights.single_common
    factor *= weights.per_extra_word ** (cand.words - 1)
    factor /= (cand.count + cand.related) ** weights.frequency
    factor /= len(cand.sentences) ** weights.spread
    if not cand.forms:
        factor *= weights.related
    if min(cand.sentences) <= weights.lead_sentences:
        factor *= weights.lead
    return score * factor


def _merge_names(found: dict[str, Candidate]) -> dict[str, str]:
    """One person, one keyword: «Эрдоган» and «Реджеп Тайип Эрдоган» join
    «Реджеп Эрдоган», the full name the article uses most. Returns the merged
    key -> the key it joined."""
    absorbed: dict[str, str] = {}
    people = sorted(
        (c for c in found.values() if c.is_person and c.words >= 2), key=lambda c: (-c.count, c.words, c.key)
    )
    for cand in sorted(found.values(), key=lambda c: (c.words, c.key)):
        if not cand.is_name or cand.key not in found:
            continue
        surname = cand.key.rsplit(" ", 1)[-1]
        full = next((p for p in people if p is not cand and p.key.rsplit(" ", 1)[-1] == surname), None)
        if full is None or full.key not in found or (cand.words >= 2 and not cand.is_person):
            continue
        if cand.words >= 2 and (full.count, -full.words) < (cand.count, -cand.words):
            continue
        _absorb(found, full, cand)
        absorbed[cand.key] = full.key
    return absorbed


def _absorb(found: dict[str, Candidate], keeper: Candidate, other: Candidate) -> None:
    """``other`` is the same keyword as ``keeper``: its mentions count for ``keeper``."""
    keeper.count += other.count
    keeper.sentences |= other.sentences
    keeper.in_title = keeper.in_title or other.in_title
    del found[other.key]


def _redundant(cand: Candidate, chosen: list[Candidate], weights: Weights) -> bool:
    """Is the phrase nearly always part of (or the whole of) a phrase already chosen?"""
    if cand.words == 1 and cand.modified:
        # a name under any adjectives («Северная Корея», «Южная Корея»); a common noun
        # under one and the same («Средний коридор»), not under many («малый, крупный бизнес»)
        modified = sum(cand.modified.values()) if cand.is_name else max(cand.modified.values())
        if modified >= weights.nested_share * cand.count:
            return True
    for other in chosen:
        if other.words <= cand.words or f" {cand.key} " not in f" {other.key} ":
            continue
        if other.count >= weights.nested_share * cand.count:
            return True
    return False


def scored_candidates(
    analysis: Analysis, options: YakeOptions = YakeOptions(), entities: Sequence[Entity] = ()
) -> list[tuple[Candidate, float]]:
    """Every candidate YAKE scored, with that score (lower is better). A name
    among them is shown as its entity is (``entities`` of the same analysis)."""
    found = candidates(analysis)
    if not found:
        return []
    _name_as_entity(found, entities)
    scores = yake_scores(lemma_text(analysis.sentences), options)
    best = {key: scores[key] for key in found if key in scores and found[key].forms}
    for key, cand in found.items():
        for alias in sorted(cand.aliases):
            if alias in scores:
                best[key] = min(scores[alias], best.get(key, math.inf))
    related = related_nouns()
    for adjective, (_, key) in sorted(related.items()):
        if key in found and adjective in scores and not found[key].forms:
            best[key] = min(scores[adjective], best.get(key, math.inf))
    for part, full in _merge_names(found).items():
        if part in best:
            best[full] = min(best[part], best.get(full, math.inf))
    for part, full in _merge_same_display(found, best).items():
        best[full] = min(best.pop(part), best[full])
    return [(cand, best[key]) for key, cand in sorted(found.items()) if key in best]


def _name_as_entity(found: dict[str, Candidate], entities: Sequence[Entity]) -> None:
    """A candidate that is exactly an entity's mention takes the entity's name
    when it has as many words: the entity stage rebuilds a nominative from every
    mention and the dictionary («Хоакином Фениксом» -> «Хоакин Феникс», not
    «Хоакино Фениксом»). Tried: any name, a lone surname shown in full; it lost
    on the keyword dev set (outlets tag «Обама» as often as «Барак Обама»)."""
    named = {(m.start, m.end): e.name for e in entities for m in e.mentions}
    for cand in found.values():
        if not cand.is_name or cand.canonical:
            continue
        places = [(span[0].start, span[-1].end) for _, span, _ in cand.forms.values()]
        names = Counter(named[place] for place in places if place in named)
        chosen = max(sorted(names), key=names.__getitem__) if names else ""
        words = chosen.split()
        if len(words) != cand.words:  # a lone «Токаев» stays (_merge_names joins it when both occur)
            continue
        if cand.is_person and len(words) == 3 and _is_patronymic(words[1]):
            chosen = f"{words[0]} {words[2]}"  # «Владимир Путин», as tags name him (see Candidate.display)
        cand.canonical = chosen


def _merge_same_display(found: dict[str, Candidate], best: dict[str, float]) -> dict[str, str]:
    """Two scored candidates shown alike are one keyword («Наталия Черных» read
    from two case forms): the better scored one takes the other's mentions."""
    absorbed: dict[str, str] = {}
    keeper: dict[str, Candidate] = {}
    for key in sorted((k for k in best if k in found), key=lambda k: (best[k], k)):
        cand = found[key]
        shown = fold(cand.display())
        first = keeper.setdefault(shown, cand)
        if first is cand:
            continue
        _absorb(found, first, cand)
        absorbed[key] = first.key
    return absorbed


def select(
    scored: list[tuple[Candidate, float]], top: int, weights: Weights = Weights()
) -> list[tuple[Candidate, float]]:
    """The best ``top`` candidates after the adjustments, redundant ones left out."""
    ranked = sorted(((cand, _adjusted(cand, score, weights)) for cand, score in scored), key=lambda i: (i[1], i[0].key))
    chosen: list[tuple[Candidate, float]] = []
    for cand, score in ranked:
        if len(chosen) >= top:
            break
        if _redundant(cand, [c for c, _ in chosen], weights):
            continue
        chosen.append((cand, score))
    return chosen


def _keyword(cand: Candidate, score: float) -> Keyword:
    return Keyword(
        term=cand.display(),
        score=_higher_is_better(score),
        key=cand.key,
        sentences=tuple(sorted(cand.sentences)),
    )


def _higher_is_better(yake_score: float) -> float:
    """YAKE's score (lower is better, from 0 up) as ours: higher is better, in (0, 1]."""
    return round(1.0 / (1.0 + max(float(yake_score), 0.0)), 6)


def topic_keywords(
    scored: list[tuple[Candidate, float]],
    sentences: set[int],
    top: int,
    weights: Weights = Weights(),
    defining: frozenset[str] = frozenset(),
) -> tuple[Keyword, ...]:
    """An article's keywords for one topic: the candidates that occur in the
    topic's sentences, ranked by their score in the article divided by the
    share of their sentences that belong to the topic. The topic's own terms
    (``defining`` keys, «средний коридор») come first when the sentences have them."""
    inside = []
    for cand, score in scored:
        share = len(cand.sentences & sentences) / len(cand.sentences)
        if share > 0:
            inside.append((cand, score / share if score > 0 else score))
    first = [(cand, score) for cand, score in inside if cand.key in defining]
    first.sort(key=lambda item: (item[1], item[0].key))
    rest = select([item for item in inside if item[0].key not in defining], top, weights)
    return tuple(_keyword(cand, score) for cand, score in (first + rest)[:top])


def keyword_sets(
    analysis: Analysis,
    top: int,
    topics: dict[str, set[int]],
    top_per_topic: int | None = None,
    options: YakeOptions = YakeOptions(),
    weights: Weights = Weights(),
    defining: Mapping[str, frozenset[str]] | None = None,
    entities: Sequence[Entity] = (),
) -> tuple[tuple[Keyword, ...], tuple[tuple[str, tuple[Keyword, ...]], ...]]:
    """The article's keywords and, for each topic with sentences in it (ids
    sorted), its keywords from those sentences (``defining``: each topic's own
    terms as keys, see topic_keywords). YAKE runs once."""
    defining = defining or {}
    scored = scored_candidates(analysis, options, entities)
    article = tuple(_keyword(cand, score) for cand, score in select(scored, top, weights))
    per_topic = tuple(
        (topic, topic_keywords(scored, topics[topic], top_per_topic or top, weights, defining.get(topic, frozenset())))
        for topic in sorted(topics)
        if topics[topic]
    )
    return article, per_topic


# YAKE's name for a stop-word list where it is not the ISO 639-1 code.
_YAKE_LIST_NAMES = {"cs": "cz"}
# YAKE's own near-duplicate filter («trade route», «trade routes» kept once). Its
# default function, seqm, lets every pair through in 0.7.3; Levenshtein at 0.7 works.
_YAKE_DEDUP = {"dedup_func": "leve", "dedup_lim": 0.7}
_LONGEST_WORD = 40  # characters: «Internationalisierungsstrategie» has 31
# Written without spaces between words: YAKE, which splits on spaces, would take a sentence for a word.
_UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def foreign_keyword_sets(
    analysis: Analysis, top: int, topics: dict[str, set[int]], top_per_topic: int | None = None
) -> tuple[tuple[Keyword, ...], tuple[tuple[str, tuple[Keyword, ...]], ...]]:
    """keyword_sets for an article in a Latin-script (or other non-Cyrillic)
    language: our noun phrases and lemmas are Russian grammar, so YAKE picks the
    phrases itself, with its stop words for the article's language (YAKE's
    language-neutral list where it has none). A phrase counts in the sentences
    it is written in; one found in none is left out (nothing it could cite)."""
    if analysis.article.lang in _UNSPACED_LANGUAGES:
        return (), ()
    lang = _YAKE_LIST_NAMES.get(analysis.article.lang, analysis.article.lang)
    extractor = _reference_yake().KeywordExtractor(lan=lang, n=MAX_WORDS, top=4 * top, **_YAKE_DEDUP)
    # each sentence closed by a period: a title has none, and YAKE would run it into the lead
    text = "\n".join(s.text if s.text.rstrip()[-1:] in ".!?…" else f"{s.text} ." for s in analysis.sentences)
    found: list[Keyword] = []
    for phrase, score in extractor.extract_keywords(text):
        words = phrase.split()
        key = fold(" ".join(words))
        if any(len(word) > _LONGEST_WORD for word in words):
            continue  # no word but a junk run («aaaa…», a pasted hash)
        if any(f" {key} " in f" {k.key} " for k in found):
            continue  # a part of a phrase already chosen («Middle» of «Middle Corridor»)
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
        where = tuple(s.index for s in analysis.sentences if pattern.search(s.text))
        if where:
            found.append(Keyword(" ".join(words), _higher_is_better(score), key, where))
    per_topic = tuple(
        (topic, tuple(k for k in found if topics[topic] & set(k.sentences))[: top_per_topic or top])
        for topic in sorted(topics)
        if topics[topic]
    )
    return tuple(found[:top]), per_topic


def extract_keywords(
    analysis: Analysis,
    top: int = 10,
    options: YakeOptions = YakeOptions(),
    weights: Weights = Weights(),
    entities: Sequence[Entity] = (),
) -> tuple[Keyword, ...]:
    """The article's keywords, best first."""
    scored = scored_candidates(analysis, options, entities)
    return tuple(_keyword(cand, score) for cand, score in select(scored, top, weights))
