"""The briefing page format: YAML front matter and a body with generated
regions between marker lines. Parsing and merging only, no disk I/O.

Merging keeps the editor's bytes: front-matter keys the generator does not
own are kept as written (comments included), and body text outside the
markers is copied through unchanged. A file with Windows line endings keeps
them; a byte-order mark is kept too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import yaml

from .errors import BriefingFileError

BEGIN = "<!-- briefings:begin {name} -->"
END = "<!-- briefings:end {name} -->"
BOM = "\ufeff"
_MARKER = re.compile(r"^<!-- briefings:(begin|end) ([a-z][a-z0-9-]*) -->[ \t\r]*$", re.M)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?(?:\n|\Z)", re.S | re.M)
_TOP_KEY = re.compile(r"""^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"\-?:{}\[\]][^:]*?))[ \t]*:(?:[ \t]|\r?$)""")


def dump_yaml(data: dict) -> str:
    """Deterministic YAML: our key order, Unicode as is, no line folding, safe types only."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Block:
    """A top-level front-matter key with its text (comments before it included)."""

    key: str | None  # None for comments and blank lines not followed by a key
    text: str

    @property
    def value_text(self) -> str:
        """The block without the comment lines and blank lines before the key."""
        return self.text[len(leading_comments(self.text)) :]


@dataclass(frozen=True)
class Region:
    name: str
    content: str  # text between the marker lines, without them
    line: int  # line of the begin marker in the file (1-based)


@dataclass(frozen=True)
class Page:
    path: str
    front_text: str
    data: dict
    blocks: tuple[Block, ...] | None  # None: the front matter cannot be split per key (see unsplittable)
    body: str
    body_line: int  # file line where the body starts
    parts: tuple[str | Region, ...]  # editor text and regions, in file order
    text: str  # the whole file as read
    newline: str = "\n"  # "\r\n" when every line of the file ends so
    bom: bool = False
    unsplittable: str | None = None  # why the front matter cannot be merged key by key

    def region(self, name: str) -> Region | None:
        return next((p for p in self.parts if isinstance(p, Region) and p.name == name), None)

    @property
    def region_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parts if isinstance(p, Region))

    @property
    def editor_text(self) -> tuple[str, ...]:
        """The body text outside every region, in file order."""
        return tuple(p for p in self.parts if isinstance(p, str))

    def block(self, key: str) -> Block | None:
        return next((b for b in self.blocks or () if b.key == key), None)


# LibYAML parses (≈ 10× faster) when PyYAML has it; the constructor is the same
# SafeConstructor either way, so the data are the same. Errors are re-raised by
# the pure-Python parser, whose messages and line marks the CLI shows.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def load_yaml(text: str):
    """YAML text -> data, safe types only."""
    if _FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def parse_page(text: str, path: str) -> Page:
    bom = text.startswith(BOM)
    raw = text.removeprefix(BOM)
    newline = "\r\n" if "\r\n" in raw and raw.count("\n") == raw.count("\r\n") else "\n"
    if newline == "\r\n":
        raw = raw.replace("\r\n", "\n")
    match = _FRONT.match(raw)
    if not match:
        raise BriefingFileError(
            path,
            "line 1: no YAML front matter (the file must start with '---')",
            "restore it from git or delete the file to regenerate it",
        )
    front_text = match.group(1)
    try:
        data = load_yaml(front_text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark else ""
        raise BriefingFileError(
            path,
            f"{line}invalid YAML front matter ({getattr(exc, 'problem', 'syntax error')})",
            "fix the YAML between the '---' lines",
        ) from None
    if not isinstance(data, dict):
        raise BriefingFileError(path, "line 2: front matter is not a mapping of keys")
    body = raw[match.end() :]
    body_line = raw.count("\n", 0, match.end()) + 1
    blocks, unsplittable = split_blocks(front_text, data)
    return Page(
        path=path,
        front_text=front_text,
        data=data,
        blocks=blocks,
        body=body,
        body_line=body_line,
        parts=split_regions(body, path, body_line),
        text=text,
        newline=newline,
        bom=bom,
        unsplittable=unsplittable,
    )


def split_blocks(front_text: str, data: dict) -> tuple[tuple[Block, ...] | None, str | None]:
    """Top-level keys with their exact text, or (None, why) when the YAML is in
    a shape we cannot split safely (flow style, duplicate or complex keys)."""
    blocks: list[Block] = []
    current_key: str | None = None
    current: list[str] = []
    pending: list[str] = []  # comments and blank lines: they belong to the next key
    for line in front_text.splitlines(keepends=True):
        key_match = _TOP_KEY.match(line)
        if key_match and not line.startswith((" ", "\t")):
            if current or current_key is not None:
                blocks.append(Block(current_key, "".join(current)))
            key = _key_text(key_match)
            current_key, current = key, [*pending, line]
            pending = []
        elif line.strip() == "" or (line.lstrip().startswith("#") and not line.startswith((" ", "\t"))):
            pending.append(line)
        else:
            current.extend(pending)
            pending = []
            current.append(line)
    if current or current_key is not None:
        blocks.append(Block(current_key, "".join(current)))
    if pending:
        # comments after the last key are the editor's own block: they survive a rewrite of that key
        blocks.append(Block(None, "".join(pending)))
    keys = [b.key for b in blocks if b.key is not None]
    wanted = [str(k) for k in data]
    if keys != wanted:
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            return None, f"front-matter key '{duplicates[0]}' appears twice"
        return None, "front matter is not one 'key: value' block per top-level key (flow style or complex keys)"
    return tuple(blocks), None


def _key_text(match: re.Match) -> str:
    double, single, plain = match.groups()
    if double is not None:
        try:
            return str(yaml.safe_load(f'"{double}"'))  # escapes such as \u0449 or \t
        except yaml.YAMLError:
            return double
    if single is not None:
        return single.replace("''", "'")
    try:  # «yes:» or «1:» read as True or 1: name the block as the data names the key
        return str(yaml.safe_load(plain.strip() + ": 0").popitem()[0])
    except (yaml.YAMLError, AttributeError, KeyError):
        return plain


def split_regions(body: str, path: str, first_line: int) -> tuple[str | Region, ...]:
    parts: list[str | Region] = []
    pos = 0
    open_name: str | None = None
    open_line = 0
    content_start = 0
    seen: set[str] = set()
    for match in _MARKER.finditer(body):
        kind, name = match.groups()
        line = first_line + body.count("\n", 0, match.start())
        if kind == "begin":
            if open_name is not None:
                raise BriefingFileError(
                    path,
                    f"line {line}: region '{name}' begins inside region '{open_name}' (opened on line {open_line})",
                    f"restore the line '{END.format(name=open_name)}'",
                )
            if name in seen:
                raise BriefingFileError(path, f"line {line}: region '{name}' appears twice", "delete one copy")
            parts.append(body[pos : match.start()])
            open_name, open_line = name, line
            content_start = _after_line(body, match.end())
        else:
            if open_name != name:
                raise BriefingFileError(
                    path,
                    f"line {line}: end marker of region '{name}' without its begin marker",
                    f"restore the line '{BEGIN.format(name=name)}'",
                )
            parts.append(Region(name, body[content_start : match.start()], open_line))
            seen.add(name)
            open_name = None
            pos = _after_line(body, match.end())
    if open_name is not None:
        raise BriefingFileError(
            path,
            f"line {open_line}: region '{open_name}' has no end marker",
            f"restore the line '{END.format(name=open_name)}'",
        )
    parts.append(body[pos:])
    return tuple(parts)


def _after_line(text: str, pos: int) -> int:
    return pos + 1 if text[pos : pos + 1] == "\n" else pos


def region_text(name: str, content: str) -> str:
    return f"{BEGIN.format(name=name)}\n{content}\n{END.format(name=name)}\n"


def render_body(names_and_content: list[tuple[str, str]]) -> str:
    """A fresh body: the regions one after another, a blank line between them."""
    return "\n".join(region_text(name, content.rstrip("\n")) for name, content in names_and_content)


def merge_body(page: Page, regions: dict[str, str], order: tuple[str, ...], drop: frozenset[str] = frozenset()) -> str:
    """The page's body with each region's content replaced; editor text kept
    byte for byte. A region missing from the page is added after the region
    that precedes it in `order` (a newer generator may add regions); regions
    named in `drop` (retired, unedited) are removed with their markers."""
    present = set(page.region_names)
    out: list[str] = []
    for part in page.parts:
        if isinstance(part, Region):
            if part.name in drop:
                continue
            out.append(region_text(part.name, regions.get(part.name, part.content).rstrip("\n")))
            follow = order[order.index(part.name) + 1 :] if part.name in order else ()
            for name in follow:
                if name in present:
                    break
                out.append("\n" + region_text(name, regions[name].rstrip("\n")))
                present.add(name)
        else:
            out.append(part)
    missing = [n for n in order if n not in present]
    if missing:
        out.append("\n" + render_body([(n, regions[n]) for n in missing]))
    return "".join(out)


def merge_front(page: Page | None, generated: dict, owned: tuple[str, ...]) -> str:
    """Front-matter text: generator-owned keys re-dumped in place, every other
    block kept as written, new generator keys inserted where they belong.
    Owned keys the generator no longer writes are removed."""
    if page is None:
        return dump_yaml(generated)
    if page.blocks is None:  # only reached with --force: the editor's values survive, their layout does not
        editor = {k: v for k, v in page.data.items() if str(k) not in owned}
        return dump_yaml(generated) + (dump_yaml(editor) if editor else "")
    out: list[str] = []
    written: set[str] = set()
    for block in page.blocks:
        if block.key in owned:
            lead = leading_comments(block.text)
            if block.key in generated:
                out.append(lead + dump_yaml({block.key: generated[block.key]}))
                written.add(block.key)
            elif lead:
                out.append(lead)  # the key goes, the editor's comment above it stays
        else:
            out.append(block.text if block.text.endswith("\n") else block.text + "\n")
    missing = {k: v for k, v in generated.items() if k not in written}
    if missing:
        # before the first editor key if there is one, else at the end
        text = dump_yaml(missing)
        index = next((i for i, b in enumerate(page.blocks) if b.key is not None and b.key not in owned), None)
        if index is None:
            out.append(text)
        else:
            position = sum(
                1
                for b in page.blocks[:index]
                if not (b.key in owned and b.key not in generated and not leading_comments(b.text))
            )
            out.insert(position, text)
    return "".join(out)


def leading_comments(text: str) -> str:
    lead = []
    for line in text.splitlines(keepends=True):
        if line.strip() == "" or line.lstrip().startswith("#"):
            lead.append(line)
        else:
            break
    return "".join(lead)


def compose(front: str, body: str, like: Page | None = None) -> str:
    """The whole file, in the line endings (and with the byte-order mark) of
    the page it replaces. A fresh body starts with a blank line; a merged one
    keeps whatever the editor had after the closing '---'."""
    text = f"---\n{front}---\n{body}"
    if like is not None and like.newline != "\n":
        text = text.replace("\n", like.newline)
    return (BOM if like is not None and like.bom else "") + text
