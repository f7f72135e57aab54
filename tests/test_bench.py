"""scripts/bench.py builds its corpus right: repeated texts stay distinct
articles (none dropped as a duplicate), and the project it times is complete."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from generator import load_config
from generator.pipeline import BuildReport, load_seeds

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


ROWS = [
    {"text": "Казахстан и Турция подписали соглашение\n\nСтороны договорились о поставках зерна."},
    {"text": "В Бишкеке открылся форум ОТГ\n\nВ форуме участвуют 300 делегатов.\n\nОн продлится два дня."},
]


@pytest.mark.parametrize(
    ("copy", "title"),
    [
        (0, "Казахстан и Турция подписали соглашение"),
        (1, "Казахстан и Турция подписали соглашение (выпуск 2)"),
        (4, "Казахстан и Турция подписали соглашение (выпуск 5)"),
    ],
)
def test_each_copy_of_a_text_gets_its_own_title_line(bench, copy, title):
    text = bench.article_text(ROWS[0], copy)
    assert text.splitlines()[0] == title
    assert text.endswith("Стороны договорились о поставках зерна.\n")


def test_the_corpus_keeps_every_repeated_article(bench, tmp_path):
    chars = bench.make_project(tmp_path / "p", ROWS, 5)
    report = BuildReport()
    articles, _ = load_seeds(load_config(tmp_path / "p" / "briefings.yml"), report=report)
    assert len(articles) == 5 and not report.duplicates and not report.problems
    assert len({a.title for a in articles}) == 5
    assert chars == sum(len(p.read_text("utf-8")) for p in (tmp_path / "p" / "seeds").iterdir())
    for needed in ("mkdocs.yml", "docs/index.md", "generator/site_hook.py"):
        assert (tmp_path / "p" / needed).is_file(), needed
    assert not (tmp_path / "p" / "docs" / "benchmarks.md").exists()
