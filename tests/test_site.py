"""The site: mkdocs build --strict (anchors validated) on the committed
briefings, Russian UI, no external requests in the HTML."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

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
