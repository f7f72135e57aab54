"""The generator's config file (``briefings.yml``): where seeds and briefings
live, and the topics with their lexicons. Validated when loaded; every error
names the file, the line and the key.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from . import safe_yaml
from .errors import ConfigError

CONFIG_NAME = "briefings.yml"
TOPIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# Names MkDocs or the generator give a meaning in briefings/: index/readme pages, the sources folder.
RESERVED_TOPIC_IDS = ("index", "readme", "sources")
_FIX = "fix briefings.yml; README.md lists its keys"
_MAX_COUNT = 1000  # sentences or keywords per page: more is a typo, not a wish


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str = ""
    order: int = 0
    terms: tuple[str, ...] = ()  # lemmas or multi-word terms, any case and inflection
    weak_terms: tuple[str, ...] = ()  # count half: decide only with a second term or context
    not_terms: tuple[str, ...] = ()  # phrases that cancel the terms inside them («общий язык»)
    scope: tuple[str, ...] = ()  # the topic holds only where the lead or the paragraph names one of these

    @property
    def filename(self) -> str:
        return f"{self.id}.md"


@dataclass(frozen=True)
class Config:
    topics: tuple[Topic, ...]
    seeds: str = "seeds"
    out: str = "briefings"
    summary_sentences: int = 6
    keywords_per_article: int = 10
    keywords_per_topic: int = 15
    path: str = CONFIG_NAME
    root: Path = field(default=Path("."), compare=False)
    fingerprint: str = ""  # sha256 of the file's bytes: part of the staleness key

    @property
    def seeds_dir(self) -> Path:
        return self.root / self.seeds

    @property
    def out_dir(self) -> Path:
        return self.root / self.out

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)


_TOP_TYPES: dict[str, type] = {
    "seeds": str,
    "out": str,
    "summary_sentences": int,
    "keywords_per_article": int,
    "keywords_per_topic": int,
    "topics": list,
}
_TOPIC_TYPES: dict[str, type] = {
    "id": str,
    "title": str,
    "description": str,
    "order": int,
    "terms": list,
    "weak_terms": list,
    "not_terms": list,
    "scope": list,
}
_TOPIC_REQUIRED = ("id", "title")


def load_config(path: str | Path = CONFIG_NAME) -> Config:
    """Read and validate a config file. Raises ConfigError naming file, line and key."""
    path = Path(path)
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, "config file not found", "run from the project folder or pass --config") from None
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror}", "check the file's permissions") from None
    try:
        text = raw_bytes.decode("utf-8-sig")
        node = safe_yaml.compose(text)
        data = safe_yaml.load(text)
    except UnicodeDecodeError:
        raise ConfigError(path, "not UTF-8 text", "save the config as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise ConfigError(path, f"{where}invalid YAML ({problem})", _FIX) from None
    except (ValueError, TypeError) as exc:  # an impossible date such as 2025-13-45
        raise ConfigError(path, f"invalid value ({exc})", _FIX) from None
    except RecursionError:
        raise ConfigError(path, "YAML nested too deeply", _FIX) from None
    return _build_config(path, data, node, hashlib.sha256(raw_bytes).hexdigest())


def _line(node: yaml.Node | None, *keys: str | int) -> str:
    """'line N' of the value at keys inside a composed YAML node, for messages."""
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
    return f"line {node.start_mark.line + 1}" if node is not None else "line ?"


def _check_keys(path: Path, node, data: dict, types: dict[str, type], where: tuple) -> None:
    for key, value in data.items():
        label = ".".join(str(p) for p in (*where, key))
        if key not in types:
            known = ", ".join(sorted(types))
            raise ConfigError(path, f"{_line(node, *where, key)}: unknown key '{label}'", f"known keys: {known}")
        expected = types[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ConfigError(
                path,
                f"{_line(node, *where, key)}: key '{label}' must be {expected.__name__}, not {type(value).__name__}",
                _FIX,
            )


def _build_config(path: Path, data: Any, node, fingerprint: str) -> Config:
    if not isinstance(data, dict):
        raise ConfigError(path, "the config must be a mapping of keys (seeds, out, topics, ...)", _FIX)
    _check_keys(path, node, data, _TOP_TYPES, ())
    topics_data = data.get("topics")
    if not topics_data:
        raise ConfigError(path, "key 'topics' is missing or empty", "list at least one topic")
    topics: list[Topic] = []
    for i, item in enumerate(topics_data):
        if not isinstance(item, dict):
            raise ConfigError(
                path, f"{_line(node, 'topics', i)}: topics[{i}] must be a mapping", "give it 'id' and 'title'"
            )
        _check_keys(path, node, item, _TOPIC_TYPES, ("topics", i))
        for key in _TOPIC_REQUIRED:
            if key not in item:
                raise ConfigError(path, f"{_line(node, 'topics', i)}: topics[{i}] has no '{key}'", f"add '{key}: ...'")
        topic_id = item["id"]
        if not TOPIC_ID.match(topic_id):
            raise ConfigError(
                path,
                f"{_line(node, 'topics', i, 'id')}: topics[{i}].id '{topic_id}' is not a safe file name",
                "use lowercase latin letters, digits and '-'",
            )
        if topic_id in RESERVED_TOPIC_IDS:
            raise ConfigError(
                path,
                f"{_line(node, 'topics', i, 'id')}: topics[{i}].id '{topic_id}' is reserved",
                f"choose another id; {', '.join(RESERVED_TOPIC_IDS)} have a meaning in the briefings folder",
            )
        if not item["title"].strip():
            raise ConfigError(path, f"{_line(node, 'topics', i, 'title')}: topics[{i}].title is empty", "give a title")
        if any(t.id == topic_id for t in topics):
            raise ConfigError(
                path,
                f"{_line(node, 'topics', i, 'id')}: topic id '{topic_id}' is used twice",
                "give each topic its own id",
            )
        for key in ("terms", "weak_terms", "not_terms", "scope"):
            if not all(isinstance(t, str) and t.strip() for t in item.get(key, [])):
                raise ConfigError(
                    path, f"{_line(node, 'topics', i, key)}: topics[{i}].{key} must be non-empty strings", _FIX
                )
        topics.append(
            Topic(
                id=topic_id,
                title=item["title"].strip(),
                description=item.get("description", "").strip(),
                order=item.get("order", i + 1),
                terms=tuple(t.strip() for t in item.get("terms", [])),
                weak_terms=tuple(t.strip() for t in item.get("weak_terms", [])),
                not_terms=tuple(t.strip() for t in item.get("not_terms", [])),
                scope=tuple(t.strip() for t in item.get("scope", [])),
            )
        )
    topics.sort(key=lambda t: (t.order, t.id))
    for key in ("seeds", "out"):
        value = data.get(key, getattr(Config, key))
        if not value.strip() or Path(value).is_absolute() or ".." in Path(value).parts or Path(value) == Path("."):
            raise ConfigError(
                path,
                f"{_line(node, key)}: key '{key}' must be a folder inside the project, not '{value}'",
                "use a relative folder name such as 'briefings'",
            )
    if Path(data.get("seeds", Config.seeds)) == Path(data.get("out", Config.out)):
        raise ConfigError(path, f"{_line(node, 'out')}: keys 'seeds' and 'out' name the same folder", "keep them apart")
    plain = {f.name for f in fields(Config)} & set(data) - {"topics"}
    for key in ("summary_sentences", "keywords_per_article", "keywords_per_topic"):
        if key in data and not 1 <= data[key] <= _MAX_COUNT:
            raise ConfigError(
                path, f"{_line(node, key)}: key '{key}' must be from 1 to {_MAX_COUNT}, not {data[key]}", _FIX
            )
    return Config(
        topics=tuple(topics),
        path=str(path),
        root=path.parent,
        fingerprint=fingerprint,
        **{key: data[key] for key in sorted(plain)},
    )
