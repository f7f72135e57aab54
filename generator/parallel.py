"""Extraction across cores: worker processes that each load the models once.

Results come back in input order, and each article is extracted exactly as
the serial path does it (same function, same per-article batching), so the
output is byte-identical whatever the number of workers. A few articles, or
``jobs=1``, run in this process: starting workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TypeVar

from .analyse import models
from .cache import ExtractionCache, from_json, to_json
from .config import Config
from .errors import BriefingsError
from .extract import extract
from .records import Article, Extraction


class WorkerError(BriefingsError):
    """A worker process died (killed, out of memory): not the article's fault."""


Done = Callable[[Extraction], None]
T = TypeVar("T")
R = TypeVar("R")

_worker_config: Config | None = None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# Each worker loads the models (≈ 0.6 s of CPU when spawned, ≈ 3 average articles'
# worth of extraction) and costs a process's start: with the default jobs, a
# worker is started per 8 articles at most.
ARTICLES_PER_WORKER = 8


def worker_count(jobs: int | None, articles: int) -> int:
    """jobs=None: every core, but no worker that would spend more time loading
    models than extracting; an explicit jobs is followed up to one worker per article."""
    if jobs is None:
        return max(1, min(default_jobs(), articles // ARTICLES_PER_WORKER))
    return max(1, min(jobs, articles))


def worker_processes(jobs: int | None, articles: int, executor: Executor | None = None) -> int:
    """The worker processes extract_many starts for this many articles: none
    when an executor runs them or one worker's worth would do (then this
    process extracts them itself)."""
    if executor is not None:
        return 0
    workers = worker_count(jobs, articles)
    return workers if workers > 1 else 0


def _start_method() -> str:
    # fork starts a worker in milliseconds and shares the imported libraries;
    # macOS and Windows get spawn, their safe default.
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _init_worker(config: Config) -> None:
    global _worker_config
    _worker_config = config
    models()  # inherited when forked; ≈ 0.6 s once per worker when spawned
    # On, whatever the parent's setting: a build pauses its own collector
    # (pipeline.PausedCollector) while it receives extractions, not ours
    gc.enable()
    gc.freeze()  # see _extract_in_worker; and a forked worker's collections leave the shared pages unwritten


def _extract_in_worker(article: Article) -> str:
    assert _worker_config is not None, "worker started without its initializer"
    encoded = encoded_extraction(_worker_config, article)
    # What a worker holds between articles (models, word caches) only grows and
    # lives as long as the worker, yet every full collection walked all of it
    # again: 6.5-7 of ≈ 50 CPU s over 300 articles in one process. Frozen, it is
    # left alone. Extraction leaves almost no cycles (a few objects an article), so
    # the frozen set holds next to no garbage.
    gc.freeze()
    return encoded


def encoded_extraction(config: Config, article: Article) -> str:
    """The unit of work, for worker processes and any executor: the article's
    extraction as the JSON of its cache entry (cache.to_json). A module-level
    function of picklable records; the models load once in whichever process
    runs it (analyse.models). Text, not the record, comes back: loading it
    costs ≈ 0.75 ms an article against 1.24 ms for the record's pickle, the
    cache stores it as it is, and every path reads its extractions from such
    text, so fresh and cached, serial and parallel runs read the same records."""
    return to_json(extract(article, config))


def extract_as_cached(config: Config, article: Article) -> tuple[str, Extraction]:
    """An article's encoded extraction and the record read back from it: what
    every path of a build uses (see encoded_extraction)."""
    encoded = encoded_extraction(config, article)
    return encoded, from_json(encoded)


def extract_many(
    articles: Sequence[Article], config: Config, jobs: int | None = None, executor: Executor | None = None
) -> Iterator[Extraction]:
    """Extraction of each article, in input order, on up to ``jobs`` worker
    processes (default: see worker_count), or on the given executor: any
    concurrent.futures.Executor, e.g. a Dask cluster's ``client.get_executor()``
    (docs/scaling.md)."""
    for _, extraction in _extracted(articles, config, jobs, executor):
        yield extraction


def _extracted(
    articles: Sequence[Article], config: Config, jobs: int | None, executor: Executor | None
) -> Iterator[tuple[str, Extraction]]:
    """extract_many, with the JSON each extraction was read from (encoded_extraction)."""
    if executor is None and not worker_processes(jobs, len(articles)):
        for article in articles:
            yield extract_as_cached(config, article)
        return
    for encoded in _encoded_elsewhere(articles, config, jobs, executor):
        yield encoded, from_json(encoded)


def _encoded_elsewhere(
    articles: Sequence[Article], config: Config, jobs: int | None, executor: Executor | None
) -> Iterator[str]:
    if executor is not None:
        yield from executor.map(partial(encoded_extraction, config), articles)
        return
    workers = worker_processes(jobs, len(articles))
    context = multiprocessing.get_context(_start_method())
    if context.get_start_method() == "fork":
        # loaded once here, the forked workers share the pages of the weights
        # (copy-on-write) instead of each loading and holding its own copy
        models()
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(config,)) as pool:
            # chunksize 1: articles vary 10× in length, so hand them out one by one
            yield from pool.map(_extract_in_worker, articles, chunksize=1)
    except BrokenProcessPool:
        raise _stopped("an extraction worker", workers) from None


def _stopped(what: str, workers: int) -> WorkerError:
    return WorkerError(None, f"{what} stopped abruptly (out of memory?) with {workers} workers", "rerun with --jobs 1")


def map_in_workers(
    function: Callable[[T], R], items: Sequence[T], jobs: int | None = None, meanwhile: Callable[[], None] | None = None
) -> list[R]:
    """[function(item) for item in items] on up to ``jobs`` worker processes
    (default: every core) that load nothing first, in input order; meanwhile()
    runs in this process while they work. For light per-file work such as
    parsing seeds: one worker per 32 items at most."""
    workers = max(1, min(jobs or default_jobs(), len(items) // 32))
    if workers <= 1:
        results = [function(item) for item in items]
        if meanwhile is not None:
            meanwhile()
        return results
    context = multiprocessing.get_context(_start_method())
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            # all submitted at once; a chunk is a few dozen items, so few round trips
            pending = pool.map(function, items, chunksize=max(1, len(items) // (workers * 8)))
            if meanwhile is not None:
                meanwhile()
            return list(pending)
    except BrokenProcessPool:
        raise _stopped("a worker process", workers) from None


Advance = Callable[[int, int], None]  # (articles done, articles in all)


def extract_articles(
    articles: Sequence[Article],
    config: Config,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    done: Done | None = None,
    advance: Advance | None = None,
    executor: Executor | None = None,
) -> list[Extraction]:
    """Every article's extraction, in input order: from the cache when the
    article, the config and the generator are unchanged, the rest extracted on
    up to ``jobs`` worker processes and then cached."""
    store = ExtractionCache.for_config(config) if use_cache else None
    results: list[Extraction | None] = [store.get(a) if store else None for a in articles]
    todo = [i for i, result in enumerate(results) if result is None]
    finished = len(articles) - len(todo)
    if advance:
        advance(finished, len(articles))
    arriving = _extracted([articles[i] for i in todo], config, jobs, executor)
    for i, (encoded, extraction) in zip(todo, arriving, strict=True):
        results[i] = extraction
        if store:
            store.put(extraction.article, encoded)
        finished += 1
        if done:
            done(extraction)
        if advance:
            advance(finished, len(articles))
    if store and todo:
        store.prune()
    return [r for r in results if r is not None]
