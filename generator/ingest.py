"""Seed files -> Article records. The only module that reads seed files.

Bytes are decoded (decoding.py: UTF-8 with or without BOM, UTF-16, or a
legacy Russian code page; binary files refused by name), line ends
normalized, invisible characters dropped, the title, date, source, url and
language taken from the format's own metadata. Every problem is an
InputError naming the file, what is wrong and what to do.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml

from . import safe_yaml
from .decoding import SAVE_AS_UTF8, clean, decode
from .errors import InputError
from .language import detect_language
from .records import Article

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_BYTES = 8 * 1024 * 1024  # a news article is kilobytes; an HTML page with inline scripts a few MB
MAX_CHARS = 500_000  # of article text: the NLP takes about 2 s per 100,000 characters
TITLE_MAX_CHARS = 250  # a longer first line is a paragraph, not a heading
TITLE_KEEP_CHARS = 300  # a longer front-matter title is cut at a word boundary
ID_MAX_BYTES = 150  # file names hold 255 bytes: room for '.md' and a temporary suffix
_RESERVED_IDS = ("index", "readme")  # MkDocs turns these into section index pages
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
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
    """Every article file under seeds_dir, sorted by path for deterministic
    output. Hidden files and folders (.git, editor swap files) are skipped."""
    if not seeds_dir.is_dir():
        raise InputError(seeds_dir, "seeds folder not found", "create it and put articles into it")
    files = [
        p
        for p in seeds_dir.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(seeds_dir).parts)
        and p.is_file()
    ]
    return sorted(files, key=lambda p: p.relative_to(seeds_dir).as_posix())


def read_seed(path: Path, seeds_dir: Path | None = None) -> SeedFile:
    """The file's bytes. With seeds_dir, a symlink leading out of it is refused."""
    try:
        if seeds_dir is not None and not _inside(path, seeds_dir):
            raise InputError(
                path,
                f"a link to {path.resolve()}, outside the seeds folder",
                "copy the article into the seeds folder instead of linking to it",
            )
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                path,
                f"file is {size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB limit for one article",
                "split it into separate articles",
            )
        return SeedFile(path, path.read_bytes())
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}", "check that the file exists and is readable") from None


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def load_article(path: Path, article_id: str | None = None) -> Article:
    return parse_article(read_seed(path), article_id)


def load_articles(paths: Iterable[Path]) -> list[Article]:
    return [load_article(p) for p in paths]


def article_id(path: Path) -> str:
    """A URL- and file-safe id from the file name (stem): letters (any
    script), digits, '_' and '-'; never a path, never empty."""
    stem = unicodedata.normalize("NFC", path.stem)
    safe = re.sub(r"[^\w-]+", "-", stem, flags=re.UNICODE).strip("-_")
    safe = "".join(ch for ch in safe if unicodedata.category(ch)[0] in "LNP" or ch == "-")
    while len(safe.encode("utf-8")) > ID_MAX_BYTES:
        safe = safe[:-1]
    safe = safe.strip("-_") or "article"
    return f"{safe}-article" if safe.lower() in _RESERVED_IDS else safe


def content_key(article: Article) -> str:
    """Same text whatever the encoding, line ends or spacing: duplicates share this key."""
    text = re.sub(r"\s+", " ", f"{article.title} {article.body}").strip().casefold()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_article(seed: SeedFile, article_id_: str | None = None) -> Article:
    suffix = seed.path.suffix.lower()
    is_html = suffix in (".html", ".htm")
    text = decode(seed.data, seed.path, _declared_charset(seed.data) if is_html else None)
    if is_html:
        fields = _parse_html(text, seed.path)
    elif suffix in (".md", ".markdown"):
        fields = _parse_markdown(text, seed.path)
    else:
        fields = _parse_plain(text)
    # clean() again: HTML and Markdown entities (&#x202E;, &#0;) decode only now
    body = _clean_body(clean(fields.pop("body")))
    title = _clean_title(clean(fields.pop("title", "") or ""))
    body = _without_repeated_title(body, title)
    if not body.strip() and not title:
        raise InputError(seed.path, "no article text", "the file holds only whitespace or metadata")
    if len(title) + len(body) > MAX_CHARS:
        raise InputError(
            seed.path,
            f"article is {len(title) + len(body):,} characters, over the {MAX_CHARS:,} limit",
            "split it into separate articles",
        )
    meta = {key: _clean_meta(fields.get(key)) for key in ("source", "url")}
    lang = _clean_lang(fields.get("lang")) or detect_language(f"{title}\n{body}")
    return Article(
        id=article_id_ or article_id(seed.path),
        path=str(seed.path),
        title=title,
        body=body,
        date=fields.get("date") or dateline_date(body),
        lang=lang,
        **meta,
    )


