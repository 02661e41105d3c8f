"""The one line a build updates on a terminal while an edition takes its time.

The line appears only when stderr is a terminal and an edition has been at work for
more than a second; it is drawn by rich, which keeps the lines printed to stderr meanwhile
above it (a line for stdout clears it first), and it is gone when the build ends.
Anywhere else (a pipe, a log, CI) it prints nothing at all.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich loads only for a terminal: a build in a pipe or a no-op skips it
    from rich.console import Console
    from rich.live import Live

DELAY = 1.0
"""Seconds an edition works before its status line appears."""


class StatusLine:
    """A context manager; ``update`` gives the line's new text. ``enabled=False`` (for
    ``--quiet``), or a stderr that is not a terminal, keeps it silent."""

    def __init__(
        self, enabled: bool = True, delay: float = DELAY, console: Console | None = None
    ) -> None:
        if console is None and enabled and sys.stderr.isatty():
            from rich.console import Console

            console = Console(stderr=True)
        self._console = console
        self._enabled = enabled and console is not None and console.is_terminal
        self._delay = delay
        self._since: float | None = None
        self._live: Live | None = None

    @property
    def shown(self) -> bool:
        return self._live is not None

    def update(self, text: str) -> None:
        if not self._enabled or self._console is None:
            return
        from rich.live import Live
        from rich.text import Text

        now = time.monotonic()
        if self._since is None:
            self._since = now
        line: Any = Text(text, no_wrap=True, overflow="ellipsis")
        if self._live is None:
            if now - self._since < self._delay:
                return
            self._live = Live(line, console=self._console, transient=True,
                              refresh_per_second=8, redirect_stdout=False)
            self._live.start()
        else:
            self._live.update(line)

    def clear(self) -> None:
        """Take the line away, so that a line printed to stdout stands alone; the next
        ``update`` draws it again."""
        if self._live is not None:
            self._live.stop()
            self._live = None

    def __enter__(self) -> StatusLine:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.clear()
