"""Briefing pages on disk: merge with what editors wrote, detect hand edits
inside generated parts, write atomically under a lock. The only module that
writes into the output folder.

Every page carries a ``generated:`` key: what it was built from (generator
version, config, seeds, the editor's keys) and a hash of each generated
front-matter key and region as written. A later run compares the file with
those hashes: a difference is a hand edit, and the run stops instead of
overwriting it (``--force`` overwrites and keeps a backup).
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import BriefingFileError, EditConflictError, LockError
from .pages import (
    KeyText,
    KeyTexts,
    Page,
    Table,
    compose,
    dump_yaml,
    load_yaml,
    merge_body,
    merge_front,
    parse_page,
    render_body,
    short_hash,
    surely_reads_back,
)

GENERATED_KEY = "generated"
EDITOR_KEY = "editor"
LOCK_NAME = ".lock"
BACKUP_DIR = ".backup"
KEY_HASHES = "keys"
REGION_HASHES = "regions"
_TEMP_SUFFIX = ".tmp"
_RESOLVE_HINT = (
    "move your text outside the '<!-- briefings:' markers, use the 'editor:' keys (docs/editing.md), "
    "or rerun with --force (the old file is kept in briefings/.backup/)"
)


@dataclass(frozen=True)
class PlannedPage:
    path: Path
    old: str | None  # current file text, None when the file is new
    new: str | None  # None: delete the file (a source page whose article is gone)
    backup_first: bool = False  # the old file holds text we cannot prove is generated: keep a copy

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def diff(self) -> str:
        old = (self.old or "").splitlines(keepends=True)
        new = (self.new or "").splitlines(keepends=True)
        name = self.path.as_posix()
        return "".join(difflib.unified_diff(old, new, f"a/{name}", "/dev/null" if self.new is None else f"b/{name}"))


@dataclass(frozen=True)
class KeptPage:
    """A page the run should delete but keeps, because deleting it would lose hand edits."""

    path: Path
    reason: str

    @property
    def message(self) -> str:
        return (
            f"{self.path.as_posix()}: no longer generated but kept: {self.reason} "
            "(move your text elsewhere and delete the file, or rerun with --force: a backup is kept)"
        )


class PageMemo:
    """What earlier runs learnt about the pages in the output folder, kept in
    a table of the extraction cache (cache.Memo): per page, the sha256 of its
    text as the generator last read or wrote it, and
    - the inputs for which merging that text changes nothing: such a page is
      neither rendered nor merged again (a thousand source pages, one of them
      new);
    - its front matter as parsed, when it reads back the same from JSON: a
      briefing of a thousand sources takes a second to parse as YAML, a
      thousand source pages two. The site hook reads it there too
      (site_hook.parsed_fronts): keep the table's name, place and the
      entries' "sha" and "data" as they are;
    - for long front matter, the names of its items in KeyTexts' table.
    `inputs` is a hash of everything the page is made of besides its file: the
    generator's code, the config, the article's extraction and seed (see
    pipeline.plan). An entry applies only to the very text it was made from,
    so a hand edit, a restore from git or a page written by another version
    finds no entry, and the page is merged as without a memo."""

    LONG = 64_000  # characters of front matter: a topic page's, read ahead by preload()

    def __init__(self, table: Table | None = None, texts: KeyTexts | None = None):
        self.table = table
        self.texts = texts  # a page taken as it is keeps its item texts there for the next run
        self._read: dict[Path, tuple[str | None, str | None]] = {}  # path -> (text, sha256)
        self._pages: dict[Path, Page | None] = {}  # path -> the page read from that text

    def preload(self, paths: list[Path]) -> None:
        """Read the pages ahead of plan(), e.g. while a worker extracts, and
        make Page records of those with long front matter in the table (the
        briefings: a source page that has not changed is never parsed); a
        page that cannot be read is left for plan() to report."""
        for path in paths:
            with contextlib.suppress(BriefingFileError):
                _, entry = self._entry(path)
                if entry is not None and "items" in entry and isinstance(entry.get("data"), dict):
                    self.read(path)

    def _text(self, path: Path) -> tuple[str | None, str | None]:
        if path not in self._read:
            text = read_text(path)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else None
            self._read[path] = (text, digest)
        return self._read[path]

    def _entry(self, path: Path) -> tuple[str, dict | None]:
        """(the table's name of the page, its entry when it was made from the text now on disk)."""
        name = os.path.abspath(path)
        entry = self.table.get(name) if self.table is not None else None
        _, digest = self._text(path)
        if isinstance(entry, dict) and digest is not None and entry.get("sha") == digest:
            return name, entry
        return name, None

    def unchanged(self, path: Path, inputs: str) -> PlannedPage | None:
        """The page as planned (old and new text the same) when merging it with these inputs changes nothing."""
        name, entry = self._entry(path)
        if entry is None or entry.get("inputs") != inputs:
            return None
        self.table.put(name, entry)
        if self.texts is not None:
            self.texts.keep(entry.get("items"))
        text, _ = self._text(path)
        return PlannedPage(path, text, text)

    def read(self, path: Path) -> Page | None:
        """read_page, without parsing the front matter again when the table has it for this text."""
        if path in self._pages:
            return self._pages[path]
        text, _ = self._text(path)
        if text is None:
            return None
        _, entry = self._entry(path)
        data = entry.get("data") if entry is not None else None
        page = parse_page(text, str(path), data=data if isinstance(data, dict) else None)
        self._pages[path] = page
        return page

    def remember(self, path: Path, page: Page, inputs: str, items: tuple[str, ...] = ()) -> None:
        """Merging page.text with inputs gives page.text (the caller made
        sure); items: the item texts the page was made of."""
        if self.table is None:
            return
        entry: dict = {"sha": hashlib.sha256(page.text.encode("utf-8")).hexdigest(), "inputs": inputs}
        if len(page.front_text) > self.LONG:
            entry["items"] = list(items)
        if json_exact(page.data):
            entry["data"] = page.data
        self.table.put(os.path.abspath(path), entry)


def json_exact(value: object) -> bool:
    """value reads back from JSON as the same YAML data: text, numbers, true,
    false, null, lists and mappings with text keys (no dates, no other keys)."""
    if type(value) in (str, int, float, bool, type(None)):
        return True
    if type(value) is list:
        return all(json_exact(v) for v in value)
    if type(value) is dict:
        return all(type(k) is str for k in value) and all(json_exact(v) for v in value.values())
    return False


class EditConflicts(EditConflictError):
    """Hand edits in several pages: every one is named (the CLI prints one line each)."""

    def __init__(self, conflicts: list[EditConflictError]):
        self.conflicts = conflicts
        first = conflicts[0]
        more = f" (and {len(conflicts) - 1} more page(s))" if len(conflicts) > 1 else ""
        super().__init__(first.path, first.problem + more, first.hint)


def collect_conflicts(plans) -> Iterator:
    """Run each planning step; raise once, naming every page with hand edits, after all are planned."""
    conflicts: list[EditConflictError] = []
    for step in plans:
        try:
            yield step()
        except EditConflictError as exc:
            conflicts.append(exc)
    if conflicts:
        raise EditConflicts(conflicts)


def topic_stamp(config: str, seeds: str, editor: str | None) -> dict:
    """What a topic page is built from: the generator, the config, every seed, its editor keys."""
    stamp = {"by": f"briefings {__version__}", "config": config[:16], "seeds": seeds}
    return {**stamp, "editor": editor} if editor else stamp


def source_stamp(config: str, seed: str) -> dict:
    """What a source page is built from: the generator, the config (topics mark sentences), its own seed."""
    return {"by": f"briefings {__version__}", "config": config[:16], "seed": seed[:16]}


def seeds_fingerprint(digests: dict[str, str]) -> str:
    """One hash of every seed file's name and content."""
    return short_hash("".join(f"{name} {digest}\n" for name, digest in sorted(digests.items())))


def generated_pages(
    folders: dict[Path, tuple[str, ...]], skip: frozenset[Path] = frozenset()
) -> list[tuple[Path, tuple[str, ...]]]:
    """Pages in the given folders that carry a ``generated:`` key (hand-made
    pages beside them are not ours), with the keys the generator owns there.
    Pages in skip (already planned) are not read again."""
    found = []
    for folder, owned in folders.items():
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
            if path in skip:
                continue
            try:
                page = read_page(path)
            except BriefingFileError:
                page = None
            if page is not None and isinstance(page.data.get(GENERATED_KEY), dict):
                found.append((path, owned))
    return found


def canonical(key: str, value: object) -> str:
    """The exact text the generator writes for one front-matter key (after a
    YAML round trip, so a value reads back as it hashes)."""
    text = dump_yaml({key: value})
    if surely_reads_back({key: value}):
        return text  # it reads back as the same data, which dumps to the same text
    return dump_yaml(load_yaml(text))


def fingerprint(front: dict, regions: dict[str, str], texts: KeyTexts | None = None) -> dict[str, dict[str, str]]:
    """Short hashes of what the generator wrote, per part: a later run compares
    them with the file to find hand edits inside generated parts."""
    return _hashes(_key_texts(front, texts), regions)


def _key_texts(front: dict, texts: KeyTexts | None) -> dict[str, KeyText]:
    """Per key: the text written and the canonical text hashed; the same as
    dump_yaml and canonical() of the key, with one dump instead of three."""
    texts = texts or KeyTexts()
    return {key: texts.texts(key, value) for key, value in front.items()}


def _hashes(written: dict[str, KeyText], regions: dict[str, str]) -> dict[str, dict[str, str]]:
    return {
        KEY_HASHES: {key: short_hash(text.canonical) for key, text in written.items()},
        REGION_HASHES: {name: short_hash(content.rstrip("\n")) for name, content in regions.items()},
    }


def stored_hashes(page: Page) -> tuple[dict, dict] | None:
    """(key hashes, region hashes) the page was written with, or None when it
    has none (a hand-made page, or one from an older generator)."""
    stored = page.data.get(GENERATED_KEY)
    if not isinstance(stored, dict):
        return None
    keys, regions = stored.get(KEY_HASHES), stored.get(REGION_HASHES)
    if not isinstance(keys, dict) or not isinstance(regions, dict):
        return None
    return keys, regions


def read_page(path: Path) -> Page | None:
    text = read_text(path)
    return None if text is None else parse_page(text, str(path))


def read_text(path: Path) -> str | None:
    """A page's text, None when there is no such file."""
    if not path.exists():
        return None
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise BriefingFileError(path, "not UTF-8 text", "restore it from git or delete it to regenerate") from None


def hand_edits(page: Page, owned: tuple[str, ...]) -> list[str]:
    """Generated parts that no longer read as the generator wrote them:
    changed values, comments or formatting inside a generated key, changed
    or deleted regions. Empty when the page has no hashes to compare with."""
    stored = stored_hashes(page)
    if stored is None:
        return []
    key_hashes, region_hashes = stored
    edits = []
    for key, expected in key_hashes.items():
        edits += _key_edit(page, str(key), expected)
    for key in owned:
        block = page.block(key)
        if key != GENERATED_KEY and key not in key_hashes and key in page.data and block is not None:
            edits.append(f"front-matter key '{key}' (added by hand; the generator owns it)")
        if key == GENERATED_KEY and block is not None and block.value_text != canonical(key, page.data[key]):
            edits.append(f"front-matter key '{key}' (comments or formatting)")
    for name, expected in region_hashes.items():
        region = page.region(str(name))
        if region is None:
            edits.append(f"region '{name}' (its markers were deleted)")
        elif short_hash(region.content.rstrip("\n")) != expected:
            edits.append(f"region '{name}' (line {region.line})")
    return edits


def _key_edit(page: Page, key: str, expected: str) -> list[str]:
    block = page.block(key)
    if block is not None and short_hash(block.value_text) == expected:
        # the block is still the text the generator wrote and hashed (a canonical
        # text reads back to itself): nothing to dump again to know it is unedited
        return []
    if key not in page.data:
        return [f"front-matter key '{key}' (deleted)"]
    text = canonical(key, page.data[key])
    if short_hash(text) != expected:
        return [f"front-matter key '{key}'"]
    if block is not None and block.value_text != text:
        return [f"front-matter key '{key}' (comments or formatting)"]
    return []


@dataclass(frozen=True)
class Merged:
    text: str  # the page's new text
    backup_first: bool  # the old file holds text we cannot prove is generated: keep a copy
    known: dict[str, tuple[str, object]]  # generator key -> (its text in the page, its value): see pages.load_front
    items: tuple[str, ...] = ()  # the item texts it was made of (KeyTexts' table)


def merge_page(
    page: Page | None,
    front: dict,
    regions: dict[str, str],
    order: tuple[str, ...],
    owned: tuple[str, ...],
    stamp: dict,
    force: bool = False,
) -> tuple[str, bool]:
    """The new text of one page and whether the old file must be backed up
    first. Pure: no disk. Raises EditConflictError when an editor changed a
    generated part and force is off."""
    merged = merge(page, front, regions, order, owned, stamp, force)
    return merged.text, merged.backup_first


def merge(
    page: Page | None,
    front: dict,
    regions: dict[str, str],
    order: tuple[str, ...],
    owned: tuple[str, ...],
    stamp: dict,
    force: bool = False,
    texts: KeyTexts | None = None,
) -> Merged:
    """merge_page, with the texts of the generator's keys (texts: where item
    texts are kept between builds)."""
    owned = (*owned, GENERATED_KEY, *previously_owned(page))
    backup_first = False
    if page is not None:
        edits = hand_edits(page, owned)
        if page.unsplittable:
            edits.append(page.unsplittable)
        if edits and not force:
            raise EditConflictError(page.path, "hand edit inside generated part(s): " + "; ".join(edits), _RESOLVE_HINT)
        backup_first = bool(edits) or stored_hashes(page) is None
    written = _key_texts(front, texts)
    record = {**stamp, **_hashes(written, regions)}
    generated = {**front, GENERATED_KEY: record}
    front_texts = {key: text.text for key, text in written.items()}
    front_texts[GENERATED_KEY] = record_text = dump_yaml({GENERATED_KEY: record})
    front_text = merge_front(page, generated, owned, front_texts)
    if page is None:
        body = "\n" + render_body([(name, regions[name]) for name in order])
    else:
        body = merge_body(page, regions, order, _retired_regions(page, regions))
    known = {key: (text.text, front[key]) for key, text in written.items() if text.contained}
    if surely_reads_back({GENERATED_KEY: record}):
        known[GENERATED_KEY] = (record_text, record)
    items = tuple(name for text in written.values() for name in text.items)
    return Merged(compose(front_text, body, page), backup_first, known, items)


def previously_owned(page: Page | None) -> tuple[str, ...]:
    """Keys the generator wrote last time: still its own (and removed) if a newer generator stops writing them."""
    stored = stored_hashes(page) if page is not None else None
    return tuple(str(k) for k in stored[0]) if stored else ()


def _retired_regions(page: Page, regions: dict[str, str]) -> frozenset[str]:
    """Regions the generator wrote before but no longer makes: removed (an edited one stops the run first)."""
    stored = stored_hashes(page)
    written_before = set(stored[1]) if stored else set()
    return frozenset(n for n in page.region_names if n not in regions and n in written_before)


def plan_page(
    path: Path,
    front: dict,
    regions: dict[str, str],
    order: tuple[str, ...],
    stamp: dict,
    owned: tuple[str, ...] | None = None,
    force: bool = False,
    *,
    memo: PageMemo | None = None,
    inputs: str | None = None,
    texts: KeyTexts | None = None,
) -> PlannedPage:
    """What writing one page would do. `owned` lists every front-matter key
    the generator owns for this kind of page (default: the keys of `front`).
    With a memo, the page is read through it, and what the run learns is
    kept there for the next: `inputs` names everything the page is made of
    besides the file itself (see PageMemo)."""
    page = memo.read(path) if memo else read_page(path)
    return plan_merge(path, page, front, regions, order, stamp, owned, force, memo=memo, inputs=inputs, texts=texts)


def plan_merge(
    path: Path,
    page: Page | None,
    front: dict,
    regions: dict[str, str],
    order: tuple[str, ...],
    stamp: dict,
    owned: tuple[str, ...] | None = None,
    force: bool = False,
    *,
    memo: PageMemo | None = None,
    inputs: str | None = None,
    texts: KeyTexts | None = None,
) -> PlannedPage:
    """plan_page for a page already read (None: no file yet)."""
    owned = owned or tuple(front)
    merged = merge(page, front, regions, order, owned, stamp, force, texts)
    old = page.text if page else None
    if memo is not None and inputs is not None:
        if merged.text == old:
            memo.remember(path, page, inputs, merged.items)
        else:
            settled = _reread(path, merged, front, regions, order, owned, stamp, texts)
            if settled is not None:
                memo.remember(path, settled, inputs, merged.items)
    return PlannedPage(path, old, merged.text, backup_first=merged.backup_first and old != merged.text)


def _reread(
    path: Path,
    merged: Merged,
    front: dict,
    regions: dict[str, str],
    order: tuple[str, ...],
    owned: tuple[str, ...],
    stamp: dict,
    texts: KeyTexts | None,
) -> Page | None:
    """The new text as the next run will read it, when merging it again with
    the same inputs changes nothing (only then may the memo say so); else None."""
    try:
        again = parse_page(merged.text, str(path), known=merged.known)
        if merge(again, front, regions, order, owned, stamp, texts=texts).text == merged.text:
            return again
    except BriefingFileError:  # EditConflictError included
        pass
    return None


def plan_removal(path: Path, owned: tuple[str, ...], force: bool = False) -> PlannedPage | KeptPage:
    """Delete a page the generator no longer makes, unless it holds hand edits:
    then keep it (with force: back it up, then delete)."""
    try:
        page = read_page(path)
    except BriefingFileError as exc:
        reason = f"it cannot be read ({exc.problem})"
        page = None
    else:
        reason = hand_work(page, (*owned, GENERATED_KEY)) if page else None
    if page is None and reason is None:
        return PlannedPage(path, None, None)
    old = path.read_bytes().decode("utf-8", "replace")
    if reason and not force:
        return KeptPage(path, reason)
    return PlannedPage(path, old, None, backup_first=True)


def hand_work(page: Page, owned: tuple[str, ...]) -> str | None:
    """Why a page must not be deleted unseen, or None when all of it is the generator's."""
    if stored_hashes(page) is None:
        return "it has no generator fingerprint"
    edits = hand_edits(page, owned)
    if edits:
        return "hand edit inside " + "; ".join(edits)
    if page.unsplittable:
        return page.unsplittable
    extra = [str(k) for k in page.data if str(k) not in (*owned, *previously_owned(page))]
    if extra:
        return "it has the editor's front-matter key(s) " + ", ".join(f"'{k}'" for k in extra)
    if any(text.strip() for text in page.editor_text):
        return "it has the editor's text outside the markers"
    return None


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """One generator run at a time per output folder. The kernel drops the
    lock when the process dies, so a killed run never blocks the next one."""
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockError(
                out_dir, "another 'briefings build' is running on this folder", "wait for it to finish"
            ) from None
        try:
            yield
        finally:
            # a run that wrote nothing into a folder it made leaves no folder behind
            if created and {p.name for p in out_dir.iterdir()} <= {LOCK_NAME}:
                (out_dir / LOCK_NAME).unlink(missing_ok=True)
                out_dir.rmdir()
            fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write(path: Path, text: str, *, sync_folder: bool = True) -> None:
    """Write to a temporary file beside the target, then rename over it: a
    run killed at any moment leaves the old file or the new one, never half.
    sync_folder=False: the caller syncs the folder once after many renames."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if sync_folder:
        _sync_dir(path.parent)


def _sync_dir(folder: Path) -> None:
    # the rename itself must reach the disk, or a power cut could bring back the old name
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Temporary files a killed run left behind (never a page): removed under the lock."""
    found = []
    for folder in (out_dir, *(p for p in out_dir.iterdir() if p.is_dir() and not p.name.startswith("."))):
        for tmp in sorted(folder.glob(f".*.md.*{_TEMP_SUFFIX}")):
            tmp.unlink(missing_ok=True)
            found.append(tmp)
    return found


def backup(path: Path, out_dir: Path) -> Path:
    """Copy a page into out_dir/.backup/ (same sub-folder) before it is overwritten or deleted."""
    data = path.read_bytes()
    rel = path.relative_to(out_dir) if path.is_relative_to(out_dir) else Path(path.name)
    name = f"{path.stem}.{short_hash(data.decode('utf-8', 'replace'))}{path.suffix}"
    target = out_dir / BACKUP_DIR / rel.parent / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}{_TEMP_SUFFIX}")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


