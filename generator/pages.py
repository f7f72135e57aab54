"""The briefing page format: YAML front matter and a body with generated
regions between marker lines. Parsing and merging only, no disk I/O.

Merging keeps the editor's bytes: front-matter keys the generator does not
own are kept as written (comments included), and body text outside the
markers is copied through unchanged. A file with Windows line endings keeps
them; a byte-order mark is kept too.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import yaml

from .errors import BriefingFileError
from .yaml_block import block_yaml

BEGIN = "<!-- briefings:begin {name} -->"
END = "<!-- briefings:end {name} -->"
BOM = "\ufeff"
_MARKER = re.compile(r"^<!-- briefings:(begin|end) ([a-z][a-z0-9-]*) -->[ \t\r]*$", re.M)
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?(?:\n|\Z)", re.S | re.M)
_TOP_KEY = re.compile(r"""^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"\-?:{}\[\]][^:]*?))[ \t]*:(?:[ \t]|\r?$)""")


_DUMP_OPTIONS = {"allow_unicode": True, "sort_keys": False, "default_flow_style": False, "width": 10_000}

# LibYAML's emitter writes the bytes PyYAML's pure-Python one writes, except
# that it escapes characters beyond the Basic Multilingual Plane, NEL, LS, PS
# and surrogates, makes long or unprintable mapping keys complex keys («? »),
# and folds differently past its width. Data clear of all that (checked here;
# tests/test_pages.py fuzzes the claim) is dumped by LibYAML, ≈ 5× faster; the
# rest by the pure-Python dumper. So the bytes never depend on which one ran.
_FAST_DUMPER = getattr(yaml, "CSafeDumper", None)
_ESCAPED_BY_LIBYAML = re.compile("[\x85\u2028\u2029\ud800-\udfff\U00010000-\U0010ffff]")
_LONGEST_STRING = 5_000  # characters: far below the width, in bytes too
_LONGEST_KEY = 100  # UTF-8 bytes: LibYAML's simple keys stop at 128, escapes included


def dump_yaml(data: dict) -> str:
    """Deterministic YAML: our key order, Unicode as is, no line folding, safe types only."""
    written = block_yaml(data)  # the common plain data, written directly (yaml_block.py)
    if written is not None:
        return written
    if _FAST_DUMPER is not None and libyaml_writes_the_same(data):
        return yaml.dump(data, Dumper=_FAST_DUMPER, **_DUMP_OPTIONS)
    return yaml.safe_dump(data, **_DUMP_OPTIONS)


def libyaml_writes_the_same(value: object) -> bool:
    """LibYAML dumps value to the bytes the pure-Python dumper writes (see above)."""
    return plain_tree(value, text=_libyaml_text, key=_libyaml_key)


def _libyaml_text(text: str) -> bool:
    return len(text) <= _LONGEST_STRING and _ESCAPED_BY_LIBYAML.search(text) is None


def _libyaml_key(key: str) -> bool:
    return key.isprintable() and 0 < len(key.encode("utf-8")) <= _LONGEST_KEY and _libyaml_text(key)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_PLAIN_TYPES = (str, int, float, bool, type(None))


def same_data(a: object, b: object) -> bool:
    """a and b are the same YAML data: equal, of the same types (True is not 1,
    1.0 is not 1) and with mappings in the same key order; a tuple is the list
    safe_dump writes for it. So dump_yaml(a) == dump_yaml(b)."""
    if isinstance(a, list | tuple):
        return isinstance(b, list | tuple) and len(a) == len(b) and all(map(same_data, a, b))
    if isinstance(a, dict):
        return (
            type(b) is dict
            and list(a) == list(b)
            and all(same_data(x, y) for x, y in zip(a, b, strict=True))
            and all(same_data(a[k], b[k]) for k in a)
        )
    if type(a) is not type(b) or type(a) not in _PLAIN_TYPES:
        return False
    return repr(a) == repr(b) if isinstance(a, float) else a == b  # -0.0 and nan as written


