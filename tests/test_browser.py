"""The site in a real browser: Playwright drives Debian's chromium against the
built site served on 127.0.0.1 from a thread. Every request a page makes is
recorded; screenshots go to test-artifacts/ (gitignored) for a human to look at."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from .test_site import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1366, "height": 768}  # a common laptop screen
PHONE = {"width": 390, "height": 844}
SEARCH_PLACEHOLDER = "Начните печатать"
SEARCH_DONE = re.compile(r"Найдено|Совпадений не найдено")


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Debian's chromium is required: `make test` installs it (apt-get install chromium)"
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


class SearchBox:
    """Material's search on one open page: type a query, read the result pages in order."""

    def __init__(self, page, base: str):
        self.page = page
        page.goto(base + "/")
        self.box = page.locator("input.md-search__input")
        self.box.click()

    def _type(self, text: str) -> None:
        self.box.fill(text)
        self.box.dispatch_event("keyup")  # Material listens for keyup, fill() sends none

    def pages(self, query: str) -> list[str]:
        """Result pages, best first, as site paths («briefings/economy/»)."""
        meta = self.page.locator(".md-search-result__meta")
        self._type("")
        meta.filter(has_text=SEARCH_PLACEHOLDER).wait_for(timeout=15_000)
        self._type(query)
        self.page.wait_for_function(
            "([sel, placeholder, none]) => { const m = document.querySelector(sel);"
            " if (!m || !m.textContent.trim() || m.textContent.includes(placeholder)) return false;"
            " return m.textContent.includes(none) ||"
            " document.querySelectorAll('.md-search-result__list > .md-search-result__item').length > 0 }",
            arg=[".md-search-result__meta", SEARCH_PLACEHOLDER, "Совпадений не найдено"],
            timeout=15_000,
        )
        assert SEARCH_DONE.search(meta.inner_text()), meta.inner_text()
        hrefs = self.page.eval_on_selector_all(
            ".md-search-result__list > .md-search-result__item > a", "els => els.map(e => e.href)"
        )
        found = []
        for href in hrefs:
            path = re.sub(r"^https?://[^/]+/", "", href).split("?")[0].split("#")[0]
            if path not in found:
                found.append(path)
        return found


def search(page, base: str, query: str) -> list[str]:
    return SearchBox(page, base).pages(query)


def test_russian_word_finds_the_right_briefing(server, browser):
    page = browser.new_page()
    assert "briefings/economy/" in search(page, server, "товарооборот")[:3]
    page.close()


def test_a_page_makes_no_request_outside_the_site(server, browser):
    """Home, a topic page, the figures page and a search: every request goes to 127.0.0.1."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ("/", "/briefings/economy/", "/figures/", "/entities/", "/other/", "/tags/"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    search(page, server, "тюркские государства")
    outside = [u for u in requests if not u.startswith("http://127.0.0.1:") and not u.startswith("data:")]
    assert outside == []
    assert any(u.endswith("search_index.json") for u in requests)  # the search really ran
    assert any("lunr.ru.min.js" in u for u in requests)
    page.close()


def _shoot(browser, base: str, path: str, viewport: dict, name: str):
    page = browser.new_page(viewport=viewport)
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    return page


@pytest.mark.parametrize(("viewport", "label"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_home_page_shows_topics_and_latest_sources(server, browser, viewport, label):
    page = _shoot(browser, server, "/", viewport, f"home-{label}")
    assert page.locator("h1").first.is_visible()
    cards = page.locator(".briefings-cards > ul > li")
    assert cards.count() == 4
    for title in ("Экономика", "Культура", "Молодёжь", "Средний коридор"):
        assert page.locator(".briefings-cards").get_by_role("link", name=title, exact=True).count() == 1
    first = cards.first.bounding_box()
    assert first["x"] >= 0 and first["x"] + first["width"] <= viewport["width"] + 1  # no sideways scrolling
    assert page.get_by_role("heading", name="Последние статьи").count() == 1
    assert page.locator("#последние-статьи + ul a[href*='briefings/sources/']").count() >= 1
    page.close()


@pytest.mark.parametrize(("viewport", "label"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_topic_page_shows_title_figures_and_sources(server, browser, viewport, label):
    page = _shoot(browser, server, "/briefings/economy/", viewport, f"topic-{label}")
    title = page.locator("h1").first
    assert title.inner_text().startswith("Экономика")
    assert title.bounding_box()["y"] < viewport["height"] / 3  # the title is at the top, not under a menu
    table = page.locator("#ключевые-цифры ~ .md-typeset__scrollwrap table, #ключевые-цифры ~ table").first
    assert table.count() == 1
    assert "Значение" in table.inner_text() and "млрд" in table.inner_text()
    sources = page.locator("#источники + ol a[href*='sources/']")
    assert sources.count() >= 1
    page.locator("#ключевые-цифры").scroll_into_view_if_needed()
    # the figures table fits the width (or scrolls inside its own box): the page never scrolls sideways
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"] + 1
    if label == "desktop":  # one laptop screen shows the title, the main figures and the summary
        page.evaluate("window.scrollTo(0, 0)")
        glance = page.get_by_text("Главные цифры:")
        assert glance.bounding_box()["y"] + glance.bounding_box()["height"] < viewport["height"]
        assert page.locator("#главное").bounding_box()["y"] < viewport["height"]
    page.close()


def test_summary_links_land_on_the_source_sentence(server, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/briefings/economy/")
    link = page.locator("#главное + ul li a[href*='#s-']").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("#" + target)
    sentence = page.locator(f"#{target}")
    assert sentence.count() == 1 and len(sentence.inner_text()) > 20  # the anchor holds the sentence itself
    background = sentence.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted on arrival
    box = sentence.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"]  # scrolled into view
    page.close()


def test_figures_table_sorts_by_period(server, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/figures/")
    table = page.locator(".sortable table").first
    header = table.locator("thead th", has_text="Период")
    header.click()
    keys = table.locator("tbody tr td:nth-child(3) [data-sort]").evaluate_all(
        "els => els.map(e => e.getAttribute('data-sort'))"
    )
    assert keys == sorted(keys, key=lambda k: k) and len(keys) >= 2
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    page.close()


def test_chart_is_inline_svg(server, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/figures/")
    chart = page.locator("figure.briefings-chart svg")
    assert chart.count() == 1
    assert chart.locator("rect").count() >= 1
    assert chart.bounding_box()["width"] > 300
    page.close()
