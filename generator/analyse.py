"""Article -> Analysis: sentences, tokens with lemmas, POS, syntax and named
spans. The natasha adapter: the only module that runs its models.

The title is sentence 0 on its own (razdel would glue a title with no final
period onto the first sentence). Paragraphs are the body's lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from razdel import sentenize, tokenize

from .morph import lemmatize
from .records import Analysis, Article, NamedSpan, Sentence, Token


@dataclass(frozen=True)
class Models:
    morph: object
    syntax: object
    ner: object


@cache
def models() -> Models:
    """natasha's news models, built once per process (≈ 1.5 s). They ship inside
    the wheels: nothing is downloaded."""
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    embedding = NewsEmbedding()
    return Models(NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding))


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
            if sent.text.strip():
                spans.append(_Span(para.start + sent.start, para.start + sent.stop, para.paragraph))
    return spans


def analyse(article: Article, syntax: bool = True, ner: bool = True) -> Analysis:
    text = article.text
    spans = _sentence_spans(article)
    words = [[(t.start, t.stop, t.text) for t in tokenize(text[s.start : s.end])] for s in spans]
    m = models()
    chunks = [[w[2] for w in ws] for ws in words]
    morph = list(m.morph.map(chunks)) if chunks else []
    parses = list(m.syntax.map(chunks)) if syntax and chunks else [None] * len(chunks)
    sentences = []
    for index, (span, ws, tagged, parsed) in enumerate(zip(spans, words, morph, parses, strict=True)):
        tokens = []
        for i, ((start, stop, word), mt) in enumerate(zip(ws, tagged.tokens, strict=True)):
            feats = tuple(sorted(mt.feats.items()))
            head, rel = -1, ""
            if parsed is not None:
                st = parsed.tokens[i]
                head = int(st.head_id) - 1 if st.head_id not in (None, "0") else -1
                rel = st.rel or ""
            tokens.append(
                Token(
                    text=word,
                    start=span.start + start,
                    end=span.start + stop,
                    lemma=lemmatize(word, mt.pos, feats),
                    pos=mt.pos,
                    feats=feats,
                    head=head,
                    rel=rel,
                )
            )
        sentences.append(
            Sentence(index, text[span.start : span.end], span.start, span.end, tuple(tokens), span.paragraph)
        )
    named = _named_spans(text, sentences) if ner else ()
    return Analysis(article, tuple(sentences), named)


def _named_spans(text: str, sentences: list[Sentence]) -> tuple[NamedSpan, ...]:
    """NER runs per sentence so that a span never crosses a sentence boundary."""
    tagger = models().ner
    found: list[NamedSpan] = []
    items = [s.text for s in sentences]
    for sentence, markup in zip(sentences, tagger.map(items), strict=True):
        for span in markup.spans:
            start, end = sentence.start + span.start, sentence.start + span.stop
            found.append(NamedSpan(span.type, start, end, text[start:end], text[start:end], sentence.index))
    return tuple(found)