class Table(Protocol):
    """Where KeyTexts keeps item texts between builds (a cache.Memo)."""

    def get(self, key: str) -> object | None: ...

    def put(self, key: str, value: object) -> None: ...


@dataclass(frozen=True)
class KeyText:
    text: str  # as written: dump_yaml({key: value})
    canonical: str  # as hashed: the text of the value read back (the same text, but for rare characters)
    contained: bool  # reads back as the value and holds no anchor: pages.load_front need not parse it
    items: tuple[str, ...] = ()  # the names of its items in KeyTexts' table


class MemoryTable(dict):
    """A Table for one run."""

    def put(self, key: str, value: object) -> None:
        self[key] = value


class KeyTexts:
    """The text of one generator-owned front-matter key as written
    (dump_yaml) and as hashed (canonical: the text of the value read back).

    A list value is dumped item by item: in block style the text
    of ``key: [a, b]`` is the line ``key:`` followed by the lines of each item,
    and an item's lines depend only on the item (no anchors: no container is
    shared). One new article then dumps only its new figures, entities and
    sources instead of a thousand: dumping is the cost of the merge layer,
    even with LibYAML where dump_yaml can use it. The table keeps the item
    texts (between runs: a cache.Memo)."""

    def __init__(self, table: Table | None = None):
        self.table = table if table is not None else MemoryTable()
        self._done: dict[tuple[str, int], tuple[object, KeyText]] = {}  # by identity: a page is merged twice

    def texts(self, key: str, value: object) -> KeyText:
        done = self._done.get((key, id(value)))
        if done is not None and done[0] is value:
            return done[1]
        listed = self._listed(key, value)
        if listed is None:
            text = dump_yaml({key: value})
            stable = surely_reads_back({key: value}) or same_data(load_yaml(text), {key: value})
            plain, items = stable and plain_tree(value), ()
        else:
            (text, stable, items), plain = listed, True
        # a value that does not read back as itself (rare characters) hashes as it reads back
        result = KeyText(text, text if stable else dump_yaml(load_yaml(text)), plain and stable, items)
        self._done[(key, id(value))] = (value, result)  # the value is kept, so its id is not reused
        return result

    def _listed(self, key: str, value: object) -> tuple[str, bool, tuple[str, ...]] | None:
        """(text, reads back as itself, names of its items in the table) of a
        list from its items' texts; None when not a plain list."""
        if not isinstance(value, list | tuple) or not value or not plain_tree(value):
            return None
        header = f"{key}:\n"
        names = [_item_name(key, item) for item in value]
        entries = [self.table.get(name) for name in names]
        new = [i for i, entry in enumerate(entries) if not _item_entry(entry)]
        if new:
            texts = self._item_texts(key, header, [value[i] for i in new])
            if texts is None:
                return None
            for i, entry in zip(new, texts, strict=True):
                entries[i] = entry
        for name, entry in zip(names, entries, strict=True):
            self.table.put(name, entry)
        text = header + "".join(entry[0] for entry in entries)
        return text, all(bool(entry[1]) for entry in entries), tuple(names)

    @staticmethod
    def _item_texts(key: str, header: str, items: list) -> list[list] | None:
        """[text, reads back as itself] of each item: written one by one where
        yaml_block writes them (a topic page's thousand sources), the others
        from one dump of them all (_dumped_items)."""
        direct = [block_yaml({key: [item]}) for item in items]
        rest = [item for item, text in zip(items, direct, strict=True) if text is None]
        dumped = KeyTexts._dumped_items(key, header, rest) if rest else []
        if dumped is None:
            return None
        others = iter(dumped)
        # what yaml_block writes surely reads back (tests/test_yaml_block.py): no check needed
        return [next(others) if text is None else [text[len(header) :], True] for text in direct]

    @staticmethod
    def _dumped_items(key: str, header: str, items: list) -> list[list] | None:
        """_item_texts from one dump of them all: in block style each item's
        lines start with «- » at the margin and no other line does (one dump
        per item cost a page 5 ms more)."""
        text = dump_yaml({key: items})
        if not text.startswith(header):  # a key PyYAML quotes: no item texts for it
            return None
        body = text[len(header) :]
        starts = [0] + [m.start() + 1 for m in _ITEM_START.finditer(body)]
        parts = [body[a:b] for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]
        if len(parts) == len(items) and all(surely_reads_back(item) for item in items):
            return [[part, True] for part in parts]  # no line break in them: no line of theirs starts «- »
        loaded = load_yaml(text)
        read = loaded.get(key) if isinstance(loaded, dict) else None
        if len(parts) != len(items) or not isinstance(read, list) or len(read) != len(items):
            return None  # not split as expected: the list is dumped whole, without item texts
        return [[part, same_data(back, item)] for part, back, item in zip(parts, read, items, strict=True)]

    def keep(self, names: object) -> None:
        """Keep these items in the table (they belong to a page taken as it is, not dumped this run)."""
        for name in names if isinstance(names, list) else ():
            entry = self.table.get(name) if isinstance(name, str) else None
            if entry is not None:
                self.table.put(name, entry)