# Pages written at once: each write waits for its fsync, and the disk takes
# several at a time (a thousand pages: ≈ 1.5 s one by one, ≈ 0.5 s four at a time).
WRITERS = 4


def apply(plans: list[PlannedPage], out_dir: Path, keep_backups: bool = False) -> list[PlannedPage]:
    """Write the changed pages; returns those written (or deleted). A page is
    backed up first when force overwrites it (keep_backups) or when it holds
    text the generator cannot prove it wrote. Backups and deletions are made
    here in order; new texts are written by WRITERS threads, each atomically.
    On a failure the writes not yet started are dropped and the error raised."""
    done = []
    folders: dict[Path, None] = {}  # renamed or deleted in: synced once each, at the end
    writers = ThreadPoolExecutor(WRITERS, thread_name_prefix="briefings-write")
    writes = []
    failed = True
    try:
        for plan in plans:
            if not plan.changed:
                continue
            if plan.old is not None and plan.path.exists() and (keep_backups or plan.backup_first):
                backup(plan.path, out_dir)
            if plan.new is None:
                plan.path.unlink(missing_ok=True)
            else:
                writes.append(writers.submit(atomic_write, plan.path, plan.new, sync_folder=False))
            folders[plan.path.parent] = None
            done.append(plan)
        for write in writes:
            write.result()  # the first failure, raised here
        failed = False
    finally:
        writers.shutdown(wait=True, cancel_futures=failed)
        # each page is whole, old or new, at any moment; this makes the new names
        # last through a power cut (a folder fsync per page cost a thousand pages ≈ 0.3 s)
        for folder in folders:
            _sync_dir(folder)
    return done
