from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from generator.config import load_config

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
