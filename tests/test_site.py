"""The site: mkdocs build --strict (anchors validated) on the committed
briefings, Russian UI, no external requests in the HTML."""

import html as html_module
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent


def build_site(dest: Path, env: dict | None = None, config: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    options = ["--config-file", config] if config else []
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest), *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    result = build_site(dest)
    assert result.returncode == 0, result.stderr
    return dest


def test_home_lists_the_four_briefings(site):
    html = (site / "index.html").read_text("utf-8")
    for title, slug in (
        ("Экономика", "economy"),
        ("Культура", "culture"),
        ("Молодёжь", "youth"),
        ("Средний коридор", "middle-corridor"),
    ):
        assert title in html
        assert f'href="briefings/{slug}/"' in html


def test_pages_are_in_russian(site):
    html = (site / "briefings" / "economy" / "index.html").read_text("utf-8")
    assert '<html lang="ru"' in html
    assert "11,4 миллиарда долларов" in html


def test_cyrillic_headings_get_readable_anchors(site):
    html = (site / "briefings" / "economy" / "index.html").read_text("utf-8")
    assert 'id="главное"' in html
    assert 'id="_1"' not in html


def test_source_pages_are_built_but_not_in_the_navigation(site):
    assert (site / "briefings" / "sources" / "000_6b0c4bca53d6315f" / "index.html").exists()
    home = (site / "index.html").read_text("utf-8")
    nav = home[home.find('class="md-nav md-nav--primary"') :]
    assert "briefings/sources/" not in nav.split("</nav>")[0]


def test_no_request_leaves_the_site(site):
    external = re.compile(r"""(?:src|href)=["'](?:https?:)?//(?!127\.0\.0\.1|localhost)""")
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        hits = [m.group(0) for m in external.finditer(html)]
        # links a reader clicks (<a href>) may point outside; nothing may be loaded from outside
        loads = [h for h in hits if h.startswith("src")]
        assert not loads, (page, loads)
        assert "fonts.googleapis.com" not in html, page


def test_topic_pages_come_in_config_order(site):
    html = (site / "index.html").read_text("utf-8")
    positions = [html.find(f'href="briefings/{slug}/"') for slug in ("economy", "culture", "youth", "middle-corridor")]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_search_index_is_utf8_and_the_worker_is_patched(site):
    raw = (site / "search" / "search_index.json").read_bytes()
    assert b"\\u04" not in raw  # no escaped Cyrillic
    index = json.loads(raw.decode("utf-8"))
    assert "товарооборот" in json.dumps(index, ensure_ascii=False)
    assert index["config"]["pipeline"] == ["trimmer", "stopWordFilter", "stemmer"]
    pack = (site / "assets" / "javascripts" / "lunr" / "min" / "lunr.ru.min.js").read_text("utf-8")
    assert "briefingsRussianSearch" in pack and pack.index("e.ru.stemmer") < pack.index("briefingsRussianSearch")


def test_site_wide_pages_are_generated_and_linked(site):
    figures = (site / "figures" / "index.html").read_text("utf-8")
    assert "<svg" in figures and "<script" not in figures.split("<svg", 1)[1].split("</svg>")[0]
    assert 'href="../briefings/sources/000_6b0c4bca53d6315f/#s-2"' in figures
    assert 'class="sortable"' in figures
    entities = (site / "entities" / "index.html").read_text("utf-8")
    assert "Люди" in entities and "Места" in entities
    other = (site / "other" / "index.html").read_text("utf-8")
    assert "Но это не единственные положительные новости" in other  # a sentence with no topic is kept
    assert (site / "tags" / "index.html").exists()


def test_entity_pages_link_every_mention_to_its_sentence(site):
    pages = sorted((site / "entities").glob("*/index.html"))
    assert pages, "no entity page was generated"
    for page in pages:
        html = page.read_text("utf-8")
        links = re.findall(r'href="\.\./\.\./briefings/sources/([^/]+)/#s-(\d+)"', html)
        assert links, page
        for source, sentence in links:
            target = (site / "briefings" / "sources" / source / "index.html").read_text("utf-8")
            assert f'id="s-{sentence}"' in target


def test_site_is_not_in_the_way_of_topic_navigation(site):
    home = (site / "index.html").read_text("utf-8")
    menu = re.findall(r'href="([^"]+)" class="md-nav__link', home)
    assert not [m for m in menu if m.startswith("entities/") and m != "entities/"]  # entity pages: out of the menu
    for path in ("figures/", "entities/", "other/", "tags/"):
        assert path in menu


def test_topic_page_names_link_to_entity_pages(site):
    html = (site / "briefings" / "economy" / "index.html").read_text("utf-8")
    links = re.findall(r'<a href="\.\./\.\./entities/([a-z0-9-]+)/">', html)
    assert links
    for slug in links:
        assert (site / "entities" / slug / "index.html").exists()


def test_topic_page_reads_like_a_briefing(site):
    html = (site / "briefings" / "economy" / "index.html").read_text("utf-8")
    assert "Главные цифры:" in html and "<strong>11,4\u00a0млрд\u00a0долл.</strong>" in html
    assert "I кв. 2025" in html  # the period as a Russian reader writes it
    assert '<details class="note">' in html  # topic reasons fold away
    assert 'class="md-tag' in html  # keywords as tags


