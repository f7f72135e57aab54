"""Extraction across worker processes: same results as the serial path, in
input order; the whole build byte-identical serial, parallel and cached."""

from __future__ import annotations

import dataclasses
import gc
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import build, load_config
from generator.analyse import analyse, by_length, with_syntax
from generator.cache import ExtractionCache, to_json
from generator.cli import main
from generator.extract import extract
from generator.parallel import WorkerError, default_jobs, extract_articles, extract_many, worker_count, worker_processes
from generator.progress import ExtractionBar, wanted
from generator.records import Article, Extraction

from .news_ru import ARTICLES

ROOT = Path(__file__).resolve().parent.parent


def make_project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "briefings.yml", root / "briefings.yml")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    for name, text in ARTICLES.items():
        (root / "seeds" / name).write_text(text, "utf-8")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every page's bytes (the lock file aside)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def articles() -> list[Article]:
    found = []
    for name, text in ARTICLES.items():
        title, _, body = text.partition("\n\n")
        found.append(Article(id=name.removesuffix(".txt"), path=name, title=title, body=body))
    return found


@pytest.fixture(scope="module")
def repo_config():
    return load_config(ROOT / "briefings.yml")


def test_workers_return_what_the_serial_path_does_in_input_order(repo_config):
    items = articles()
    serial = [extract(a, repo_config) for a in items]
    parallel = list(extract_many(items, repo_config, jobs=2))
    assert [e.article.id for e in parallel] == [a.id for a in items]
    assert parallel == serial


def test_extraction_leaves_next_to_no_cycles_behind(repo_config):
    """Workers freeze what they hold after each article (parallel.py): that is
    only sound while extraction leaves (almost) no garbage that needs the cycle
    collector; it would stay in the frozen set for the life of the worker."""
    items = articles()
    extract(items[0], repo_config)  # first calls fill lazy tables and caches
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            for article in items:
                extract(article, repo_config)
        cyclic = gc.collect()
    finally:
        gc.enable()
    assert cyclic <= 30 * 3 * len(items)


