"""The library API: build, check and extract. The CLI is a thin layer over it.

build() reads like the pipeline it runs:
seeds -> articles -> extractions -> briefings -> pages on disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from . import __version__
from .aggregate import aggregate
from .checks import Problem, audit, seed_name
from .config import Config
from .editorial import apply_editor, editor_fingerprint, editor_keys
from .errors import BriefingsError, InputError
from .extract import extract
from .ingest import find_seed_files, parse_article, read_seed
from .records import Article, Extraction
from .render import REGIONS, SOURCE_KEYS, SOURCES_DIR, TOPIC_KEYS, front_matter, regions, source_page
from .write import (
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
        digest.update(f"{name} {content_hash}\n".encode())
    return digest.hexdigest()[:16]


def load_seeds(config: Config, strict: bool = False, report: BuildReport | None = None) -> tuple[list[Article], str]:
    """All readable articles (bad ones recorded in report.problems) and the
    inputs fingerprint. Byte-identical duplicates are counted once."""
    report = report if report is not None else BuildReport()
    articles: list[Article] = []
    seen: dict[str, str] = {}
    hashes: list[tuple[str, str]] = []
    ids: set[str] = set()
    for path in find_seed_files(config.seeds_dir):
        rel = path.relative_to(config.seeds_dir).as_posix()
        try:
            seed = read_seed(path)
            hashes.append((rel, seed.digest))
            report.seed_digests[rel] = seed.digest
            if seed.digest in seen:
                report.duplicates.append((seen[seed.digest], rel))
                continue
            article = parse_article(seed)
            if article.id in ids:
                article = parse_article(seed, f"{article.id}-{path.suffix.lstrip('.')}")
            ids.add(article.id)
            seen[seed.digest] = rel
            articles.append(article)
        except InputError as exc:
            if strict:
                raise
            report.problems.append(exc)
    return articles, inputs_fingerprint(config, hashes)


def extract_all(articles: list[Article], config: Config, progress: Progress | None = None) -> list[Extraction]:
    results = []
    for article in articles:
        if progress:
            progress(article.id)
        results.append(extract(article, config))
    return results


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
    for path, owned in generated_pages(page_folders(config)):
        if path in wanted:
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
) -> BuildReport:
    report = BuildReport()
    with output_lock(config.out_dir):  # taken first: a second run stops at once, not after the NLP
        articles, _ = load_seeds(config, strict=strict, report=report)
        report.articles = len(articles)
        extractions = extract_all(articles, config, progress)
        if not dry_run:
            remove_leftovers(config.out_dir)
        report.planned = plan(config, extractions, report, force)
        if not dry_run:
            report.written = apply(report.planned, config.out_dir, keep_backups=force)
    return report


def extract_files(paths: Iterable[Path], config: Config) -> Iterable[Extraction]:
    for path in paths:
        yield extract(parse_article(read_seed(path)), config)


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
