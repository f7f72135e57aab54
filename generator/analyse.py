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

import numpy as np
from navec.pq import PQ
from razdel import sentenize
from razdel.segmenters.punct import DASHES
from razdel.segmenters.tokenize import ATOM, PUNCTS, Atom, TokenSegmenter, TokenSplit
from slovnet.bio import bio_spans
from slovnet.exec.infer import split_masked
from threadpoolctl import ThreadpoolController

from .morph import lemmatize
from .records import Analysis, Article, NamedSpan, Sentence, WordType, analysed_token, linked_token


@dataclass(frozen=True)
class Models:
    morph: object
    syntax: object
    ner: object


@cache
def embedding():
    """natasha's navec news vectors (the file natasha's NewsEmbedding reads,
    inside the wheel), loaded once per process and shared by the taggers and
    by topics/entities. Loaded as navec loads them, but for lookups only
    (LookupPQ): ≈ 0.2 s instead of ≈ 1 s."""
    from natasha.data import NEWS_EMBEDDING
    from navec import Navec
    from navec.meta import Meta
    from navec.navec import META, PQ_, VOCAB
    from navec.tar import Tar
    from navec.vocab import Vocab

    with Tar(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.load(META))
        Meta.check_protocol(meta.protocol)
        vocab = Vocab.from_file(tar.load(VOCAB))
        return Navec(meta, vocab, LookupPQ.from_file(tar.load(PQ_)))


class LookupPQ(PQ):
    """navec's product-quantized vectors without the tables PQ precomputes
    for Navec.sim (every vector's norm and the centroids' products: 0.9 s and
    a 200 MB peak on loading, 26 MB kept). Nothing here asks for a
    similarity; a vector is looked up as PQ looks it up."""

    def precompute(self) -> None:
        self.qdims = np.arange(self.qdim)  # what __getitem__ reads

    def sim(self, a, b):
        raise NotImplementedError("these navec vectors are loaded for lookups only (analyse.LookupPQ)")


@cache
def models() -> Models:
    """natasha's news models, built once per process (≈ 0.6 s with the
    embedding). They ship inside the wheels: nothing is downloaded."""
    from natasha import NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    vectors = embedding()
    found = Models(NewsMorphTagger(vectors), NewsSyntaxParser(vectors), NewsNERTagger(vectors))
    # The three models read natasha's one navec: one lookup serves them all, and
    # an article's words' vectors are gathered once for morphology and NER (tags_and_names)
    lookup = NavecLookup(found.morph.infer.model.emb.word)
    for tagger in (found.morph, found.syntax, found.ner):
        # our loaded copies run the same arithmetic faster (see below); natasha's classes are untouched
        tagger.infer.model.encoder = ChannelsLastEncoder(tagger.infer.model.encoder)
        navec = tagger.infer.model.emb.word
        tagger.infer.model.emb.word = lookup if lookup.reads(navec) else NavecLookup(navec)
        tagger.infer.encoder = WordMemoEncoder(tagger.infer.encoder)
    if found.ner.infer.encoder.encodes_like(found.morph.infer.encoder):
        found.ner.infer.encoder = found.morph.infer.encoder  # the same words' ids, remembered once
    return found