def test_one_job_runs_in_this_process(repo_config, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for jobs=1")

    monkeypatch.setattr("generator.parallel.ProcessPoolExecutor", no_pool)
    result = list(extract_many(articles()[:2], repo_config, jobs=1))
    assert [e.article.id for e in result] == ["kz-uz-trade", "youth-forum"]


def test_a_single_article_needs_no_pool_whatever_jobs_says(repo_config, monkeypatch):
    monkeypatch.setattr("generator.parallel.ProcessPoolExecutor", None)
    (only,) = extract_many(articles()[3:], repo_config, jobs=8)
    assert only.article.title == "Дни культуры Казахстана открылись в Баку"


@pytest.mark.parametrize("jobs", [1, 2])
def test_new_extractions_are_cached_as_the_very_text_the_build_read_them_from(tmp_path, jobs):
    """Workers send JSON back; the build reads its records from that text and
    stores it unchanged, so a cached build reads exactly what this one used."""
    config = load_config(make_project(tmp_path / "p") / "briefings.yml")
    extracted = extract_articles(articles()[:3], config, jobs=jobs)
    entries = sorted(p.read_text("utf-8") for p in (tmp_path / "p").rglob("*.json"))
    assert entries == sorted(to_json(e) for e in extracted)
    store = ExtractionCache.for_config(config)
    assert [store.get(e.article) for e in extracted] == extracted
    assert extracted == [extract(a, config) for a in articles()[:3]]


def _worker_that_dies(article: Article) -> None:
    os._exit(3)  # what the kernel's OOM killer leaves behind


def test_a_worker_that_dies_is_a_one_line_error_not_a_hang(repo_config, monkeypatch):
    monkeypatch.setattr("generator.parallel._extract_in_worker", _worker_that_dies)
    with pytest.raises(WorkerError) as caught:
        list(extract_many(articles(), repo_config, jobs=2))
    assert "\n" not in caught.value.message
    assert "--jobs 1" in caught.value.message


def _collecting(article: Article) -> str:
    return to_json(dataclasses.replace(EMPTY, article=dataclasses.replace(EMPTY.article, id=str(gc.isenabled()))))


EMPTY = Extraction(Article(id="-", path="-", title="", body=""), (), (), (), (), ())


def test_workers_collect_even_when_the_parent_paused_its_collector(repo_config, monkeypatch):
    monkeypatch.setattr("generator.parallel._extract_in_worker", _collecting)
    was = gc.isenabled()
    gc.disable()
    try:
        assert [e.article.id for e in extract_many(articles()[:2], repo_config, jobs=2)] == ["True", "True"]
    finally:
        if was:
            gc.enable()


@pytest.mark.parametrize(("jobs", "collecting"), [(1, True), (2, False)])
def test_the_build_collects_here_only_while_it_extracts_here(tmp_path, jobs, collecting):
    """The build pauses this process's collector, and resumes it only while
    extraction runs here: with workers, this process just receives extractions
    and plans their pages, which makes no cycles."""
    project = make_project(tmp_path / "p")
    seen: list[bool] = []
    build(
        load_config(project / "briefings.yml"),
        jobs=jobs,
        use_cache=False,
        progress=lambda _: seen.append(gc.isenabled()),
    )
    assert seen == [collecting] * 6


def test_default_jobs_is_the_usable_cores():
    assert 1 <= default_jobs() <= 4096


@pytest.mark.parametrize(
    ("jobs", "articles", "cores", "expected"),
    [
        (None, 1, 2, 1),
        (None, 2, 2, 1),  # two model loads would cost more than they save
        (None, 15, 2, 1),
        (None, 16, 2, 2),
        (None, 1000, 2, 2),
        (None, 1000, 8, 8),
        (1, 1000, 8, 1),
        (2, 2, 8, 2),  # asked for: followed
        (4, 3, 8, 3),
        (3, 0, 8, 1),
    ],
)
def test_worker_count(monkeypatch, jobs, articles, cores, expected):
    monkeypatch.setattr("generator.parallel.default_jobs", lambda: cores)
    assert worker_count(jobs, articles) == expected


@pytest.mark.parametrize(
    ("jobs", "articles", "executor", "expected"),
    [
        (None, 1000, None, 2),
        (None, 15, None, 0),  # one worker's worth: this process extracts them
        (1, 1000, None, 0),
        (2, 2, None, 2),
        (None, 1000, "an executor", 0),  # the executor runs them, wherever that is
    ],
)
def test_worker_processes_the_pool_starts(monkeypatch, jobs, articles, executor, expected):
    monkeypatch.setattr("generator.parallel.default_jobs", lambda: 2)
    assert worker_processes(jobs, articles, executor) == expected


def test_advance_reports_every_article_up_to_the_total(repo_config):
    seen: list[tuple[int, int]] = []
    extract_articles(articles(), repo_config, jobs=1, use_cache=False, advance=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_serial_parallel_and_cached_builds_write_the_same_bytes(tmp_path):
    outputs = {}
    runs = {
        "serial": {"jobs": 1, "use_cache": False},
        "parallel": {"jobs": 2, "use_cache": False},
        "cold cache": {"jobs": 2, "use_cache": True},
        "warm cache": {"jobs": 2, "use_cache": True},
    }
    project = make_project(tmp_path / "p")
    for name, options in runs.items():
        shutil.rmtree(project / "briefings", ignore_errors=True)
        extracted: list[str] = []
        report = build(load_config(project / "briefings.yml"), progress=extracted.append, **options)
        assert report.articles == 6
        assert len(extracted) == (0 if name == "warm cache" else 6), name
        outputs[name] = snapshot(project / "briefings")
    assert len(outputs["serial"]) == 6 + 4  # a page per source, a page per topic
    for name in runs:
        assert outputs[name] == outputs["serial"], f"{name} build differs from the serial one"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([["Астана"], ["Казахстан", "и", "Узбекистан"], ["ОТГ", "саммит"]], [1, 3, 2]),
        ([], []),
        ([["один", "два"], ["три", "четыре"]], [2, 2]),
    ],
)
def test_by_length_feeds_short_items_first_and_answers_in_input_order(items, expected):
    fed: list[list[str]] = []

    def run(batch):
        fed.extend(batch)
        return (len(item) for item in batch)

    assert by_length(run, items) == expected
    assert [len(i) for i in fed] == sorted(len(i) for i in items)


def test_with_syntax_parses_only_the_sentences_it_is_given():
    title, _, body = ARTICLES["kz-uz-trade.txt"].partition("\n\n")
    article = Article(id="t", path="t.txt", title=title, body=body)
    full = analyse(article)
    bare = analyse(article, syntax=False)
    wanted = [i for i, s in enumerate(bare.sentences) if "%" in s.text or "долларов" in s.text]
    some = with_syntax(bare, wanted)
    assert [s.text for s in some.sentences] == [s.text for s in full.sentences]
    for whole, part in zip(full.sentences, some.sentences, strict=True):
        chosen = "%" in whole.text or "долларов" in whole.text
        if chosen:
            assert part.tokens == whole.tokens
        else:
            assert all(t.head == -1 and t.rel == "" for t in part.tokens)
            assert [(t.lemma, t.pos) for t in part.tokens] == [(t.lemma, t.pos) for t in whole.tokens]
    assert any(t.rel for s in some.sentences for t in s.tokens), "no sentence was parsed at all"
    assert some.spans == full.spans


@pytest.mark.parametrize(
    ("ci", "tty", "shown"),
    [
        ("", True, True),
        ("true", True, False),
        ("1", True, False),
        ("false", True, True),
        ("", False, False),
    ],
)
def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch, ci, tty, shown):
    class Stream:
        def isatty(self):
            return tty

    monkeypatch.setenv("CI", ci)
    assert wanted(Stream()) is shown


