from pathlib import Path

import pytest

from generator.errors import InputError
from generator.ingest import SeedFile, article_id, is_heading_line, load_article, parse_article

TEXT = "Казахстан и ОТГ: новые горизонты\n\nПремьер-министр провел встречу. Обсудили торговлю."


def seed(name: str, data: bytes) -> SeedFile:
    return SeedFile(Path("seeds") / name, data)


@pytest.mark.parametrize(
    ("line", "next_line", "expected"),
    [
        ("Казахстан и ОТГ: новые горизонты в сотрудничестве", "", True),
        ("Казахстан и ОТГ: новые горизонты в сотрудничестве", "Премьер-министр провел встречу.", True),
        ("Президент посетит Баку для участия в XII саммите ОТГ, передает BAQ.KZ.", "Ключевыми темами…", False),
        ("Токаев прибыл в Баку.", "", True),
        ("", "Текст", False),
        ("Очень длинная строка " * 20, "", False),
    ],
)
def test_heading_line(line, next_line, expected):
    assert is_heading_line(line, next_line) is expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8_r", "utf-16"])
def test_encodings_read_the_same_text(encoding):
    article = parse_article(seed("a.txt", TEXT.encode(encoding)))
    assert article.title == "Казахстан и ОТГ: новые горизонты"
    assert article.body == "Премьер-министр провел встречу. Обсудили торговлю."


def test_crlf_line_ends_are_normalized():
    article = parse_article(seed("a.txt", TEXT.replace("\n", "\r\n").encode()))
    assert "\r" not in article.text
    assert article.title == "Казахстан и ОТГ: новые горизонты"


def test_text_offsets_cover_title_and_body():
    article = parse_article(seed("a.txt", TEXT.encode()))
    assert article.text[: len(article.title)] == article.title
    assert article.text[article.body_offset :] == article.body


def test_article_without_heading_has_no_title_but_a_display_title():
    article = parse_article(
        seed("b.txt", "Токаев посетит Баку для участия в саммите ОТГ, передает BAQ.KZ.\nТемы встречи.".encode())
    )
    assert article.title == ""
    assert article.display_title.startswith("Токаев посетит Баку")
    assert article.source == "BAQ.KZ"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\t \n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    ],
)
def test_bad_files_raise_input_error_naming_the_file(data, problem):
    with pytest.raises(InputError) as err:
        parse_article(seed("bad.txt", data))
    assert problem in err.value.message
    assert "bad.txt" in err.value.message


def test_markdown_front_matter_gives_metadata():
    text = (
        "---\ntitle: Саммит ОТГ в Баку\ndate: 2025-10-07\nsource: Kazinform\nurl: https://example.kz/a\n---\n\n"
        "Лидеры тюркских государств собрались в Баку."
    )
    article = parse_article(seed("summit.md", text.encode()))
    assert (article.title, article.date, article.source, article.url) == (
        "Саммит ОТГ в Баку",
        "2025-10-07",
        "Kazinform",
        "https://example.kz/a",
    )
    assert article.body == "Лидеры тюркских государств собрались в Баку."


def test_markdown_with_broken_front_matter_names_the_line():
    with pytest.raises(InputError) as err:
        parse_article(seed("broken.md", "---\ntitle: [не закрыто\n---\nТекст".encode()))
    assert "broken.md" in err.value.message
    assert "line" in err.value.message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_6b0c4bca53d6315f.txt", "000_6b0c4bca53d6315f"),
        ("../../etc/passwd.txt", "passwd"),
        ("Саммит ОТГ 2025.txt", "Саммит-ОТГ-2025"),
        ("...txt", "article"),
    ],
)
def test_article_id_is_safe(name, expected):
    assert article_id(Path(name)) == expected


DATELINES = [
    ("Астана, 14 октября 2026 года. Премьер-министр провел совещание.", "2026-10-14"),
    ("14 октября 2026 г. — В Астане открылся форум.", "2026-10-14"),
    ("АСТАНА. 14.10.2026. Правительство одобрило проект.", "2026-10-14"),
    ("Усть-Каменогорск, 1 апреля 2025 года. Завод запущен.", "2025-04-01"),
    # a date inside the text is what the text is about, not when it was written
    ("Товарооборот 14 октября 2026 года вырос.", None),
    ("Саммит пройдет 14 октября 2026 года в Астане.", None),
    ("Астана, 31 февраля 2025 года. Такой даты нет.", None),
]


@pytest.mark.parametrize(("body", "date"), DATELINES)
def test_a_dateline_dates_a_plain_text_article(tmp_path, body, date):
    path = tmp_path / "a.txt"
    path.write_text("Заголовок статьи\n\n" + body, "utf-8")
    assert load_article(path).date == date


def test_front_matter_date_wins_over_the_dateline(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Форум\ndate: 2026-10-15\n---\nАстана, 14 октября 2026 года. Форум открылся.", "utf-8")
    assert load_article(path).date == "2026-10-15"
