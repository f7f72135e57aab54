"""Article -> Analysis: sentences, tokens with lemmas, POS, syntax and named
spans. The natasha adapter: the only module that runs its models.

The title is sentence 0 on its own (razdel would glue a title with no final
period onto the first sentence). Paragraphs are the body's lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import NamedTuple

from razdel import sentenize, tokenize
from slovnet.bio import bio_spans
from threadpoolctl import threadpool_limits

from .morph import lemmatize
from .records import Analysis, Article, NamedSpan, Sentence, Token


@dataclass(frozen=True)
class Models:
    morph: object
    syntax: object
    ner: object


@cache
def embedding():
    """natasha's navec news vectors, loaded once per process (≈ 0.5 s) and shared
    by the taggers and by topics/entities. They ship inside the wheel."""
    from natasha import NewsEmbedding

    return NewsEmbedding()


@cache
def models() -> Models:
    """natasha's news models, built once per process (≈ 1.5 s). They ship inside
    the wheels: nothing is downloaded."""
    from natasha import NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    vectors = embedding()
    return Models(NewsMorphTagger(vectors), NewsSyntaxParser(vectors), NewsNERTagger(vectors))


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    paragraph: int


def _paragraphs(article: Article) -> Iterator[_Span]:
    if article.title:
        yield _Span(0, len(article.title), 0)
    offset = article.body_offset
    number = 0
    for match in re.finditer(r"[^\n]+", article.body):
        if match.group().strip():
            number += 1
            yield _Span(offset + match.start(), offset + match.end(), number)


def _sentence_spans(article: Article) -> list[_Span]:
    text = article.text
    spans: list[_Span] = []
    for para in _paragraphs(article):
        if para.paragraph == 0:
            spans.append(para)
            continue
        for sent in sentenize(text[para.start : para.end]):
            if not sent.text.strip():
                continue
            span = _Span(para.start + sent.start, para.start + sent.stop, para.paragraph)
            if spans and spans[-1].paragraph == span.paragraph and _runs_on(text, spans[-1], span):
                span = _Span(spans.pop().start, span.end, span.paragraph)
            spans.append(span)
    return spans


# razdel ends a sentence at a scale abbreviation before an acronym or a
# lowercase word («240 тыс. TEU», «5 млн. долларов»): that is one sentence.
_ENDS_IN_SCALE = re.compile(r"\b(?:тыс|млн|млрд|трлн)\.$")
_CONTINUES = re.compile(r"^(?:[A-ZА-ЯЁ]{2,}(?![a-zа-яё])|[a-zа-яё])")


def _runs_on(text: str, previous: _Span, current: _Span) -> bool:
    return bool(
        _ENDS_IN_SCALE.search(text[previous.start : previous.end])
        and _CONTINUES.match(text[current.start : current.end])
    )


# A word's lemma depends only on the word and its tags: the same few thousand
# (word, POS, features) triples recur across a corpus, so pymorphy3 runs once each.
_lemma = lru_cache(maxsize=200_000)(lemmatize)


def by_length(run: Callable[[list], Iterator], items: Sequence) -> list:
    """run(items) in order, but fed shortest first: slovnet pads each batch of
    8 to its longest item, so batches of like lengths waste far less work.
    Only the items of one article are batched together, so an article's
    analysis never depends on which other articles ran with it."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i]), i))
    results: list = [None] * len(items)
    for i, result in zip(order, run([items[i] for i in order]), strict=True):
        results[i] = result
    return results


def analyse(article: Article, syntax: bool = True, ner: bool = True) -> Analysis:
    """syntax=False: every token gets head -1 and no relation; with_syntax
    parses chosen sentences later (extract parses only those with a figure)."""
    # slovnet multiplies small matrices: OpenBLAS threads only fight each other
    # (and the other worker processes) over them, ≈ 6× slower on a busy 2-core
    # machine. Parallelism comes from worker processes instead (parallel.py).
    with threadpool_limits(limits=1, user_api="blas"):
        return _analyse(article, syntax, ner)


