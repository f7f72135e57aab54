import re
import unicodedata

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.markdown_text import escape, plain_title, safe_url

EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition"]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize(
    "text",
    [
        "Рост на 25,2% — *рекорд*",
        "<script>alert('x')</script> и «кавычки»",
        "Столбцы | таблицы | не | ломаются",
        "# не заголовок",
        "[ссылка](javascript:alert(1))",
        "`код` и _курсив_ и **жирный**",
        "1. не список",
        "- и не пункт",
        "A & B > C < D",
    ],
)
def test_escaped_text_renders_as_the_same_text(text):
    html = render(escape(text))
    assert "<script" not in html and "<em>" not in html and "<strong>" not in html
    assert "<h1" not in html and "<a " not in html and "<ol>" not in html and "<ul>" not in html
    assert html.startswith("<p>")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2024. Год рекордного товарооборота", "2024. Год рекордного товарооборота"),
        ("1. не список", "1. не список"),
        ("- и не пункт", "- и не пункт"),
        ("+ и не пункт", "+ и не пункт"),
        ("Рост на 25,2% — *рекорд*", "Рост на 25,2% — *рекорд*"),
    ],
)
def test_no_backslash_shows_on_the_page(text, shown):
    html = render(escape(text))
    assert html == f"<p>{shown}</p>"


def test_pipe_in_a_table_cell_stays_in_its_cell():
    table = "| a | b |\n| --- | --- |\n| " + escape("x | y") + " | z |\n"
    html = render(table)
    assert html.count("<td>") == 2


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://baq.kz/news/1", "https://baq.kz/news/1"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("", None),
        ("http://a.kz/x y", "http://a.kz/x%20y"),
    ],
)
def test_only_http_links_survive(url, expected):
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    "title",
    ['Саммит <script>alert("title")</script>', "Итоги (предварительные) саммита", 'Кавычки " и скобка )'],
)
def test_link_title_cannot_end_the_link_early(title):
    from generator.markdown_text import link_title

    html = render(f'[источник](sources/a.md#s-3 "{link_title(title)}")')
    assert 'href="sources/a.md#s-3"' in html
    assert "<script" not in html


def _plain_title_in_full(text: str) -> str:
    """plain_title without its shortcut for text that needs nothing done."""
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\n\u200c\u200d")
    return re.sub(r"\s+", " ", text.replace("<", "‹").replace(">", "›")).strip()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Казахстан и ОТГ: XII саммит", "Казахстан и ОТГ: XII саммит"),
        ("  Средний\tкоридор \n", "Средний коридор"),
        ("Рост <b>на</b> 5%", "Рост ‹b›на‹/b› 5%"),
        ("Токаев\u202e прибыл", "Токаев прибыл"),
        ("двойной  пробел", "двойной пробел"),
        ("неразрывный\xa0пробел", "неразрывный пробел"),
    ],
)
def test_plain_titles(title, expected):
    assert plain_title(title) == expected


@given(st.text(st.characters(codec="utf-8"), max_size=40) | st.text("Аб <>\t\n\xa0\u200d\u202e ", max_size=20))
def test_the_shortcut_gives_what_the_full_cleaning_does(title):
    assert plain_title(title) == _plain_title_in_full(title)
