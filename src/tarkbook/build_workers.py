"""Rendering the editions at the same time, a process each, within a time limit.

The editions are independent once the book is read: each is rendered in a child process
forked from the build, which holds the book already. The child sends back, through a pipe,
its progress lines, its warnings and finally the edition's bytes or the reason it failed.
A child that runs past the time limit is stopped and the build fails with a clear
message. Where processes cannot be forked, the editions are rendered one after the other
in the build's own process, without a time limit.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from tarkbook.build_types import (
    Context,
    Edition,
    EditionFailed,
    EditionUnavailable,
)
from tarkbook.diagnostics import Diagnostic
from tarkbook.model import Book


@dataclass(frozen=True, slots=True)
class Rendered:
    """An edition's bytes, the warnings found while rendering it, and how long it took."""

    edition: Edition
    data: bytes
    warnings: tuple[Diagnostic, ...]
    seconds: float


Progress = Callable[[str], None]


def render_all(
    book: Book, context: Context, editions: Sequence[Edition], time_limit: float | None,
    progress: Progress, processes: bool = True,
) -> list[Rendered]:
    """Every edition of ``editions`` rendered, in their order; raises EditionUnavailable
    (or EditionFailed) for the first that cannot be made, and EditionFailed when the time
    limit runs out. ``processes=False`` renders them one after the other in this process,
    with no time limit (for a profiler).
    """
    # The renderers' temporary files (WeasyPrint's copies of the fonts) go into a folder
    # of this build's own, removed at the end even when an edition's process was killed.
    with tempfile.TemporaryDirectory(prefix="tarkbook-") as scratch, _temporary_files_in(scratch):
        if not processes or "fork" not in multiprocessing.get_all_start_methods():
            return [_render_here(book, context, edition, progress) for edition in editions]
        return _render_forked(book, context, editions, time_limit, progress)


def _render_forked(
    book: Book, context: Context, editions: Sequence[Edition], time_limit: float | None,
    progress: Progress,
) -> list[Rendered]:
    forking = multiprocessing.get_context("fork")
    children = []
    try:
        for edition in editions:
            receiver, sender = forking.Pipe(duplex=False)
            child = forking.Process(target=_child, args=(sender, book, context, edition),
                                    name=f"tarkbook-{edition.name}", daemon=True)
            child.start()
            sender.close()
            children.append((edition, child, receiver))
        return _collect(children, time_limit, progress)
    finally:
        for _, child, receiver in children:
            if child.is_alive():
                child.kill()
            child.join()
            receiver.close()


@contextmanager
def _temporary_files_in(folder: str) -> Iterator[None]:
    previous = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield
    finally:
        tempfile.tempdir = previous


def _render_here(book: Book, context: Context, edition: Edition, progress: Progress) -> Rendered:
    warnings: list[Diagnostic] = []
    start = time.perf_counter()
    here = replace(context, warn=warnings.append,
                   progress=lambda line: progress(f"{edition.name}: {line}"))
    data = edition.loader()(book, here)
    return Rendered(edition, data, tuple(warnings), time.perf_counter() - start)


def _child(sender: Connection, book: Book, context: Context, edition: Edition) -> None:
    """The body of a child process: render one edition and send what happens."""
    start = time.perf_counter()
    try:
        here = replace(context, warn=lambda d: sender.send(("warning", d)),
                       progress=lambda line: sender.send(("progress", line)))
        data = edition.loader()(book, here)
        sender.send(("done", data, time.perf_counter() - start))
    except EditionFailed as exc:
        sender.send(("failed", str(exc)))
    except EditionUnavailable as exc:
        sender.send(("unavailable", str(exc)))
    except BaseException as exc:  # everything must reach the build
        sender.send(("crashed", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        sender.close()


def _collect(
    children: list[tuple[Edition, Any, Connection]], time_limit: float | None,
    progress: Progress,
) -> list[Rendered]:
    deadline = None if time_limit is None else time.monotonic() + time_limit
    warnings: dict[str, list[Diagnostic]] = {edition.name: [] for edition, _, _ in children}
    done: dict[str, Rendered] = {}
    by_receiver = {receiver: (edition, child) for edition, child, receiver in children}
    waiting = list(by_receiver)
    while waiting:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready = wait(waiting, timeout=left)
        if not ready:
            names = " and ".join(by_receiver[r][0].name for r in waiting)
            raise EditionFailed(
                f"the {names} edition took longer than the time limit of {time_limit:g} s "
                "and was stopped (raise it with --time-limit)"
            )
        for receiver in ready:
            assert isinstance(receiver, Connection)
            edition, child = by_receiver[receiver]
            try:
                message = receiver.recv()
            except EOFError:
                child.join()
                raise EditionFailed(
                    f"the {edition.name} edition stopped unexpectedly "
                    f"(its process ended with exit code {child.exitcode})"
                ) from None
            kind = message[0]
            if kind == "progress":
                progress(f"{edition.name}: {message[1]}")
            elif kind == "warning":
                warnings[edition.name].append(message[1])
            elif kind == "done":
                done[edition.name] = Rendered(edition, message[1],
                                              tuple(warnings[edition.name]), message[2])
                waiting.remove(receiver)
            elif kind == "unavailable":
                raise EditionUnavailable(message[1])
            elif kind == "failed":
                raise EditionFailed(message[1])
            else:
                progress(message[2].rstrip())
                raise EditionFailed(f"the {edition.name} edition failed: {message[1]}")
    return [done[edition.name] for edition, _, _ in children]
