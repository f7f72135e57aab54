"""``briefings check``: what CI fails on, one line per problem, each naming
the file and what to do. Reads the pages and the seed files only (no NLP),
so it runs in a second.

Kinds of problem, in the order a page is checked:
  unreadable   broken YAML, broken or missing markers, not UTF-8
  missing      a topic or an article has no page yet
  invalid      front matter against generator/data/page_schema.yml, bad 'editor:' keys
  stale        built from other seeds, config, generator version or editor keys
  hand-edit    text changed inside a generated part
  citation     a figure, quote or link points at a sentence the article no longer has
  orphan       a generated page whose topic or article is gone
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from . import __version__
from .config import Config
from .editorial import editor_fingerprint, editor_keys
from .errors import BriefingsError
from .pages import Page
from .records import Article
from .render import REGIONS, SOURCE_KEYS, SOURCES_DIR, TOPIC_KEYS
from .write import (
    EDITOR_KEY,
    GENERATED_KEY,
    generated_pages,
    hand_edits,
    hand_work,
    read_page,
    seeds_fingerprint,
    stored_hashes,
)

REBUILD = "run 'briefings build' and commit the result"
# A source page's sentence: <span id="s-N" ...>text</span> (render.source_page);
# pages from before the sentence was wrapped have an empty anchor before the text.
_SENTENCE = re.compile(
    r'<span id="s-(\d+)"[^>]*>(?:(?P<wrapped>.*?)</span>(?!\S)|</span>(?P<after>.*?)(?=\s*<span id="s-\d+"|\n|\Z))',
    re.S,
)
_LINK = re.compile(r'\]\(sources/([^)#\s]+)\.md#s-(\d+)(?:\s+"[^"]*")?\)')  # links may carry a "title"
_QUOTE = re.compile(r"^> «(.+?)»", re.M)
_QUOTE_SENTENCES = 12  # how far a quote may run on past the sentence it cites


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class _Inputs:
    """What the pages should have been built from, as this checkout has it."""

    config: Config
    articles: dict[str, Article]
    seed_of: dict[str, str]  # article id -> seed file name
    digests: dict[str, str]  # seed file name -> sha256
    seeds: str  # one hash of all seeds
    sentences: dict[str, dict[int, str] | None]  # article id -> its source page's sentences
    seed_changes: str = ""  # what changed in seeds/ since the last build, for the stale message


def audit(config: Config, articles: list[Article], digests: dict[str, str]) -> list[Problem]:
    out = config.out_dir
    seed_of = {a.id: seed_name(config, a) for a in articles}
    inputs = _Inputs(
        config=config,
        articles={a.id: a for a in articles},
        seed_of=seed_of,
        digests=digests,
        seeds=seeds_fingerprint(digests),
        sentences={a.id: source_sentences(out / SOURCES_DIR / f"{a.id}.md") for a in articles},
    )
    inputs = replace(inputs, seed_changes=_seed_changes(inputs))
    problems: list[Problem] = []
    expected = [out / t.filename for t in config.topics]
    for path in expected:
        problems += _audit_topic(path, inputs)
    for article in articles:
        path = out / SOURCES_DIR / f"{article.id}.md"
        expected.append(path)
        problems += _audit_source(path, article, inputs)
    folders = {out: TOPIC_KEYS, out / SOURCES_DIR: SOURCE_KEYS}
    for path, owned in generated_pages(folders):
        if path not in expected:
            page = read_page(path)
            kept = hand_work(page, (*owned, GENERATED_KEY)) if page else None
            action = f"it is kept because {kept}: delete it by hand" if kept else "'briefings build' deletes it"
            problems.append(
                Problem(
                    path.as_posix(),
                    f"orphan: no longer generated (its article left seeds/ or its topic left briefings.yml); {action}",
                    "orphan",
                )
            )
    return problems


def seed_name(config: Config, article: Article) -> str:
    """The seed file of an article, relative to the seeds folder."""
    path = Path(article.path)
    return path.relative_to(config.seeds_dir).as_posix() if path.is_relative_to(config.seeds_dir) else path.name


def _read(path: Path) -> tuple[Page | None, list[Problem]]:
    rel = path.as_posix()
    try:
        page = read_page(path)
    except BriefingsError as exc:
        problem = f"{exc.problem} ({exc.hint})" if exc.hint else exc.problem
        return None, [Problem(rel, f"unreadable: {problem}", "unreadable")]
    if page is None:
        return None, [Problem(rel, f"missing: {REBUILD}", "missing")]
    return page, []


def _audit_topic(path: Path, inputs: _Inputs) -> list[Problem]:
    page, problems = _read(path)
    if page is None:
        return problems
    rel = path.as_posix()
    problems += _older_generator(page, rel) or _schema_problems(page, "topic", rel)
    try:
        keys = editor_keys(page.data.get(EDITOR_KEY), rel)
    except BriefingsError as exc:
        problems.append(Problem(rel, f"invalid: {exc.problem} ({exc.hint})", "invalid"))
        keys = None
    stamp = _stamp(page)
    if stamp:
        problems += _stale_common(stamp, rel, inputs)
        if stamp.get("seeds") != inputs.seeds:
            problems.append(Problem(rel, f"stale against seeds/ ({inputs.seed_changes}); {REBUILD}", "stale"))
        if keys is not None and stamp.get("editor") != editor_fingerprint(keys):
            problems.append(
                Problem(rel, f"stale against its own 'editor:' keys (changed since the last build); {REBUILD}", "stale")
            )
    problems += _edit_problems(page, TOPIC_KEYS, REGIONS, rel)
    problems += _citation_problems(page, rel, inputs)
    return problems


def _audit_source(path: Path, article: Article, inputs: _Inputs) -> list[Problem]:
    page, problems = _read(path)
    if page is None:
        return problems
    rel = path.as_posix()
    problems += _older_generator(page, rel) or _schema_problems(page, "source", rel)
    stamp = _stamp(page)
    if stamp:
        problems += _stale_common(stamp, rel, inputs)
        seed = inputs.seed_of[article.id]
        if stamp.get("seed") != inputs.digests.get(seed, "")[:16]:
            problems.append(Problem(rel, f"stale: seeds/{seed} changed since the last build; {REBUILD}", "stale"))
    problems += _edit_problems(page, SOURCE_KEYS, ("article",), rel)
    return problems


def _stamp(page: Page) -> dict | None:
    """The page's 'generated:' mapping, None when absent or written by a generator without per-part hashes."""
    stamp = page.data.get(GENERATED_KEY)
    return stamp if isinstance(stamp, dict) and stored_hashes(page) is not None else None


