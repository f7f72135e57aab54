"""Briefing pages on disk: merge with what editors wrote, detect hand edits
inside generated regions, write atomically under a lock. The only module that
writes into the output folder.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefingFileError, EditConflictError, LockError
from .pages import Page, compose, dump_yaml, merge_body, merge_front, parse_page, render_body, short_hash

GENERATED_KEY = "generated"
EDITOR_KEY = "editor"
LOCK_NAME = ".lock"
BACKUP_DIR = ".backup"


@dataclass(frozen=True)
class PlannedPage:
    path: Path
    old: str | None  # current file text, None when the file is new
    new: str | None  # None: delete the file (a source page whose article is gone)

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def diff(self) -> str:
        old = (self.old or "").splitlines(keepends=True)
        new = (self.new or "").splitlines(keepends=True)
        name = self.path.as_posix()
        return "".join(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"))


def fingerprint(front: dict, regions: dict[str, str]) -> dict[str, str]:
    """Short hashes of what the generator wrote, per part: a later run compares
    them with the file to find hand edits inside generated parts."""
    parts = {"front-matter": _front_hash(front)}
    parts.update({name: short_hash(content.rstrip("\n")) for name, content in regions.items()})
    return parts


def _front_hash(front: dict) -> str:
    return short_hash(dump_yaml(dict(sorted(front.items()))))


def read_page(path: Path) -> Page | None:
    if not path.exists():
        return None
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise BriefingFileError(path, "not UTF-8 text", "restore it from git or delete it to regenerate") from None
    return parse_page(text, str(path))


def edited_parts(page: Page, owned: tuple[str, ...]) -> list[str]:
    """Names of generated parts whose text no longer matches the stored hash."""
    stored = page.data.get(GENERATED_KEY)
    if not isinstance(stored, dict) or not isinstance(stored.get("parts"), dict):
        return []  # no fingerprint: nothing to compare with (older or hand-made page)
    hashes = stored["parts"]
    edited = []
    front = {k: page.data[k] for k in owned if k in page.data and k != GENERATED_KEY}
    if "front-matter" in hashes and _front_hash(front) != hashes["front-matter"]:
        edited.append("front-matter")
    for name in page.region_names:
        region = page.region(name)
        if name in hashes and short_hash(region.content.rstrip("\n")) != hashes[name]:
            edited.append(f"{name} (line {region.line})")
    return edited


def plan_page(
    path: Path, front: dict, regions: dict[str, str], order: tuple[str, ...], inputs: str, force: bool = False
) -> PlannedPage:
    """The new text of one page. Raises EditConflictError when an editor
    changed a generated part and force is off."""
    page = read_page(path)
    owned = (*front.keys(), GENERATED_KEY)
    if page is not None and not force:
        edited = edited_parts(page, owned)
        if edited:
            raise EditConflictError(
                path,
                "hand edit inside generated part(s): " + ", ".join(edited),
                "move your text outside the '<!-- briefings:' markers, use the 'editor:' keys, "
                "or rerun with --force (a backup is kept)",
            )
    generated = {**front, GENERATED_KEY: {"inputs": inputs, "parts": fingerprint(front, regions)}}
    front_text = merge_front(page, generated, owned)
    if page is None:
        body = "\n" + render_body([(name, regions[name]) for name in order])
    else:
        body = merge_body(page, regions, order)
    new = compose(front_text, body)
    return PlannedPage(path, page.text if page else None, new)


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """One generator run at a time per output folder."""
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
            fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename over it: a
    run killed at any moment leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def backup(path: Path, out_dir: Path) -> Path:
    """Copy a page into out_dir/.backup/ before --force overwrites it."""
    target_dir = out_dir / BACKUP_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    data = path.read_bytes()
    target = target_dir / f"{path.stem}.{short_hash(data.decode('utf-8', 'replace'))}{path.suffix}"
    if not target.exists():
        shutil.copyfile(path, target)
    return target


def apply(plans: list[PlannedPage], out_dir: Path, keep_backups: bool = False) -> list[PlannedPage]:
    """Write the changed pages; returns those written (or deleted)."""
    done = []
    for plan in plans:
        if not plan.changed:
            continue
        if keep_backups and plan.old is not None:
            backup(plan.path, out_dir)
        if plan.new is None:
            plan.path.unlink(missing_ok=True)
        else:
            atomic_write(plan.path, plan.new)
        done.append(plan)
    return done
