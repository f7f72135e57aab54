"""The library API: build, check and extract. The CLI is a thin layer over it.

build() reads like the pipeline it runs:
seeds -> articles -> extractions -> briefings -> pages on disk.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import math
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from . import __version__
from .aggregate import aggregate
from .analyse import models
from .cache import ExtractionCache, Memo, code_fingerprint, ingest_fingerprint
from .checks import Problem, audit, seed_name
from .config import Config
from .editorial import apply_editor, editor_fingerprint, editor_keys
from .errors import BriefingFileError, BriefingsError, InputError
from .extract import extract
from .ingest import SeedFile, article_id, content_key, find_seed_files, parse_article, read_seed
from .pages import KeyTexts
from .parallel import Advance, extract_articles, extract_as_cached, map_in_workers, worker_count, worker_processes
from .records import Article, Extraction
from .render import REGIONS, SOURCE_KEYS, SOURCES_DIR, TOPIC_KEYS, front_matter, regions, source_page
from .write import (
    BACKUP_DIR,
    EDITOR_KEY,
    KeptPage,
    PageMemo,
    PlannedPage,
    apply,
    collect_conflicts,
    generated_pages,
    output_lock,
    plan_merge,
    plan_page,
    plan_removal,
    remove_leftovers,
    seeds_fingerprint,
    source_stamp,
    topic_stamp,
)

# Tables kept beside the extraction cache (cache.Memo): seed file -> article,
# page -> what it is a fixed point of, front-matter item -> its YAML text.
SEEDS_MEMO, PAGES_MEMO, YAML_MEMO = "seeds", "pages", "yaml"

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    articles: int = 0
    planned: list[PlannedPage] = field(default_factory=list)
    written: list[PlannedPage] = field(default_factory=list)
    problems: list[BriefingsError] = field(default_factory=list)  # bad articles, skipped
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (kept, dropped)
    kept: list[KeptPage] = field(default_factory=list)  # no longer generated, kept for their hand edits
    seed_digests: dict[str, str] = field(default_factory=dict)  # seed file (relative) -> sha256

    @property
    def changed(self) -> list[PlannedPage]:
        return [p for p in self.planned if p.changed]


def inputs_fingerprint(config: Config, seeds: Iterable[tuple[str, str]]) -> str:
    """What a briefing was generated from: generator version, config bytes and
    every seed file's name and content hash."""
    digest = hashlib.sha256()
    digest.update(f"generator {__version__}\nconfig {config.fingerprint}\n".encode())
    for name, content_hash in sorted(seeds):
        digest.update(f"{name} {content_hash}\n".encode("utf-8", "surrogateescape"))  # any file name bytes
    return digest.hexdigest()[:16]


