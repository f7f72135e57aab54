"""The natasha models analyse() loads run slovnet's arithmetic faster
(analyse.ChannelsLastEncoder, NavecLookup, WordMemoEncoder, viterbi): their
outputs must be natasha's own, bit for bit, on real Russian sentences.
WordKeyedModel groups the first convolution's sums differently: its scores
are slovnet's to float32 rounding, and its tags are natasha's."""

from types import SimpleNamespace

import numpy as np
import pytest
from razdel import tokenize
from slovnet.exec.model import CRF, Weight
from threadpoolctl import threadpool_info, threadpool_limits

from generator import analyse
from generator.records import Article
from tests.news_ru import ARTICLES

SENTENCES = [
    [token.text for token in tokenize(sentence)]
    for text in [
        *ARTICLES.values(),
        "Президент Казахстана Касым-Жомарт Токаев прибыл в Баку на XII саммит ОТГ.",
        "«Қазақстан темір жолы» и Азербайджанские железные дороги подписали соглашение в Ташкенте.",
        "По данным Бюро национальной статистики, товарооборот с Турцией вырос на 12,5%.",
        "Ёлка",
        "В 2024 году — 3,5 млн т; в 2025-м, по оценкам АО «НК «ҚТЖ», — 4,2 млн т!",
    ]
    for sentence in text.replace("\n", " ").split(". ")
]


@pytest.fixture(scope="module")
def natasha_models():
    """natasha's taggers as natasha builds them, beside the ones analyse uses."""
    from natasha import NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    vectors = analyse.embedding()
    return {"morph": NewsMorphTagger(vectors), "ner": NewsNERTagger(vectors), "syntax": NewsSyntaxParser(vectors)}


def test_the_sentences_are_a_real_mix():
    lengths = sorted(len(words) for words in SENTENCES)
    assert len(SENTENCES) >= 15 and lengths[0] == 1 and lengths[-1] >= 25


@pytest.mark.parametrize("name", ["morph", "ner", "syntax"])
def test_loaded_models_score_exactly_as_natasha_does(natasha_models, name):
    ours, theirs = getattr(analyse.models(), name).infer, natasha_models[name].infer
    assert isinstance(ours.model.encoder, analyse.ChannelsLastEncoder)
    batches = 0
    for mine, natashas in zip(ours.encoder(SENTENCES), theirs.encoder(SENTENCES), strict=True):
        for field in ("word_id", "shape_id", "pad_mask"):
            assert np.array_equal(getattr(mine, field), getattr(natashas, field))
        got = ours.model(mine.word_id, mine.shape_id, mine.pad_mask)
        expected = theirs.model(natashas.word_id, natashas.shape_id, natashas.pad_mask)
        if name == "syntax":
            assert np.array_equal(got.head_id, expected.head_id) and np.array_equal(got.rel_id, expected.rel_id)
        else:
            assert got.dtype == expected.dtype and np.array_equal(got, expected)
        batches += 1
    assert batches >= 2  # several batches, of several lengths each (padding)


def test_ner_tags_are_natashas(natasha_models):
    infer = natasha_models["ner"].infer
    expected = list(infer.decoder(infer.process(infer.encoder(SENTENCES))))
    assert list(analyse.ner_tags(SENTENCES)) == expected
    assert any(tag != "O" for tags in expected for tag in tags)


def test_morph_tags_are_natashas(natasha_models):
    tagger = natasha_models["morph"]
    expected = [
        [(token.pos, tuple(sorted(token.feats.items()))) for token in markup.tokens] for markup in tagger.map(SENTENCES)
    ]
    assert list(analyse.morph_tags(SENTENCES)) == expected


