"""The exceptions the library raises. The CLI turns each into one line on stderr.

Every error names the file it is about, so a message reads
``seeds/a.txt: not UTF-8, CP1251 or KOI8-R text``.
"""

from __future__ import annotations

from pathlib import Path


class BriefingsError(Exception):
    """Base class: a problem the user can fix. Never a bug in the generator."""

    def __init__(self, path: str | Path | None, problem: str, hint: str | None = None):
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.path}: {self.problem}" if self.path else self.problem
        return f"{text} ({self.hint})" if self.hint else text

    def __reduce__(self):
        # picklable whatever a subclass's __init__ takes: a worker process hands errors back
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(kind: type[BriefingsError], args: tuple, state: dict) -> BriefingsError:
    error = Exception.__new__(kind, *args)
    error.__dict__.update(state)
    return error


class InputError(BriefingsError):
    """A seed article cannot be read: encoding, emptiness, binary content, format."""


class ConfigError(BriefingsError):
    """The generator's config file is missing, unparsable or fails validation."""


class BriefingFileError(BriefingsError):
    """An existing briefing cannot be merged: broken front matter, missing markers."""


class EditConflictError(BriefingFileError):
    """An editor changed text inside a generated region; overwriting would lose it."""


class LockError(BriefingsError):
    """Another generator run holds the lock on the output directory."""
