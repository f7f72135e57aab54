"""Sentence boundaries the pipeline relies on: the title is its own sentence,
and a scale abbreviation does not end a sentence before its unit."""

import pytest

from generator.analyse import analyse
from generator.records import Article


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