def load_seeds(
    config: Config,
    strict: bool = False,
    report: BuildReport | None = None,
    memo: Memo | None = None,
    *,
    jobs: int | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[list[Article], str]:
    """All readable articles (bad ones recorded in report.problems) and the
    inputs fingerprint. Duplicates (the same bytes, or the same text in another
    encoding or spacing) are counted once and reported. memo: the articles
    of seed files parsed before (see parsed). Many new files are parsed on up
    to ``jobs`` worker processes, and then meanwhile() runs here as they work."""
    report = report if report is not None else BuildReport()
    seeds: list[tuple[str, SeedFile | InputError]] = []
    for path in find_seed_files(config.seeds_dir):
        rel = path.relative_to(config.seeds_dir).as_posix()
        try:
            seeds.append((rel, read_seed(path, config.seeds_dir)))
        except InputError as exc:
            if strict:
                raise
            seeds.append((rel, exc))
    ready = parse_new_seeds([s for _, s in seeds if isinstance(s, SeedFile)], memo, jobs, meanwhile)
    articles: list[Article] = []
    seen: dict[str, str] = {}  # content hash or text key -> first file that had it
    hashes: list[tuple[str, str]] = []
    ids: set[str] = set()  # casefolded: 'A' and 'a' would be one file on macOS and Windows
    for rel, seed in seeds:
        try:
            if isinstance(seed, InputError):
                raise seed
            digest = seed.digest
            hashes.append((rel, digest))
            report.seed_digests[rel] = digest
            if digest in seen:
                report.duplicates.append((seen[digest], rel))
                continue
            article, key = parsed(seed, digest, memo, ready)
            if key in seen:
                report.duplicates.append((seen[key], rel))
                continue
            article = replace(article, id=unique_id(article.id, ids))
            seen[digest] = seen[key] = rel
            articles.append(article)
        except InputError as exc:
            if strict:
                raise
            report.problems.append(exc)
    return articles, inputs_fingerprint(config, hashes)


# Parsing a seed file (decoding, cleaning, detecting the language) takes
# ≈ 5 ms: worker processes pay off from this many new files on.
PARSE_IN_WORKERS_FROM = 64


def parse_new_seeds(
    seeds: list[SeedFile], memo: Memo | None, jobs: int | None, meanwhile: Callable[[], None] | None = None
) -> dict[Path, Article | InputError]:
    """The articles (or errors) of the seed files the memo does not know,
    parsed on worker processes when there are many (meanwhile() runs here
    as they work); {} when there are few (parsed() then parses each)."""
    first = {}  # a later file with the same bytes is a duplicate: never parsed
    for seed in seeds:
        first.setdefault(seed.digest, seed)
    if len(first) < PARSE_IN_WORKERS_FROM or jobs == 1:
        return {}  # too few to be worth workers, whatever the memo holds
    new = [seed for digest, seed in first.items() if _memo_entry(seed, digest, memo) is None]
    if len(new) < PARSE_IN_WORKERS_FROM:
        return {}
    outcomes = map_in_workers(_parse_outcome, new, jobs, meanwhile)
    # an unforeseen failure is parsed again here, where its traceback is kept for --debug
    return {seed.path: outcome for seed, outcome in zip(new, outcomes, strict=True) if outcome is not None}


def _parse_outcome(seed: SeedFile) -> Article | InputError | None:
    try:
        return parse_article(seed)
    except InputError as exc:
        return exc
    except Exception:
        return None


def _memo_name(seed: SeedFile, digest: str) -> str:
    text = f"{ingest_fingerprint()}\n{seed.path}\n{digest}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _memo_entry(seed: SeedFile, digest: str, memo: Memo | None) -> tuple[str, dict, Article, str] | None:
    """(memo key, entry, article, content key) when the memo holds this file's article."""
    name = _memo_name(seed, digest)
    entry = memo.get(name) if memo is not None else None
    if isinstance(entry, dict):
        try:
            return name, entry, Article(**entry["article"]), str(entry["content"])
        except (TypeError, KeyError):
            pass  # a damaged entry: parse the file
    return None


def parsed(
    seed: SeedFile, digest: str, memo: Memo | None = None, ready: dict[Path, Article | InputError] | None = None
) -> tuple[Article, str]:
    """The seed's article and its content key (duplicates share it). From the
    memo when a file of this name and these bytes was parsed before by this
    generator with these libraries: decoding, cleaning and detecting the
    language cost milliseconds an article, seconds for a thousand. ready:
    articles (or errors) parse_new_seeds already parsed."""
    known = _memo_entry(seed, digest, memo)
    if known is not None:
        name, entry, article, key = known
        memo.put(name, entry)
        return article, key
    article = ready.pop(seed.path, None) if ready else None
    if isinstance(article, InputError):
        raise article
    if article is None:
        article = _parse_isolated(seed)
    key = content_key(article)
    if memo is not None:
        memo.put(_memo_name(seed, digest), {"article": dataclasses.asdict(article), "content": key})
    return article, key


def _parse_isolated(seed: SeedFile) -> Article:
    """parse_article, with any unexpected failure turned into that file's
    InputError: one bad article never stops the run."""
    try:
        return parse_article(seed)
    except InputError:
        raise
    except Exception as exc:
        raise unexpected_error(seed.path, exc) from exc


def unique_id(wanted: str, taken: set[str]) -> str:
    """wanted, or wanted-2, wanted-3, ...: two files never share a page. Adds it to taken."""
    candidate, number = wanted, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    taken.add(candidate.casefold())
    return candidate


def extract_all(
    articles: list[Article],
    config: Config,
    progress: Progress | None = None,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    advance: Advance | None = None,
    executor: Executor | None = None,
    extracted: Callable[[Extraction], None] | None = None,
) -> list[Extraction]:
    """Extractions in input order: cached ones reused, the rest on ``jobs``
    worker processes (default: every core). See cache.py and parallel.py.
    extracted: called here with each new extraction as it arrives."""

    def done(extraction: Extraction) -> None:
        if progress:
            progress(extraction.article.id)
        if extracted:
            extracted(extraction)

    return extract_articles(
        articles,
        config,
        jobs=jobs,
        use_cache=use_cache,
        done=done if progress or extracted else None,
        advance=advance,
        executor=executor,
    )


def extract_isolated(
    articles: list[Article],
    config: Config,
    report: BuildReport,
    strict: bool = False,
    progress: Progress | None = None,
    **options,
) -> list[Extraction]:
    """extract_all (options: jobs, use_cache, advance, executor, extracted); if it fails,
    article by article, so that the article that breaks the extractor is
    reported (report.problems) and the others go on."""
    try:
        return [sane_extraction(e) for e in extract_all(articles, config, progress, **options)]
    except Exception:
        if strict:
            raise
    results = []
    for article in articles:
        try:
            results.append(sane_extraction(extract_as_cached(config, article)[1]))
        except Exception as exc:
            report.problems.append(unexpected_error(Path(article.path), exc))
    return results


@dataclass(frozen=True)
class Extracted:
    """An article's extraction, read from the cache only when a page needs it:
    a build that adds one article reads the thousand others only to aggregate
    the topic pages, and a build where nothing changed reads none."""

    article: Article
    key: str | None  # its cache key: names all the extraction depends on (None: not known)
    load: Callable[[], Extraction] = field(repr=False, compare=False)

    def get(self) -> Extraction:
        return self.load()

    @classmethod
    def of(cls, extraction: Extraction, store: ExtractionCache | None) -> Extracted:
        return cls(extraction.article, store.key(extraction.article) if store else None, lambda: extraction)


def gather(
    articles: list[Article],
    config: Config,
    report: BuildReport,
    strict: bool = False,
    progress: Progress | None = None,
    *,
    store: ExtractionCache | None = None,
    jobs: int | None = None,
    advance: Advance | None = None,
    executor: Executor | None = None,
    collector: PausedCollector | None = None,
    meanwhile: Callable[[], None] | None = None,
    ahead: PagesAhead | None = None,
) -> list[Extracted]:
    """Every article's extraction in input order (those that fail are
    reported and left out): cached ones read when first needed, the others
    extracted (extract_isolated). With a few new articles among many cached
    ones, a worker process loads the models and extracts them while this
    process reads the cache and then does `meanwhile`. Otherwise this process
    plans each new article's page as its extraction arrives (ahead)."""
    keys = [store.key(a) for a in articles] if store else [None] * len(articles)
    cached = {i for i, key in enumerate(keys) if key is not None and store.holds(key)}
    found = [Extracted(articles[i], keys[i], _from_cache(articles[i], keys[i], config, store)) for i in sorted(cached)]
    todo = [a for i, a in enumerate(articles) if i not in cached]
    if not todo:
        if advance:
            advance(len(cached), len(articles))
        return found
    shifted = (lambda done, total: advance(done + len(cached), total + len(cached))) if advance else None
    extract_todo = partial(
        extract_isolated,
        todo,
        config,
        report,
        strict,
        progress,
        jobs=jobs,
        use_cache=store is not None,
        advance=shifted,
    )
    resumed = collector.resumed if collector is not None else contextlib.nullcontext
    if _worth_a_worker(len(todo), len(cached), jobs, executor):
        extractions = _extract_while_reading(extract_todo, partial(_read_all, found, meanwhile), resumed)
    else:
        # Worker processes collect on their own (parallel._init_worker). Here
        # the collector stays paused as extractions arrive and their pages are
        # planned: full collections walked the models loaded before the fork
        # and every extraction received so far, 2 CPU s of a thousand articles.
        elsewhere = worker_processes(jobs, len(todo), executor) > 0
        with contextlib.nullcontext() if elsewhere else resumed():
            extractions = extract_todo(executor=executor, extracted=ahead)
    position = {a.id: i for i, a in enumerate(articles)}
    found += [Extracted.of(e, store) for e in extractions]
    return sorted(found, key=lambda e: position.get(e.article.id, len(articles)))  # stable: unknown ids stay last


class PagesAhead:
    """Source pages planned as their articles' extractions arrive: this
    process waits on the workers then, and planning a thousand pages after
    the last extraction kept one core idle for seconds. A page's plan depends
    only on its extraction, seed, file and config (see plan); an outcome,
    conflict or error, is handed to plan() to report in its turn."""

    def __init__(self, plan_page: Callable[[Extracted], PlannedPage], store: ExtractionCache | None):
        self.plan_page = plan_page
        self.store = store
        self.outcomes: dict[str, tuple[Article, PlannedPage | Exception]] = {}

    def __call__(self, extraction: Extraction) -> None:
        each = Extracted.of(sane_extraction(extraction), self.store)
        try:
            outcome: PlannedPage | Exception = self.plan_page(each)
        except Exception as exc:  # raised again by take(), in plan's order
            outcome = exc
        self.outcomes[each.article.id] = (each.article, outcome)

    def take(self, each: Extracted) -> PlannedPage | None:
        """The page planned ahead for this article (raising what planning it raised), or None."""
        article, outcome = self.outcomes.pop(each.article.id, (None, None))
        if article != each.article:
            return None
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def _extract_while_reading(
    extract_todo: Callable[..., list[Extraction]],
    read: Callable[[], None],
    resumed: Callable[[], contextlib.AbstractContextManager],
) -> list[Extraction]:
    """extract_todo(executor=) on a worker process that loads the models at
    once, while a thread reads what the pages will need and this one waits.
    The worker is forked before the thread starts (no thread is forked) and
    with the cycle collector on."""
    with resumed():
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        pool.submit(_load_models)
    reader = ThreadPoolExecutor(1)
    try:
        reading = reader.submit(read)
        extractions = extract_todo(executor=pool)
        reading.result()  # raises what the thread raised
    finally:
        pool.shutdown()
        reader.shutdown()
    return extractions


def _load_models() -> None:
    models()  # kept in the worker for the extraction that follows; nothing is sent back


def _read_all(found: list[Extracted], meanwhile: Callable[[], None] | None = None) -> None:
    """Every cached extraction (the topic pages need them all), then meanwhile."""
    for each in found:
        each.get()
    if meanwhile is not None:
        meanwhile()


class PausedCollector:
    """Python's cycle collector paused for a build. Reading the cache and
    planning the pages make hundreds of thousands of small records (and no
    cycles), and every full collection walks them all: it took half the time
    of reading a thousand cached extractions. Objects are still freed as they
    go. The collector is back as it was when the build ends, and while
    articles are extracted (resumed(): worker processes forked then inherit it)."""

    def __init__(self) -> None:
        self.was_enabled = gc.isenabled()

    def __enter__(self) -> PausedCollector:
        gc.disable()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()

    @contextlib.contextmanager
    def resumed(self) -> Iterator[None]:
        if self.was_enabled:
            gc.enable()
        try:
            yield
        finally:
            gc.disable()


def _from_cache(article: Article, key: str, config: Config, store: ExtractionCache) -> Callable[[], Extraction]:
    @functools.cache
    def load() -> Extraction:
        extraction = store.get(article, key)
        if extraction is None:
            # the entry was there when the build looked but does not read back
            # (damaged since): extract the article again, as a miss would be
            encoded, extraction = extract_as_cached(config, article)
            store.put(article, encoded)
        return sane_extraction(extraction)

    return load


def _worth_a_worker(new: int, cached: int, jobs: int | None, executor: Executor | None) -> bool:
    """A worker process for a few new articles when there are cached ones to
    read meanwhile (_extract_while_reading). Only by default (jobs=None: --jobs 1 means this process),
    only where processes fork, and only when one worker would do anyway
    (more new articles: parallel.py loads the models here and forks)."""
    return (
        executor is None
        and jobs is None
        and cached > 0
        and sys.platform.startswith("linux")
        and worker_count(None, new) == 1
    )


MAX_FIGURE = 1e18  # more than any economy's money in any currency: a misread digit string


def sane_extraction(extraction: Extraction) -> Extraction:
    """Without figures no page can show: infinite, NaN or absurd values (a
    400-digit number in an article) would break rendering and JSON."""
    figures = tuple(f for f in extraction.figures if _plausible(f.value) and _plausible(f.value_max))
    return extraction if len(figures) == len(extraction.figures) else replace(extraction, figures=figures)


def _plausible(value: float | None) -> bool:
    return value is None or (math.isfinite(value) and abs(value) <= MAX_FIGURE)


def unexpected_error(path: Path, exc: Exception) -> InputError:
    """A failure the generator did not foresee, as that file's one-line error (the cause kept for --debug)."""
    error = InputError(path, f"could not be processed ({type(exc).__name__}: {exc})"[:300], "rerun with --debug")
    error.__cause__ = exc
    return error


def unreadable_ids(report: BuildReport) -> frozenset[str]:
    """Ids of seeds that exist but failed this run: their pages are kept, not deleted."""
    return frozenset(article_id(Path(p.path)) for p in report.problems if p.path)


def plan(
    config: Config,
    extractions: list[Extracted] | list[Extraction],
    report: BuildReport,
    force: bool = False,
    memo: PageMemo | None = None,
    texts: KeyTexts | None = None,
    ahead: PagesAhead | None = None,
) -> list[PlannedPage]:
    """Every page the run would write: one per topic, one per source article,
    and deletions of pages no longer generated (kept, in report.kept, when
    they hold hand edits). memo: pages the last runs left as they would be
    made now are taken as they are (see PageMemo); texts: YAML of front-matter
    items dumped before; ahead: source pages already planned (with this memo
    and these texts)."""
    found = [e if isinstance(e, Extracted) else Extracted.of(e, None) for e in extractions]
    out = config.out_dir
    seeds = seeds_fingerprint(report.seed_digests)
    memo = memo or PageMemo()
    texts = texts or KeyTexts()
    keys = [f.key for f in found]
    # what every topic page is made of, besides its own file (and its editor: keys): all extractions, all seeds
    topics_inputs = None if None in keys else page_inputs(config, "topics", seeds, *keys)

    @functools.cache
    def briefings():
        return aggregate([f.get() for f in found], config)

    def topic_page(index: int, topic):
        path = out / topic.filename  # as page_paths names it
        if topics_inputs is not None and (same := memo.unchanged(path, topics_inputs)):
            return same
        page = memo.read(path)
        keys = editor_keys(page.data.get(EDITOR_KEY) if page else None, str(path))
        briefing = apply_editor(briefings()[index], keys)
        stamp = topic_stamp(config.fingerprint, seeds, editor_fingerprint(keys))
        return plan_merge(
            path,
            page,
            front_matter(briefing),
            regions(briefing),
            REGIONS,
            stamp,
            TOPIC_KEYS,
            force,
            memo=memo,
            inputs=topics_inputs,
            texts=texts,
        )

    def article_page(each: Extracted):
        planned = ahead.take(each) if ahead is not None else None
        if planned is None:
            planned = plan_source_page(config, report.seed_digests, force, memo, texts, each)
        return planned

    steps = [partial(topic_page, i, t) for i, t in enumerate(config.topics)]
    steps += [partial(article_page, f) for f in found]
    planned = list(collect_conflicts(steps))
    wanted = frozenset(p.path for p in planned)
    keep = unreadable_ids(report)  # articles that exist but failed this run: their pages stay
    for path, owned in generated_pages(page_folders(config), skip=wanted):
        if path.parent.name == SOURCES_DIR and path.stem in keep:
            continue
        removal = plan_removal(path, owned, force)
        if isinstance(removal, KeptPage):
            report.kept.append(removal)
        else:
            planned.append(removal)
    return planned


def plan_source_page(
    config: Config, seed_digests: dict[str, str], force: bool, memo: PageMemo, texts: KeyTexts, each: Extracted
) -> PlannedPage:
    """The plan of one article's source page (see plan)."""
    path = config.out_dir / SOURCES_DIR / f"{each.article.id}.md"
    seed = seed_digests.get(seed_name(config, each.article), "")
    inputs = None if each.key is None else page_inputs(config, "source", each.key, seed)
    if inputs is not None and (same := memo.unchanged(path, inputs)):
        return same
    meta, body = source_page(each.get())
    stamp = source_stamp(config.fingerprint, seed)
    return plan_page(
        path, meta, {"article": body}, ("article",), stamp, SOURCE_KEYS, force, memo=memo, inputs=inputs, texts=texts
    )


def page_inputs(config: Config, *parts: str) -> str:
    """A name for everything a page is made of besides its file: the
    generator's code (render, merge), the config, and the parts given (cache
    keys of extractions, which name the article, config and code again; seed
    hashes, which the page's stamp shows)."""
    text = "\n".join((code_fingerprint(), config.fingerprint, *parts))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def page_paths(config: Config, articles: list[Article]) -> list[Path]:
    """The pages plan() will look at first: the topics', then each article's."""
    sources = config.out_dir / SOURCES_DIR
    return [config.out_dir / t.filename for t in config.topics] + [sources / f"{a.id}.md" for a in articles]


def page_folders(config: Config) -> dict[Path, tuple[str, ...]]:
    """Where the generator writes which kind of page: the front-matter keys it owns there."""
    return {config.out_dir: TOPIC_KEYS, config.out_dir / SOURCES_DIR: SOURCE_KEYS}


def build(
    config: Config,
    *,
    dry_run: bool = False,
    force: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    advance: Advance | None = None,
    executor: Executor | None = None,
) -> BuildReport:
    """jobs: worker processes for extraction (default: every core); use_cache:
    reuse the extractions of unchanged articles (.cache/briefings/); advance:
    called with (articles done, articles in all) as extraction goes on;
    executor: run extraction there instead (e.g. a Dask cluster, docs/scaling.md)."""
    report = BuildReport()
    # the lock is taken first: a second run stops at once, not after the NLP
    with output_lock(config.out_dir), PausedCollector() as collector:
        store = ExtractionCache.for_config(config) if use_cache else None
        memos = {name: store.memo(name) for name in (SEEDS_MEMO, PAGES_MEMO, YAML_MEMO)} if store else {}
        # new files parse on worker processes, while this one loads the models their extraction needs
        loading = models if executor is None and jobs != 1 else None
        articles, _ = load_seeds(
            config, strict=strict, report=report, memo=memos.get(SEEDS_MEMO), jobs=jobs, meanwhile=loading
        )
        texts = KeyTexts(memos.get(YAML_MEMO))
        memo = PageMemo(memos.get(PAGES_MEMO), texts)
        ahead = PagesAhead(partial(plan_source_page, config, report.seed_digests, force, memo, texts), store)
        extracted = gather(
            articles,
            config,
            report,
            strict,
            progress,
            store=store,
            jobs=jobs,
            advance=advance,
            executor=executor,
            collector=collector,
            meanwhile=partial(memo.preload, page_paths(config, articles)),  # while a worker extracts
            ahead=ahead,
        )
        report.articles = len(extracted)
        if not dry_run:
            remove_leftovers(config.out_dir)
        report.planned = plan(config, extracted, report, force, memo, texts, ahead)
        del extracted  # freed now, while the collector is paused: it never walks them
        refuse_paths_outside(report.planned, config.out_dir)
        if not dry_run:
            report.written = apply(report.planned, config.out_dir, keep_backups=force)
            for table in memos.values():  # after the pages: an entry names the page's text as now on disk
                table.save()
    return report


def refuse_paths_outside(planned: list[PlannedPage], out_dir: Path) -> None:
    """Nothing is written or deleted outside the briefings folder, even when a
    page or a folder in it is a symlink leading elsewhere."""
    root = out_dir.resolve()
    for target in [p.path for p in planned] + [out_dir / BACKUP_DIR]:
        resolved = target.resolve()
        if resolved != root and root not in resolved.parents:
            raise BriefingFileError(
                target,
                f"leads to {resolved}, outside the briefings folder {out_dir}",
                "replace the link with a plain file or folder: the generator writes only inside its folder",
            )


def extract_files(paths: Iterable[Path], config: Config) -> Iterable[Extraction]:
    for path in paths:
        yield sane_extraction(extract(parse_article(read_seed(path)), config))


def check(config: Config) -> list[Problem]:
    """What CI should fail on (see generator/checks.py): stale, invalid or
    hand-edited pages, citations of sentences that no longer exist."""
    report = BuildReport()
    seeds = ExtractionCache.for_config(config).memo(SEEDS_MEMO)  # read only: check writes nothing
    try:
        articles, _ = load_seeds(config, report=report, memo=seeds)
    except BriefingsError as exc:
        return [Problem(exc.path or "", exc.problem)]
    problems = [Problem(e.path or "", e.problem) for e in report.problems]
    return problems + audit(config, articles, report.seed_digests)