def _analyse(article: Article, syntax: bool, ner: bool) -> Analysis:
    text = article.text
    spans = _sentence_spans(article)
    words = [[(t.start, t.stop, t.text) for t in tokenize(text[s.start : s.end])] for s in spans]
    chunks = [[w[2] for w in ws] for ws in words]
    morph = by_length(morph_tags, chunks)
    sentences = []
    for index, (span, ws, tagged) in enumerate(zip(spans, words, morph, strict=True)):
        tokens = tuple(
            Token(
                text=word,
                start=span.start + start,
                end=span.start + stop,
                lemma=_lemma(word, pos, feats),
                pos=pos,
                feats=feats,
            )
            for (start, stop, word), (pos, feats) in zip(ws, tagged, strict=True)
        )
        sentences.append(Sentence(index, text[span.start : span.end], span.start, span.end, tokens, span.paragraph))
    named = _named_spans(text, sentences, chunks) if ner else ()
    analysis = Analysis(article, tuple(sentences), named)
    if not syntax:
        return analysis
    return _with_syntax(analysis, list(range(len(sentences))))


def with_syntax(analysis: Analysis, wanted: Iterable[int]) -> Analysis:
    """The analysis with the syntax of the sentences at these positions parsed
    (head and relation of each token); the others stay as they were."""
    with threadpool_limits(limits=1, user_api="blas"):
        return _with_syntax(analysis, sorted(set(wanted)))


def _with_syntax(analysis: Analysis, wanted: list[int]) -> Analysis:
    sentences = list(analysis.sentences)
    chunks = [[t.text for t in sentences[i].tokens] for i in wanted]
    for i, parsed in zip(wanted, by_length(models().syntax.map, chunks), strict=True):
        tokens = tuple(
            replace(token, head=_head(st.head_id), rel=st.rel or "")
            for token, st in zip(sentences[i].tokens, parsed.tokens, strict=True)
        )
        sentences[i] = replace(sentences[i], tokens=tokens)
    return replace(analysis, sentences=tuple(sentences))


def _head(head_id: str | None) -> int:
    """slovnet's 1-based head id («0»: the root) as a token index, -1 for the root."""
    return int(head_id) - 1 if head_id not in (None, "0") else -1


Tag = tuple[str, tuple[tuple[str, str], ...]]  # POS, sorted (feature, value) pairs


@cache
def _morph_tag_table() -> tuple[Tag, ...]:
    """The morph model's tags by id, parsed once: «NOUN|Animacy=Inan|Case=Nom»
    -> ("NOUN", (("Animacy", "Inan"), ("Case", "Nom"))). slovnet parses the tag
    string of every token into a dict and a record (a third of its morph time)."""
    tags = models().morph.infer.decoder.tags_vocab.items
    return tuple(_parse_tag(tag) for tag in tags)


def _parse_tag(tag: str) -> Tag:
    pos, _, feats = tag.partition("|")
    pairs = (feature.partition("=") for feature in feats.split("|") if feature)
    return pos, tuple(sorted((name, value) for name, _, value in pairs))


def morph_tags(chunks: list[list[str]]) -> Iterator[list[Tag]]:
    """(POS, features) of each word of tokenized sentences: slovnet's morph
    model, its tag ids read through the table above."""
    infer = models().morph.infer
    table = _morph_tag_table()
    for ids in infer.process(infer.encoder(chunks)):
        yield [table[i] for i in ids.tolist()]


class _Bounds(NamedTuple):
    start: int
    stop: int


def ner_tags(chunks: list[list[str]]) -> Iterator[list[str]]:
    """BIO tags of tokenized sentences. natasha's NER tagger takes raw text and
    runs razdel on it again; the words are the same as ours (razdel on the same
    sentence), so its model is fed ours: same tags, one tokenization fewer."""
    infer = models().ner.infer
    return infer.decoder(infer.process(infer.encoder(chunks)))


def _named_spans(text: str, sentences: list[Sentence], chunks: list[list[str]]) -> tuple[NamedSpan, ...]:
    """NER runs per sentence so that a span never crosses a sentence boundary."""
    found: list[NamedSpan] = []
    for sentence, tags in zip(sentences, by_length(ner_tags, chunks), strict=True):
        bounds = [_Bounds(t.start, t.end) for t in sentence.tokens]  # what bio_spans reads of a token
        for span in bio_spans(bounds, tags):
            start, end = span.start, span.stop
            found.append(NamedSpan(span.type, start, end, text[start:end], text[start:end], sentence.index))
    return tuple(found)
