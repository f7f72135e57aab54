#!/usr/bin/env python3
"""make bench: time the generator and the site build on N real Russian news articles.

The corpus is the keyphrase dev set (../shared/eval/ru_keyphrase_news.jsonl,
300 articles, evaluation-only): it is written to a temporary folder and never
published or committed. To reach more than 300 articles the texts repeat, each
copy with its own title line so that no copy is a duplicate of another.

For each N (100 and 1,000; 10,000 with --big) it prints, per stage, the median
of --runs runs (3; --quick for 1): wall and CPU time (the process and every
worker), articles/s, peak memory (the largest process, and all processes
together as PSS sampled every second), and the output sizes; then writes the
figures into docs/benchmarks.md. Every stage runs in a fresh process, as a user's
command would.

Stages: generate cold (no cache, no briefings), generate warm (nothing changed),
one new article added (warm cache: time until the briefings are written), and
the site build (mkdocs build).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "ru_keyphrase_news.jsonl"
DOC = ROOT / "docs" / "benchmarks.md"

TARGETS = {  # issue 7, for 1,000 dev-set articles on 2 cores
    "generate cold wall s": 60.0,
    "generate cold peak MB": 1536.0,
    "one new article wall s": 5.0,
    "site build wall s": 15.0,
    "search index MB": 10.0,
}


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_process_mb: float  # the largest single process (getrusage maxrss)
    peak_total_mb: float  # all processes of the run at once (sampled PSS)
    stages: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------- the corpus


def read_dev_set(path: Path) -> list[dict]:
    if not path.is_file():
        sys.exit(f"bench: dev set not found: {path} (pass --corpus FILE.jsonl)")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def article_text(row: dict, copy: int, label: str = "выпуск") -> str:
    """The row's text as a seed file (title, blank line, body); copies after the
    first get their own title line, so deduplication keeps them all."""
    title, _, body = row["text"].strip().partition("\n\n")
    if copy:
        title = f"{title} ({label} {copy + 1})"
    return f"{title}\n\n{body.strip()}\n"


def make_project(folder: Path, rows: list[dict], size: int, source: Path = ROOT) -> int:
    """A project folder with config, site sources and `size` seed articles; returns their characters."""
    folder.mkdir(parents=True)
    for name in ("briefings.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("benchmarks.md"))
    # a copy of the generator (from the snapshot main() takes at the start):
    # editing the worktree during a run must not change the code under test
    shutil.copytree(source / "generator", folder / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    seeds = folder / "seeds"
    seeds.mkdir()
    chars = 0
    for i in range(size):
        text = article_text(rows[i % len(rows)], i // len(rows))
        chars += len(text)
        (seeds / f"{i:05d}.txt").write_text(text, "utf-8")
    return chars


# ---------------------------------------------------------------- measuring


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
        except OSError:
            continue
    return found


PSS_EVERY = 1.0  # seconds between samples of the run's memory


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(cmd: list[str], cwd: Path) -> Measure:
    """Run a command, measuring wall, CPU and memory of it and all its workers."""
    env = dict(os.environ, CI="true", NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(cwd), PYTHONDONTWRITEBYTECODE="1")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        peak = [0.0]
        finished = threading.Event()

        def sample() -> None:
            # PSS costs the kernel ≈ 25 ms of CPU a sample (it walks every page
            # of the run's processes): sampled every 0.1 s, that took a quarter
            # of a core from the run being measured. Memory plateaus while workers
            # extract, so once a second finds the same peak.
            while not finished.wait(PSS_EVERY):
                peak[0] = max(peak[0], sum(_pss_mb(p) for p in _tree(proc.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        finished.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{err.read().decode()[-3000:]}")
        stdout = out.read().decode()
    stages = json.loads(stdout.strip().splitlines()[-1]) if stdout.strip().startswith("{") else {}
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak[0], stages)


def generate(project: Path, jobs: int | None) -> Measure:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child-generate", str(project)]
    return run([*cmd, "--jobs", str(jobs)] if jobs else cmd, project)


def child_generate(project: Path, jobs: int | None) -> None:
    """In a fresh process: generator.build, timing its stages through the progress callback."""
    start = time.perf_counter()
    sys.path.insert(0, str(project))  # the project's snapshot of the generator
    from generator import build, load_config

    marks: dict[str, float] = {"import": time.perf_counter() - start}

    def advance(done: int, total: int) -> None:
        now = time.perf_counter() - start
        marks.setdefault("ingest", now)  # seeds read, cache looked up
        if done == total:
            marks["extract"] = now

    report = build(load_config(project / "briefings.yml"), jobs=jobs, advance=advance)
    marks["write"] = time.perf_counter() - start
    marks["articles"] = report.articles
    print(json.dumps(marks))


# extraction stages, timed by wrapping the functions extract() calls (this script only)
STAGES = (
    ("morph", "natasha morphology (slovnet)"),
    ("ner", "natasha NER (slovnet)"),
    ("syntax", "natasha syntax (slovnet), figure sentences only"),
    ("segmentation", "razdel, lemmas and tokens, and the figure rules that pick the sentences to parse"),
    ("yake", "YAKE on the lemma text"),
    ("keywords", "candidates and ranking (the rest of keywords)"),
    ("entities", "entities"),
    ("topics", "topics"),
    ("figures", "figures"),
    ("quotes", "quotes"),
)


def extraction_stages(project: Path, count: int) -> dict[str, float]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child-stages", str(project), "--count", str(count)]
    return run(cmd, project).stages


def child_stages(project: Path, count: int) -> None:
    """In a fresh process, on one core: CPU seconds per 100,000 characters of
    each extraction stage over the first ``count`` articles (unique texts), the
    models already loaded. Prints one JSON line."""
    sys.path.insert(0, str(project))
    from generator import analyse, extract, keywords, load_config
    from generator.ingest import load_article

    config = load_config(project / "briefings.yml")
    articles = [load_article(p) for p in sorted((project / "seeds").iterdir())[:count]]
    spent = dict.fromkeys([name for name, _ in STAGES] + ["total"], 0.0)
    analyse.models()  # loaded before anything is timed
    analyse.keyed_models()
    # morphology and NER run together (analyse.tags_and_names): NER's own part
    # (_keyed_names) is moved from the morph row to its own; the words' encoding,
    # vectors and NER's first-layer products stay with morphology
    runner_names = {
        analyse.morph_tags: "morph",
        analyse.tags_and_names: "morph",
        analyse.ner_tags: "ner",
        analyse.syntax_links: "syntax",
    }

    def runner_name(run_) -> str:
        return runner_names[run_]

    def timed(function, name, within=None):
        """function's CPU time counted as name's (and, when it runs inside another
        timed stage, taken off within's)."""

        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                took = time.process_time() - start
                spent[name] += took
                if within is not None:
                    spent[within] -= took

        return wrapper

    analyse._keyed_names = timed(analyse._keyed_names, "ner", "morph")
    by_length = analyse.by_length
    runners = {name: timed(by_length, name) for name in ("morph", "syntax", "ner")}
    analyse.by_length = lambda run_, items: runners[runner_name(run_)](run_, items)
    keywords.yake_scores = timed(keywords.yake_scores, "yake")
    for function, name in (
        ("analysis_for_extraction", "segmentation"),
        ("keyword_sets", "keywords"),
        ("extract_entities", "entities"),
        ("assign_topics", "topics"),
        ("extract_figures", "figures"),
        ("extract_quotes", "quotes"),
    ):
        setattr(extract, function, timed(getattr(extract, function), name))
    extract.extract(articles[0], config)  # caches and lazy tables warm, as in a long run
    for name in spent:
        spent[name] = 0.0
    gc.freeze()
    start = time.process_time()
    for article in articles:
        extract.extract(article, config)
        gc.freeze()  # as a worker does (parallel.py): full collections then do not walk the caches again
    spent["total"] = time.process_time() - start
    spent["segmentation"] -= spent["morph"] + spent["ner"] + spent["syntax"]  # nested inside
    spent["keywords"] -= spent["yake"]
    chars = sum(len(a.text) for a in articles)
    print(json.dumps({name: seconds / chars * 1e5 for name, seconds in spent.items()} | {"articles": len(articles)}))


def site_build(project: Path) -> Measure:
    shutil.rmtree(project / "site", ignore_errors=True)
    return run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project / "site")], project)


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# ---------------------------------------------------------------- one size