def _older_generator(page: Page, rel: str) -> list[Problem]:
    if isinstance(page.data.get(GENERATED_KEY), dict) and stored_hashes(page) is None:
        return [Problem(rel, f"stale: written by an older generator (no per-part hashes); {REBUILD}", "stale")]
    return []


def _stale_common(stamp: dict, rel: str, inputs: _Inputs) -> list[Problem]:
    problems = []
    if stamp.get("by") != f"briefings {__version__}":
        problems.append(
            Problem(
                rel,
                f"stale: built by {stamp.get('by')}, this is briefings {__version__}; {REBUILD}",
                "stale",
            )
        )
    if stamp.get("config") != inputs.config.fingerprint[:16]:
        problems.append(
            Problem(
                rel, f"stale against {Path(inputs.config.path).name} (changed since the last build); {REBUILD}", "stale"
            )
        )
    return problems


def _seed_changes(inputs: _Inputs) -> str:
    """What changed in seeds/ since the source pages were built, as far as they tell."""
    new, changed = [], []
    for article_id, seed in sorted(inputs.seed_of.items(), key=lambda item: item[1]):
        page_path = inputs.config.out_dir / SOURCES_DIR / f"{article_id}.md"
        try:
            page = read_page(page_path)
        except BriefingsError:
            page = None
        stamp = _stamp(page) if page else None
        if page is None:
            new.append(seed)
        elif stamp and stamp.get("seed") != inputs.digests.get(seed, "")[:16]:
            changed.append(seed)
    parts = [f"{label}: {', '.join(names)}" for label, names in (("new", new), ("changed", changed)) if names]
    return "; ".join(parts) if parts else "a seed file was added, changed or removed since the last build"


@cache
def _validators() -> dict[str, Draft202012Validator]:
    text = resources.files("generator.data").joinpath("page_schema.yml").read_text("utf-8")
    schema = yaml.safe_load(text)
    defs = schema["$defs"]
    return {kind: Draft202012Validator({**schema[kind], "$defs": defs}) for kind in ("topic", "source")}


