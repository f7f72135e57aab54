"""The progress bar of long builds (tqdm), for the CLI: the library never prints.

It appears only after a few seconds, so quick runs stay silent, and never when
stderr is not a terminal or under CI (CI=true), so logs stay clean.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

SHOW_AFTER_SECONDS = 3.0


def wanted(stream=None) -> bool:
    stream = stream if stream is not None else sys.stderr
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return not in_ci and hasattr(stream, "isatty") and stream.isatty()


class ExtractionBar:
    """advance(done, total) for generator.build; close() when the build is over."""

    def __init__(self, stream=None):
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = wanted(self._stream)
        self._bar = None

    def advance(self, done: int, total: int) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, initial=done, unit="article", desc="extract", delay=SHOW_AFTER_SECONDS, file=self._stream
            )
        else:
            self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.advance

    def __exit__(self, *exc) -> None:
        self.close()
