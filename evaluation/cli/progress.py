"""A progress bar on the terminal (standard error), for long commands; nothing when standard error is
not a terminal (a file, a pipe, a CI log), so that outputs stay clean."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from evaluation.progress import Progress, no_progress

WIDTH = 30
MIN_INTERVAL_S = 0.1  # redrawn at most ten times a second


class TerminalBar:
    """`[##########--------------------]  33 % liste de contrôle`, redrawn in place; a new line at the end."""

    def __init__(self, stream: TextIO, title: str) -> None:
        self.stream, self.title = stream, title
        self.last = 0.0
        self.finished = False

    def __call__(self, done: int, total: int, what: str) -> None:
        if self.finished:
            return
        now = time.monotonic()
        ending = total > 0 and done >= total
        if not ending and now - self.last < MIN_INTERVAL_S:
            return
        self.last = now
        share = done / total if total > 0 else 0.0
        filled = round(WIDTH * share)
        label = f" {what}" if what else ""
        self.stream.write(f"\r\x1b[2K{self.title} [{'#' * filled}{'-' * (WIDTH - filled)}] {share:4.0%}{label}")
        if ending:
            self.stream.write("\n")
            self.finished = True
        self.stream.flush()


def terminal_progress(title: str, stream: TextIO | None = None) -> Progress:
    """A bar on `stream` (standard error) when it is a terminal; otherwise nothing is written."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return TerminalBar(stream, title) if callable(isatty) and isatty() else no_progress
