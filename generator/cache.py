"""Per-article extraction cache: rerun only the articles that changed.

An entry is one article's Extraction as JSON, under a key made of
- the article record itself (id, path, title, body, date, source, ...),
- the config file's fingerprint,
- the generator's code fingerprint: its version, the bytes of every module and
  data file in the package, and the versions of the NLP libraries.

So editing an article, the config or any line of the generator misses, and
nothing stale can be served. The cache lives in ``.cache/briefings/`` in the
project root (gitignored), is safe to delete at any time, and never changes
the output: a build reads each new extraction back from the JSON it stores
(parallel.encoded_extraction), so a later build reads the same records, and
an unreadable entry counts as a miss.

Beside the entries, three tables (Memo, ``*.memo``) spare a build what the
last one already worked out: the article each seed file parses to
(pipeline.parsed), the pages that are already what the generator would
write (write.PageMemo) and the YAML of front-matter items (pages.KeyTexts).
Each entry is keyed by everything its answer depends on, so it can be
missing but never wrong.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import types
import typing
import unicodedata
from collections.abc import Callable
from functools import cache
from importlib import metadata
from pathlib import Path

from . import __version__
from .config import Config
from .records import Article, Extraction

CACHE_DIR = Path(".cache") / "briefings"
FORMAT = "extraction-json-1"
# The libraries whose models or rules shape an extraction.
_LIBRARIES = ("natasha", "slovnet", "navec", "razdel", "pymorphy3", "pymorphy3-dicts-ru", "yake", "yake-rust")


@cache
def code_fingerprint() -> str:
    """The generator version, every source and data file of the package, and
    the NLP libraries' versions: any change there makes every entry a miss."""
    digest = hashlib.sha256(f"{FORMAT} {__version__}\n".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc", ".pyo") and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(package).as_posix()}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(_versions(_LIBRARIES).encode())
    return digest.hexdigest()


# The libraries that turn a seed file's bytes into an article's text.
_INGEST_LIBRARIES = ("ftfy", "charset-normalizer", "py3langid", "trafilatura", "lxml", "markdown", "pyyaml")


@cache
def ingest_fingerprint() -> str:
    """What a seed file's article depends on besides the file's name and bytes:
    the generator's code, the libraries that decode and read it, and Python's
    Unicode tables (text is normalized and cleaned by character category)."""
    text = f"{code_fingerprint()}\nunicode {unicodedata.unidata_version}\n{_versions(_INGEST_LIBRARIES)}"
    return hashlib.sha256(text.encode()).hexdigest()


def _versions(names: tuple[str, ...]) -> str:
    lines = []
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        lines.append(f"{name} {version}\n")
    return "".join(lines)


def to_json(record: object) -> str:
    """A dataclass record as canonical JSON: same record, same bytes (those of
    json.dumps(dataclasses.asdict(record)), which deep-copies every leaf first)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_fields_of)


def _fields_of(value: object) -> dict:
    if not (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return {name: getattr(value, name) for name in _field_names(type(value))}


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def from_json(text: str, kind: type = Extraction) -> object:
    return _decoder(kind)(json.loads(text))


def _same(value: object) -> object:
    return value


@cache
def _decoder(hint: object) -> Callable[[object], object]:
    """A function that rebuilds a value of the annotated type from its JSON
    form (lists back to tuples, dicts back to dataclasses). Built once per type:
    a build that aggregates reads a thousand entries, so this is on the hot path
    (positional arguments and list comprehensions: a third faster than keywords
    and generators)."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = typing.get_type_hints(hint)
        names = tuple(f.name for f in dataclasses.fields(hint) if f.init)
        parts = tuple((name, _decoder(hints[name])) for name in names)
        if all(part is _same for _, part in parts):
            return lambda value: hint(*[value[name] for name in names])
        return lambda value: hint(*[value[name] if part is _same else part(value[name]) for name, part in parts])
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return tuple if item is _same else lambda value: tuple([item(x) for x in value])
        items = tuple(_decoder(arg) for arg in args)
        return lambda value: tuple([part(x) for part, x in zip(items, value, strict=True)])
    if origin is list:
        item = _decoder(args[0])
        return lambda value: [item(x) for x in value]
    if origin is dict:
        item = _decoder(args[1])
        return lambda value: {key: item(x) for key, x in value.items()}
    if origin in (typing.Union, types.UnionType):
        real = [arg for arg in args if arg is not type(None)]
        if len(real) == 1 and (inner := _decoder(real[0])) is not _same:
            return lambda value: None if value is None else inner(value)
    return _same


class ExtractionCache:
    """Extractions on disk, one JSON file per (article, config, code)."""

    def __init__(self, directory: Path, config: Config):
        self.directory = Path(directory)
        self._salt = f"{code_fingerprint()}\n{config.fingerprint}\n"
        # one folder per (code, config): entries of an older generator or config
        # can never hit again, and prune() drops them as a whole
        self.generation = hashlib.sha256(self._salt.encode()).hexdigest()[:16]
        self.hits = 0
        self.misses = 0
        # a build asks for an article's key up to five times (lookup, entry, pages)
        self._keys: dict[Article, str] = {}

    @classmethod
    def for_config(cls, config: Config) -> ExtractionCache:
        return cls(config.root / CACHE_DIR, config)

    def key(self, article: Article) -> str:
        found = self._keys.get(article)
        if found is None:
            found = self._keys[article] = hashlib.sha256((self._salt + to_json(article)).encode()).hexdigest()
        return found

    def _path(self, key: str) -> Path:
        return self.directory / self.generation / key[:2] / f"{key}.json"

    def holds(self, key: str) -> bool:
        """Whether an entry exists under this key (get() still checks that it reads back)."""
        return self._path(key).is_file()

    def memo(self, name: str) -> Memo:
        """A table of this generation beside the entries (see Memo)."""
        return Memo(self.directory / self.generation / f"{name}{Memo.SUFFIX}")

    def get(self, article: Article, key: str | None = None) -> Extraction | None:
        """The cached extraction of the article (key: its key, when already known), or None."""
        try:
            extraction = from_json(self._path(key or self.key(article)).read_text("utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            # missing, half-written by a crash or from an older layout: extract again
            self.misses += 1
            return None
        if not isinstance(extraction, Extraction) or extraction.article != article:
            self.misses += 1
            return None
        self.hits += 1
        return extraction

    def put(self, article: Article, encoded: str) -> bool:
        """Store the JSON of an article's extraction (to_json) as it is: a build
        reads its extraction from this very text (parallel.encoded_extraction),
        so a later build reads what this one did. False when the folder is not
        writable (the cache is optional)."""
        path = self._path(self.key(article))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # write-then-rename: a reader never sees half an entry, even from a parallel build
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        except OSError:
            return False
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(encoded)
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return False
        return True

    def prune(self) -> int:
        """Delete the entries of other generator versions or configs; returns
        how many folders went. (Switching between two configs in one project
        therefore re-extracts: the cache keeps one generation.)"""
        removed = 0
        try:
            folders = [p for p in self.directory.iterdir() if p.is_dir() and p.name != self.generation]
        except OSError:
            return 0
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        return removed


class Memo:
    """A JSON table in the cache of what an earlier build worked out, so that
    the next one need not work it out again: which article a seed file parses
    to, which pages are already what the generator would write. Every entry is
    keyed by everything its answer depends on, so an entry can only be
    missing, never wrong; a damaged table is an empty one. Only the entries
    put again by this build are kept when it is saved."""

    SUFFIX = ".memo"  # not .json: the table is no extraction entry

    def __init__(self, path: Path):
        self.path = path
        self._old = self._read(path)
        self._new: dict[str, object] = {}

    @staticmethod
    def _read(path: Path) -> dict[str, object]:
        try:
            # surrogatepass: a file name that is not UTF-8 survives the round trip
            entries = json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))
        except (OSError, ValueError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> object | None:
        """The entry under key (put by this build, else as the last build left it), or None."""
        value = self._new.get(key)
        return value if value is not None else self._old.get(key)

    def put(self, key: str, value: object) -> None:
        """Keep an entry for the next build (a new one, or one that still applies)."""
        self._new[key] = value

    def save(self) -> None:
        """Write the table if it changed (write-then-rename); a folder that is not writable is skipped."""
        if self._new == self._old:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                text = json.dumps(self._new, ensure_ascii=False, separators=(",", ":"))
                handle.write(text.encode("utf-8", "surrogatepass"))
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            Path(tmp).unlink(missing_ok=True)
