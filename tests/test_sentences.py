"""Sentence boundaries the pipeline relies on: the title is its own sentence,
and a scale abbreviation does not end a sentence before its unit; and the
words of a sentence are razdel's tokens (analyse.sentence_words)."""

import dataclasses
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from razdel import tokenize
from razdel.segmenters.tokenize import PUNCTS

from generator.analyse import analyse, sentence_words
from generator.phrases import word_key, word_rules
from generator.records import Article, Token, WordType, analysed_token, linked_token
from tests.news_ru import ARTICLES

ROOT = Path(__file__).resolve().parent.parent
SEEDS, DATA = ROOT / "seeds", ROOT / "tests" / "data"


def sentences(body: str, title: str = "") -> list[str]:
    return [s.text for s in analyse(Article(id="t", path="t.txt", title=title, body=body)).sentences]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Мощность хаба составила 240 тыс. TEU. Инвестиции составили 52 млн.",
            ["Мощность хаба составила 240 тыс. TEU.", "Инвестиции составили 52 млн."],
        ),
        ("Объём составил 5 млн. долларов. Проект завершен.", ["Объём составил 5 млн. долларов.", "Проект завершен."]),
        ("Инвестиции составили 52 млн. Проект завершен.", ["Инвестиции составили 52 млн.", "Проект завершен."]),
        ("Токаев прибыл в Баку. Переговоры начались.", ["Токаев прибыл в Баку.", "Переговоры начались."]),
    ],
)
def test_sentence_boundaries(body, expected):
    assert sentences(body) == expected


def test_title_without_period_is_its_own_sentence():
    found = sentences("Премьер-министр провел встречу.", title="Казахстан и ОТГ: новые горизонты")
    assert found == ["Казахстан и ОТГ: новые горизонты", "Премьер-министр провел встречу."]


NER_TEXTS = [
    "Президент Казахстана Касым-Жомарт Токаев прибыл в Баку на саммит ОТГ.",
    "«Қазақстан темір жолы» и Азербайджанские железные дороги подписали соглашение в Ташкенте.",
    "Генеральный секретарь Организации тюркских государств Кубанычбек Омуралиев выступил на форуме.",
    "По данным Бюро национальной статистики, товарооборот с Турцией вырос на 12,5%.",
]


@pytest.mark.parametrize("body", NER_TEXTS)
def test_ner_on_our_tokens_finds_what_natasha_finds_on_the_text(body):
    """analyse feeds natasha's NER model our razdel tokens (analyse.ner_tags)
    instead of letting it tokenize again: the spans must be the ones natasha's
    own tagger gives for the same sentence text."""
    from generator.analyse import models

    analysis = analyse(Article(id="t", path="t.txt", title="", body=body))
    ours = [(s.type, s.start, s.end) for s in analysis.spans]
    theirs = []
    for sentence in analysis.sentences:
        markup = next(models().ner.map([sentence.text]))
        theirs += [(s.type, sentence.start + s.start, sentence.start + s.stop) for s in markup.spans]
    assert ours == theirs and ours


def razdel_tokens(text: str) -> list[tuple[int, int, str]]:
    return [(token.start, token.stop, token.text) for token in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Рост на 12,5% (до 1/3).", ["Рост", "на", "12,5", "%", "(", "до", "1/3", ")", "."]),
        ("Ростов-на-Дону, т.е. юг…", ["Ростов-на-Дону", ",", "т", ".", "е", ".", "юг", "…"]),
        ("«Қазақстан темір жолы»!", ["«", "Қазақстан", "темір", "жолы", "»", "!"]),
        ("Что?! Yahoo! :-) ΔP mβж", ["Что", "?!", "Yahoo!", ":", "-", ")", "ΔP", "mβж"]),
        ("COVID-19 — 2025-м году", ["COVID-19", "—", "2025-м", "году"]),
    ],
)
def test_sentence_words_are_razdels_tokens(text, expected):
    assert [word for _, _, word in sentence_words(text)] == expected
    assert sentence_words(text) == razdel_tokens(text)


def test_sentence_words_on_real_news_are_razdels_tokens():
    articles = [*ARTICLES.values(), *(path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt")))]
    articles += [path.read_text("utf-8") for path in sorted(DATA.glob("*.y*ml"))]  # the dev sets' sentences
    texts = [line for article in articles for line in article.splitlines() if line.strip()]
    assert sum(len(text) for text in texts) > 50_000
    for text in texts:
        assert sentence_words(text) == razdel_tokens(text)


# every kind of atom razdel knows, and the marks its rules look at
_ALPHABET = "аяёАЯЁzZ09 \n\t" + PUNCTS + "ΔσβЎқә_'\"\u00a0"


@given(st.text(alphabet=_ALPHABET, max_size=40))
@settings(max_examples=3000, deadline=None)
def test_sentence_words_on_random_text_are_razdels_tokens(text):
    assert sentence_words(text) == razdel_tokens(text)


def test_analysed_tokens_are_the_tokens_the_dataclass_makes():
    """records.analysed_token fills a Token's fields at once: every field, in
    order, with the defaults of a token not parsed yet (a field added to Token
    and not to it fails here)."""
    kind = WordType("Казахстана", "PROPN", (("Case", "Gen"),), "казахстан")
    made = analysed_token("Казахстана", 3, 13, kind)
    expected = Token("Казахстана", 3, 13, "казахстан", "PROPN", (("Case", "Gen"),))
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert list(vars(made)) == [f.name for f in dataclasses.fields(Token)]
    assert made.kind is kind and expected.kind is None
    copied = pickle.loads(pickle.dumps(made))
    assert copied == expected and (copied.kind.text, copied.kind.lemma) == ("Казахстана", "казахстан")


def test_a_linked_token_is_what_replace_makes_with_its_word_type_kept():
    kind = WordType("Казахстана", "PROPN", (("Case", "Gen"),), "казахстан")
    made = analysed_token("Казахстана", 3, 13, kind)
    linked = linked_token(made, 2, "nmod")
    assert linked == dataclasses.replace(made, head=2, rel="nmod") and linked.kind is kind
    assert list(vars(linked)) == list(vars(made)) and made.head == -1
    assert dataclasses.replace(made, pos="NOUN").kind is None  # a changed token is no longer its type


def test_tokens_of_one_word_share_its_type_and_the_rules_answer_as_for_a_plain_token():
    """Every token of an analysis points to the record of its word as tagged,
    one per (text, POS, features); what phrases.word_rules keeps there is what
    it works out for a token without one."""
    title, _, body = next(iter(ARTICLES.values())).partition("\n\n")
    analysed = analyse(Article(id="t", path="t.txt", title=title, body=body))
    by_tags = {}
    for sentence in analysed.sentences:
        for token in sentence.tokens:
            kind = token.kind
            assert (kind.text, kind.pos, kind.feats, kind.lemma) == (token.text, token.pos, token.feats, token.lemma)
            assert by_tags.setdefault((token.text, token.pos, token.feats), kind) is kind
            plain = dataclasses.replace(token)
            assert word_rules(token) == word_rules(plain) and word_key(token) == word_key(plain)
    assert len(by_tags) < sum(len(s.tokens) for s in analysed.sentences)


def test_an_article_text_is_title_blank_line_body_and_stays_so():
    article = Article(id="t", path="t.txt", title="Заголовок", body="Первый абзац.\nВторой.")
    assert article.text == "Заголовок\n\nПервый абзац.\nВторой."
    assert dataclasses.replace(article, title="").text == "Первый абзац.\nВторой."
    assert "text" not in dataclasses.asdict(article)