def _schema_problems(page: Page, kind: str, rel: str) -> list[Problem]:
    errors = sorted(_validators()[kind].iter_errors(page.data), key=lambda e: [str(p) for p in e.absolute_path])
    return [Problem(rel, f"invalid front matter: {_where(e.absolute_path)}{e.message}", "invalid") for e in errors]


def _where(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"key '{text}': " if text else ""


def _edit_problems(page: Page, owned: tuple[str, ...], regions: tuple[str, ...], rel: str) -> list[Problem]:
    problems = [
        Problem(
            rel,
            f"hand edit inside generated {edit}: move your text outside the markers, "
            "use the 'editor:' keys, or 'briefings build --force' (keeps a backup)",
            "hand-edit",
        )
        for edit in hand_edits(page, (*owned, GENERATED_KEY))
    ]
    if page.unsplittable:
        problems.append(
            Problem(rel, f"invalid front matter: {page.unsplittable}; write one 'key: value' block per key", "invalid")
        )
    stored = stored_hashes(page)
    written = set(stored[1]) if stored else set()
    for name in regions:
        if page.region(name) is None and name not in written:
            problems.append(
                Problem(
                    rel,
                    f"missing markers of region '{name}' ('<!-- briefings:begin {name} -->'); "
                    f"'briefings build' adds the region back",
                    "missing",
                )
            )
    return problems


# --- citations: every figure, quote and sentence link must still be in its article


def source_sentences(path: Path) -> dict[int, str] | None:
    """Sentence index -> plain text, read from a source page's anchors."""
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except FileNotFoundError:
        return None
    return {int(m.group(1)): _plain(m.group("wrapped") or m.group("after") or "") for m in _SENTENCE.finditer(text)}


def _plain(markdown: str) -> str:
    """Undo markdown_text.escape: the sentence as the article has it."""
    text = markdown.strip()
    if text.startswith("**") and text.endswith("**"):
        text = text[2:-2]
    return _squeeze(html.unescape(re.sub(r"\\(.)", r"\1", text)))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _citation_problems(page: Page, rel: str, inputs: _Inputs) -> list[Problem]:
    cited: list[tuple[str, str, int, str | None]] = []  # (label, article id, sentence, text that must be in it)
    for figure in page.data.get("figures") or []:
        if isinstance(figure, dict) and isinstance(figure.get("sentence"), int) and figure.get("source"):
            label = f"figure '{figure.get('text')}'"
            cited.append((label, str(figure["source"]), figure["sentence"], figure.get("text")))
    for name in REGIONS:
        region = page.region(name)
        if region is None:
            continue
        for line in region.content.splitlines():
            quote = _QUOTE.match(line)
            for link in _LINK.finditer(line):
                if quote:
                    words = _plain(quote.group(1))
                    label = f"quote «{_short(words)}»"
                    cited.append((label, link.group(1), int(link.group(2)), words))
                else:
                    cited.append((f"link in region '{name}'", link.group(1), int(link.group(2)), None))
    problems, seen = [], set()
    for label, article_id, index, words in cited:
        problem = _citation_problem(label, article_id, index, words, inputs)
        if problem and (article_id, index) not in seen:
            seen.add((article_id, index))
            problems.append(Problem(rel, problem, "citation"))
    return problems


def _citation_problem(label: str, article_id: str, index: int, words: str | None, inputs: _Inputs) -> str | None:
    article = inputs.articles.get(article_id)
    if article is None:
        return f"{label} cites article '{article_id}', which is no longer in seeds/; {REBUILD}"
    sentences = inputs.sentences.get(article_id)
    where = f"sentence {index} of seeds/{inputs.seed_of[article_id]}"
    if sentences is None:
        return f"{label} cites {where}, but its page {SOURCES_DIR}/{article_id}.md is missing; {REBUILD}"
    sentence = sentences.get(index)
    if sentence is None:
        return f"{label} cites {where}, which its page {SOURCES_DIR}/{article_id}.md does not have; {REBUILD}"
    if sentence not in _squeeze(article.text):
        return f"{label} cites {where}, which is no longer in the article («{_short(sentence)}»); {REBUILD}"
    # a quote may run on over the next sentences («… региона. Такой статус …»)
    following = " ".join(sentences[i] for i in range(index, index + _QUOTE_SENTENCES) if i in sentences)
    if words and _squeeze(words) not in _squeeze(following):
        return f"{label} is not in the sentence it cites ({where}: «{_short(sentence)}»); {REBUILD}"
    return None


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
