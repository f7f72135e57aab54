"""Russian search, measured in a real browser on the committed seeds' briefings.

Each query is written in a form the pages do not contain (another case or
number, capital letters, ё for е and back, two words). The site's search must
put the expected page in its top 3 for at least 95 % of them; the same queries
are run against the same site built with Material's search as shipped, and
its score is printed beside ours.

The search mechanism (docs/javascripts/search-ru-worker.js) knows nothing of
these pages: it folds ё and stems with the index's own Snowball stemmer.
"""

from __future__ import annotations

import html
import json
import os
import re
import urllib.request

import pytest

from .test_browser import SearchBox, serve
from .test_site import build_site

ECONOMY = "briefings/economy/"
CULTURE = "briefings/culture/"
YOUTH = "briefings/youth/"
CORRIDOR = "briefings/middle-corridor/"
TRADE_ARTICLE = "briefings/sources/000_6b0c4bca53d6315f/"  # Бектенов — Омуралиев, товарооборот
SUMMIT_ARTICLE = "briefings/sources/003_f5d5646d0d005aeb/"  # Токаев в Баку, саммит ОТГ

# (query, expected page, text on that page the query is a variant of)
PAIRS = [
    # other case or number than the text
    ("товарообороты", ECONOMY, "товарооборота"),
    ("ТОВАРООБОРОТ", ECONOMY, "товарооборот"),
    ("инвестиция", ECONOMY, "инвестиции"),
    ("сельхозпродукцией", ECONOMY, "сельхозпродукции"),
    ("Бектенова", TRADE_ARTICLE, "Олжас Бектенов"),
    ("омуралиев", TRADE_ARTICLE, "Кубанычбеком Омуралиевым"),
    ("Кыргызстаном", TRADE_ARTICLE, "Кыргызстана"),
    ("Жумангарину", TRADE_ARTICLE, "Серика Жумангарина"),
    ("Амангельдиева", TRADE_ARTICLE, "Данияром Амангельдиевым"),
    ("саммиты", SUMMIT_ARTICLE, "саммите"),
    ("алиеву", SUMMIT_ARTICLE, "Ильхама Алиева"),
    ("стартапов", YOUTH, "стартапы"),
    ("медиапроектом", CULTURE, "медиапроекты"),
    ("шуша", SUMMIT_ARTICLE, "Шуши"),
    ("туристы", CULTURE, "туристов"),
    ("энергетику", CORRIDOR, "энергетике"),
    ("хабы", CORRIDOR, "хабов"),
    ("Лаврину", "entities/anastasiya-lavrina/", "Анастасия Лаврина"),
    ("Токаеву", "entities/kasym-zhomart-tokaev/", "Касым-Жомарт Токаев"),
    # ё and е
    ("молодежь", YOUTH, "молодёжи"),
    ("молодёжная дипломатия", YOUTH, "Молодёжная дипломатия"),
    ("партнеры", CORRIDOR, "партнёрами"),
    ("молодёжная столица", YOUTH, "молодежная столица"),
    ("её словам", CORRIDOR, "по её словам"),
    # two words, each in another form
    ("миллиард доллар", ECONOMY, "миллиарда долларов"),
    ("рабочее место", ECONOMY, "рабочих мест"),
    ("динамика торговли", ECONOMY, "динамики торговли"),
    ("стратегический документ", ECONOMY, "стратегического документа"),
    ("торгово-логистический комплекс", ECONOMY, "торгово-логистического комплекса"),
    ("премьер-министра Казахстана", TRADE_ARTICLE, "Премьер-министр Республики Казахстан"),
    ("культурная столица", CULTURE, "культурной столицей"),
    ("продовольственной безопасности", SUMMIT_ARTICLE, "продовольственная безопасность"),
    ("климатическое изменение", SUMMIT_ARTICLE, "климатические изменения"),
    ("образовательная программа", YOUTH, "образовательные программы"),
    ("евразийская арена", YOUTH, "евразийской арене"),
    ("средним коридором", CORRIDOR, "Средний коридор"),
    ("транспортная логистика", CORRIDOR, "транспортной логистике"),
    ("цифровые технологии", CORRIDOR, "цифровых технологиях"),
    ("мягкая сила", CULTURE, "мягкую силу"),
    ("тюркский мир", CULTURE, "тюркского мира"),
    ("гуманитарной инициативы", CULTURE, "гуманитарные инициативы"),
    ("тюркских государствах", CORRIDOR, "тюркские государства"),
    # what a source page gives the index besides its title: lead, keywords, entity names, figures
    ("генеральный секретарь", TRADE_ARTICLE, "генеральным секретарем"),
    ("ключевые встречи", TRADE_ARTICLE, "ключевую встречу"),
    ("гуманитарного сотрудничества", TRADE_ARTICLE, "гуманитарное сотрудничество"),
    ("200 млн долларов", TRADE_ARTICLE, "200 млн долл."),
    ("официальные визиты", SUMMIT_ARTICLE, "официальным визитом"),
    ("гуманитарные измерения", SUMMIT_ARTICLE, "гуманитарными измерениями"),
    ("Узбекистаном", SUMMIT_ARTICLE, "Узбекистан"),
]
TARGET = 0.95
TOP = 3

