"""How long the processes of a build live: a worker ends with the process that started it,
and a build stopped by a signal it can catch cleans up as after Ctrl-C.

A worker asks the system, as soon as it starts, to be signalled when its parent ends
(Linux's ``prctl(PR_SET_PDEATHSIG)``): a build killed with SIGKILL, which can clean up
nothing, takes its workers with it instead of leaving them running. A build's worker is
killed outright (``end_with_parent``); the preview's, which keeps a folder of its own,
removes it first (``end_with_parent_after``). A build stopped by SIGTERM or SIGHUP (a
closed terminal) raises ``Stopped`` where it is, as Ctrl-C raises KeyboardInterrupt, so
that every ``finally`` runs: the workers are stopped and the temporary folders removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

_PR_SET_PDEATHSIG = 1
GRACE = 2.0
"""Seconds a worker told of its parent's death waits for the parent to be gone (see
``end_with_parent_after``)."""
CAUGHT = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals that stop a build as Ctrl-C does (SIGINT raises KeyboardInterrupt already)."""


class Stopped(KeyboardInterrupt):
    """The process was asked to stop by ``signal`` (SIGTERM, SIGHUP)."""

    def __init__(self, number: int) -> None:
        super().__init__(signal.Signals(number).name)
        self.signal = number


def parent() -> int | None:
    """What a process about to start a worker passes to it for ``end_with_parent``: its
    pid, or None when it starts the worker from a thread other than the main one (the
    system ends the worker with the thread that started it, not with the process)."""
    return os.getpid() if threading.current_thread() is threading.main_thread() else None


def end_with_parent(parent: int | None) -> None:
    """Have this process killed when its parent ends, ``parent`` being what ``parent()``
    gave the parent before it started this; if the parent has ended already, end now.
    Where the system cannot be asked (not Linux), or ``parent`` is None, nothing."""
    if parent is None or not _signalled_at_parents_death(signal.SIGKILL):
        return  # not Linux, or no C library to ask: the pipes still end a worker
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def end_with_parent_after(parent: int, last: Callable[[], None] = lambda: None) -> None:
    """End this process when the process ``parent`` ends, however it ends, calling ``last``
    first (to remove what the parent can no longer remove). Call it first thing in the
    worker, in its main thread. On Linux the system sends SIGHUP at the parent's death;
    elsewhere a thread looks for the parent once a second. A SIGHUP while the parent lives
    (a closed terminal's) ends the worker too, without ``last``, after ``GRACE`` seconds."""

    def ended(_: int = 0, __: FrameType | None = None) -> None:
        # The system tells of the death of the parent's thread that started this process:
        # killed whole, the parent's other threads may die a moment later, and only then
        # is this process given to another parent.
        deadline = time.monotonic() + GRACE
        while os.getppid() == parent and time.monotonic() < deadline:
            time.sleep(0.02)
        if os.getppid() != parent:
            with contextlib.suppress(Exception):
                last()
        os._exit(1)

    signal.signal(signal.SIGHUP, ended)
    if not _signalled_at_parents_death(signal.SIGHUP):
        threading.Thread(target=_watch, args=(parent, ended), daemon=True).start()
    if os.getppid() != parent:  # it died before the system was asked
        ended()


def _signalled_at_parents_death(number: int) -> bool:
    """Ask the system to send this process ``number`` when its parent ends (Linux);
    whether it will."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(number), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int, ended: Callable[[], None]) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    ended()


def _raise(number: int, _: FrameType | None) -> None:
    raise Stopped(number)


@contextmanager
def stopped_by_signals(
    numbers: Sequence[int] = CAUGHT, stop: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Each of ``numbers`` (SIGTERM and SIGHUP) raises ``Stopped`` in this thread while
    this is open, or calls ``stop`` when given (a server that ends its own loop); the
    handlers are those of the main thread only: elsewhere, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = _raise if stop is None else lambda *_: stop()
    previous = {number: signal.signal(number, handler) for number in numbers}
    try:
        yield
    finally:
        for number, before in previous.items():
            signal.signal(number, before)


def default_signals() -> None:
    """The system's handling of SIGTERM and SIGHUP again, in a process forked from one
    that raises ``Stopped`` on them (a worker is stopped, it has nothing to clean up)."""
    for number in CAUGHT:
        signal.signal(number, signal.SIG_DFL)
