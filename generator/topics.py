"""Topic assignment per sentence, multi-label, with the reason for each.

A sentence earns points per topic from three sources, strongest first:

1. lexicon terms from the config, matched on lemmas as contiguous runs (any
   case, ё = е); `weak_terms` count half, `not_terms` cancel the terms inside;
2. words outside the lexicon whose navec embedding (natasha's news vectors)
   sits close to the topic's centre and clearly closer than to any other
   topic's («терминал» ≈ Средний коридор);
3. context: the same topic in the paragraph around it or in the title lowers
   the bar, and a sentence that goes on about the previous one («Он позволит…»)
   inherits its topic. A country name alone never earns a point;
4. scope: a topic with a `scope` list holds only in an article whose title or
   lead (first two paragraphs) names one of its places or bodies, or in a paragraph that
   does («порт» in a piece on the US Navy is not the Middle Corridor).

Each TopicMatch lists its reasons: "лексикон: товарооборот",
"navec: терминал≈порт", "абзац: …", "заголовок", "продолжение: …".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from razdel import tokenize

from . import wordlists
from .analyse import embedding  # one navec load per process, shared with the taggers
from .config import Topic
from .morph import fold, fold_each, has_letter, lemmatize
from .records import Analysis, Sentence, SentenceTopics, TopicMatch

STRONG = 1.0  # a lexicon term
WEAK = 0.5  # a weak term, or a navec neighbour
DECIDES = 1.0  # own points that decide a topic alone
LEANS = 0.5  # own points that decide it with context (paragraph or title)
PARAGRAPH_SUPPORT = 1.0  # points of the other sentences of the paragraph that count as context
# a word is a topic's neighbour when its cosine to the topic centre and its margin
# over the second-closest topic pass one of these (cosine, margin) bars
NAVEC_BARS = ((0.40, 0.08), (0.30, 0.15))
NAVEC_STRONG = (0.52, 0.25)  # cosine or margin from which a neighbour counts like a lexicon term
LEAD_PARAGRAPHS = 2  # paragraphs of the lead, where a scope term puts the whole article in scope
PARAGRAPH_INHERITS = 2  # other sentences of a paragraph that decide one topic alone: a silent sentence joins them
NAVEC_POS = ("NOUN",)  # adjectives («реальный», «глобальный») lean economic in news vectors: too loose


@dataclass(frozen=True)
class Term:
    text: str  # as written in the config
    lemmas: tuple[str, ...]  # folded lemma sequence
    weight: float


@dataclass(frozen=True)
class Lexicon:
    topic: str
    terms: tuple[Term, ...]  # longest first, so a phrase wins over the words inside it
    blockers: tuple[tuple[str, ...], ...]  # lemma runs of not_terms
    centre: tuple[float, ...] = ()  # unit navec vector of the topic, () when none of its words are known
    neighbours: tuple[str, ...] = ()  # single-word terms with a navec vector: the reason shown for a neighbour
    scope: tuple[tuple[str, ...], ...] = ()  # lemma runs of the scope terms; () = everywhere


@lru_cache(maxsize=4096)
def term_lemmas(term: str) -> tuple[str, ...]:
    words = [t.text for t in tokenize(term) if any(ch.isalnum() for ch in t.text)]
    return tuple(fold(lemmatize(w)) for w in words)


@lru_cache(maxsize=100_000)
def word_vector(lemma: str) -> np.ndarray | None:
    """Unit vector of a lemma (read-only: it is shared), or None when navec does not know it."""
    emb = embedding()
    for form in (lemma, fold(lemma)):
        if form in emb:
            vector = np.asarray(emb[form], dtype=np.float64)
            norm = float(np.linalg.norm(vector))
            if not norm:
                return None
            unit = vector / norm
            unit.flags.writeable = False
            return unit
    return None


def _centre(terms: tuple[Term, ...]) -> tuple[tuple[float, ...], tuple[str, ...]]:
    words = sorted({lemma for term in terms for lemma in term.lemmas if len(lemma) > 2})
    known = [(w, word_vector(w)) for w in words]
    known = [(w, v) for w, v in known if v is not None]
    if not known:
        return (), ()
    centre = np.mean([v for _, v in known], axis=0)
    centre = centre / np.linalg.norm(centre)
    singles = tuple(t.lemmas[0] for t in terms if len(t.lemmas) == 1 and word_vector(t.lemmas[0]) is not None)
    return tuple(float(x) for x in centre), tuple(sorted(set(singles)))


def _terms(topic: Topic) -> tuple[Term, ...]:
    terms = [Term(t, term_lemmas(t), STRONG) for t in topic.terms]
    terms += [Term(t, term_lemmas(t), WEAK) for t in topic.weak_terms if t not in topic.terms]
    terms = [t for t in terms if t.lemmas]
    return tuple(sorted(terms, key=lambda t: (-len(t.lemmas), -t.weight, t.text)))


@cache
def build_lexicons(topics: tuple[Topic, ...], navec: bool = True) -> tuple[Lexicon, ...]:
    lexicons = []
    for topic in topics:
        terms = _terms(topic)
        blockers = tuple(run for run in (term_lemmas(t) for t in topic.not_terms) if run)
        centre, neighbours = _centre(tuple(t for t in terms if t.weight >= STRONG)) if navec else ((), ())
        scope = tuple(run for run in (term_lemmas(t) for t in topic.scope) if run)
        lexicons.append(Lexicon(topic.id, terms, blockers, centre, neighbours, scope))
    return tuple(lexicons)


@dataclass(frozen=True)
class _Own:
    """What a sentence says about one topic by its own words."""

    points: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Indexed:
    """A sentence's word sequence with where each word occurs, so a term is looked
    up by its first word instead of scanned for at every position."""

    seq: tuple[str, ...]
    where: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, seq: tuple[str, ...]) -> _Indexed:
        where: dict[str, list[int]] = {}
        for i, word in enumerate(seq):
            where.setdefault(word, []).append(i)
        return cls(seq, {w: tuple(p) for w, p in where.items()})


def _runs(indexed: _Indexed, run: tuple[str, ...]) -> list[int]:
    n = len(run)
    if not n:
        return []
    return [i for i in indexed.where.get(run[0], ()) if indexed.seq[i : i + n] == run]


def _lexicon_hits(
    lemmas: _Indexed, words: _Indexed, tails: tuple[_Indexed, ...], lexicon: Lexicon
) -> tuple[list[tuple[Term, frozenset[int]]], set[int]]:
    """Terms found with the positions they cover (longest first, each position
    used once), and every position spoken for, not_terms included. A one-word
    term also matches a part of a compound (tails: «суда-паром», «бизнес-форум»)."""
    used: set[int] = set()
    own_words = lemmas.where.keys() | words.where.keys()
    for run in _starting(lexicon.blockers, _first_word, own_words):
        for i in _runs(lemmas, run) + _runs(words, run):
            used.update(range(i, i + len(run)))
    present = own_words | {w for part in tails for w in part.where}
    hits: list[tuple[Term, frozenset[int]]] = []
    for term in _starting(lexicon.terms, _first_lemma, present):
        n = len(term.lemmas)
        starts = _runs(lemmas, term.lemmas) + _runs(words, term.lemmas)
        if len(term.lemmas) == 1:
            starts += [i for part in tails for i in _runs(part, term.lemmas)]
        for i in sorted(set(starts)):
            span = frozenset(range(i, i + n))
            if span & used:
                continue
            used |= span
            hits.append((term, span))
    return hits, used


_FIRST_WORDS: dict[int, tuple[tuple, dict[str, frozenset], dict[object, int]]] = {}


def _first_word(run: tuple[str, ...]) -> str:
    return run[0]


def _first_lemma(term: Term) -> str:
    return term.lemmas[0]


def _starting(items: tuple, first: Callable[[object], str], present: Iterable[str]) -> list:
    """The items (terms or lemma runs) whose first word occurs in the sentence, in
    their own order: a lexicon has hundreds, a sentence a few dozen words. The
    first-word index is built once per tuple of items (kept with it, by identity)."""
    entry = _FIRST_WORDS.get(id(items))
    if entry is None or entry[0] is not items:
        index: dict[str, set] = {}
        for item in items:
            index.setdefault(first(item), set()).add(item)
        order = {item: i for i, item in reversed(list(enumerate(items)))}
        entry = (items, {w: frozenset(found) for w, found in index.items()}, order)
        _FIRST_WORDS[id(items)] = entry
    _, index, order = entry
    hits = index.keys() & present
    if not hits:
        return []
    return sorted(set().union(*(index[w] for w in hits)), key=order.__getitem__)


def _outranked(term: Term, span: frozenset[int], others: list[tuple[Term, frozenset[int]]]) -> bool:
    """A word inside another topic's longer phrase belongs to that phrase:
    «молодых предпринимателей» is youth, not economy."""
    return any(len(o.lemmas) > len(term.lemmas) and o_span > span for o, o_span in others)


_CENTRES: dict[int, tuple[tuple[Lexicon, ...], list[str], np.ndarray, dict]] = {}


def _closest_topic(lemma: str, lexicons: tuple[Lexicon, ...]) -> tuple[str, float, float] | None:
    """(topic, cosine, margin over the runner-up) for a word, or None. The matrix
    of topic centres and the answers are kept per lexicons tuple (by identity:
    hashing the vectors on every call would cost more than the answer)."""
    entry = _CENTRES.get(id(lexicons))
    if entry is None or entry[0] is not lexicons:
        with_centre = [lx for lx in lexicons if lx.centre]
        matrix = np.array([lx.centre for lx in with_centre]) if with_centre else np.zeros((0, 1))
        entry = (lexicons, [lx.topic for lx in with_centre], matrix, {})
        _CENTRES[id(lexicons)] = entry
    _, topics, matrix, answers = entry
    if lemma not in answers:
        vector = word_vector(lemma)
        if vector is None or not topics:
            answers[lemma] = None
        else:
            scored = sorted(zip((float(x) for x in matrix @ vector), topics, strict=True), reverse=True)
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            answers[lemma] = (scored[0][1], scored[0][0], scored[0][0] - runner_up)
    return answers[lemma]


_NEAREST: dict[int, tuple[Lexicon, dict[str, str]]] = {}


def _nearest_term(lemma: str, lexicon: Lexicon) -> str:
    """The topic's one-word term closest to the word (the topic id when it has
    none). Kept per lexicon (by identity, as _closest_topic keeps its answers):
    the same words recur, and each answer takes a product per term."""
    entry = _NEAREST.get(id(lexicon))
    if entry is None or entry[0] is not lexicon:
        entry = _NEAREST[id(lexicon)] = (lexicon, {})
    answers = entry[1]
    if lemma not in answers:
        vector = word_vector(lemma)
        neighbours = lexicon.neighbours
        answers[lemma] = (
            max(neighbours, key=lambda w: (float(vector @ word_vector(w)), w)) if neighbours else lexicon.topic
        )
    return answers[lemma]


def _word_list(name: str) -> tuple[str, ...]:
    return tuple(fold(word) for word in wordlists.lines(name))


@cache
def _neutral_words() -> frozenset[str]:
    return frozenset(_word_list("topic_neutral.txt"))


@cache
def _continuations() -> frozenset[str]:
    return frozenset(_word_list("continuations.txt"))


@cache
def _compound_prefixes() -> tuple[str, ...]:
    return tuple(sorted(set(_word_list("compound_prefixes.txt")), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=100_000)  # a pure function of the word, asked for every word of every sentence
def _parts(lemma: str) -> tuple[str, str]:
    """(_tail, _head) of a word."""
    return _tail(lemma), _head(lemma)


def _tail(lemma: str) -> str:
    """The part of a compound that carries its meaning: «суда-паром» -> «паром»,
    «этнофестиваль» -> «фестиваль»; other words unchanged."""
    if "-" in lemma.strip("-"):
        return lemma.rsplit("-", 1)[1]
    if word_vector(lemma) is not None:  # a known word is its own thing: «аэропорт» is no «порт»
        return lemma
    for prefix in _compound_prefixes():
        if lemma.startswith(prefix) and len(lemma) - len(prefix) >= 4:
            return lemma[len(prefix) :].lstrip("-")
    return lemma


def _head(lemma: str) -> str:
    """The first part of a hyphenated compound: «бизнес-форум» -> «бизнес»."""
    return lemma.split("-", 1)[0] if "-" in lemma.strip("-") else lemma


@dataclass(frozen=True)
class _Words:
    """A sentence's lemmas and words, indexed once for every lookup of terms in it."""

    lemmas: _Indexed
    words: _Indexed

    @classmethod
    def of(cls, sentence: Sentence) -> _Words:
        return cls(
            _Indexed.of(tuple(fold_each([t.lemma for t in sentence.tokens]))),
            _Indexed.of(tuple(fold_each([t.text for t in sentence.tokens]))),
        )

    def has(self, run: tuple[str, ...]) -> bool:
        return bool(_runs(self.lemmas, run) or _runs(self.words, run))