# Text deep in an article (past its lead): on the article's page, but the page
# gives search only its title, lead, keywords, entity names and figures
# (README, "What search indexes"). Such a query finds the pages that quote the
# sentence (a topic page, «Прочее»), not the article. Until the search index
# was cut to size these were pairs of the table above, with the article as the
# expected page.
BEYOND_LEAD = [
    ("переговор", TRADE_ARTICLE, "переговоры"),
    ("международный форум", TRADE_ARTICLE, "Международного форума"),
    ("глобальная экономика", TRADE_ARTICLE, "глобальной экономике"),
    ("политологу", SUMMIT_ARTICLE, "политолог"),
    ("Карабахская война", SUMMIT_ARTICLE, "Карабахской войны"),
    ("цифровая платформа", SUMMIT_ARTICLE, "цифровой платформой"),
    ("ключевой партнёр", SUMMIT_ARTICLE, "ключевые партнеры"),
]


def test_the_pairs_are_real_variants():
    """Every query differs from the text it stands for, and the table is big enough."""
    assert len(PAIRS) >= 40
    letter_case_only = [q for q, _, text in PAIRS if q.lower() == text.lower()]
    assert len(letter_case_only) <= 2
    # a nominative query that is a prefix of the text («омуралиев») is natural, but Material finds it anyway
    prefixes = [q for q, _, text in PAIRS if q not in letter_case_only and q.lower() in text.lower()]
    assert len(prefixes) <= len(PAIRS) // 10, prefixes
    for query, page, text in PAIRS:
        assert query != text, query
        assert page.endswith("/")


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).lower().replace("ё", "е")


@pytest.mark.browser
def test_each_expected_page_holds_the_text(server):
    """The table is honest: the expected page really contains the text the query stands for."""
    pages: dict[str, str] = {}
    for _, page, text in PAIRS:
        if page not in pages:
            with urllib.request.urlopen(f"{server}/{page}") as response:
                pages[page] = _folded(response.read().decode("utf-8"))
        assert _folded(text) in pages[page], (page, text)


def run_pairs(browser, base: str) -> list[tuple[str, str, list[str]]]:
    page = browser.new_page()
    box = SearchBox(page, base)
    results = [(query, expected, box.pages(query)) for query, expected, _ in PAIRS]
    page.close()
    return results


def score(results) -> float:
    return sum(expected in found[:TOP] for _, expected, found in results) / len(results)


