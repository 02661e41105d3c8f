"""A worker process that ends when the process that started it ends, however that ends
(SIGKILL and a closed terminal too): nothing is left running when its parent is gone.

On Linux the kernel sends the worker ``SIGNAL`` the moment its parent dies
(``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread of the worker looks for its parent once
a second. A worker whose parent died before it asked is ended at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType

SIGNAL = signal.SIGHUP
"""The signal the worker receives when its parent dies (as when its terminal closes)."""
GRACE = 2.0
"""Seconds the worker waits, once told, for its parent to be gone before it ends."""
_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int, last: Callable[[], None] = lambda: None) -> None:
    """End this process when the process ``parent`` ends, calling ``last`` first (to remove
    what the parent can no longer remove). Call it first thing in the worker, in its main
    thread. A ``SIGNAL`` while the parent lives (a closed terminal's) ends the worker too,
    without ``last``, after ``GRACE`` seconds."""

    def ended(_: int = 0, __: FrameType | None = None) -> None:
        # The kernel tells of the death of the parent's thread that started this process:
        # killed whole, the parent's other threads may die a moment later, and only then
        # is this process given to another parent.
        deadline = time.monotonic() + GRACE
        while os.getppid() == parent and time.monotonic() < deadline:
            time.sleep(0.02)
        if os.getppid() != parent:
            with contextlib.suppress(Exception):
                last()
        os._exit(1)

    signal.signal(SIGNAL, ended)
    if not _ask_the_kernel():
        threading.Thread(target=_watch, args=(parent, ended), daemon=True).start()
    if os.getppid() != parent:  # it died before the kernel was asked
        ended()


def _ask_the_kernel() -> bool:
    """Whether the kernel will send ``SIGNAL`` at the parent's death (Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(SIGNAL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int, ended: Callable[[], None]) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    ended()
