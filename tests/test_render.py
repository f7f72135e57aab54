"""How figures and periods read on the site: as a Russian reader writes them."""

import re
from importlib.resources import files

import pytest
import yaml

from generator.records import Figure
from generator.render import escape_value, format_value, ru_period

NBSP, NNBSP = "\u00a0", "\u202f"


def _figure(value, unit, text="", **kw) -> Figure:
    return Figure(text=text, start=0, end=0, sentence=0, value=value, unit=unit, **kw)


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        (_figure(11.4e9, "USD"), f"11,4{NBSP}млрд{NBSP}долл."),
        (_figure(200e6, "USD"), f"200{NBSP}млн{NBSP}долл."),
        (_figure(7.25e12, "KZT"), f"7,25{NBSP}трлн{NBSP}тенге"),
        (_figure(25.2, "percent"), f"25,2{NNBSP}%"),
        (_figure(2450, "count"), f"2{NNBSP}450"),
        (_figure(640_000, "count"), f"640{NBSP}тыс."),
        (_figure(1_200_000, "count"), f"1,2{NBSP}млн"),
        (_figure(87500, "tonnes"), f"87{NNBSP}500{NBSP}т"),
        (_figure(38600, "tonnes", text="38,6 тыс. тонн"), f"38,6{NBSP}тыс.{NBSP}т"),
        (_figure(30600, "count", text="30,6 тыс. человек"), f"30,6{NBSP}тыс."),
        (_figure(1e12, "cu m"), f"1{NBSP}трлн{NBSP}куб. м"),
        (_figure(900, "kg"), f"900{NBSP}кг"),
        (_figure(6400, "m"), f"6{NNBSP}400{NBSP}м"),
        (_figure(3.5e6, "GBP"), f"3,5{NBSP}млн{NBSP}ф. ст."),
        (_figure(12, "days", value_max=15), f"12–15{NBSP}дн."),
        (_figure(2.3, "times"), f"2,3{NBSP}раза"),
        (_figure(5, "times"), f"5{NBSP}раз"),
        (_figure(23, "years"), f"23{NBSP}года"),
        (_figure(21, "years"), f"21{NBSP}год"),
        (_figure(11, "years"), f"11{NBSP}лет"),
        (_figure(18, "years", value_max=29), f"18–29{NBSP}лет"),
        (_figure(2.5, "years"), f"2,5{NBSP}года"),
        (_figure(12, "ordinal"), "12-й"),
        (_figure(50, "count", qualifier="около"), f"около{NBSP}50"),
    ],
)
def test_values_read_as_russian_print(figure, shown):
    assert format_value(figure) == shown


def test_every_unit_and_currency_the_extractor_knows_has_a_russian_name():
    # a unit added to figures.yml without a name here would reach readers as «kg», «cu m»
    lexicon = yaml.safe_load(files("generator.data").joinpath("figures.yml").read_text("utf-8"))
    codes = [u["unit"] for u in lexicon["units"]] + [c["code"] for c in lexicon["currencies"]]
    for code in codes:
        shown = format_value(_figure(5, code))
        assert not re.search(r"[A-Za-z]", shown.replace("TEU", "")), (code, shown)


def test_escaping_a_value_keeps_its_no_break_spaces():
    assert escape_value(f"25,2{NNBSP}%") == f"25,2{NNBSP}%"
    assert escape_value(f"около{NBSP}*5*") == f"около{NBSP}\\*5\\*"


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2024", "2024"),
        ("2025-Q1", "I кв. 2025"),
        ("2025-H1", "I полуг. 2025"),
        ("2025-H2", "II полуг. 2025"),
        ("2025-03", "март 2025"),
        ("2024-01..2024-08", "янв. – авг. 2024"),
        ("2025-01..2026-03", "янв. 2025 – март 2026"),
        ("2023-11..2024-02", "нояб. 2023 – февр. 2024"),
        ("2025-Q1..2025-Q3", "I кв. – III кв. 2025"),
        ("2024..2031", "2024 – 2031"),
        (None, ""),
    ],
)
def test_periods_read_as_a_russian_reader_writes_them(period, expected):
    assert ru_period(period) == expected


def test_the_header_figures_say_what_they_measure():
    """«Главные цифры»: the newest figures with a subject come first, shown with it and their period."""
    from generator.records import Briefing, BriefingFigure, SourceRef
    from generator.render import _header

    def item(figure: Figure) -> BriefingFigure:
        return BriefingFigure(figure, SourceRef("a", figure.sentence), "")

    figures = (
        item(_figure(30, "percent")),  # newest, but a bare «30 %» says nothing
        item(_figure(11.4e9, "USD", subject="товарооборот", period="2024")),
        item(_figure(25.2, "percent", subject="рост | экспорта", period="2025-Q1")),
        item(_figure(3, "count")),
        item(_figure(200e6, "USD", subject="инвестиции")),
    )
    header = _header(Briefing("economy", "Экономика", "", (), figures, (), (), (), ()))
    glance = header.split("Главные цифры: ")[1]
    assert glance == (
        f"**11,4{NBSP}млрд{NBSP}долл.** товарооборот (2024) · **25,2{NNBSP}%** рост \\| экспорта (I кв. 2025)"
        f" · **200{NBSP}млн{NBSP}долл.** инвестиции"
    )