def _without_repeated_title(body: str, title: str) -> str:
    """Pages often repeat the title as the body's first line (an HTML h1, a
    Markdown heading): once is enough."""
    first, _, rest = body.partition("\n")
    if title and _clean_inline(first) == title and rest.strip():
        return rest.lstrip("\n")
    return body


def _clean_inline(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _clean_title(text: str) -> str:
    """One line; a title with no letter or digit (a line of dashes or stars) is no title."""
    text = _clean_inline(text)
    if not any(ch.isalnum() for ch in text):
        return ""
    if len(text) > TITLE_KEEP_CHARS:
        cut = text[:TITLE_KEEP_CHARS].rsplit(" ", 1)[0]
        text = cut.rstrip(".,;:—-– ") + "…"
    return text


def _clean_meta(value) -> str | None:
    if value is None:
        return None
    text = _clean_inline(clean(str(value)))[: TITLE_KEEP_CHARS * 4]
    return text or None


def _clean_lang(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower().replace("_", "-")
    return text if _LANG_CODE.match(text) else None


def _clean_body(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    body = "\n".join(lines).strip("\n ")
    return re.sub(r"\n{3,}", "\n\n", body)


def is_heading_line(line: str, next_line: str | None) -> bool:
    """A first line is a title when it is short and has no sentence-final
    period, or when a blank line separates it from the body."""
    line = line.strip()
    if not line or len(line) > TITLE_MAX_CHARS or not any(ch.isalnum() for ch in line):
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
    fields["date"] = dateline_date(fields["body"])
    return fields


@cache
def _month_stems() -> tuple[str, ...]:
    """The month stems of figures.yml («январ», «ма[йяе]»): one list for every reader of months."""
    return tuple(yaml.safe_load(files("generator.data").joinpath("figures.yml").read_text("utf-8"))["months"])


@cache
def _dateline() -> re.Pattern:
    """«Астана, 14 октября 2026 года.», «14 октября 2026 г. —», «АСТАНА. 14.10.2026.»: where a wire item says when."""
    months = "|".join(f"{stem}[а-я]*" for stem in _month_stems())
    return re.compile(
        r"\A\s*(?:[А-ЯЁA-Z][\w\-]*(?:[ \-][А-ЯЁA-Z][\w\-]*){0,2}\s*[,.]\s*)?"
        rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{months})\s+(?P<year>(?:19|20)\d{{2}})"
        r"|(?P<numeric>\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}))(?!\d)",
        re.I,
    )


def dateline_date(body: str) -> str | None:
    """The date a dateline opens the text with, ISO; None without one. Only the
    very start counts: a date inside the text is what the text is about."""
    match = _dateline().match(body[:120])
    if not match:
        return None
    if match.group("numeric"):
        return _normalize_date(match.group("numeric"))
    word = match.group("month").lower()
    month = next(i for i, stem in enumerate(_month_stems(), 1) if re.match(stem, word))
    return _normalize_date(f"{match.group('year')}-{month:02d}-{int(match.group('day')):02d}")


def _find_source(text: str) -> str | None:
    head = text[:1500]
    for pattern in _SOURCE_PATTERNS:
        match = pattern.search(head)
        if match:
            return match.group(1).rstrip(".")
    return None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_KEYS = ("title", "date", "source", "url", "lang")
_FIX_YAML = "fix the YAML between the '---' lines"


def _parse_markdown(text: str, path: Path) -> dict:
    match = _FRONT_MATTER.match(text)
    meta: dict = {}
    body = text
    if match:
        meta = _front_matter(match.group(1) or "", path)
        body = text[match.end() :]
    fields: dict = {}
    for key in _MD_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, list | dict | set | tuple):
            line = _key_line(match.group(1) or "", key)
            raise InputError(
                path, f"line {line}: front matter key '{key}' must be text, not a {type(value).__name__}", _FIX_YAML
            )
        fields[key] = _normalize_date(value) if key == "date" else str(value).strip()
    heading = re.match(r"[ \t\n]*#[ \t]+([^\n]+)(?:\n|\Z)", body)
    if heading and "title" not in fields:  # a '# Heading' first line is the title; any other stays text
        fields["title"] = heading.group(1).strip().rstrip("#").strip()
        body = body[heading.end() :]
    body = markdown_to_text(body)
    if "title" not in fields:
        plain = _parse_plain(body) if body.strip() else {"title": "", "body": body}
        fields["title"], body = plain["title"], plain["body"]
    fields["body"] = body
    if "source" not in fields:
        fields["source"] = _find_source(body)
    return fields


def _front_matter(text: str, path: Path) -> dict:
    """safe_load only: tags such as !!python/object are refused, never run."""
    try:
        meta = safe_yaml.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(path, f"{line}invalid YAML front matter ({problem})", _FIX_YAML) from None
    except (ValueError, TypeError) as exc:  # a date like 2025-13-45 fails in the constructor
        raise InputError(path, f"invalid value in the YAML front matter ({exc})", _FIX_YAML) from None
    except RecursionError:
        raise InputError(path, "YAML front matter is nested too deeply", _FIX_YAML) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise InputError(path, "line 2: front matter is not a mapping of keys", "use 'title: ...' lines")
    return {str(k): v for k, v in meta.items()}


def _key_line(front: str, key: str) -> int:
    for number, line in enumerate(front.split("\n"), start=2):
        if re.match(rf"['\"]?{re.escape(key)}['\"]?\s*:", line):
            return number
    return 2


def markdown_to_text(markdown_text: str) -> str:
    """The text a reader of the rendered Markdown sees, one paragraph per
    block: emphasis, links and images gone, raw HTML (scripts included) dropped."""
    import markdown  # the same Markdown the site uses

    html = markdown.markdown(markdown_text, extensions=["tables", "sane_lists"])
    return html_fragment_text(html)


_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "div", "br", "hr", "table")
_DROPPED = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "math", "head", "title")