def report(name: str, results) -> str:
    lines = [f"{name}: {score(results):.0%} of {len(results)} queries have the expected page in the top {TOP}"]
    for query, expected, found in results:
        if expected not in found[:TOP]:
            lines.append(f"  miss  {query!r}: expected {expected}, got {found[:TOP]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def plain_material_server(tmp_path_factory):
    """The same site, built with Material's search exactly as shipped."""
    site = tmp_path_factory.mktemp("plain-material-site")
    result = build_site(site, env={"BRIEFINGS_MATERIAL_SEARCH": "1"})
    assert result.returncode == 0, result.stderr
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["pipeline"] == ["stopWordFilter"]  # really Material's default
    httpd, base = serve(site)
    yield base
    httpd.shutdown()


@pytest.mark.browser
def test_search_finds_inflected_forms_and_beats_plain_material(server, plain_material_server, browser, capsys):
    ours = run_pairs(browser, server)
    plain = run_pairs(browser, plain_material_server)
    with capsys.disabled():
        print("\n" + report("Russian-aware search", ours))
        print(report("Material's default search", plain))
    assert len(plain) == len(PAIRS) and 0.0 <= score(plain) <= 1.0  # the comparison was computed
    assert score(ours) >= TARGET, report("Russian-aware search", ours)
    assert score(ours) > score(plain)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("объем", "объём"),  # ё in the text, е in the query
        ("тюркские", "тюркских"),
        ("товарооборота", "товарооборот"),
    ],
)
def test_cases_from_the_issue(tmp_path, browser, query, expected):
    """The three failures the issue names, on a page written for the test."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Главная\n\nНичего.\n", "utf-8")
    (docs / "target.md").write_text(f"# Заметка\n\nСлово {expected} стоит здесь.\n", "utf-8")
    site = tmp_path / "site"
    result = build_site(site, config=_config_for(tmp_path, docs))
    assert result.returncode == 0, result.stderr
    httpd, base = serve(site)
    try:
        page = browser.new_page()
        assert "target/" in SearchBox(page, base).pages(query)
        page.close()
    finally:
        httpd.shutdown()


def _config_for(tmp_path, docs) -> str:
    """A minimal site with this project's search settings and hook (no briefings)."""
    from .test_site import ROOT

    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = tmp_path / "mkdocs.yml"
    text = text.replace("docs_dir: docs", f"docs_dir: {docs}")
    text = text.replace("  - generator/site_hook.py", f"  - {ROOT / 'generator' / 'site_hook.py'}")
    text = text.replace("watch:\n  - briefings\n  - briefings.yml\n", "")
    text = text.replace("extra_css:\n  - stylesheets/briefings.css\n", "").replace(
        "extra_javascript:\n  - javascripts/tablesort.js\n", ""
    )
    config.write_text(text, "utf-8")
    (docs / "javascripts").mkdir()
    worker = ROOT / "docs" / "javascripts" / "search-ru-worker.js"
    (docs / "javascripts" / "search-ru-worker.js").write_text(worker.read_text("utf-8"), "utf-8")
    assert os.path.exists(config)
    return str(config)


@pytest.mark.browser
def test_text_past_the_lead_is_found_where_it_is_quoted_not_on_the_article(server, browser):
    page = browser.new_page()
    box = SearchBox(page, server)
    for query, article, text in BEYOND_LEAD:
        with urllib.request.urlopen(f"{server}/{article}") as response:
            assert _folded(text) in _folded(response.read().decode("utf-8"))  # the text is on the article's page
        found = box.pages(query)
        assert article not in found[:TOP], query  # («экономика» alone is a keyword of the article: 4th)
        assert found, query  # a topic page or «Прочее» quotes the sentence
    page.close()


@pytest.mark.browser
def test_all_words_first_then_any_word(server, browser):
    """Two words: pages with both come first; a word no page has does not empty the results."""
    page = browser.new_page()
    box = SearchBox(page, server)
    both = box.pages("премьер-министр Казахстана")
    assert both[0] == TRADE_ARTICLE  # the only page with both words, though many name Kazakhstan
    assert ECONOMY in box.pages("товарооборот жирафы")[:TOP]
    assert box.pages("жирафы") == []
    page.close()
