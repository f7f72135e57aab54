"""Seed files -> Article records. The only module that reads seed files.

Bytes are decoded (UTF-8 with or without BOM, UTF-16, or a legacy Russian
code page found by charset-normalizer), line ends normalized, and the title,
date, source and url taken from the format's own metadata.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InputError
from .records import Article

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_BYTES = 50 * 1024 * 1024
TITLE_MAX_CHARS = 250
_LEGACY_ENCODINGS = ("cp1251", "koi8_r", "mac_cyrillic", "cp866", "iso8859_5")
_SENTENCE_END = (".", "!", "?", "…", ":", ";")
_SOURCE_PATTERNS = (
    re.compile(
        r"(?:передает|передаёт|сообщает|пишет)\s+(?:агентство\s+|издание\s+|портал\s+)?"
        r"«?([A-ZА-ЯЁ][\w.\-]*(?: [A-ZА-ЯЁ][\w.\-]*)?)»?"
    ),
)


@dataclass(frozen=True)
class SeedFile:
    path: Path
    data: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def find_seed_files(seeds_dir: Path) -> list[Path]:
    """Every article file under seeds_dir, sorted by path for deterministic output."""
    if not seeds_dir.is_dir():
        raise InputError(seeds_dir, "seeds folder not found", "create it and put articles into it")
    files = [
        p for p in seeds_dir.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
    ]
    return sorted(files, key=lambda p: p.relative_to(seeds_dir).as_posix())


def read_seed(path: Path) -> SeedFile:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                path, f"file is {size // (1024 * 1024)} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit"
            )
        return SeedFile(path, path.read_bytes())
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


def load_article(path: Path, article_id: str | None = None) -> Article:
    return parse_article(read_seed(path), article_id)


def load_articles(paths: Iterable[Path]) -> list[Article]:
    return [load_article(p) for p in paths]


def article_id(path: Path) -> str:
    """A URL- and file-safe id from the file name (stem)."""
    stem = unicodedata.normalize("NFC", path.stem)
    safe = re.sub(r"[^\w-]+", "-", stem).strip("-_")
    return safe[:120] or "article"


def parse_article(seed: SeedFile, article_id_: str | None = None) -> Article:
    text = decode(seed.data, seed.path)
    suffix = seed.path.suffix.lower()
    if suffix in (".html", ".htm"):
        fields = _parse_html(text, seed.path)
    elif suffix in (".md", ".markdown"):
        fields = _parse_markdown(text, seed.path)
    else:
        fields = _parse_plain(text)
    body = _clean_body(fields.pop("body"))
    if not body.strip() and not fields.get("title"):
        raise InputError(seed.path, "no article text", "the file is empty or holds only whitespace")
    title = _clean_inline(fields.pop("title", "") or "")
    return Article(
        id=article_id_ or article_id(seed.path),
        path=str(seed.path),
        title=title,
        body=body,
        **fields,
    )


def decode(data: bytes, path: Path) -> str:
    """Bytes -> str, or InputError naming the file. Never returns mojibake silently."""
    if not data.strip():
        raise InputError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _try(data, "utf-16", path)
    elif data.startswith(b"\xef\xbb\xbf"):
        text = _try(data, "utf-8-sig", path)
    elif b"\x00" in data[:4096]:
        raise InputError(path, "binary file, not text", "seeds must be .txt, .md or .html articles")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if _control_share(text) > 0.01:
        raise InputError(path, "binary file, not text", "seeds must be .txt, .md or .html articles")
    return text


def _try(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(path, f"broken {encoding.upper()} text") from None


def _decode_legacy(data: bytes, path: Path) -> str:
    from charset_normalizer import from_bytes  # only needed for non-UTF-8 files

    best = from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    if best is None:
        raise InputError(path, "not UTF-8, CP1251 or KOI8-R text", "save the file as UTF-8")
    text = str(best)
    if _cyrillic_share(text) < 0.3 and _control_share(text) > 0:
        raise InputError(path, "binary file, not text", "seeds must be .txt, .md or .html articles")
    return text


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    return controls / len(text)


def _cyrillic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff") / len(letters)


def _clean_inline(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _clean_body(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    body = "\n".join(lines).strip("\n ")
    return re.sub(r"\n{3,}", "\n\n", body)


def is_heading_line(line: str, next_line: str | None) -> bool:
    """A first line is a title when it is short and has no sentence-final
    period, or when a blank line separates it from the body."""
    line = line.strip()
    if not line or len(line) > TITLE_MAX_CHARS:
        return False
    if next_line is not None and not next_line.strip():
        return not line.endswith(".") or len(line) < 120
    return not line.endswith(_SENTENCE_END)


def _parse_plain(text: str) -> dict:
    stripped = text.strip("\n ")
    lines = stripped.split("\n")
    first = lines[0]
    nxt = lines[1] if len(lines) > 1 else None
    fields: dict = {"title": "", "body": stripped}
    if len(lines) > 1 and is_heading_line(first, nxt):
        fields = {"title": first, "body": "\n".join(lines[1:])}
    fields["source"] = _find_source(stripped)
    return fields


def _find_source(text: str) -> str | None:
    head = text[:1500]
    for pattern in _SOURCE_PATTERNS:
        match = pattern.search(head)
        if match:
            return match.group(1).rstrip(".")
    return None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_KEYS = ("title", "date", "source", "url", "lang")


def _parse_markdown(text: str, path: Path) -> dict:
    match = _FRONT_MATTER.match(text)
    meta: dict = {}
    body = text
    if match:
        try:
            meta = yaml.safe_load(match.group(1) or "") or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"line {mark.line + 2}: " if mark else ""
            raise InputError(path, f"{line}invalid YAML front matter", "fix the YAML between the '---' lines") from None
        if not isinstance(meta, dict):
            raise InputError(path, "front matter is not a mapping of keys", "use 'title: ...' lines")
        body = text[match.end() :]
    fields: dict = {}
    for key in _MD_KEYS:
        value = meta.get(key)
        if value is not None:
            fields[key] = _normalize_date(value) if key == "date" else str(value).strip()
    if "title" not in fields:
        heading = re.match(r"\s*#\s+(.+)\n", body)
        if heading:
            fields["title"] = heading.group(1).strip()
            body = body[heading.end() :]
        else:
            plain = _parse_plain(body)
            fields["title"], body = plain["title"], plain["body"]
    fields["body"] = body
    if "source" not in fields:
        fields["source"] = _find_source(body)
    return fields


def _normalize_date(value) -> str | None:
    text = str(value).strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return match.group(0)
    match = re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
    return None


def _parse_html(text: str, path: Path) -> dict:
    import trafilatura  # heavy import, only for HTML seeds

    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None:
        raise InputError(path, "no article text found in the HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = data.get("text") or ""
    if not body.strip():
        raise InputError(path, "no article text found in the HTML page")
    return {
        "title": data.get("title") or "",
        "body": body,
        "date": _normalize_date(data.get("date") or ""),
        "source": data.get("sitename") or data.get("hostname") or None,
        "url": data.get("url") or None,
    }
