"""How long the processes of a build live: a worker ends with the process that started it,
and a build stopped by a signal it can catch cleans up as after Ctrl-C.

A worker asks the system, as soon as it starts, to be killed when its parent ends
(Linux's ``prctl(PR_SET_PDEATHSIG)``): a build killed with SIGKILL, which can clean up
nothing, takes its workers with it instead of leaving them running. A build stopped by
SIGTERM or SIGHUP (a closed terminal) raises ``Stopped`` where it is, as Ctrl-C raises
KeyboardInterrupt, so that every ``finally`` runs: the workers are stopped and the
temporary folders removed.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_PR_SET_PDEATHSIG = 1
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
    if parent is None or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no C library to ask: the pipes still end a worker
        return
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def _raise(number: int, _: FrameType | None) -> None:
    raise Stopped(number)


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``Stopped`` in this thread while this is open (the
    handlers are those of the main thread only: elsewhere, nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _raise) for number in CAUGHT}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def default_signals() -> None:
    """The system's handling of SIGTERM and SIGHUP again, in a process forked from one
    that raises ``Stopped`` on them (a worker is stopped, it has nothing to clean up)."""
    for number in CAUGHT:
        signal.signal(number, signal.SIG_DFL)
