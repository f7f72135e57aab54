"""The library API: build, check and extract. The CLI is a thin layer over it.

build() reads like the pipeline it runs:
seeds -> articles -> extractions -> briefings -> pages on disk.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .aggregate import aggregate
from .config import Config
from .editorial import apply_editor, editor_keys
from .errors import BriefingFileError, BriefingsError, InputError
from .extract import extract
from .ingest import SeedFile, article_id, content_key, find_seed_files, parse_article, read_seed
from .pages import dump_yaml
from .records import Article, Extraction
from .render import REGIONS, SOURCE_KEYS, SOURCES_DIR, TOPIC_KEYS, front_matter, regions, source_page
from .write import (
    BACKUP_DIR,
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


def extract_all(articles: list[Article], config: Config, progress: Progress | None = None) -> list[Extraction]:
    results = []
    for article in articles:
        if progress:
            progress(article.id)
        results.append(extract(article, config))
    return results


def extract_isolated(
    articles: list[Article], config: Config, report: BuildReport, strict: bool = False, progress: Progress | None = None
) -> list[Extraction]:
    """extract_all; if it fails, article by article, so that the article that
    breaks the extractor is reported (report.problems) and the others go on."""
    try:
        return [sane_extraction(e) for e in extract_all(articles, config, progress)]
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


def plan(
    config: Config, extractions: list[Extraction], inputs: str, force: bool = False, keep: frozenset[str] = frozenset()
) -> list[PlannedPage]:
    """Every page the run would write: one per topic, one per source article,
    and deletions of source pages whose article is gone (not of those in keep:
    articles that exist but could not be read this time)."""
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
            if old.name not in wanted and old.stem not in keep:
                planned.append(PlannedPage(old, old.read_text("utf-8"), None))
    return planned


def build(
    config: Config,
    *,
    dry_run: bool = False,
    force: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
) -> BuildReport:
    report = BuildReport()
    articles, inputs = load_seeds(config, strict=strict, report=report)
    extractions = extract_isolated(articles, config, report, strict, progress)
    report.articles = len(extractions)
    with output_lock(config.out_dir):
        report.planned = plan(config, extractions, inputs, force, keep=unreadable_ids(report))
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
