"""Key figures on a table of short news sentences (tests/data/figures_cases.yaml):
value, unit, subject and period of every figure, and sentences whose numbers are
not figures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analyse import analyse
from generator.extract import analysis_for_extraction, extract
from generator.figures import (
    _MIGHT_HOLD,
    _WORD,
    _number_word_forms,
    extract_figures,
    find_periods,
    might_hold_figure,
    subject_display,
)
from generator.morph import fold
from generator.records import Article

CASES_FILE = Path(__file__).parent / "data" / "figures_cases.yaml"


def expected_figure(item) -> dict:
    """A table row: [value, unit, subject, period] or a mapping with extra keys."""
    if isinstance(item, list):
        value, unit, subject, period = item
        return {"v": value, "u": unit, "s": subject, "p": period}
    return item


def load_cases() -> list:
    data = yaml.safe_load(CASES_FILE.read_text("utf-8"))
    return [
        pytest.param(case["text"], [expected_figure(f) for f in case["figures"]], id=f"{group}-{i}")
        for group, cases in data.items()
        for i, case in enumerate(cases)
    ]


CASES = load_cases()


def figures_of(text: str, date: str | None = None):
    return extract_figures(analyse(Article(id="t", path="t.txt", title="", body=text, date=date)))


@pytest.fixture(scope="module")
def table_figures() -> dict[str, list]:
    """The whole table analysed at once, one paragraph per case (models load once,
    natasha batches): figures grouped by the case text."""
    texts = list(dict.fromkeys(case.values[0] for case in CASES))
    article = Article(id="table", path="table.txt", title="", body="\n".join(texts))
    by_text: dict[str, list] = {t: [] for t in texts}
    starts = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    for figure in extract_figures(analyse(article)):
        index = max(i for i, start in enumerate(starts) if start <= figure.start)
        by_text[texts[index]].append((figure, starts[index]))
    return by_text


def test_table_is_large_enough():
    assert sum(len(expected) for _, expected in (c.values for c in CASES)) >= 150


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_figures_table(text: str, expected: list[dict], table_figures):
    found = table_figures[text]
    got = [(f.value, f.unit, f.subject, f.period) for f, _ in found]
    want = [(pytest.approx(e["v"]), e["u"], e["s"], None if e["p"] is None else str(e["p"])) for e in expected]
    assert got == want
    for (figure, offset), wanted in zip(found, expected, strict=True):
        assert text[figure.start - offset : figure.end - offset] == figure.text
        if "q" in wanted:
            assert figure.qualifier == wanted["q"]
        if "k" in wanted:
            assert figure.kind == wanted["k"]
        if "max" in wanted:
            assert figure.value_max == pytest.approx(wanted["max"])
        assert might_hold_figure(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Товарооборот вырос на 5%.", True),
        ("XII саммит ОТГ пройдет в Баку.", True),
        ("Организация отмечает двадцатилетие.", True),
        ("Переговоры длились четыре часа.", True),
        ("Грузопоток увеличился вдвое.", True),
        ("Стороны обсудили развитие логистики и туризма.", False),
        ("Президент провел встречу с министрами.", False),
    ],
)
def test_might_hold_figure(text: str, expected: bool):
    assert might_hold_figure(text) is expected


_PIECES = ["ДВУХ", "Четырёх", "тысяча", "миллиардов", "вдвое", "полтора", "пяти-", "-летие", "саммит", "İ", "Ё", "ѐ"]


@given(st.lists(st.sampled_from([*_PIECES, " ", "-", ",", "x", "Ї", "\u0307"]), max_size=12).map("".join))
@settings(max_examples=3000, deadline=None)
def test_might_hold_figure_finds_number_words_as_word_by_word_folding_does(text):
    """It folds the whole text, then finds its words: the same words as
    finding them first and folding each (only А-ЯЁ lowercase into their letters)."""
    by_word = bool(_MIGHT_HOLD.search(text)) or any(fold(w) in _number_word_forms() for w in _WORD.findall(text))
    assert might_hold_figure(text) is by_word


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        ("за первый квартал 2025 года", None, ["2025-Q1"]),
        ("в январе–августе 2024 года", None, ["2024-01..2024-08"]),
        ("к 2031 году", None, ["2031"]),
        ("в прошлом году", "2025-05-10", ["2024"]),
        ("в этом году", None, []),
        ("во втором полугодии 2023 г.", None, ["2023-H2"]),
        ("в марте", "2025-04-01", ["2025-03"]),
        ("за 9 месяцев 2025 года", None, ["2025-01..2025-09"]),
        ("в 2023-2025 годах", None, ["2023..2025"]),
        ("в январе-июле т.г.", "2025-08-01", ["2025-01..2025-07"]),
        ("по сравнению с 2023 годом", None, ["2023"]),
    ],
)
def test_periods(text: str, date: str | None, expected: list[str]):
    year = int(date[:4]) if date else None
    assert [p.value for p in find_periods(text, year)] == expected


def test_relative_period_uses_article_date():
    (figure,) = figures_of("В прошлом году экспорт вырос на 7%.", date="2025-03-01")
    assert figure.period == "2024"


def test_figure_across_sentence_split_after_abbreviation():
    # razdel ends the sentence after «тыс.»: the unit in the next one still counts
    (figure,) = figures_of("Порт перевалил 150 тыс. TEU за год.")
    assert (figure.value, figure.unit) == (150000, "TEU")


def test_figures_sorted_by_start_with_offsets_into_article_text():
    article = Article(id="t", path="t.txt", title="Экспорт вырос на 12%", body="Импорт сократился на 3%.")
    figures = extract_figures(analyse(article))
    assert [f.value for f in figures] == [12, 3]
    assert all(article.text[f.start : f.end] == f.text for f in figures)
    assert [f.sentence for f in figures] == [0, 1]


def test_sentences_without_figures_never_need_syntax(table_figures):
    """The syntax parse is only run where might_hold_figure is True: a sentence
    without a figure must say False or hold no figure, and without any parse the
    extractor still finds the same values, units and periods."""
    texts = [case.values[0] for case in CASES]
    article = Article(id="t", path="t.txt", title="", body="\n".join(texts))
    parsed = extract_figures(analyse(article))
    unparsed = extract_figures(analyse(article, syntax=False))
    assert [(f.value, f.unit, f.period, f.start) for f in unparsed] == [
        (f.value, f.unit, f.period, f.start) for f in parsed
    ]
    assert not might_hold_figure("Стороны обсудили сотрудничество в сфере культуры и образования.")


def test_syntax_is_parsed_only_where_a_figure_is(table_figures):
    """extract() parses syntax only in the sentences that hold a figure (its
    subject reads the parse) and finds what a parse of every sentence finds."""
    texts = [case.values[0] for case in CASES] + [
        "Стороны обсудили сотрудничество в сфере культуры и образования.",
        "В 2024 году делегация посетила Ташкент.",
    ]
    article = Article(id="t", path="t.txt", title="", body="\n".join(texts))
    lean = analysis_for_extraction(article)
    figures = extract_figures(lean)
    parsed = {i for i, s in enumerate(lean.sentences) if any(t.rel for t in s.tokens)}
    assert parsed == {f.sentence for f in figures}
    assert len(parsed) < len(lean.sentences)
    assert figures == extract_figures(analyse(article))


@pytest.mark.parametrize(
    ("subject", "shown"),
    [
        ("товарооборот", "товарооборот"),
        ("экспорт уголь", "экспорт угля"),
        ("объём торговля", "объём торговли"),
        ("стоимость строительство мост", "стоимость строительства моста"),
        ("ёмкость рынок", "ёмкость рынка"),
        ("азербайджан", "Азербайджан"),
        ("алматы", "Алматы"),
        ("сша", "США"),
        ("грузооборот ТМТМ", "грузооборот ТМТМ"),
        ("ВВП", "ВВП"),
        ("роза", "роза"),  # a flower as well as a name: left as it is
        ("орёл", "орёл"),
        ("шмурдяк", "шмурдяк"),  # not in the dictionary: as found
    ],
)
def test_a_subject_is_shown_as_a_reader_says_it(subject, shown):
    assert subject_display(subject) == shown


def test_an_article_in_a_latin_script_language_gives_no_figures(repo_config):
    """The Russian figure grammar would read «$450 million» as $450: no figure beats a wrong one."""
    english = "Trade between the two countries reached $450 million in 2024, up 12 percent, officials said in Astana."
    assert extract(Article(id="en", path="en.txt", title="", body=english, lang="en"), repo_config).figures == ()
    russian = "Товарооборот двух стран в 2024 году достиг 450 млн долларов."
    for lang in ("ru", "kk"):  # a Cyrillic article still gets them
        found = extract(Article(id="x", path="x.txt", title="", body=russian, lang=lang), repo_config).figures
        assert [(f.value, f.unit) for f in found] == [(450_000_000, "USD")]


def test_figures_found_for_one_article_never_leak_into_another():
    """figures._kept remembers an article's sentences between the pass before
    parsing and the one after: another article at the same positions gets its own."""
    first = Article(id="a", path="a.txt", title="", body="Экспорт зерна составил 9 млн тонн.")
    second = Article(id="b", path="b.txt", title="", body="Импорт сахара составил 2 млн тонн.")
    for article, value in ((first, 9_000_000), (second, 2_000_000), (first, 9_000_000)):
        assert [f.value for f in extract_figures(analysis_for_extraction(article))] == [value]


def test_every_form_of_every_anniversary_word_has_the_stem_looked_for():
    """match_anniversaries skips words without lexicon().anniversary_stem: sound
    only while every form pymorphy3 has of each anniversary word contains it."""
    from generator.figures import lexicon
    from generator.morph import analyzer, fold

    lex = lexicon()
    forms = set()
    for lemma in lex.anniversary_words:
        for parse in analyzer().parse(lemma):
            if fold(parse.normal_form) == lemma:
                forms.update(fold(form.word) for form in parse.lexeme)
    assert len(forms) > 5 * len(lex.anniversary_words)
    assert all(lex.anniversary_stem in form for form in forms | set(lex.anniversary_words))
