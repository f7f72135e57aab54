"""Noun phrases, merge keys and nominative display on short real Russian news text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analyse import analyse
from generator.keywords import sentence_names
from generator.phrases import is_acronym, nominative, noun_phrases, phrase_key
from generator.records import Analysis, Article


def analysed(body: str, title: str = "") -> Analysis:
    return analyse(Article(id="t", path="t.txt", title=title, body=body))


def phrases(analysis: Analysis) -> dict[str, str]:
    """key -> nominative display of every (nested) noun phrase of the text."""
    found: dict[str, str] = {}
    for sentence in analysis.sentences:
        names = sentence_names(sentence, analysis.spans)
        for start, end in noun_phrases(sentence.tokens, max_words=4, names=names, nested=True):
            span = sentence.tokens[start:end]
            found.setdefault(phrase_key(span), nominative(span))
    return found


@pytest.mark.parametrize(
    ("body", "key", "display"),
    [
        (
            "Премьер-министр встретился с генеральным секретарем Организации тюркских государств.",
            "организация тюркский государство",
            "Организация тюркских государств",
        ),
        ("Эксперты обсудили перспективы Среднего коридора.", "средний коридор", "Средний коридор"),
        ("Туркестан стал молодежной столицей тюркского мира.", "молодежный столица", "молодежная столица"),
        (
            "Министр посетил торгово-логистический комплекс в Актау.",
            "торгово-логистический комплекс",
            "торгово-логистический комплекс",
        ),
        (
            "Грузы пошли по Транскаспийскому международному транспортному маршруту.",
            "транскаспийский международный транспортный маршрут",
            "Транскаспийский международный транспортный маршрут",
        ),
        (
            "Делегация Кыргызской Республики прибыла в Баку.",
            "кыргызский республика",
            "Кыргызская Республика",
        ),
        ("Соглашение подписали в Республике Казахстан.", "республика казахстан", "Республика Казахстан"),
        (
            "Главы государств обсудили продовольственную безопасность.",
            "продовольственный безопасность",
            "продовольственная безопасность",
        ),
    ],
)
def test_display_is_nominative_with_agreement(body: str, key: str, display: str) -> None:
    assert phrases(analysed(body))[key] == display


@pytest.mark.parametrize(
    ("body", "key", "display"),
    [
        ("Глава МИД встретился с Касым-Жомартом Токаевым в Астане.", "касым-жомарт токаев", "Касым-Жомарт Токаев"),
        ("Переговоры прошли по приглашению Ильхама Алиева.", "ильхам алиев", "Ильхам Алиев"),
        ("Делегацию принял президент Азербайджана Ильхам Алиев.", "президент азербайджан", "президент Азербайджана"),
    ],
)
def test_person_names_whole_and_nominative(body: str, key: str, display: str) -> None:
    assert phrases(analysed(body))[key] == display


def test_a_person_name_is_never_glued_to_the_title_before_it() -> None:
    keys = phrases(analysed("Делегацию принял президент Азербайджана Ильхам Алиев."))
    assert "президент азербайджан ильхам алиев" not in keys
    assert "азербайджан ильхам" not in keys
    assert "ильхам" not in keys  # half a name is no phrase


@pytest.mark.parametrize(
    "sentence",
    [
        "Товарооборот стран вырос.",
        "Рост товарооборота продолжился.",
        "Эксперты недовольны товарооборотом между странами.",
    ],
)
def test_inflected_forms_share_one_key(sentence: str) -> None:
    assert "товарооборот" in phrases(analysed(sentence))


@pytest.mark.parametrize(
    ("spelled", "other"),
    [("Объём торговли вырос.", "Объем торговли вырос."), ("Объёмы торговли выросли.", "Объемы торговли выросли.")],
)
def test_yo_and_ye_share_one_key(spelled: str, other: str) -> None:
    assert "объем торговля" in phrases(analysed(spelled))
    assert "объем торговля" in phrases(analysed(other))


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("Страны ОТГ договорились о сотрудничестве.", "ОТГ"),
        ("Грузы идут по маршруту ТМТМ через Каспий.", "ТМТМ"),
    ],
)
def test_acronyms_stay_upper_case(body: str, acronym: str) -> None:
    displays = phrases(analysed(body)).values()
    assert any(acronym in d.split() for d in displays)
    assert is_acronym(acronym)


def test_phrases_stay_inside_one_sentence() -> None:
    analysis = analysed(
        "Премьер-министр Республики Казахстан провел встречу.",
        title="Казахстан и ОТГ: новые горизонты в сотрудничестве",
    )
    for sentence in analysis.sentences:
        for start, end in noun_phrases(sentence.tokens, names=sentence_names(sentence, analysis.spans), nested=True):
            assert sentence.start <= sentence.tokens[start].start
            assert sentence.tokens[end - 1].end <= sentence.end
    assert "сотрудничество премьер-министр" not in phrases(analysis)


@pytest.mark.parametrize(
    "body",
    [
        "Стороны подчеркнули и отметили, что будут сотрудничать.",
        "Они встретились, обсудили и договорились.",
    ],
)
def test_no_phrase_without_a_noun(body: str) -> None:
    analysis = analysed(body)
    for sentence in analysis.sentences:
        for start, end in noun_phrases(sentence.tokens, nested=True):
            assert any(t.pos in ("NOUN", "PROPN") for t in sentence.tokens[start:end])
    assert "подчеркнуть" not in phrases(analysis)
    assert "договориться" not in phrases(analysis)


def test_genitive_tail_stays_as_written() -> None:
    keys = phrases(analysed("Стороны обсудили рост товарооборота между странами."))
    assert keys["рост товарооборот"] == "рост товарооборота"


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["Средний коридор", "ТМТМ"], {"средний коридор", "тмтм"}),
        (["миллиард долларов", "млн тенге", "товарооборот"], {"товарооборот"}),
    ],
)
def test_amounts_never_lead_a_topics_keywords(terms, expected):
    from generator.phrases import defining_keys

    assert defining_keys(terms) == expected


@given(st.text(alphabet="аАzZЁёǅⓐⒶ中1-. ", max_size=6))
@settings(max_examples=3000, deadline=None)
def test_is_acronym_is_two_letters_or_more_all_capitals(word):
    """Its shortcut (a lowercase word is none) agrees with the definition,
    circled letters (cased, not letters) and titlecase ones included."""
    letters = [ch for ch in word if ch.isalpha()]
    assert is_acronym(word) is (len(letters) >= 2 and all(ch.isupper() for ch in letters))