def test_morphology_and_ner_in_one_pass_tag_as_natasha_does(natasha_models):
    """tags_and_names runs both models batch by batch on one encoding and one
    gathering of the vectors (the models share them): natasha's tags and names."""
    models = analyse.models()
    assert models.ner.infer.encoder is models.morph.infer.encoder
    assert models.ner.infer.model.emb.word is models.morph.infer.model.emb.word is models.syntax.infer.model.emb.word
    tagger, infer = natasha_models["morph"], natasha_models["ner"].infer
    tags = [[(t.pos, tuple(sorted(t.feats.items()))) for t in markup.tokens] for markup in tagger.map(SENTENCES)]
    names = list(infer.decoder(infer.process(infer.encoder(SENTENCES))))
    assert list(analyse.tags_and_names(SENTENCES)) == list(zip(tags, names, strict=True))


@pytest.mark.parametrize("name", ["morph", "ner"])
def test_word_keyed_models_score_as_natasha_within_float_rounding(natasha_models, name):
    theirs = natasha_models[name].infer
    keyed = getattr(analyse.keyed_models(), name)
    batches = list(theirs.encoder(SENTENCES))
    words = analyse.ArticleWords.of(batches)
    projected = keyed.project(theirs.model.emb.word(words.word_ids), words.shape_ids)
    for batch, where in zip(batches, words.where, strict=True):
        got = keyed(projected, where, batch.pad_mask)
        expected = theirs.model(batch.word_id, batch.shape_id, batch.pad_mask)
        real = ~batch.pad_mask
        assert got.dtype == expected.dtype and got.shape == expected.shape
        assert np.allclose(got[real], expected[real], rtol=1e-4, atol=1e-4)
        assert np.array_equal(got[real].argmax(-1), expected[real].argmax(-1))


def test_syntax_links_are_natashas(natasha_models):
    expected = [
        [(int(token.head_id), token.rel) for token in markup.tokens]
        for markup in natasha_models["syntax"].map(SENTENCES)
    ]
    assert list(analyse.syntax_links(SENTENCES)) == expected
    assert any(head == 0 for links in expected for head, _ in links)  # roots, and
    assert len({rel for links in expected for _, rel in links}) > 10  # many relations


def test_article_words_are_each_batchs_words_once_each(natasha_models):
    batches = list(natasha_models["morph"].infer.encoder(SENTENCES))
    words = analyse.ArticleWords.of(batches)
    pairs = list(zip(words.word_ids.tolist(), words.shape_ids.tolist(), strict=True))
    assert pairs == sorted(set(pairs))  # distinct, in their own order: nothing depends on the batches' order
    assert len(pairs) < sum(batch.word_id.size for batch in batches)  # sentences share words
    for batch, where in zip(batches, words.where, strict=True):
        assert np.array_equal(words.word_ids[where], batch.word_id)
        assert np.array_equal(words.shape_ids[where], batch.shape_id)
    assert analyse.ArticleWords.of([]).where == ()


def test_one_pass_falls_back_to_two_when_the_models_encode_words_differently(monkeypatch):
    models = analyse.models()
    expected = list(analyse.tags_and_names(SENTENCES))
    monkeypatch.setattr(models.ner.infer, "encoder", analyse.WordMemoEncoder(models.ner.infer.encoder.encoder))
    assert list(analyse.tags_and_names(SENTENCES)) == expected


def test_a_lookup_serves_only_the_very_table_it_gathers_from():
    lookup = analyse.models().morph.infer.model.emb.word

    def table(indexes, codes):
        return SimpleNamespace(indexes=SimpleNamespace(array=indexes), codes=SimpleNamespace(array=codes))

    assert lookup.reads(table(lookup.indexes, lookup.codes))
    assert not lookup.reads(table(lookup.indexes.copy(), lookup.codes))  # equal, but another table
    assert not lookup.reads(table(lookup.indexes, lookup.codes.copy()))


