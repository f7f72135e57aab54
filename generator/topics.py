"""Topic assignment per sentence, multi-label, with the reason for each.

Lexicon terms from the config are lemmatized once; a sentence matches a term
when the term's lemmas occur in it as a contiguous run (ё = е, any case).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from razdel import tokenize

from .config import Topic
from .morph import fold, lemmatize
from .records import Analysis, SentenceTopics, TopicMatch


@dataclass(frozen=True)
class Lexicon:
    topic: str
    terms: tuple[tuple[str, tuple[str, ...]], ...]  # (term as written, folded lemma sequence)


@lru_cache(maxsize=4096)
def term_lemmas(term: str) -> tuple[str, ...]:
    words = [t.text for t in tokenize(term) if any(ch.isalnum() for ch in t.text)]
    return tuple(fold(lemmatize(w)) for w in words)


def build_lexicons(topics: tuple[Topic, ...]) -> tuple[Lexicon, ...]:
    return tuple(Lexicon(t.id, tuple((term, term_lemmas(term)) for term in t.terms)) for t in topics)


def _contains(seq: tuple[str, ...], run: tuple[str, ...]) -> bool:
    n = len(run)
    return n > 0 and any(seq[i : i + n] == run for i in range(len(seq) - n + 1))


def assign_topics(analysis: Analysis, lexicons: tuple[Lexicon, ...]) -> tuple[SentenceTopics, ...]:
    result = []
    for sentence in analysis.sentences:
        lemmas = tuple(fold(t.lemma) for t in sentence.tokens)
        words = tuple(fold(t.text) for t in sentence.tokens)
        matches = []
        for lexicon in lexicons:
            hits = tuple(term for term, run in lexicon.terms if _contains(lemmas, run) or _contains(words, run))
            if hits:
                matches.append(TopicMatch(lexicon.topic, hits, float(len(hits))))
        result.append(
            SentenceTopics(
                index=sentence.index,
                text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                topics=tuple(m.topic for m in matches),
                matches=tuple(matches),
            )
        )
    return tuple(result)