_ITEM_START = re.compile(r"\n(?=- )")


def _item_name(key: str, item: object) -> str:
    return hashlib.blake2b(f"{yaml.__version__}\n{key}\n{item!r}".encode(), digest_size=16).hexdigest()


def _item_entry(entry: object) -> bool:
    """A table entry of an item: [its text, whether it reads back as itself]."""
    return isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)


def plain_tree(
    value: object,
    seen: set[int] | None = None,
    *,
    text: Callable[[str], bool] = lambda _: True,
    key: Callable[[str], bool] = lambda _: True,
) -> bool:
    """Only str, int, float, bool, None, lists, tuples and dicts with str keys
    (so repr() names the value), no container twice (PyYAML would write an
    anchor); and every string value passes `text`, every key `key`."""
    kind = type(value)
    if kind is str:
        return text(value)
    if kind in _PLAIN_TYPES:
        return True
    seen = set() if seen is None else seen
    if kind not in (list, tuple, dict) or id(value) in seen:
        return False
    seen.add(id(value))
    if kind is dict:
        return all(type(k) is str and key(k) for k in value) and all(
            plain_tree(v, seen, text=text, key=key) for v in value.values()
        )
    return all(plain_tree(v, seen, text=text, key=key) for v in value)


# Characters PyYAML writes and reads back as themselves in any scalar style:
# no control characters or line breaks (a folded or multi-line scalar), no
# byte order mark, surrogate or character beyond the BMP; short strings only.
_ROUND_TRIP_TEXT = re.compile("[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\U00010000-\U0010ffff]{0,1000}")


def surely_reads_back(value: object) -> bool:
    """dump_yaml of this data reads back as the same data (same_data), known
    without parsing it: plain data whose strings are short single lines of
    ordinary characters (tests/test_pages.py fuzzes the claim). Reading the
    YAML back was half of dumping a page's items. Other data is read back."""
    return plain_tree(value, text=_round_trip_text, key=_round_trip_text)


def _round_trip_text(text: str) -> bool:
    return _ROUND_TRIP_TEXT.fullmatch(text) is not None


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


def parse_page(text: str, path: str, data: dict | None = None, known: dict | None = None) -> Page:
    """The page in text. Two ways to spare the YAML parser a briefing of a
    thousand sources: data, its front matter as parsed before (write.PageMemo
    keeps it for a page whose text is still the one it was parsed from); known,
    key -> (text, value) of blocks the generator has just written (see
    load_front)."""
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
    cut = line_blocks(front_text)
    try:
        if data is None:
            data = load_front(cut, known) if known else load_yaml(front_text) or {}
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
    blocks, unsplittable = split_blocks(cut, data)
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


def split_blocks(blocks: tuple[Block, ...], data: dict) -> tuple[tuple[Block, ...] | None, str | None]:
    """The front matter's line_blocks when they are its top-level keys with
    their exact text, or (None, why) when the YAML is in a shape we cannot
    split safely (flow style, duplicate or complex keys)."""
    keys = [b.key for b in blocks if b.key is not None]
    wanted = [str(k) for k in data]
    if keys != wanted:
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            return None, f"front-matter key '{duplicates[0]}' appears twice"
        return None, "front matter is not one 'key: value' block per top-level key (flow style or complex keys)"
    return blocks, None