def median_measure(measures: list[Measure]) -> Measure:
    keys = measures[0].stages.keys()
    return Measure(
        statistics.median(m.wall for m in measures),
        statistics.median(m.cpu for m in measures),
        statistics.median(m.peak_process_mb for m in measures),
        statistics.median(m.peak_total_mb for m in measures),
        {k: statistics.median(m.stages.get(k, 0.0) for m in measures) for k in keys},
    )


def bench_size(rows: list[dict], size: int, runs: int, cold_runs: int, jobs: int | None, work: Path) -> dict:
    project = work / f"n{size}"
    chars = make_project(project, rows, size, work / "snapshot")
    say(f"N={size}: {chars:,} characters in {project}")
    results: dict[str, Measure] = {}

    cold = []
    for i in range(cold_runs):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        shutil.rmtree(project / "briefings", ignore_errors=True)
        cold.append(generate(project, jobs))
        say(f"  generate cold #{i + 1}: {cold[-1].wall:.1f} s")
    results["generate cold"] = median_measure(cold)

    results["generate warm, nothing changed"] = median_measure([generate(project, jobs) for _ in range(runs)])

    added = []
    for i in range(runs):
        new = project / "seeds" / "zz-new.txt"
        new.write_text(article_text(rows[(size + i) % len(rows)], 1, "новая публикация"), "utf-8")
        added.append(generate(project, jobs))
        say(f"  one new article #{i + 1}: {added[-1].wall:.1f} s")
        new.unlink()
        generate(project, jobs)  # back to N articles, untimed
    results["one new article added"] = median_measure(added)

    sites = []
    for i in range(runs):
        sites.append(site_build(project))
        say(f"  site build #{i + 1}: {sites[-1].wall:.1f} s")
    results["site build (mkdocs)"] = median_measure(sites)
    index = project / "site" / "search" / "search_index.json"
    return {
        "size": size,
        "chars": chars,
        "stages": results,
        "site_mb": folder_mb(project / "site"),
        "site_files": sum(1 for p in (project / "site").rglob("*") if p.is_file()),
        "index_mb": index.stat().st_size / 1e6 if index.exists() else 0.0,
        "briefings_mb": folder_mb(project / "briefings"),
        "cache_mb": folder_mb(project / ".cache"),
    }


