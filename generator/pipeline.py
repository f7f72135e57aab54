"""The library API: build, check and extract. The CLI is a thin layer over it.

build() reads like the pipeline it runs:
seeds -> articles -> extractions -> briefings -> pages on disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .aggregate import aggregate
from .config import Config
from .editorial import apply_editor, editor_keys
from .errors import BriefingsError, InputError
from .extract import extract
from .ingest import find_seed_files, parse_article, read_seed
from .pages import dump_yaml
from .parallel import Advance, extract_articles
from .records import Article, Extraction
from .render import REGIONS, SOURCE_KEYS, SOURCES_DIR, TOPIC_KEYS, front_matter, regions, source_page
from .write import (
    EDITOR_KEY,
    GENERATED_KEY,
    PlannedPage,
    apply,
    edited_parts,
    output_lock,
    plan_page,
    read_page,
)

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    articles: int = 0
    planned: list[PlannedPage] = field(default_factory=list)
    written: list[PlannedPage] = field(default_factory=list)
    problems: list[BriefingsError] = field(default_factory=list)  # bad articles, skipped
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (kept, dropped)

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


def plan(config: Config, extractions: list[Extraction], inputs: str, force: bool = False) -> list[PlannedPage]:
    """Every page the run would write: one per topic, one per source article,
    and deletions of source pages whose article is gone."""
    out = config.out_dir
    planned = []
    for briefing in aggregate(extractions, config):
        path = out / f"{briefing.topic_id}.md"
        page = read_page(path)
        keys = editor_keys(page.data.get(EDITOR_KEY) if page else None, str(path))
        briefing = apply_editor(briefing, keys)
        planned.append(plan_page(path, front_matter(briefing), regions(briefing), REGIONS, inputs, force))
    wanted = set()
    for extraction in extractions:
        path = out / SOURCES_DIR / f"{extraction.article.id}.md"
        wanted.add(path.name)
        meta, body = source_page(extraction)
        planned.append(plan_page(path, meta, {"article": body}, ("article",), inputs, force))
    sources_dir = out / SOURCES_DIR
    if sources_dir.is_dir():
        for old in sorted(sources_dir.glob("*.md")):
            if old.name not in wanted:
                planned.append(PlannedPage(old, old.read_text("utf-8"), None))
    return planned


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
    articles, inputs = load_seeds(config, strict=strict, report=report)
    report.articles = len(articles)
    extractions = extract_all(
        articles, config, progress, jobs=jobs, use_cache=use_cache, advance=advance, executor=executor
    )
    with output_lock(config.out_dir):
        report.planned = plan(config, extractions, inputs, force)
        if not dry_run:
            report.written = apply(report.planned, config.out_dir, keep_backups=force)
    return report


def extract_files(paths: Iterable[Path], config: Config) -> Iterable[Extraction]:
    for path in paths:
        yield extract(parse_article(read_seed(path)), config)


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


REQUIRED_KEYS = {
    "title": str,
    "topic": str,
    "tags": list,
    "keywords": list,
    "figures": list,
    "entities": list,
    "sources": list,
    GENERATED_KEY: dict,
}


def check(config: Config) -> list[Problem]:
    """What CI should fail on: stale briefings, invalid front matter, hand
    edits inside generated parts, links to sentences that do not exist."""
    problems: list[Problem] = []
    report = BuildReport()
    try:
        articles, inputs = load_seeds(config, report=report)
    except BriefingsError as exc:
        return [Problem(exc.path or "", exc.problem)]
    problems += [Problem(e.path or "", e.problem) for e in report.problems]
    sentence_counts = _sentence_counts(config)
    expected = [config.out_dir / t.filename for t in config.topics]
    expected += [config.out_dir / SOURCES_DIR / f"{a.id}.md" for a in articles]
    for path in expected:
        rel = path.as_posix()
        try:
            page = read_page(path)
        except BriefingsError as exc:
            problems.append(Problem(exc.path or rel, exc.problem))
            continue
        if page is None:
            problems.append(Problem(rel, "missing: run 'briefings build'"))
            continue
        problems += _check_page(page, rel, inputs, sentence_counts)
    return problems


def _check_page(page, rel: str, inputs: str, sentence_counts: dict[str, int]) -> list[Problem]:
    problems = []
    is_source = SOURCES_DIR in Path(rel).parts[-2:-1]
    required = {"title": str, GENERATED_KEY: dict} if is_source else REQUIRED_KEYS
    for key, kind in required.items():
        if key not in page.data:
            problems.append(Problem(rel, f"front matter has no '{key}' key"))
        elif not isinstance(page.data[key], kind):
            problems.append(Problem(rel, f"front matter key '{key}' must be a {kind.__name__}"))
    try:
        dump_yaml(page.data)
    except Exception:  # a YAML tag that safe_dump refuses means MkDocs would misread it too
        problems.append(Problem(rel, "front matter holds values that are not plain YAML"))
    generated = page.data.get(GENERATED_KEY)
    if isinstance(generated, dict) and generated.get("inputs") != inputs:
        problems.append(
            Problem(
                rel,
                "stale: seeds, config or generator changed since it was built; "
                "run 'briefings build' and commit the result",
            )
        )
    for part in edited_parts(page, SOURCE_KEYS if is_source else TOPIC_KEYS):
        problems.append(
            Problem(
                rel, f"hand edit inside generated part {part}: move it outside the markers or use the 'editor:' keys"
            )
        )
    for figure in page.data.get("figures") or []:
        if isinstance(figure, dict):
            source, sentence = figure.get("source"), figure.get("sentence")
            if source is not None and (
                source not in sentence_counts or not isinstance(sentence, int) or sentence >= sentence_counts[source]
            ):
                problems.append(
                    Problem(
                        rel,
                        f"figure '{figure.get('text')}' points to sentence {sentence} "
                        f"of '{source}', which does not exist",
                    )
                )
    return problems


def _sentence_counts(config: Config) -> dict[str, int]:
    """Sentences per source page, read from the pages' anchors (no NLP needed)."""
    counts = {}
    sources_dir = config.out_dir / SOURCES_DIR
    if sources_dir.is_dir():
        for path in sources_dir.glob("*.md"):
            text = path.read_text("utf-8", errors="replace")
            counts[path.stem] = text.count('<span id="s-')
    return counts
