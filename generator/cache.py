"""Per-article extraction cache: rerun only the articles that changed.

An entry is one article's Extraction as JSON, under a key made of
- the article record itself (id, path, title, body, date, source, ...),
- the config file's fingerprint,
- the generator's code fingerprint: its version, the bytes of every module and
  data file in the package, and the versions of the NLP libraries.

So editing an article, the config or any line of the generator misses, and
nothing stale can be served. The cache lives in ``.cache/briefings/`` in the
project root (gitignored), is safe to delete at any time, and never changes
the output: an entry is stored only when it reads back equal to what was
extracted, and an unreadable entry counts as a miss.
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
_LIBRARIES = ("natasha", "slovnet", "navec", "razdel", "pymorphy3", "pymorphy3-dicts-ru", "yake")


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
    for name in _LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\n".encode())
    return digest.hexdigest()


def to_json(record: object) -> str:
    """A dataclass record as canonical JSON: same record, same bytes."""
    return json.dumps(dataclasses.asdict(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_json(text: str, kind: type = Extraction) -> object:
    return _decoder(kind)(json.loads(text))


def _same(value: object) -> object:
    return value


@cache
def _decoder(hint: object) -> Callable[[object], object]:
    """A function that rebuilds a value of the annotated type from its JSON
    form (lists back to tuples, dicts back to dataclasses). Built once per type:
    a warm build reads a thousand entries, so this is on the hot path."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = typing.get_type_hints(hint)
        parts = tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(hint) if f.init)
        return lambda value: hint(**{name: part(value[name]) for name, part in parts})
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return tuple if item is _same else lambda value: tuple(item(x) for x in value)
        items = tuple(_decoder(arg) for arg in args)
        return lambda value: tuple(part(x) for part, x in zip(items, value, strict=True))
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

    @classmethod
    def for_config(cls, config: Config) -> ExtractionCache:
        return cls(config.root / CACHE_DIR, config)

    def key(self, article: Article) -> str:
        return hashlib.sha256((self._salt + to_json(article)).encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / self.generation / key[:2] / f"{key}.json"

    def get(self, article: Article) -> Extraction | None:
        try:
            extraction = from_json(self._path(self.key(article)).read_text("utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            # missing, half-written by a crash or from an older layout: extract again
            self.misses += 1
            return None
        if not isinstance(extraction, Extraction) or extraction.article != article:
            self.misses += 1
            return None
        self.hits += 1
        return extraction

    def put(self, extraction: Extraction) -> bool:
        """Store an extraction; False when it would not read back equal (then
        it is not cached) or the folder is not writable (the cache is optional)."""
        text = to_json(extraction)
        try:
            if from_json(text) != extraction:
                return False
        except (ValueError, TypeError, KeyError):
            return False
        path = self._path(self.key(extraction.article))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # write-then-rename: a reader never sees half an entry, even from a parallel build
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        except OSError:
            return False
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
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
