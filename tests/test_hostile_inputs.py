"""Hostile and broken inputs, in process (fast): each fixture file and each
odd case gives the expected Article fields or the expected one-line InputError."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ConfigError, InputError
from generator.ingest import SeedFile, article_id, content_key, parse_article, read_seed
from generator.language import detect_language
from generator.pipeline import BuildReport, load_seeds, sane_extraction, unique_id
from generator.records import Article, Extraction, Figure

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
TEMPLATE_TITLE = "Итоги &lt;b&gt; &amp; {{ page.title }} {% raw %}"
BODY = "Лидеры тюркских государств обсудили торговлю и транспорт. Товарооборот вырос на 12%."


def parse(name: str, data: bytes):
    return parse_article(SeedFile(Path("seeds") / name, data))


def error(name: str, data: bytes) -> str:
    with pytest.raises(InputError) as err:
        parse(name, data)
    message = err.value.message
    assert message.startswith(f"seeds/{name}: ") and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("name", "title", "lang"),
    [
        ("utf8.txt", "Казахстан и Азербайджан расширят транзит по Среднему коридору", "ru"),
        ("utf8_bom.txt", "В Астане открылся форум молодых предпринимателей ОТГ", "ru"),
        ("cp1251.txt", "Товарооборот Казахстана и Турции вырос на 12%", "ru"),
        ("koi8r.txt", "В Шымкенте прошёл фестиваль тюркской музыки", "ru"),
        ("utf16.txt", "ОТГ утвердила программу культурного обмена на 2025 год", "ru"),
        ("utf16le_nobom.txt", "Железная дорога Китай — Казахстан — Туркменистан — Иран нарастила перевозки", "ru"),
        ("crlf.txt", "Студенты из стран ОТГ смогут учиться по единой программе", "ru"),
        ("nul_bytes.txt", "Грузооборот порта Курык увеличился вдвое", "ru"),
        ("mojibake_utf8.txt", "Азербайджан и Казахстан создадут совместное предприятие", "ru"),
        ("lone_surrogate.txt", "В Баку обсудили цифровизацию таможни", "ru"),
        ("kazakh.txt", "Қазақстан мен Түркия сауда айналымын арттырады", "kk"),
        ("english.txt", "Kazakhstan and Azerbaijan sign a transit agreement", "en"),
        ("turkish.txt", "Türk Devletleri Teşkilatı zirvesi Bakü'de yapıldı", "tr"),
        ("news_page.html", "Казахстан и Кыргызстан запустят общий туристический маршрут", "ru"),
        ("news_page_cp1251.htm", "Узбекистан и Казахстан откроют новый пункт пропуска", "ru"),
    ],
)
def test_fixture_seeds_are_read(name, title, lang):
    article = parse_article(read_seed(HOSTILE / "seeds" / name, HOSTILE / "seeds"))
    assert (article.title, article.lang) == (title, lang)
    assert "\r" not in article.text and "\x00" not in article.text and "\ufffd" not in article.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty file"),
        ("\u200b\u2060\ufeff\n\u202e".encode(), "only whitespace or invisible characters"),
        (b"%PDF-1.7\n" + bytes(range(256)), "binary file (a PDF document)"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary file (a ZIP archive (or a .docx/.xlsx/.odt/.epub document))"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "binary file (an old Microsoft Office document"),
        (b"\x7fELF\x02\x01\x01" + bytes(50), "binary file (a program (ELF executable))"),
        (bytes(range(256)) * 4, "binary file, not text"),
        (b"\xff\xfe" + bytes([0x00, 0xD8]) * 200, "broken UTF-16 text"),
    ],
)
def test_unreadable_files_are_refused_by_name(data, expected):
    assert expected in error("bad.txt", data)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Заголовок \u202eьнавзар\u202c статьи\n\n" + BODY, "Заголовок ьнавзар статьи"),  # RTL override dropped
        ("Сам\u200bмит\u00ad ОТГ\n\n" + BODY, "Саммит ОТГ"),  # zero-width space, soft hyphen
        ("!!! ??? …\n\n" + BODY, ""),  # a title of punctuation only is no title
        ("***\n\n" + BODY, ""),
        (
            "Итоги &lt;b&gt; &amp; {{ page.title }} {% raw %}\n\n" + BODY,
            "Итоги &lt;b&gt; &amp; {{ page.title }} {% raw %}",
        ),
        ("<!-- briefings:begin summary -->\n\n" + BODY, "<!-- briefings:begin summary -->"),
        ("Число 1" + "0" * 400 + "\n\n" + BODY, ""),  # a 400-digit line is no heading
    ],
)
def test_odd_titles(text, title):
    article = parse("a.txt", text.encode())
    assert article.title == title
    assert article.text.strip()


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("title: !!python/object/apply:os.system ['echo x']", "line 2: invalid YAML front matter (could not determine"),
        ("title: [не закрыто", "invalid YAML front matter"),
        ("title: a\ntitle: b", "line 3: invalid YAML front matter (key 'title' appears twice)"),
        ("date: 2025-13-45", "invalid value in the YAML front matter (month must be in 1..12)"),
        ("title: {a: {b: {c: 1}}}", "line 2: front matter key 'title' must be text, not a dict"),
        ("- a\n- b", "front matter is not a mapping of keys"),
        ("x: &a [1]\n" + "\n".join(f"y{i}: *a" for i in range(150)), "more than 100 aliases"),
    ],
)
def test_markdown_front_matter_errors_name_the_line(front, expected):
    assert expected in error("a.md", f"---\n{front}\n---\n{BODY}".encode())


def test_a_title_repeated_as_the_first_body_line_is_dropped_once():
    article = parse("a.txt", ("Саммит ОТГ\n\nСаммит ОТГ\n" + BODY).encode())
    assert (article.title, article.body) == ("Саммит ОТГ", BODY)


def test_a_short_html_page_falls_back_to_its_paragraphs():
    page = "<html><body><nav>Меню</nav><p>" + BODY + "</p><script>alert(1)</script></body></html>"
    assert parse("a.html", page.encode()).body == BODY


def test_markdown_front_matter_and_body_become_plain_text():
    text = (
        "---\ntitle: \"Ключ: значение & ! --- 'кавычки'\"\ndate: 14.03.2025\nsource: Trend\n"
        "url: https://trend.az/a\nlang: RU\n---\n\n# Заголовок в тексте\n\n**Жирный** и [ссылка](https://a.kz) "
        "и <script>alert(1)</script> и ![картинка](x.png) и `код`.\n"
    )
    article = parse("a.md", text.encode())
    assert article.title == "Ключ: значение & ! --- 'кавычки'"
    assert (article.date, article.source, article.url, article.lang) == (
        "2025-03-14",
        "Trend",
        "https://trend.az/a",
        "ru",
    )
    assert article.body == "Заголовок в тексте\n\nЖирный и ссылка и  и  и код."  # not the title: kept as text


def test_a_markdown_heading_is_the_title_unless_front_matter_has_one():
    assert parse("a.md", ("# Саммит ОТГ\n\n" + BODY).encode()).title == "Саммит ОТГ"
    repeated = parse("a.md", ("---\ntitle: Саммит ОТГ\n---\n# Саммит ОТГ\n\n" + BODY).encode())
    assert (repeated.title, repeated.body) == ("Саммит ОТГ", BODY)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Итоги саммита. ОТГ 2025.txt", "Итоги-саммита-ОТГ-2025"),
        ("../../etc/passwd.txt", "passwd"),
        (".hidden.txt", "hidden"),
        ("index.txt", "index-article"),
        ("README.md", "README-article"),
        ("a\u202eb.txt", "a-b"),
        ("—.txt", "article"),
        ("я" * 200 + ".txt", "я" * 75),
    ],
)
def test_ids_come_from_file_names_and_are_safe(name, expected):
    assert article_id(Path(name)) == expected


def test_ids_that_collide_get_a_number():
    taken: set[str] = set()
    assert [unique_id(i, taken) for i in ("a-b", "a-b", "A-B", "a-b")] == ["a-b", "a-b-2", "A-B-3", "a-b-4"]


def test_same_text_in_two_encodings_has_one_content_key():
    text = "Заголовок\n\n" + BODY
    first = parse("a.txt", text.encode())
    second = parse("b.txt", text.replace("\n", "\r\n").encode("cp1251"))
    assert content_key(first) == content_key(second)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (BODY, "ru"),
        ("Қазақстан Президенті Түркия делегациясымен Астанада кездесу өткізді.", "kk"),
        ("Кыргызстандын Президенти Астанада Түркия делегациясы менен жолугушту.", "ky"),
        ("Qozogʻiston Prezidenti Astanada Turkiya delegatsiyasi bilan uchrashdi.", "uz"),
        ("Azərbaycan Prezidenti Bakıda Türk dövlətləri təşkilatının sammitində iştirak etdi.", "az"),
        ("The President of Kazakhstan met a Turkish delegation in Astana to discuss trade.", "en"),
        ("ОТГ", "ru"),  # too short to tell: the corpus language
    ],
)
def test_language_detection(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        # a third of the letters Latin: names, a product, a link
        "Компания Apple и Microsoft представили в Астане проект Digital Silk Way "
        "(https://digitalsilkway.kz): новые дата-центры свяжут регион с рынками Европы и Азии.",
    ],
)
def test_russian_text_is_told_without_the_language_model(text, monkeypatch):
    def not_needed():
        raise AssertionError("py3langid loaded for plainly Russian text")

    monkeypatch.setattr("generator.language._identifier", not_needed)
    assert detect_language(text) == "ru"


def test_control_characters_are_unicodes_but_line_ends_and_tab():
    from generator.decoding import _CONTROL

    controls = {chr(i) for i in range(0x110000) if unicodedata.category(chr(i)) == "Cc"} - set("\n\r\t")
    assert {chr(i) for i in range(0x110000) if _CONTROL.match(chr(i))} == controls


def test_size_limits(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (9 * 2**20))
    with pytest.raises(InputError, match="over the 8 MB limit for one article"):
        read_seed(big)
    with pytest.raises(InputError, match="over the 500,000 limit"):
        parse("long.txt", ("Товарооборот растёт. " * 30_000).encode())


GOOD = "topics:\n  - id: economy\n    title: Экономика\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD + "  - id: economy\n    title: Снова\n", "line 4: topic id 'economy' is used twice"),
        ("topics:\n  - id: economy\n    id: culture\n    title: Экономика\n", "line 3: invalid YAML (key 'id' appears"),
        (GOOD.replace("economy", "sources"), "topics[0].id 'sources' is reserved"),
        (GOOD.replace("Экономика", "' '"), "topics[0].title is empty"),
        (GOOD + "out: .\n", "key 'out' must be a folder inside the project, not '.'"),
        (GOOD + "out: /etc\n", "key 'out' must be a folder inside the project"),
        (GOOD + "seeds: x\nout: x\n", "keys 'seeds' and 'out' name the same folder"),
        (GOOD + "summary_sentences: 100000000000000000000\n", "must be from 1 to 1000"),
        (GOOD + "summary_sentences: true\n", "key 'summary_sentences' must be int, not bool"),
        (GOOD + "x: &a [1]\n" + "".join(f"y{i}: *a\n" for i in range(150)), "more than 100 aliases"),
        ("topics: " + "[" * 3000 + "]" * 3000 + "\n", "YAML nested too deeply"),
        ("topics: !!python/name:os.system\n", "could not determine a constructor"),
        (GOOD + "when: 2025-02-30\n", "invalid value (day is out of range for month)"),
    ],
)
def test_more_config_errors(tmp_path, text, message):
    path = tmp_path / "briefings.yml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in err.value.message
    assert str(path) in err.value.message and err.value.hint


@pytest.mark.parametrize(
    ("value", "value_max", "kept"),
    [
        (11.4e9, None, True),
        (float("inf"), None, False),
        (float("nan"), None, False),
        (1e300, None, False),
        (12.0, float("inf"), False),
        (-5.0, None, True),
    ],
)
def test_absurd_figures_are_dropped_before_rendering(value, value_max, kept):
    article = Article(id="a", path="seeds/a.txt", title="", body=BODY)
    figure = Figure(text="x", start=0, end=1, sentence=0, value=value, unit="USD", value_max=value_max)
    extraction = Extraction(article=article, sentences=(), figures=(figure,), entities=(), keywords=())
    assert (sane_extraction(extraction).figures == (figure,)) is kept


def test_load_seeds_names_links_duplicates_and_collisions(tmp_path):
    (tmp_path / "briefings.yml").write_text(GOOD, "utf-8")
    seeds = tmp_path / "seeds"
    (seeds / "sub").mkdir(parents=True)
    (seeds / ".git").mkdir()
    article = ("Заголовок\n\n" + BODY).encode()
    (seeds / "a b.txt").write_bytes(article)
    (seeds / "a-b.txt").write_bytes(article.replace(b"12%", b"13%"))
    (seeds / "sub" / "a b.txt").write_bytes(article.replace(b"12%", b"14%"))
    (seeds / "copy.txt").write_bytes(article.replace(b"\n", b"\r\n"))
    (seeds / ".git" / "x.txt").write_bytes(b"hidden")
    (seeds / os.fsdecode(b"bad\xffname.txt")).write_bytes(article.replace(b"12%", b"15%"))
    (tmp_path / "outside.txt").write_bytes(article.replace(b"12%", b"16%"))
    (seeds / "link.txt").symlink_to(tmp_path / "outside.txt")
    (seeds / "inside-link.txt").symlink_to(seeds / "a b.txt")
    report = BuildReport()
    articles, _ = load_seeds(load_config(tmp_path / "briefings.yml"), report=report)
    assert [a.id for a in articles] == ["a-b", "a-b-2", "bad-name", "a-b-3"]
    assert report.duplicates == [("a b.txt", "copy.txt"), ("a b.txt", "inside-link.txt")]
    assert [p.problem.split(",")[0] for p in report.problems] == [f"a link to {(tmp_path / 'outside.txt').resolve()}"]