def _own_points(sentence: Sentence, indexed: _Words, lexicons: tuple[Lexicon, ...]) -> dict[str, _Own]:
    lemmas = indexed.lemmas.seq
    parts = tuple(zip(*map(_parts, lemmas), strict=True)) if lemmas else ((), ())
    # a sentence without compounds (most) has parts that are its lemmas: nothing more to look up
    tails = tuple(_Indexed.of(seq) for seq in parts if seq != lemmas)
    indexed_lemmas, indexed_words = indexed.lemmas, indexed.words
    found: dict[str, tuple[float, list[str]]] = {}
    covered: set[int] = set()
    all_hits = {}
    for lexicon in lexicons:
        all_hits[lexicon.topic], used = _lexicon_hits(indexed_lemmas, indexed_words, tails, lexicon)
        covered |= used
    for topic, hits in all_hits.items():
        others = [hit for other, other_hits in all_hits.items() if other != topic for hit in other_hits]
        terms: list[Term] = []
        for term, span in hits:
            if term not in terms and not _outranked(term, span, others):
                terms.append(term)
        if terms:
            found[topic] = (sum(t.weight for t in terms), [f"лексикон: {t.text}" for t in terms])
    by_topic = {lx.topic: lx for lx in lexicons}
    for i, token in enumerate(sentence.tokens):
        lemma = lemmas[i]
        if i in covered or token.pos not in NAVEC_POS or len(lemma) < 4 or lemma in _neutral_words():
            continue
        if not token.text[:1].islower() and (i > 0 or token.pos == "PROPN"):
            continue  # a capitalised word inside a sentence is a name, and names are no topic
        closest = _closest_topic(lemma, lexicons)
        if closest is None:
            continue
        topic, cosine, margin = closest
        if not any(cosine >= low and margin >= gap for low, gap in NAVEC_BARS):
            continue
        points, reasons = found.get(topic, (0.0, []))
        reason = f"navec: {lemma}≈{_nearest_term(lemma, by_topic[topic])}"
        if reason in reasons:
            continue
        found[topic] = (
            points + (STRONG if cosine >= NAVEC_STRONG[0] or margin >= NAVEC_STRONG[1] else WEAK),
            [*reasons, reason],
        )
    return {topic: _Own(points, tuple(reasons)) for topic, (points, reasons) in found.items()}


