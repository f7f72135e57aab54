"""Keywords: YAKE scores, Russian noun phrases are the candidates.

The only module that imports yake. YAKE 0.7.3 reads snake_case options only
and returns numpy floats (lower is better): both are handled here, so what
leaves this module is plain Python with higher-is-better scores.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yake

from .morph import fold
from .phrases import is_acronym, nominative, noun_phrases, phrase_key
from .records import Analysis, Keyword, Sentence, Token


@dataclass(frozen=True)
class YakeOptions:
    """The YAKE options we set. Every one is a name YAKE 0.7.3 really reads."""

    n: int = 3
    dedup_lim: float = 0.9
    window_size: int = 1
    top: int = 200


@cache
def stopwords() -> frozenset[str]:
    text = resources.files("generator.data").joinpath("stopwords_ru.txt").read_text("utf-8")
    words = {fold(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(words)


def yake_scores(text: str, options: YakeOptions = YakeOptions()) -> dict[str, float]:
    """Folded phrase -> YAKE score (lower is better), as plain floats."""
    extractor = yake.KeywordExtractor(
        lan="ru",
        n=options.n,
        dedup_lim=options.dedup_lim,
        window_size=options.window_size,
        top=options.top,
        stopwords=set(stopwords()),
    )
    return {fold(phrase): float(score) for phrase, score in extractor.extract_keywords(text)}


def _yake_input(sentences: tuple[Sentence, ...]) -> str:
    # One sentence per line, each closed by a period, so YAKE's own splitter
    # cannot join a title with the first sentence.
    lines = []
    for sentence in sentences:
        text = sentence.text.strip()
        lines.append(text if text.endswith((".", "!", "?", "…")) else text + ".")
    return "\n".join(lines)


@dataclass
class _Candidate:
    key: str
    forms: dict[str, int]
    sentences: set[int]
    tokens: tuple[Token, ...]
    count: int = 0


def _candidates(sentences: tuple[Sentence, ...]) -> dict[str, _Candidate]:
    found: dict[str, _Candidate] = {}
    stop = stopwords()
    for sentence in sentences:
        tokens = sentence.tokens
        for start, end in noun_phrases(tokens, max_words=3):
            span = tokens[start:end]
            if any(fold(t.lemma) in stop for t in span if not is_acronym(t.text)):
                continue
            if not any(len(t.text) > 2 or is_acronym(t.text) for t in span):
                continue
            key = phrase_key(span)
            cand = found.setdefault(key, _Candidate(key, {}, set(), span))
            cand.count += 1
            cand.sentences.add(sentence.index)
            surface = " ".join(t.text for t in span)
            cand.forms[surface] = cand.forms.get(surface, 0) + 1
    return found


def extract_keywords(analysis: Analysis, top: int = 10, options: YakeOptions = YakeOptions()) -> tuple[Keyword, ...]:
    return keywords_for(analysis.sentences, top, options)


def keywords_for(
    sentences: tuple[Sentence, ...], top: int = 10, options: YakeOptions = YakeOptions()
) -> tuple[Keyword, ...]:
    if not sentences:
        return ()
    scores = yake_scores(_yake_input(sentences), options)
    candidates = _candidates(sentences)
    # YAKE scores surface n-grams; a lemma key takes the best score of its forms.
    best: dict[str, float] = defaultdict(lambda: float("inf"))
    for cand in candidates.values():
        for form in cand.forms:
            score = scores.get(fold(form))
            if score is not None:
                best[cand.key] = min(best[cand.key], score)
    ranked = sorted(best.items(), key=lambda kv: (kv[1], kv[0]))
    result = []
    for key, score in ranked[:top]:
        cand = candidates[key]
        result.append(
            Keyword(
                term=nominative(cand.tokens),
                score=round(1.0 / (1.0 + score), 6),
                key=key,
                sentences=tuple(sorted(cand.sentences)),
            )
        )
    return tuple(result)
