"""Search in a real browser: Playwright drives Debian's chromium against the
built site served on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from .test_site import build_site

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Debian's chromium is required: `make test` installs it (apt-get install chromium)"
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser-site")
    result = build_site(site)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def search(page, base: str, query: str) -> list[str]:
    page.goto(base + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.dispatch_event("keyup")  # Material listens for keyup, fill() sends none
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    return page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.getAttribute('href'))")


def test_russian_word_finds_the_right_briefing(server, browser):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    hrefs = search(page, server, "товарооборот")
    assert any("briefings/economy/" in h for h in hrefs), hrefs
    outside = [u for u in requests if not u.startswith(server) and not u.startswith("data:")]
    assert outside == []
    page.close()


def test_search_finds_the_middle_corridor(server, browser):
    page = browser.new_page()
    hrefs = search(page, server, "коридор")
    assert any("briefings/middle-corridor/" in h for h in hrefs), hrefs
    page.close()