def _starts_as_continuation(sentence: Sentence) -> bool:
    """«Он позволит…», «В ее флот…»: a pronoun among the first three words."""
    words = [t for t in sentence.tokens if has_letter(t.text)]
    return any(fold(t.text) in _continuations() for t in words[:3])


@dataclass(frozen=True)
class _Context:
    """What surrounds a sentence: the rest of its paragraph, the title, the sentence before."""

    paragraph: dict[str, float]  # topic -> points of the other sentences
    paragraph_terms: dict[str, tuple[str, ...]]  # topic -> their terms, for the reason
    deciders: dict[str, int]  # topic -> other sentences that decide it alone
    lead: frozenset[str]  # topics decided by an earlier sentence of the paragraph (a silent one elaborates on it)
    nearby: dict[str, _Own]  # the sentences just before and after, when in another paragraph (one-line paragraphs)
    title: dict[str, _Own]  # the title's points, for topics the title itself decides
    previous: dict[str, _Own] | None


_NOTHING = _Own(0.0, ())


def _terms_of(reasons: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(r.split(": ", 1)[1] for r in reasons if r.startswith(("лексикон: ", "navec: ")))


def _context(n: int, sentences: tuple[Sentence, ...], own: list[dict[str, _Own]], paragraph: Sequence[int]) -> _Context:
    """paragraph: the indices of the sentences of sentence n's paragraph."""
    sentence = sentences[n]
    points: dict[str, float] = {}
    terms: dict[str, list[str]] = {}
    deciders: dict[str, int] = {}
    lead: set[str] = set()
    if sentence.paragraph > 0:
        for m in paragraph:
            if m == n:
                continue
            for topic, found in own[m].items():
                points[topic] = points.get(topic, 0.0) + found.points
                terms.setdefault(topic, []).extend(t for t in _terms_of(found.reasons) if t not in terms[topic])
                deciders[topic] = deciders.get(topic, 0) + (found.points >= DECIDES)
                if m < n and found.points >= DECIDES:
                    lead.add(topic)
    title = _title_topics(own[0]) if sentences and sentences[0].paragraph == 0 and n > 0 else {}
    previous = own[n - 1] if n > 0 and sentences[n - 1].paragraph == sentence.paragraph else None
    nearby: dict[str, _Own] = {}
    for m in (n - 1, n + 1):
        if 0 <= m < len(sentences) and sentences[m].paragraph not in (0, sentence.paragraph) and sentence.paragraph:
            for topic, found in own[m].items():
                if found.points > nearby.get(topic, _NOTHING).points:
                    nearby[topic] = found
    return _Context(
        points, {t: tuple(v[:3]) for t, v in terms.items()}, deciders, frozenset(lead), nearby, title, previous
    )


def _title_topics(title: dict[str, _Own]) -> dict[str, _Own]:
    """The topics a title decides: any with a whole point, or the only one it has
    weak points for (a title is short: one weak word there says a lot)."""
    if len(title) == 1:
        return {t: o for t, o in title.items() if o.points >= LEANS}
    return {t: o for t, o in title.items() if o.points >= DECIDES}


def _borrowed(topic: str, all_own: dict[str, _Own]) -> bool:
    """Every word the sentence has for this topic also speaks for a topic the sentence
    decides on its own: «логистический» next to «железная дорога» is the corridor's, not economy's."""
    mine = set(_terms_of(all_own.get(topic, _NOTHING).reasons))
    decided = {
        term for other, o in all_own.items() if other != topic and o.points >= DECIDES for term in _terms_of(o.reasons)
    }
    return bool(mine) and mine <= decided


def _decide_one(topic: str, sentence: Sentence, all_own: dict[str, _Own], ctx: _Context) -> TopicMatch | None:
    """One topic for one sentence, by the first rule that fits."""
    mine = all_own.get(topic, _NOTHING)
    score, reasons = mine.points, list(mine.reasons)
    if score >= DECIDES:
        return TopicMatch(topic, tuple(reasons), round(score, 3))
    if sentence.paragraph == 0:
        return TopicMatch(topic, tuple(reasons), score) if topic in _title_topics(all_own) else None
    if _borrowed(topic, all_own):
        return None
    if score >= LEANS and ctx.paragraph.get(topic, 0.0) >= PARAGRAPH_SUPPORT:
        return TopicMatch(topic, (*reasons, "абзац: " + ", ".join(ctx.paragraph_terms[topic])), score + 0.25)
    if score >= LEANS and ctx.nearby.get(topic, _NOTHING).points >= DECIDES:
        near_terms = ", ".join(_terms_of(ctx.nearby[topic].reasons)[:3])
        return TopicMatch(topic, (*reasons, "соседнее предложение: " + near_terms), score + 0.25)
    if score >= LEANS and topic in ctx.title:
        return TopicMatch(
            topic, (*reasons, "заголовок: " + ", ".join(_terms_of(ctx.title[topic].reasons)[:3])), score + 0.25
        )
    if all_own:  # the sentence has words of its own for other topics: context does not override them
        return None
    before = ctx.previous.get(topic, _NOTHING) if ctx.previous else _NOTHING
    if before.points >= DECIDES and _starts_as_continuation(sentence):
        return TopicMatch(topic, ("продолжение: " + ", ".join(_terms_of(before.reasons)[:3]),), 0.5)
    if ctx.deciders.get(topic, 0) >= PARAGRAPH_INHERITS and len(ctx.deciders) == 1 and topic in ctx.lead:
        return TopicMatch(topic, ("абзац: " + ", ".join(ctx.paragraph_terms[topic]),), 0.4)
    return None


def _scoped_paragraphs(
    sentences: tuple[Sentence, ...], indexed: list[_Words], lexicon: Lexicon
) -> frozenset[int] | None:
    """The paragraphs where a scoped topic may hold: all of them when the title or
    the lead (the first two paragraphs: a one-line lead is often followed by its
    second half) names a scope term, else those that name one themselves.
    None: the topic has no scope."""
    if not lexicon.scope:
        return None
    named = set()
    for sentence, words in zip(sentences, indexed, strict=True):
        if sentence.paragraph in named:
            continue
        present = words.lemmas.where.keys() | words.words.where.keys()
        if any(map(words.has, _starting(lexicon.scope, _first_word, present))):
            named.add(sentence.paragraph)
    paragraphs = {s.paragraph for s in sentences}
    lead = set(sorted(p for p in paragraphs if p > 0)[:LEAD_PARAGRAPHS])
    return frozenset(paragraphs) if named & ({0} | lead) else frozenset(named)


def assign_topics(analysis: Analysis, lexicons: tuple[Lexicon, ...]) -> tuple[SentenceTopics, ...]:
    sentences = analysis.sentences
    indexed = [_Words.of(s) for s in sentences]
    own = [_own_points(s, words, lexicons) for s, words in zip(sentences, indexed, strict=True)]
    scoped = {lx.topic: _scoped_paragraphs(sentences, indexed, lx) for lx in lexicons}
    paragraphs: dict[int, list[int]] = {}
    for n, sentence in enumerate(sentences):
        paragraphs.setdefault(sentence.paragraph, []).append(n)
    result = []
    for n, sentence in enumerate(sentences):
        ctx = _context(n, sentences, own, paragraphs[sentence.paragraph])
        found = (_decide_one(lx.topic, sentence, own[n], ctx) for lx in lexicons)
        matches = tuple(
            m for m in found if m is not None and (scoped[m.topic] is None or sentence.paragraph in scoped[m.topic])
        )
        result.append(
            SentenceTopics(
                index=sentence.index,
                text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                topics=tuple(m.topic for m in matches),
                matches=matches,
            )
        )
    return tuple(result)
