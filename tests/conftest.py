from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from generator.config import load_config

from .test_browser import CHROMIUM_FLAGS, chromium_path, serve
from .test_site import build_site

# CI replays the same examples every run (a failure there is reproducible);
# on a developer's machine Hypothesis keeps looking for new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def repo_config():
    return load_config(ROOT / "briefings.yml")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway copy of the project inputs: config, seeds, empty briefings."""
    shutil.copy(ROOT / "briefings.yml", tmp_path / "briefings.yml")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


@pytest.fixture(scope="session")
def python() -> str:
    return sys.executable


# Browser tests (test_browser.py, test_search.py): one built site served on 127.0.0.1, one chromium.
@pytest.fixture(scope="session")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("browser-site")
    result = build_site(site)
    assert result.returncode == 0, result.stderr
    httpd, base = serve(site)
    yield base
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