@pytest.mark.parametrize("seed", range(40))
def test_viterbi_decodes_as_slovnets_crf(seed):
    rng = np.random.default_rng(seed)
    sentences, words, tags = int(rng.integers(1, 9)), int(rng.integers(1, 40)), int(rng.integers(2, 12))
    emissions = rng.standard_normal((sentences, words, tags)).astype(np.float32)
    lengths = rng.integers(1, words + 1, size=sentences)
    lengths[0] = words  # a batch is padded to its longest sentence
    mask = np.arange(words)[None, :] < lengths[:, None]
    transitions = rng.standard_normal((tags, tags)).astype(np.float32)
    crf = CRF(Weight((tags, tags), "float32", transitions))
    expected = [path.tolist() for path in crf.decode(emissions, mask)]
    got = analyse.viterbi(emissions, mask, transitions)
    assert got == expected
    assert [len(path) for path in got] == lengths.tolist()


def test_navec_lookup_gathers_natashas_vectors(natasha_models):
    navec = natasha_models["ner"].infer.model.emb.word
    word_id = np.array([[0, 1, 2, 250_001], [17, 17, 9_999, 123_456]])
    assert np.array_equal(analyse.NavecLookup(navec)(word_id), navec(word_id))


def test_the_embedding_looks_words_up_as_natashas_does():
    from natasha import NewsEmbedding

    ours, theirs = analyse.embedding(), NewsEmbedding()
    assert ours.vocab.words == theirs.vocab.words
    assert np.array_equal(ours.pq.indexes, theirs.pq.indexes) and np.array_equal(ours.pq.codes, theirs.pq.codes)
    for word in ("президент", "казахстан", "средний", "коридор", "ёлка", "<unk>"):
        assert (word in ours) == (word in theirs)
        if word in theirs:
            assert np.array_equal(ours[word], theirs[word])
    with pytest.raises(NotImplementedError, match="lookups only"):
        ours.sim("президент", "казахстан")


def test_word_memo_encodes_as_slovnet_even_after_it_starts_over(natasha_models, monkeypatch):
    encoder = natasha_models["morph"].infer.encoder
    memo = analyse.WordMemoEncoder(encoder)
    monkeypatch.setattr(memo, "LIMIT", 12)  # forget every few sentences
    for mine, natashas in zip(memo(SENTENCES + SENTENCES), encoder(SENTENCES + SENTENCES), strict=True):
        assert np.array_equal(mine.word_id, natashas.word_id) and np.array_equal(mine.shape_id, natashas.shape_id)
    assert 0 < len(memo.ids) <= 12 + max(len(words) for words in SENTENCES)


def blas_threads() -> int:
    return max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")


def test_the_models_run_on_one_blas_thread_and_give_the_threads_back(monkeypatch):
    seen = []
    real_analyse, real_with_syntax = analyse._analyse, analyse._with_syntax

    def analysed(*args):
        seen.append(blas_threads())
        return real_analyse(*args)

    def parsed(*args):
        seen.append(blas_threads())
        return real_with_syntax(*args)

    monkeypatch.setattr(analyse, "_analyse", analysed)
    monkeypatch.setattr(analyse, "_with_syntax", parsed)
    article = Article(id="t", path="t.txt", title="", body="Товарооборот вырос на 12,4% за первый квартал.")
    with threadpool_limits(limits=2, user_api="blas"):
        result = analyse.with_syntax(analyse.analyse(article, syntax=False), [0])
        assert blas_threads() == 2
    assert seen == [1, 1]
    assert result.sentences[0].tokens[0].rel


@pytest.mark.parametrize(
    ("sentences", "words", "kernel", "padding"),
    [(8, 24, 3, 1), (3, 1, 3, 1), (2, 2, 3, 1), (4, 5, 5, 2), (1, 2, 7, 3), (2, 6, 3, 0)],
)
def test_conv_windows_are_the_padded_sliding_windows(sentences, words, kernel, padding):
    rng = np.random.default_rng(words * 10 + kernel)
    input = rng.standard_normal((sentences, words, 4), dtype=np.float32)
    padded = np.pad(input, ((0, 0), (padding, padding), (0, 0)))
    count = words + 2 * padding - kernel + 1  # words the convolution outputs
    expected = np.stack([padded[:, i : i + kernel].transpose(0, 2, 1) for i in range(count)], axis=1)
    assert np.array_equal(analyse.conv_windows(input, kernel, padding)[:, :count], expected)