def html_fragment_text(html: str) -> str:
    from lxml import etree
    from lxml import html as lxml_html

    if not html.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    for cell in root.iter("td", "th"):
        cell.tail = " " + (cell.tail or "")
    return root.text_content()


def _normalize_date(value) -> str | None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if not match:
        return None
    parts = match.groups()
    year, month, day = (parts[0], parts[1], parts[2]) if len(parts[0]) == 4 else (parts[2], parts[1], parts[0])
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _parse_html(text: str, path: Path) -> dict:
    import trafilatura  # heavy import, only for HTML seeds

    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except (ValueError, TypeError, RecursionError, AttributeError) as exc:
        raise InputError(path, f"cannot parse the HTML page ({type(exc).__name__})", SAVE_AS_UTF8) from None
    data = {} if doc is None else doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = data.get("text") or ""
    if not body.strip():  # a short page trafilatura's precision mode passes over: its paragraphs, scripts dropped
        body = trafilatura.baseline(text)[1]
    if not body.strip():
        raise InputError(
            path, "no article text found in the HTML page", "save the article's own page, or its text as .txt"
        )
    return {
        "title": data.get("title") or "",
        "body": body,
        "date": _normalize_date(data.get("date") or ""),
        "source": data.get("sitename") or data.get("hostname") or None,
        "url": data.get("url") or None,
        "lang": None,  # detected from the text: a page's lang attribute is often a template default
    }
