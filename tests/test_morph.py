"""The pymorphy3 adapter: inflection taken from a paradigm must equal pymorphy3's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.morph import analyzer, fold, fold_each, has_letter, inflected_word
from tests.news_ru import ARTICLES

# what the stages ask for: nominatives (of a gender, a number), the genitive; and rare cases pymorphy3 remaps
GRAMMEMES = [
    {"nomn"},
    {"nomn", "sing"},
    {"nomn", "sing", "masc"},
    {"nomn", "sing", "femn"},
    {"nomn", "sing", "neut"},
    {"nomn", "plur"},
    {"gent"},
    {"datv", "plur"},
    {"ablt"},
    {"loc2"},
    {"gen2"},
    {"voct"},
]


def pymorphy_word(parse, grammemes: set[str]) -> str | None:
    form = parse.inflect(set(grammemes))
    return form.word if form is not None else None


@pytest.mark.parametrize(
    "word",
    [
        "товарооборота",  # a dictionary noun
        "тюркских",  # an adjective
        "лесу",  # a locative in -у (loc2)
        "чаю",  # a partitive genitive (gen2)
        "объёмом",  # ё inside
        "Токаевым",  # a surname
        "Лавриной",  # a woman's surname
        "Кубанычбеком",  # guessed from the ending: no dictionary word
        "байткодом",  # an unknown prefix before a dictionary word
        "псевдодемократии",  # a known prefix before a dictionary word
        "антиковидных",  # a known prefix before a guess (of the ending, of another prefix)
        "торгово-логистического",  # a hyphenated compound
        "Касым-Жомарта",  # a hyphenated name
        "ОТГ",  # an acronym
        "по-казахски",  # an adverb with a hyphen
        "перевезено",  # a short participle
        "XII",  # a Roman numeral
    ],
)
def test_inflected_word_is_pymorphy3s_form(word):
    for parse in analyzer().parse(word.lower()):
        for grammemes in GRAMMEMES:
            assert inflected_word(parse, grammemes) == pymorphy_word(parse, grammemes), (parse, grammemes)


def test_the_table_has_every_kind_of_guess():
    kinds = {
        tuple(type(method[0]).__name__ for method in parse.methods_stack)
        for word in ["Кубанычбеком", "байткодом", "псевдодемократии", "антиковидных"]
        for parse in analyzer().parse(word.lower())
    }
    assert {
        ("FakeDictionary", "KnownSuffixAnalyzer"),
        ("DictionaryAnalyzer", "UnknownPrefixAnalyzer"),
        ("DictionaryAnalyzer", "KnownPrefixAnalyzer"),
        ("FakeDictionary", "KnownSuffixAnalyzer", "KnownPrefixAnalyzer"),
        ("DictionaryAnalyzer", "UnknownPrefixAnalyzer", "KnownPrefixAnalyzer"),
    } <= kinds


def test_inflected_word_agrees_with_pymorphy3_on_every_word_of_real_articles():
    texts = [*ARTICLES.values(), *(p.read_text("utf-8") for p in sorted(Path("seeds").glob("*.txt")))]
    words = sorted({w.lower() for text in texts for w in re.findall(r"[А-Яа-яЁё-]+", text)})
    assert len(words) > 400
    checked = 0
    for word in words:
        for parse in analyzer().parse(word):
            for grammemes in GRAMMEMES:
                assert inflected_word(parse, grammemes) == pymorphy_word(parse, grammemes), (parse, grammemes)
                checked += 1
    assert checked > 10_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Астана", True),
        ("ТюркПА", True),
        ("16-летие", True),
        ("XII", True),
        ("2,1%", False),
        ("«", False),
        ("", False),
        ("½", False),
        ("1-й", True),
    ],
)
def test_has_letter(text, expected):
    assert has_letter(text) is expected


@given(st.lists(st.text(alphabet="ΣσςΟΔİIiЁёЕАя'\u0307\u00ad .-", max_size=6), max_size=8))
@settings(max_examples=2000, deadline=None)
def test_fold_each_folds_each_word_as_fold_does(words):
    """Greek final sigma and the dotted İ lowercase by their neighbours: with a
    NUL between the words, none of them sees another."""
    assert fold_each(words) == [fold(word) for word in words]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["ОДΟΣ", "Σ"], ["одος", "σ"]),
        (["Ёлка", "ЁЖ", ""], ["елка", "еж", ""]),
        ([], []),
        (["А\0Б", "В"], ["а\0б", "в"]),  # a NUL inside a word (no seed has one): folded one by one
    ],
)
def test_fold_each(words, expected):
    assert fold_each(words) == expected