def line_blocks(front_text: str) -> tuple[Block, ...]:
    """The front matter cut before each line that starts a top-level key
    (split_blocks checks the cut against the data)."""
    blocks: list[Block] = []
    current_key: str | None = None
    current: list[str] = []
    pending: list[str] = []  # comments and blank lines: they belong to the next key
    for line in front_text.splitlines(keepends=True):
        if line[0] in " \t-" and not line.isspace():
            # indented or a list item (most lines of a briefing): it goes on the current key
            if pending:
                current.extend(pending)
                pending = []
            current.append(line)
            continue
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
    return tuple(blocks)


def load_front(blocks: tuple[Block, ...], known: dict) -> dict:
    """load_yaml of a front matter just written (its line_blocks), without reading
    back the generator's own blocks. known maps a key to (the text written for
    it, its value as read back): a block with exactly that text is parsed as
    the placeholder ``key: 0`` and given the value afterwards, so only the
    editor's blocks go through the YAML parser. The generator's blocks are
    self-contained (no anchors, tags or document markers) and KeyTexts
    checked that they read back as their value; anything unexpected falls
    back to parsing the whole text."""
    parts, swapped, commented = [], {}, False
    for block in blocks:
        lead = leading_comments(block.text)
        commented = commented or bool(lead)
        entry = known.get(block.key) if block.key is not None else None
        if entry is not None and block.text[len(lead) :] == entry[0] and block.key not in swapped:
            parts.append(lead + dump_yaml({block.key: 0}))
            swapped[block.key] = as_loaded(entry[1])
        else:
            parts.append(block.text)
    if len(swapped) == len(blocks) and not commented and all(key.isidentifier() for key in swapped):
        return swapped  # every block is the generator's own: there is nothing left to parse
    try:
        data = load_yaml("".join(parts)) or {}
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict) or any(type(data.get(key)) is not int or data[key] != 0 for key in swapped):
        # raises with the real line numbers, or reads what is really there
        return load_yaml("".join(block.text for block in blocks)) or {}
    return {key: swapped.get(key, value) if isinstance(key, str) else value for key, value in data.items()}


def as_loaded(value: object) -> object:
    """A value as YAML reads it back after safe_dump: tuples become lists."""
    if isinstance(value, list | tuple):
        return [as_loaded(v) for v in value]
    if isinstance(value, dict):
        return {k: as_loaded(v) for k, v in value.items()}
    return value


def _key_text(match: re.Match) -> str:
    return _key_name(*match.groups())


# A page's keys are few and the same on every page: each is read once a run
# (PyYAML's pure-Python parser took a third of reading a page back).
@functools.lru_cache(maxsize=4096)
def _key_name(double: str | None, single: str | None, plain: str) -> str:
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


def merge_front(page: Page | None, generated: dict, owned: tuple[str, ...], texts: dict[str, str] | None = None) -> str:
    """Front-matter text: generator-owned keys re-dumped in place, every other
    block kept as written, new generator keys inserted where they belong.
    Owned keys the generator no longer writes are removed. texts: keys
    already dumped (dump_yaml({key: value}) of the key)."""
    if page is None:
        # key by key, as a page that exists is merged: the same text (block
        # style, no anchor shared between keys), without dumping every item again
        known = texts or {}
        return "".join(known[k] if k in known else dump_yaml({k: v}) for k, v in generated.items())
    if page.blocks is None:  # only reached with --force: the editor's values survive, their layout does not
        editor = {k: v for k, v in page.data.items() if str(k) not in owned}
        return dump_yaml(generated) + (dump_yaml(editor) if editor else "")
    out: list[str] = []
    written: set[str] = set()
    for block in page.blocks:
        if block.key in owned:
            lead = leading_comments(block.text)
            if block.key in generated:
                text = (texts or {}).get(block.key)
                out.append(lead + (text if text is not None else dump_yaml({block.key: generated[block.key]})))
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
