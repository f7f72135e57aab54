"""``briefings`` command line: a thin layer over generator.pipeline.

User errors print one line on stderr and exit 2; ``--debug`` shows the
traceback. ``check`` exits 1 when it finds problems.
"""

from __future__ import annotations

import json
import sys
import traceback
import unicodedata
from pathlib import Path

import click

from . import __version__
from .config import CONFIG_NAME, Config, load_config
from .errors import BriefingsError

EXIT_PROBLEMS = 1
EXIT_USER_ERROR = 2
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


class _Context:
    def __init__(self, config_path: str, debug: bool):
        self.config_path = config_path
        self.debug = debug

    def config(self, seeds: str | None = None, out: str | None = None) -> Config:
        from dataclasses import replace

        config = load_config(self.config_path)
        if seeds:
            config = replace(
                config,
                seeds=str(Path(seeds).resolve().relative_to(config.root.resolve()))
                if _inside(seeds, config.root)
                else seeds,
            )
        if out:
            config = replace(config, out=out)
        return config


def _inside(path: str, root: Path) -> bool:
    try:
        Path(path).resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _printable(text: str) -> str:
    """One line a terminal shows as is: newlines, ANSI escapes and bidi
    overrides (from file names or article text) become visible escapes."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in _UNPRINTABLE else ch for ch in text
    )


def _error(message: str) -> None:
    click.echo(f"error: {_printable(message)}", err=True)


def _fail(ctx: _Context, exc: BriefingsError) -> None:
    if ctx.debug:
        raise exc
    for each in getattr(exc, "conflicts", None) or [exc]:  # hand edits in several pages: one line each
        _error(each.message)
    sys.exit(EXIT_USER_ERROR)


def _report_problem(ctx: _Context, problem: BriefingsError) -> None:
    """One line per bad article; with --debug, the traceback of an unforeseen cause too."""
    if ctx.debug and problem.__cause__ is not None:
        click.echo("".join(traceback.format_exception(problem.__cause__)).rstrip(), err=True)
    _error(problem.message)


def _one_line(exc: BaseException) -> str:
    """An unforeseen exception as one line: the file it is about when it names one."""
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc} (check the folder's permissions and free space)"
    if isinstance(exc, RecursionError | MemoryError):
        return f"input too deeply nested or too large ({type(exc).__name__}); rerun with --debug to see where"
    text = " ".join(str(exc).split())[:200]
    return f"unexpected {type(exc).__name__}: {text} (rerun with --debug for the traceback, and report it)"


class _Group(click.Group):
    """Every command: BriefingsError and anything unforeseen become one line on
    stderr and exit 2, unless --debug asks for the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("error: interrupted; files already written are complete, nothing is half-written", err=True)
            sys.exit(130)
        except BrokenPipeError:  # output piped into head: not an error
            sys.stderr.close()
            sys.exit(0)
        except BriefingsError as exc:
            if _debug(ctx):
                raise
            _error(exc.message)
            sys.exit(EXIT_USER_ERROR)
        except Exception as exc:
            if _debug(ctx):
                raise
            _error(_one_line(exc))
            sys.exit(EXIT_USER_ERROR)


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.params.get("debug"))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefings")
@click.option(
    "--config",
    "config_path",
    default=CONFIG_NAME,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The generator's config file.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, config_path: str, debug: bool) -> None:
    """Turn Russian news articles into per-topic briefings for an MkDocs site."""
    ctx.obj = _Context(config_path, debug)


@main.command()
@click.option("--seeds", type=click.Path(file_okay=False), help="Folder of articles (default: config 'seeds').")
@click.option("--out", type=click.Path(file_okay=False), help="Folder of briefings (default: config 'out').")
@click.option("--dry-run", is_flag=True, help="Show what would change (a unified diff per file); write nothing.")
@click.option("--force", is_flag=True, help="Overwrite hand edits inside generated parts (keeps a backup).")
@click.option("--strict", is_flag=True, help="Stop at the first bad article instead of skipping it.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help=(
        "Worker processes for extraction (and for parsing many new seeds).  "
        "[default: number of cores, fewer for a few articles]"
    ),
)
@click.option("--no-cache", is_flag=True, help="Extract every article again, ignoring .cache/briefings/.")
@click.pass_obj
def build(
    obj: _Context,
    seeds: str | None,
    out: str | None,
    dry_run: bool,
    force: bool,
    strict: bool,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Generate the briefings from the seed articles."""
    from .pipeline import build as run_build
    from .progress import ExtractionBar

    try:
        config = obj.config(seeds, out)
        with ExtractionBar() as advance:
            report = run_build(
                config, dry_run=dry_run, force=force, strict=strict, jobs=jobs, use_cache=not no_cache, advance=advance
            )
    except BriefingsError as exc:
        _fail(obj, exc)
        return
    for problem in report.problems:
        _report_problem(obj, problem)
    seeds_dir = config.seeds_dir.as_posix()
    for kept, dropped in report.duplicates:
        click.echo(
            _printable(f"warning: {seeds_dir}/{dropped}: same article as {seeds_dir}/{kept}, counted once ")
            + "(delete one of the two files)",
            err=True,
        )
    for kept_page in report.kept:
        click.echo(_printable(f"warning: {kept_page.message}"), err=True)
    changed = report.changed
    if dry_run:
        for page in changed:
            click.echo(page.diff(), nl=False)
        click.echo(f"{len(changed)} file(s) would change, {report.articles} article(s)", err=True)
    elif changed:
        for page in report.written:
            click.echo(f"{'deleted' if page.new is None else 'wrote'} {page.path.as_posix()}", err=True)
        click.echo(f"{len(report.written)} file(s) written from {report.articles} article(s)", err=True)
    else:
        click.echo(f"briefings are up to date ({report.articles} article(s)); nothing written", err=True)
    if report.problems:
        click.echo(
            f"{len(report.problems)} article(s) skipped: fix them and run again (--strict stops at the first)", err=True
        )
        sys.exit(EXIT_USER_ERROR)


@main.command()
@click.pass_obj
def check(obj: _Context) -> None:
    """Exit 1 when briefings are stale, invalid or hand-edited inside generated parts (for CI)."""
    from .pipeline import check as run_check

    try:
        problems = run_check(obj.config())
    except BriefingsError as exc:
        _fail(obj, exc)
        return
    for problem in problems:
        _error(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s); fix them or run 'briefings build'", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo("briefings are up to date and valid", err=True)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Output format: one JSON object per file, in input order.",
)
@click.pass_obj
def extract(obj: _Context, files: tuple[str, ...], fmt: str) -> None:
    """Print what the generator extracts from FILES (the extraction contract)."""
    from .extract import extract as run_extract
    from .extract import to_contract
    from .ingest import load_article
    from .pipeline import sane_extraction

    try:
        config = obj.config()
    except BriefingsError as exc:
        _fail(obj, exc)
        return
    failed = False
    for name in files:
        try:
            data = to_contract(sane_extraction(run_extract(load_article(Path(name)), config)))
            data["path"] = name
            line = json.dumps(data, ensure_ascii=False, allow_nan=False)  # strict JSON, or that file's error
        except BriefingsError as exc:
            _report_problem(obj, exc)
            failed = True
            continue
        except Exception as exc:  # one file that breaks the extractor does not stop the others
            if obj.debug:
                raise
            _error(f"{name}: {_one_line(exc)}")
            failed = True
            continue
        click.echo(line)
    if failed:
        sys.exit(EXIT_USER_ERROR)
