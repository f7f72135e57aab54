"""The library API: build, check and extract. The CLI is a thin layer over it.

build() reads like the pipeline it runs:
seeds -> articles -> extractions -> briefings -> pages on disk.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from . import __version__
from .aggregate import aggregate
from .checks import Problem, audit, seed_name
from .config import Config
from .editorial import apply_editor, editor_fingerprint, editor_keys
from .errors import BriefingFileError, BriefingsError, InputError
from .extract import extract
from .ingest import SeedFile, article_id, content_key, find_seed_files, parse_article, read_seed
from .parallel import Advance, extract_articles
from .records import Article, Extraction
from .render import REGIONS, SOURCE_KEYS, SOURCES_DIR, TOPIC_KEYS, front_matter, regions, source_page
from .write import (
    BACKUP_DIR,
    EDITOR_KEY,
    KeptPage,
    PlannedPage,
    apply,
    collect_conflicts,
    generated_pages,
    output_lock,
    plan_page,
    plan_removal,
    read_page,
    remove_leftovers,
    seeds_fingerprint,
    source_stamp,
    topic_stamp,
)

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


def load_seeds(config: Config, strict: bool = False, report: BuildReport | None = None) -> tuple[list[Article], str]:
    """All readable articles (bad ones recorded in report.problems) and the
    inputs fingerprint. Duplicates (the same bytes, or the same text in another
    encoding or spacing) are counted once and reported."""
    report = report if report is not None else BuildReport()
    articles: list[Article] = []
    seen: dict[str, str] = {}  # content hash or text key -> first file that had it
    hashes: list[tuple[str, str]] = []
    ids: set[str] = set()  # casefolded: 'A' and 'a' would be one file on macOS and Windows
    for path in find_seed_files(config.seeds_dir):
        rel = path.relative_to(config.seeds_dir).as_posix()
        try:
            seed = read_seed(path, config.seeds_dir)
            hashes.append((rel, seed.digest))
            report.seed_digests[rel] = seed.digest
            if seed.digest in seen:
                report.duplicates.append((seen[seed.digest], rel))
                continue
            article = _parse_isolated(seed)
            key = content_key(article)
            if key in seen:
                report.duplicates.append((seen[key], rel))
                continue
            article = replace(article, id=unique_id(article.id, ids))
            seen[seed.digest] = seen[key] = rel
            articles.append(article)
        except InputError as exc:
            if strict:
                raise
            report.problems.append(exc)
    return articles, inputs_fingerprint(config, hashes)


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
) -> list[Extraction]:
    """Extractions in input order: cached ones reused, the rest on ``jobs``
    worker processes (default: every core). See cache.py and parallel.py."""
    return extract_articles(
        articles,
        config,
        jobs=jobs,
        use_cache=use_cache,
        done=(lambda extraction: progress(extraction.article.id)) if progress else None,
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
    """extract_all (options: jobs, use_cache, advance, executor); if it fails,
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
            results.append(sane_extraction(extract(article, config)))
        except Exception as exc:
            report.problems.append(unexpected_error(Path(article.path), exc))
    return results


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


def plan(config: Config, extractions: list[Extraction], report: BuildReport, force: bool = False) -> list[PlannedPage]:
    """Every page the run would write: one per topic, one per source article,
    and deletions of pages no longer generated (kept, in report.kept, when
    they hold hand edits)."""
    out = config.out_dir
    seeds = seeds_fingerprint(report.seed_digests)

    def topic_page(briefing):
        path = out / f"{briefing.topic_id}.md"
        page = read_page(path)
        keys = editor_keys(page.data.get(EDITOR_KEY) if page else None, str(path))
        briefing = apply_editor(briefing, keys)
        stamp = topic_stamp(config.fingerprint, seeds, editor_fingerprint(keys))
        return plan_page(path, front_matter(briefing), regions(briefing), REGIONS, stamp, TOPIC_KEYS, force)

    def article_page(extraction):
        path = out / SOURCES_DIR / f"{extraction.article.id}.md"
        meta, body = source_page(extraction)
        stamp = source_stamp(config.fingerprint, report.seed_digests.get(seed_name(config, extraction.article), ""))
        return plan_page(path, meta, {"article": body}, ("article",), stamp, SOURCE_KEYS, force)

    steps = [partial(topic_page, b) for b in aggregate(extractions, config)]
    steps += [partial(article_page, e) for e in extractions]
    planned = list(collect_conflicts(steps))
    wanted = {p.path for p in planned}
    keep = unreadable_ids(report)  # articles that exist but failed this run: their pages stay
    for path, owned in generated_pages(page_folders(config)):
        if path in wanted or (path.parent.name == SOURCES_DIR and path.stem in keep):
            continue
        removal = plan_removal(path, owned, force)
        if isinstance(removal, KeptPage):
            report.kept.append(removal)
        else:
            planned.append(removal)
    return planned


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
    with output_lock(config.out_dir):  # taken first: a second run stops at once, not after the NLP
        articles, _ = load_seeds(config, strict=strict, report=report)
        extractions = extract_isolated(
            articles,
            config,
            report,
            strict,
            progress,
            jobs=jobs,
            use_cache=use_cache,
            advance=advance,
            executor=executor,
        )
        report.articles = len(extractions)
        if not dry_run:
            remove_leftovers(config.out_dir)
        report.planned = plan(config, extractions, report, force)
        refuse_paths_outside(report.planned, config.out_dir)
        if not dry_run:
            report.written = apply(report.planned, config.out_dir, keep_backups=force)
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
    try:
        articles, _ = load_seeds(config, report=report)
    except BriefingsError as exc:
        return [Problem(exc.path or "", exc.problem)]
    problems = [Problem(e.path or "", e.problem) for e in report.problems]
    return problems + audit(config, articles, report.seed_digests)