# ---------------------------------------------------------------- reporting


def say(text: str) -> None:
    print(text, flush=True)


def stage_rows(result: dict) -> list[str]:
    size = result["size"]
    lines = [
        "| stage | wall s | CPU s | articles/s | peak MB, largest process | peak MB, all processes (PSS) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m in result["stages"].items():
        count = 1 if name == "one new article added" else size
        rate = f"{count / m.wall:.1f}" if name.startswith(("generate cold", "one new")) else "—"
        lines.append(
            f"| {name} | {m.wall:.1f} | {m.cpu:.1f} | {rate} | {m.peak_process_mb:.0f} | {m.peak_total_mb:.0f} |"
        )
    return lines


def inner_stages(result: dict) -> str:
    """Where the wall time of each generate run went (from build's progress callback)."""
    lines = []
    for name, measure in result["stages"].items():
        m = measure.stages
        if not m:
            continue
        lines.append(
            f"- {name}: Python and imports {m['import']:.1f} s, reading seeds and the cache "
            f"{m['ingest'] - m['import']:.1f} s, extraction {m['extract'] - m['ingest']:.1f} s, "
            f"aggregation, rendering and writing {m['write'] - m['extract']:.1f} s."
        )
    cold = result["stages"]["generate cold"]
    lines.append(
        f"- CPU time of the cold run: {cold.cpu / result['chars'] * 1e5:.2f} s per 100,000 characters, "
        "workers included (steadier than wall time on a shared machine)."
    )
    return "Inside the generate runs (wall):\n\n" + "\n".join(lines)


def outputs(result: dict) -> str:
    return (
        f"Outputs: site {result['site_mb']:.1f} MB in {result['site_files']:,} files, "
        f"search index {result['index_mb']:.1f} MB, briefings/ {result['briefings_mb']:.1f} MB, "
        f"extraction cache {result['cache_mb']:.1f} MB."
    )


def target_rows(result: dict) -> list[str]:
    s = result["stages"]
    measured = {
        "generate cold wall s": s["generate cold"].wall,
        "generate cold peak MB": s["generate cold"].peak_total_mb,
        "one new article wall s": s["one new article added"].wall,
        "site build wall s": s["site build (mkdocs)"].wall,
        "search index MB": result["index_mb"],
    }
    lines = ["| target (1,000 articles, 2 cores) | limit | measured | met |", "| --- | ---: | ---: | --- |"]
    for name, limit in TARGETS.items():
        value = measured[name]
        lines.append(f"| {name} | {limit:g} | {value:.1f} | {'yes' if value <= limit else '**no**'} |")
    return lines


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        memory = 0.0
    return f"{os.cpu_count()} cores ({model}), {memory:.1f} GB RAM, Python {platform.python_version()}"


def commit() -> str:
    """The commit under test, marked when the worktree has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "generator"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} with uncommitted changes" if dirty else head


def markdown(
    results: list[dict], args: argparse.Namespace, load_before: str, load_after: str, code: str, stages: dict
) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    jobs = args.jobs or os.cpu_count()
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`scripts/bench.py`): rerun it rather than editing this page.",
        "Where the time goes and how the generator scales past one machine: [scaling](scaling.md).",
        "",
        "## How it was measured",
        "",
        f"- When: {when}, generator commit `{code}`.",
        f"- Machine: {machine()}; extraction on {jobs} worker process(es).",
        f"- Load: load average (1, 5, 15 min) {load_before} before and {load_after} after the run."
        + (f" {args.note}" if args.note else ""),
        "- Corpus: the keyphrase dev set (300 real Russian news articles, ≈ 7,100 characters each), "
        "repeated with a changed title line to reach N; written to a temporary folder, never published.",
        f"- Each figure is the median of {args.runs} run(s) ({args.cold_runs or args.runs} for the cold generate); "
        "every run is a fresh process "
        "(`generator.build` as the CLI calls it, `mkdocs build`). CPU time includes the worker processes. "
        "Peak memory: the largest single process (getrusage) and all processes of the run together "
        "(proportional set size, sampled every second).",
        "- Stages: *generate cold* = no cache, no briefings; *warm* = a second build, nothing changed; "
        "*one new article added* = one unseen article added to N with a warm cache, timed until the "
        "briefings are written; *site build* = `mkdocs build` of N source pages and the topic pages.",
        "",
    ]
    for result in results:
        parts += [f"## {result['size']:,} articles ({result['chars'] / 1e6:.1f} M characters)", ""]
        parts += stage_rows(result)
        parts += ["", inner_stages(result), "", outputs(result), ""]
        if result["size"] == 1000:
            parts += ["### Targets", "", *target_rows(result), ""]
    parts += ["## Extraction, stage by stage", "", stage_table(stages), ""]
    return "\n".join(parts).rstrip() + "\n"


def stage_table(stages: dict[str, float]) -> str:
    """Where one core's extraction time goes, per 100,000 characters."""
    lines = [
        f"Where the extraction time goes: CPU seconds per 100,000 characters on one core, over the first "
        f"{stages['articles']:.0f} articles of the corpus (all distinct texts), models loaded.",
        "",
        "| stage | CPU s per 100k characters |",
        "| --- | ---: |",
    ]
    lines += [f"| {label} | {stages[name]:.2f} |" for name, label in STAGES]
    lines.append(f"| **all of extraction** | **{stages['total']:.2f}** |")
    libraries = sum(stages[name] for name in ("morph", "ner", "syntax", "yake"))
    lines += [
        "",
        f"The libraries' own work (slovnet's three models and YAKE) is {libraries:.2f} s of it; "
        f"at that rate alone the 7.1 M characters of 1,000 dev-set articles need "
        f"{libraries * 71:.0f} CPU s, {libraries * 71 / 2:.0f} s of wall time on two fully used cores.",
        "",
        "The total is also the best gauge of how fast the shared host was that hour: one and the same "
        "commit measured 2.07 s on 2026-11-21 and 2.69 s on 2026-11-22, and every wall time above "
        "moves with it. Compare commits back to back, not across days.",
    ]
    return "\n".join(lines)


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="corpus sizes (default: 100 1000)")
    parser.add_argument("--big", action="store_true", help="also 10,000 articles")
    parser.add_argument("--runs", type=int, default=3, help="runs per stage, the median is reported (default: 3)")
    parser.add_argument("--cold-runs", type=int, default=None, help="runs of the cold generate (default: --runs)")
    parser.add_argument("--quick", action="store_true", help="one run per stage, for iterating")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    parser.add_argument("--corpus", type=Path, default=DEV_SET, help="JSON lines with a 'text' field")
    parser.add_argument("--note", default="", help="a sentence on the machine's load, for docs/benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument("--stage-articles", type=int, default=100, help="articles timed stage by stage (100)")
    parser.add_argument("--child-generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-stages", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=100, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_generate:
        child_generate(args.child_generate, args.jobs)
        return
    if args.child_stages:
        child_stages(args.child_stages, args.count)
        return
    if args.quick:
        args.runs = args.cold_runs = 1
    sizes = sorted(set(args.sizes + ([10_000] if args.big else [])))
    rows = read_dev_set(args.corpus)
    code = commit()  # before the run: the projects run a snapshot of the generator taken now
    load_before = load_average()
    results = []
    with tempfile.TemporaryDirectory(prefix="briefings-bench-") as work:
        snapshot = Path(work) / "snapshot" / "generator"
        shutil.copytree(ROOT / "generator", snapshot, ignore=shutil.ignore_patterns("__pycache__"))
        for size in sizes:
            results.append(bench_size(rows, size, args.runs, args.cold_runs or args.runs, args.jobs, Path(work)))
            say("")
            say("\n".join(stage_rows(results[-1])))
            say(inner_stages(results[-1]))
            say(outputs(results[-1]))
            if size == 1000:
                say("\n".join(target_rows(results[-1])))
            say("")
        first = Path(work) / f"n{sizes[0]}"
        stages = extraction_stages(first, min(args.stage_articles, sizes[0]))
        say(stage_table(stages))
    text = markdown(results, args, load_before, load_average(), code, stages)
    if not args.no_write:
        DOC.write_text(text, "utf-8")
        say(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