def test_progress_bar_writes_nothing_when_not_wanted(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    log = tmp_path / "log.txt"
    with log.open("w") as stream, ExtractionBar(stream) as advance:
        for done in range(5):
            advance(done, 4)
    assert log.read_text() == ""


def test_cli_takes_jobs_and_no_cache(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--jobs", "2", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "10 file(s) written from 6 article(s)" in result.output
    assert not (project / ".cache").exists()


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_cli_refuses_a_job_count_that_is_not_a_positive_number(tmp_path, monkeypatch, jobs):
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--jobs", jobs])
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_a_dask_cluster_runs_the_extraction_behind_the_same_api(tmp_path):
    """docs/scaling.md: any concurrent.futures executor, here Dask's local mode."""
    from distributed import Client, LocalCluster

    project = make_project(tmp_path / "p")
    config = load_config(project / "briefings.yml")
    build(config, jobs=1, use_cache=False)
    serial = snapshot(project / "briefings")
    shutil.rmtree(project / "briefings")
    with (
        LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        extracted: list[str] = []
        build(config, use_cache=False, executor=client.get_executor(), progress=extracted.append)
    assert extracted == sorted(extracted) and len(extracted) == 6  # input order
    assert snapshot(project / "briefings") == serial


def seeds_of_every_kind(folder: Path, copies: int = 30) -> Path:
    """Over PARSE_IN_WORKERS_FROM seed files: good ones, an empty one, a binary
    one, a CP1251 one and two duplicates (the same bytes, the same text)."""
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    for copy in range(copies):
        for name, text in ARTICLES.items():
            (seeds / f"{copy:02d}-{name}").write_text(f"Выпуск {copy}. {text}", "utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (seeds / "cp1251.txt").write_bytes("Саммит ОТГ в Баку\n\nЛидеры подписали декларацию.".encode("cp1251"))
    (seeds / "same-bytes.txt").write_bytes((seeds / "00-culture.txt").read_bytes())
    (seeds / "same-text.txt").write_text((seeds / "01-culture.txt").read_text("utf-8") + "\n\n", "utf-8")
    shutil.copy(ROOT / "briefings.yml", folder / "briefings.yml")
    return folder


def test_many_new_seeds_parse_in_workers_as_they_do_here(tmp_path, monkeypatch):
    from generator import pipeline

    config = load_config(seeds_of_every_kind(tmp_path) / "briefings.yml")
    serial, parallel = pipeline.BuildReport(), pipeline.BuildReport()
    here = pipeline.load_seeds(config, report=serial, jobs=1)
    mapped = []
    real_map = pipeline.map_in_workers
    monkeypatch.setattr(pipeline, "map_in_workers", lambda *a, **k: mapped.append(len(a[1])) or real_map(*a, **k))
    loaded = []
    there = pipeline.load_seeds(config, report=parallel, jobs=2, meanwhile=lambda: loaded.append(True))
    assert mapped and mapped[0] > pipeline.PARSE_IN_WORKERS_FROM and loaded == [True]
    assert there == here and len(here[0]) == 4 * 30 + 1
    assert [e.message for e in parallel.problems] == [e.message for e in serial.problems]
    assert sorted(Path(e.path).name for e in serial.problems) == ["binary.txt", "empty.txt"]
    assert parallel.duplicates == serial.duplicates and len(serial.duplicates) == 2


def test_errors_cross_process_boundaries_whole():
    import pickle

    from generator.errors import EditConflictError, InputError
    from generator.write import EditConflicts

    error = InputError("seeds/a.txt", "empty file", "add the article's text")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is InputError and again.message == error.message == str(again) and again.hint == error.hint
    conflicts = EditConflicts(
        [EditConflictError("a.md", "hand edit", "x"), EditConflictError("b.md", "hand edit", "y")]
    )
    again = pickle.loads(pickle.dumps(conflicts))
    assert again.message == conflicts.message and [c.path for c in again.conflicts] == ["a.md", "b.md"]


def test_map_in_workers_keeps_input_order_and_names_a_dead_worker():
    from generator.parallel import map_in_workers

    words = [f"слово{i}" for i in range(100)]
    assert map_in_workers(str.upper, words, jobs=2) == [w.upper() for w in words]
    with pytest.raises(WorkerError) as caught:
        map_in_workers(_worker_that_dies, words, jobs=2)
    assert "\n" not in caught.value.message and "--jobs 1" in caught.value.message


def test_a_seed_that_breaks_the_parser_in_a_worker_is_reported_with_its_cause(tmp_path, monkeypatch):
    """An unforeseen failure in a worker is parsed again in this process, so
    that the one-line error keeps its cause for --debug, and the rest go on."""
    from generator import pipeline

    config = load_config(seeds_of_every_kind(tmp_path) / "briefings.yml")
    real = pipeline.parse_article

    def fragile(seed, *args):
        if seed.path.name == "05-corridor.txt":
            raise RuntimeError("парсер сломался")
        return real(seed, *args)

    monkeypatch.setattr(pipeline, "parse_article", fragile)  # forked workers inherit it
    report = pipeline.BuildReport()
    articles, _ = pipeline.load_seeds(config, report=report, jobs=2)
    broken = [e for e in report.problems if e.path.endswith("05-corridor.txt")]
    assert len(broken) == 1 and "RuntimeError: парсер сломался" in broken[0].message
    assert isinstance(broken[0].__cause__, RuntimeError)
    assert len(articles) == 4 * 30 + 1 - 1
