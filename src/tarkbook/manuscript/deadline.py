"""A time limit on reading one file, so that no input can keep a build busy for ever."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TooSlow(Exception):
    """Reading ran past its time limit."""


def _expired(signum: int, frame: FrameType | None) -> None:
    raise TooSlow


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TooSlow in the block if it uses more than ``seconds`` of processor time.

    Processor time, not wall time: on a busy machine a valid file must not be stopped
    for the time it waited for a processor. Uses an interval timer, so it works only on
    the main thread of a Unix process; elsewhere the block runs without a limit.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGPROF, _expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
