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