TRADE = "briefings/sources/000_6b0c4bca53d6315f/"


def _index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]


def test_a_source_page_is_one_index_entry_of_title_lead_and_facts(site):
    entries = [e for e in _index(site) if e["location"].startswith("briefings/sources/")]
    assert sorted(e["location"] for e in entries) == [TRADE, "briefings/sources/003_f5d5646d0d005aeb/"]
    (entry,) = [e for e in entries if e["location"] == TRADE]
    assert entry["title"].startswith("Казахстан и ОТГ: новые горизонты") and entry["boost"] == 0.5
    text = entry["text"]
    assert "Олжас Бектенов провел ключевую встречу" in text  # the lead
    assert "гуманитарное сотрудничество" in text  # a keyword, as the box shows it
    assert "Серик Жумангарин" in text and "Кыргызстан" in text  # entity names, though only in the body
    assert "11,4\u00a0млрд\u00a0долл." in text and "200 миллионов долларов" in text  # figures, shown and as written
    # sentences 9 and 13, past the lead: on the page, not in the index
    assert "переговоры Серика Жумангарина" not in text and "глобальной экономике" not in text
    page = (site / TRADE / "index.html").read_text("utf-8")
    assert "переговоры Серика Жумангарина" in page and "глобальной экономике" in page


def test_a_source_page_shows_its_facts_under_the_title(site):
    page = (site / TRADE / "index.html").read_text("utf-8")
    box = page[page.index('<div class="source-facts">') :].split("</div>")[0]
    assert "Ключевые слова:</strong> ОТГ · Казахстан" in box
    assert '<a href="../../../entities/kasym-zhomart-tokaev/">Касым-Жомарт Токаев</a>' in box
    assert '<a href="#s-2" title="11,4 миллиарда долларов"><strong>11,4\u00a0млрд\u00a0долл.</strong></a>' in box
    assert page.index('id="s-0"') < page.index('class="source-facts"') < page.index('id="s-1"')


def test_a_topic_page_lists_its_sources_but_search_skips_the_list(site):
    page = (site / "briefings" / "economy" / "index.html").read_text("utf-8")
    assert "предложений по теме" in page and "Почему эти предложения отнесены к теме" in page
    sections = {e["location"]: e["text"] for e in _index(site) if e["location"].startswith("briefings/economy/")}
    assert sections["briefings/economy/#источники"] == ""
    assert "предложений по теме" not in json.dumps(sections, ensure_ascii=False)
    assert "11,4\u00a0млрд\u00a0долл." in sections["briefings/economy/#ключевые-цифры"]  # the rest is searched
    assert "Главное" not in sections["briefings/economy/#главное"] and sections["briefings/economy/#главное"]


def test_every_link_on_the_site_lands_on_a_page_and_anchor(site):
    """The hook writes some pages' links as HTML (not checked by MkDocs): each must resolve."""
    anchors: dict[Path, set[str]] = {}
    checked = 0
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # links from the site root, by design
            continue
        for href in re.findall(r'<a [^>]*href="([^"]+)"', page.read_text("utf-8")):
            parts = urlsplit(html_module.unescape(href))
            if parts.scheme or parts.netloc:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            target = target / "index.html" if target.is_dir() else target
            assert target.exists(), (page, href)
            if parts.fragment and target.suffix == ".html":
                if target not in anchors:
                    anchors[target] = set(re.findall(r'\sid="([^"]+)"', target.read_text("utf-8")))
                assert unquote(parts.fragment) in anchors[target], (page, href)
            checked += 1
    assert checked > 500


def test_a_link_to_a_missing_sentence_fails_the_strict_build(tmp_path):
    """Sentences written as HTML by the hook still give MkDocs their anchors: a
    link to one that does not exist is an error, one that exists is not."""
    for folder in ("docs", "briefings"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "briefings.yml", tmp_path / "briefings.yml")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  - generator/site_hook.py", f"  - {ROOT / 'generator' / 'site_hook.py'}")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    economy = tmp_path / "briefings" / "economy.md"
    text = economy.read_text("utf-8")
    assert "000_6b0c4bca53d6315f.md#s-2)" in text
    result = build_site(tmp_path / "site", config=str(tmp_path / "mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    economy.write_text(text.replace("000_6b0c4bca53d6315f.md#s-2)", "000_6b0c4bca53d6315f.md#s-999)", 1), "utf-8")
    result = build_site(tmp_path / "site", config=str(tmp_path / "mkdocs.yml"))
    assert result.returncode != 0 and "s-999" in result.stderr


def test_entity_pages_are_found_by_name_before_the_articles_naming_them(site):
    entries = [e for e in _index(site) if e["location"].startswith("entities/kasym-zhomart-tokaev/")]
    assert entries and all(e["boost"] == 2 for e in entries)
    assert "Касым-Жомарт Токаев" in entries[0]["title"]
    assert not any("→ в статье" in e["text"] for e in entries)  # the quoted mentions are not in the index