class ChannelsLastEncoder:
    """slovnet's CNN encoder (convolution, ReLU, batch norm, padding zeroed;
    three layers) computed on sentences × words × channels. slovnet computes it
    channels-first and transposes and copies the activations around each step;
    this does the same float32 operations in the same order on contiguous
    arrays, so its output is bit-for-bit slovnet's (a test holds it) in about
    half the time."""

    def __init__(self, encoder) -> None:
        self.layers = tuple(_ConvLayer(layer) for layer in encoder.layers)

    def __call__(self, input: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            input = layer(input, pad_mask)
        return input


class _ConvLayer:
    def __init__(self, layer) -> None:
        conv, norm = layer.conv, layer.norm
        filters, channels, self.kernel = conv.weight.shape
        self.padding = conv.padding
        # slovnet's matmul operands: windows (channel-major, then kernel offset) × this transposed view
        self.weight = conv.weight.array.reshape(filters, channels * self.kernel).T
        self.bias = conv.bias.array
        self.mean, self.std = norm.mean.array, norm.std.array
        self.scale, self.shift = norm.weight.array, norm.bias.array

    def __call__(self, input: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        batch, length, channels = input.shape
        windows = conv_windows(input, self.kernel, self.padding)
        output = np.matmul(windows.reshape(batch * length, channels * self.kernel), self.weight)
        return self.activated(output.reshape(batch, length, -1), pad_mask)

    def activated(self, output: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """The convolution's output through bias, ReLU and batch norm, padding zeroed."""
        # in place, step by step as slovnet rounds them: (relu(x + b) - mean) / std * scale + shift
        output += self.bias
        output.clip(0, None, out=output)
        output -= self.mean
        output /= self.std
        output *= self.scale
        output += self.shift
        output[pad_mask] = 0
        return output


def conv_windows(input: np.ndarray, kernel: int, padding: int) -> np.ndarray:
    """Each word's window (sentences × words × channels × kernel offsets), zero
    past the sentence's ends, as a convolution with this padding reads it.
    Copied one offset at a time from contiguous rows: ≈ 6× faster than copying
    a strided view of a padded copy, and the same numbers."""
    batch, length, channels = input.shape
    windows = np.empty((batch, length, channels, kernel), dtype=input.dtype)
    for offset in range(kernel):
        shift = offset - padding  # this offset reads the word `shift` places on
        first = min(length, max(0, -shift))
        last = max(first, min(length, length - shift))
        windows[:, first:last, :, offset] = input[:, first + shift : last + shift]
        windows[:, :first, :, offset] = 0
        windows[:, last:, :, offset] = 0
    return windows


class NavecLookup:
    """slovnet's navec embedding (product-quantized: a word's vector is 100
    chunks, each one of 256 centroids), gathered with one np.take from the
    flattened codebooks instead of two-dimensional fancy indexing: the same
    floats, ≈ 4× faster."""

    def __init__(self, navec) -> None:
        self.indexes = navec.indexes.array
        chunks, centroids, width = navec.codes.array.shape
        self.codes = navec.codes.array.reshape(chunks * centroids, width)
        self.offsets = np.arange(chunks) * centroids
        self.dim = chunks * width

    def reads(self, navec) -> bool:
        """Whether navec is the very table this lookup gathers from (the same memory, shape and layout)."""
        return _same_array(navec.indexes.array, self.indexes) and _same_array(
            navec.codes.array.reshape(self.codes.shape), self.codes
        )

    def __call__(self, word_id: np.ndarray) -> np.ndarray:
        rows = self.indexes[word_id.ravel()].astype(np.intp) + self.offsets
        return self.codes.take(rows, axis=0).reshape(*word_id.shape, self.dim)


def _same_array(a: np.ndarray, b: np.ndarray) -> bool:
    return a.__array_interface__ == b.__array_interface__


class WordMemoEncoder:
    """slovnet's word+shape encoder with each word's ids remembered: the
    morphology, NER and syntax models each encode every word, and news repeats
    its words (slovnet computes a word's shape character by character)."""

    LIMIT = 100_000  # words remembered per model (≈ 20 MB); then it starts over

    def __init__(self, encoder) -> None:
        self.encoder = encoder
        self.batch_size = encoder.batch_size
        self.ids: dict[str, tuple[int, int]] = {}

    def encodes_like(self, other: WordMemoEncoder) -> bool:
        """Both give every word the same ids in batches of the same size (the
        same class, word and shape vocabularies: natasha's morphology and NER)."""
        mine, theirs = self.encoder, other.encoder
        return (
            type(mine) is type(theirs)
            and self.batch_size == other.batch_size
            and mine.words_vocab.items == theirs.words_vocab.items
            and mine.shapes_vocab.items == theirs.shapes_vocab.items
        )

    def item(self, words: list[str]) -> tuple[list[int], list[int]]:
        ids = self.ids
        missing = [word for word in words if word not in ids]
        if missing:
            if len(ids) + len(missing) > self.LIMIT:
                ids.clear()
                missing = words
            for word, word_id, shape_id in zip(missing, *self.encoder.item(missing), strict=True):
                ids[word] = (word_id, shape_id)
        pairs = [ids[word] for word in words]
        return [pair[0] for pair in pairs], [pair[1] for pair in pairs]

    def __call__(self, items: Iterable[list[str]]) -> Iterator:
        batch: list = []
        for words in items:
            batch.append(self.item(words))
            if len(batch) >= self.batch_size:
                yield self.encoder.input(batch)
                batch = []
        if batch:
            yield self.encoder.input(batch)


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


def sentence_words(text: str) -> list[tuple[int, int, str]]:
    """(start, stop, text) of each of razdel's tokens, as razdel.tokenize
    finds them. razdel cuts the text into atoms (a run of letters or digits,
    one punctuation mark) and asks its rules whether each two neighbours make
    one token; but its rules join two atoms only when nothing stands between
    them, and they never join a word to most punctuation marks that touch it
    (_plainly_apart). Only the other pairs are put to razdel's rules, as razdel
    puts them: the same tokens, ≈ 2.5× faster. tests/test_sentences.py compares
    the two on real and on random text."""
    atoms = list(ATOM.finditer(text))
    if not atoms:
        return []
    found = []
    start, stop = atoms[0].span()
    for index in range(1, len(atoms)):
        here, end = atoms[index].span()
        if here == stop and not _plainly_apart(atoms[index - 1], atoms[index]) and _joined(text, atoms, index, start):
            stop = end
            continue
        found.append((start, stop, text[start:stop]))
        start, stop = here, end
    found.append((start, stop, text[start:stop]))
    return found


_TOKEN_RULES = TokenSegmenter()
_RULES_WINDOW = 3  # atoms each side razdel's rules see
_WORD_ATOMS = frozenset({"RU", "LAT", "INT"})
# Marks no rule joins to a word: not a dash, underscore, period, comma, slash (words, numbers
# and fractions are joined over them) or «!» («Yahoo!»)
_APART_MARKS = frozenset(PUNCTS) - frozenset(DASHES) - frozenset("_.,/\\!")


def _plainly_apart(left: re.Match, right: re.Match) -> bool:
    """Two touching atoms razdel's rules keep apart: a word and a mark from
    _APART_MARKS after or before it, and a period or comma after letters
    (only numbers join over them: «1,5»)."""
    left_type, right_type = left.lastgroup, right.lastgroup
    if left_type in _WORD_ATOMS:
        return right_type == "PUNCT" and (
            right.group() in _APART_MARKS or (left_type != "INT" and right.group() in ".,")
        )
    return left_type == "PUNCT" and right_type in _WORD_ATOMS and left.group() in _APART_MARKS


def _joined(text: str, atoms: list[re.Match], index: int, start: int) -> bool:
    """razdel's rules on the touching atoms before index and at it (the token so far starts at start)."""

    def atom(i: int) -> Atom:
        return Atom(*atoms[i].span(), atoms[i].lastgroup, atoms[i].group())

    left = [atom(i) for i in range(max(0, index - _RULES_WINDOW), index)]
    right = [atom(i) for i in range(index, min(len(atoms), index + _RULES_WINDOW))]
    split = TokenSplit(left, "", right)
    split.buffer = text[start : atoms[index].start()]
    return bool(_TOKEN_RULES.join(split))


# A word's lemma depends only on the word and its tags: the same few thousand
# (word, POS, features) triples recur across a corpus, so pymorphy3 runs once
# each, and their tokens share one record of the word (records.WordType).
@lru_cache(maxsize=200_000)
def word_type(word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> WordType:
    return WordType(word, pos, feats, lemmatize(word, pos, feats))


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
    with one_blas_thread():
        return _analyse(article, syntax, ner)


def one_blas_thread():
    """slovnet multiplies small matrices: OpenBLAS threads only fight each other
    (and the other worker processes) over them, ≈ 6× slower on a busy 2-core
    machine. Parallelism comes from worker processes instead (parallel.py)."""
    return _blas_libraries().limit(limits=1, user_api="blas")


@cache
def _blas_libraries() -> ThreadpoolController:
    # found once per process (numpy's BLAS is loaded on import, above): finding
    # them reads /proc/self/maps and costs ≈ 1 ms, twice an article
    return ThreadpoolController()


def _analyse(article: Article, syntax: bool, ner: bool) -> Analysis:
    text = article.text
    spans = _sentence_spans(article)
    words = [sentence_words(text[s.start : s.end]) for s in spans]
    chunks = [[w[2] for w in ws] for ws in words]
    if ner:
        morph, names = zip(*by_length(tags_and_names, chunks), strict=True) if chunks else ((), ())
    else:
        morph, names = by_length(morph_tags, chunks), ()
    sentences = []
    for index, (span, ws, tagged) in enumerate(zip(spans, words, morph, strict=True)):
        offset = span.start
        tokens = tuple(
            analysed_token(word, offset + start, offset + stop, word_type(word, pos, feats))
            for (start, stop, word), (pos, feats) in zip(ws, tagged, strict=True)
        )
        sentences.append(Sentence(index, text[span.start : span.end], span.start, span.end, tokens, span.paragraph))
    named = _named_spans(text, sentences, names) if ner else ()
    analysis = Analysis(article, tuple(sentences), named)
    if not syntax:
        return analysis
    return _with_syntax(analysis, list(range(len(sentences))))


def with_syntax(analysis: Analysis, wanted: Iterable[int]) -> Analysis:
    """The analysis with the syntax of the sentences at these positions parsed
    (head and relation of each token); the others stay as they were."""
    with one_blas_thread():
        return _with_syntax(analysis, sorted(set(wanted)))


def _with_syntax(analysis: Analysis, wanted: list[int]) -> Analysis:
    sentences = list(analysis.sentences)
    chunks = [[t.text for t in sentences[i].tokens] for i in wanted]
    for i, links in zip(wanted, by_length(syntax_links, chunks), strict=True):
        tokens = tuple(
            # slovnet's head is 1-based, 0 the root: a token index, -1 for the root
            linked_token(token, head - 1, rel or "")
            for token, (head, rel) in zip(sentences[i].tokens, links, strict=True)
        )
        sentences[i] = replace(sentences[i], tokens=tokens)
    return replace(analysis, sentences=tuple(sentences))


def syntax_links(chunks: list[list[str]]) -> Iterator[list[tuple[int, str | None]]]:
    """Each word's head (slovnet's 1-based position, 0: the root) and relation,
    for tokenized sentences of one article: natasha's syntax model with its first
    convolution worked out per distinct word (WordKeyedModel), as tags_and_names
    runs morphology and NER."""
    infer = models().syntax.infer
    keyed = keyed_models().syntax
    batches = list(infer.encoder(chunks))
    words = ArticleWords.of(batches)
    projected = keyed.project(infer.model.emb.word(words.word_ids), words.shape_ids)
    model, relations = infer.model, infer.decoder.rels_vocab
    for batch, where in zip(batches, words.where, strict=True):
        encoded = keyed.encoded(projected, where, batch.pad_mask)
        real = ~batch.pad_mask
        heads = model.head.decode(model.head(encoded), real)
        rels = model.rel.decode(model.rel(encoded, heads), real)
        for sentence_heads, sentence_rels in zip(split_masked(heads, real), split_masked(rels, real), strict=True):
            yield list(zip(sentence_heads.tolist(), map(relations.decode, sentence_rels.tolist()), strict=True))


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
    sentence), so its model is fed ours: same tags, one tokenization fewer.
    Decoded by viterbi() below."""
    infer = models().ner.infer
    for batch in infer.encoder(chunks):
        scores = infer.model(batch.word_id, batch.shape_id, batch.pad_mask)
        yield from infer.decoder(viterbi(scores, ~batch.pad_mask, infer.model.head.crf.transitions.array))


def tags_and_names(chunks: list[list[str]]) -> Iterator[tuple[list[Tag], list[str]]]:
    """morph_tags and ner_tags of each sentence of one article, from one
    encoding of its words. The two models read the same words' ids and navec
    vectors (models()), and their first convolution is computed once per
    distinct word of the article, not once per word (WordKeyedModel): the same
    tags in ≈ 30 % less time than with that layer computed word by word. The
    sentences are one article's: what a sentence gets never depends on another
    article (by_length)."""
    morph, ner = models().morph.infer, models().ner.infer
    if ner.encoder is not morph.encoder:  # models() found them encoding words differently
        yield from zip(morph_tags(chunks), ner_tags(chunks), strict=True)
        return
    table = _morph_tag_table()
    keyed_morph, keyed_ner, _ = keyed_models()
    batches = list(morph.encoder(chunks))
    words = ArticleWords.of(batches)
    vectors = morph.model.emb.word(words.word_ids)
    morph_first, ner_first = keyed_morph.project(vectors, words.shape_ids), keyed_ner.project(vectors, words.shape_ids)
    for batch, where in zip(batches, words.where, strict=True):
        tags = morph.model.head.decode(keyed_morph(morph_first, where, batch.pad_mask))
        names = _keyed_names(ner, keyed_ner, ner_first, where, batch.pad_mask)
        tagged = ([table[i] for i in ids.tolist()] for ids in split_masked(tags, ~batch.pad_mask))
        yield from zip(tagged, names, strict=True)


def _keyed_names(
    infer, keyed: WordKeyedModel, projected: np.ndarray, where: np.ndarray, pad_mask: np.ndarray
) -> list[list[str]]:
    # its own function: the benchmark's stage table times NER's part of tags_and_names by it
    scores = keyed(projected, where, pad_mask)
    return list(infer.decoder(viterbi(scores, ~pad_mask, infer.model.head.crf.transitions.array)))


@dataclass(frozen=True)
class ArticleWords:
    """The distinct (word id, shape id) pairs of an article's batches, in
    increasing order, and where each batch's words are among them. The order
    is the pairs' own, so the arithmetic on them depends on the article alone."""

    word_ids: np.ndarray
    shape_ids: np.ndarray
    where: tuple[np.ndarray, ...]  # each batch's sentences × words: the index of its pair

    @classmethod
    def of(cls, batches: Sequence) -> ArticleWords:
        if not batches:
            return cls(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), ())
        shapes = 1 + max(int(batch.shape_id.max()) for batch in batches)
        keys = np.concatenate([(batch.word_id.astype(np.int64) * shapes + batch.shape_id).ravel() for batch in batches])
        pairs, where = np.unique(keys, return_inverse=True)
        bounds = np.cumsum([batch.word_id.size for batch in batches])[:-1]
        parts = np.split(where.reshape(-1), bounds)
        return cls(
            pairs // shapes,
            pairs % shapes,
            tuple(part.reshape(batch.word_id.shape) for part, batch in zip(parts, batches, strict=True)),
        )


class KeyedModels(NamedTuple):
    morph: WordKeyedModel
    ner: WordKeyedModel
    syntax: WordKeyedModel


@cache
def keyed_models() -> KeyedModels:
    """The three models as tags_and_names and syntax_links run them."""
    found = models()
    return KeyedModels(*(WordKeyedModel(tagger.infer.model) for tagger in (found.morph, found.ner, found.syntax)))


class WordKeyedModel:
    """A slovnet model (embedding, three convolutions, head) whose first
    convolution is worked out per distinct word. That convolution is linear in
    its window's embeddings: a word's output is the sum over the kernel's
    offsets of each neighbour's embedding times that offset's weights. Those
    products depend on the neighbour's word alone, and an article repeats half
    of its words (punctuation, prepositions, its names), so each distinct word
    is multiplied once, by all the offsets' weights together, and each word's
    window adds up its neighbours' rows. The same model and the same tags; the
    float32 sums are grouped differently, so the scores differ from slovnet's
    in the last bits (tests/test_models.py compares them and the tags)."""

    def __init__(self, model) -> None:
        first = model.encoder.layers[0]
        self.first: _ConvLayer = first
        self.rest: tuple[_ConvLayer, ...] = model.encoder.layers[1:]
        self.head = model.head
        self.shapes: np.ndarray = model.emb.shape.weight.array
        channels = first.weight.shape[0] // first.kernel
        # rows are (channel, offset) channel-major: channels × (offset, filter) columns
        self.weight = np.ascontiguousarray(first.weight.reshape(channels, first.kernel * first.weight.shape[1]))

    def project(self, vectors: np.ndarray, shape_ids: np.ndarray) -> np.ndarray:
        """Each distinct word's embedding times every offset's weights: words × offsets × filters."""
        embedded = np.concatenate((vectors, self.shapes[shape_ids]), axis=-1)
        return np.matmul(embedded, self.weight).reshape(len(shape_ids), self.first.kernel, self.first.bias.shape[0])

    def __call__(self, projected: np.ndarray, where: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """The head's scores for a batch whose words are these rows of projected."""
        return self.head(self.encoded(projected, where, pad_mask))

    def encoded(self, projected: np.ndarray, where: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """The encoder's output for a batch whose words are these rows of projected."""
        batch, length = where.shape
        output = np.zeros((batch, length, projected.shape[-1]), dtype=projected.dtype)
        for offset in range(self.first.kernel):
            shift = offset - self.first.padding  # this offset reads the word `shift` places on
            first = min(length, max(0, -shift))
            last = max(first, min(length, length - shift))
            output[:, first:last] += projected[where[:, first + shift : last + shift], offset]
        output = self.first.activated(output, pad_mask)
        for layer in self.rest:
            output = layer(output, pad_mask)
        return output


def viterbi(emissions: np.ndarray, mask: np.ndarray, transitions: np.ndarray) -> list[list[int]]:
    """The best tag path of each sentence: slovnet's CRF.decode, with each
    step's best scores read by max() rather than gathered at the argmax through
    index grids (the same values; its per-step overhead was a sixth of NER)."""
    emissions = emissions.swapaxes(1, 0)  # words × sentences × tags
    mask = mask.swapaxes(1, 0)
    score = emissions[0]
    history = []
    for step in range(1, emissions.shape[0]):
        candidates = score[:, :, None] + transitions + emissions[step][:, None, :]  # sentences × from × to
        history.append(candidates.argmax(-2))
        score = np.where(mask[step][:, None], candidates.max(-2), score)
    paths = []
    for sentence, size in enumerate((mask.sum(0) - 1).tolist()):
        best = int(score[sentence].argmax())
        path = [best]
        for back in reversed(history[:size]):
            best = int(back[sentence][best])
            path.append(best)
        path.reverse()
        paths.append(path)
    return paths


def _named_spans(text: str, sentences: list[Sentence], names: Iterable[list[str]]) -> tuple[NamedSpan, ...]:
    """The spans of each sentence's NER tags (names): NER runs per sentence, so
    that a span never crosses a sentence boundary."""
    found: list[NamedSpan] = []
    for sentence, tags in zip(sentences, names, strict=True):
        bounds = [_Bounds(t.start, t.end) for t in sentence.tokens]  # what bio_spans reads of a token
        for span in bio_spans(bounds, tags):
            start, end = span.start, span.stop
            found.append(NamedSpan(span.type, start, end, text[start:end], text[start:end], sentence.index))
    return tuple(found)
