"""A build after a build does only what changed: seeds are not parsed again,
unchanged source pages are neither rendered nor merged, and nothing is read
from the extraction cache when nothing changed. Every shortcut writes the
bytes a build without any (a fresh folder, no cache) writes."""

from __future__ import annotations

import shutil

import pytest

import generator.pipeline as pipeline
from generator import build, load_config
from generator.cache import CACHE_DIR, Memo
from generator.errors import EditConflictError

from .test_parallel import make_project, snapshot

NEW = (
    "Неделя кино Узбекистана прошла в Алматы\n\n"
    "Зрителям показали 12 фильмов. Товарооборот в сфере кино вырос на 5%, сообщил Министр культуры."
)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("incremental") / "p")
    build(load_config(root / "briefings.yml"), jobs=1)
    return root


def from_scratch(project, tmp_path) -> dict[str, bytes]:
    """The briefings a build of a copy of the project writes, with no cache and no briefings yet."""
    copy = tmp_path / "scratch"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache", "briefings"))
    build(load_config(copy / "briefings.yml"), jobs=1, use_cache=False)
    return snapshot(copy / "briefings")


def refuse(name: str):
    def refused(*args, **kwargs):
        raise AssertionError(f"{name} was called")

    return refused


def test_nothing_changed_parses_no_seed_reads_no_extraction_renders_no_page(project, monkeypatch):
    config = load_config(project / "briefings.yml")
    before = snapshot(project / "briefings")
    monkeypatch.setattr(pipeline, "_parse_isolated", refuse("parse_article"))
    monkeypatch.setattr("generator.cache.ExtractionCache.get", refuse("ExtractionCache.get"))
    monkeypatch.setattr(pipeline, "source_page", refuse("source_page"))
    monkeypatch.setattr(pipeline, "aggregate", refuse("aggregate"))
    report = build(config)
    assert report.articles == 6 and report.written == [] and report.changed == []
    assert snapshot(project / "briefings") == before


def test_one_new_article_renders_its_own_source_page_only_and_writes_what_a_fresh_build_writes(
    project, tmp_path, monkeypatch
):
    config = load_config(project / "briefings.yml")
    (project / "seeds" / "kino.txt").write_text(NEW, "utf-8")
    rendered: list[str] = []
    real_source_page = pipeline.source_page
    monkeypatch.setattr(pipeline, "source_page", lambda e: rendered.append(e.article.id) or real_source_page(e))
    workers = []
    real = pipeline._extract_while_reading
    monkeypatch.setattr(pipeline, "_extract_while_reading", lambda *a: workers.append(1) or real(*a))
    try:
        report = build(config)
        assert rendered == ["kino"]
        assert workers == [1]  # its models loaded and it was extracted in a worker while the cache was read
        assert report.articles == 7
        assert {p.path.name for p in report.written} == {"kino.md", *(t.filename for t in config.topics)}
        assert snapshot(project / "briefings") == from_scratch(project, tmp_path)
    finally:
        (project / "seeds" / "kino.txt").unlink()
        monkeypatch.undo()
        build(config)
    assert "kino.md" not in snapshot(project / "briefings")


def test_a_damaged_or_missing_memo_changes_no_byte(project):
    config = load_config(project / "briefings.yml")
    before = snapshot(project / "briefings")
    tables = list((project / CACHE_DIR).rglob(f"*{Memo.SUFFIX}"))
    assert {t.stem for t in tables} == {"seeds", "pages", "yaml"}
    for table, damage in zip(tables, ["{", "[]", '{"x": 1}'], strict=True):
        table.write_text(damage, "utf-8")
    assert build(config).written == []
    for table in tables:
        table.unlink()
    assert build(config).written == []
    assert snapshot(project / "briefings") == before


def test_a_hand_edit_in_a_page_the_memo_knows_still_stops_the_build(project):
    config = load_config(project / "briefings.yml")
    build(config)  # every page in the memo
    page = project / "briefings" / "sources" / "corridor.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("3,5 миллиона тонн", "4 миллиона тонн", 1), "utf-8")
    try:
        with pytest.raises(EditConflictError, match=r"corridor\.md: hand edit inside generated part"):
            build(config)
        page.write_text(text + "\nЗаметка редактора.\n", "utf-8")
        assert build(config).written == []  # editor text outside the markers: kept, nothing to write
        assert page.read_text("utf-8").endswith("\nЗаметка редактора.\n")
    finally:
        page.write_text(text, "utf-8")
