"""Rendering the editions at the same time, a process each, within a time limit.

Each edition's process is started before the manuscript is read: while the build reads
and checks the book, the process imports its renderer (for the PDF, WeasyPrint, the
longest part of its start) and says whether this installation can make its edition. The
build then sends it the book through a pipe, and it sends back its progress lines, its
warnings and finally the edition's bytes or the reason it failed. The EPUB carries the
print edition's page list: its process makes all that does not depend on it (the cover,
the images), then waits for the pages that the PDF's process sends as soon as its layout
is done, which the build passes on; the EPUB is finished while the PDF writes its file. A
process that has not finished when the time limit runs out is stopped and the build fails
with a clear message.
Where processes cannot be forked, or for a profiler, the editions are rendered one after
the other in the build's own process, with no time limit.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import TYPE_CHECKING, Any

from tarkbook.build.lifetime import default_signals, end_with_parent, parent
from tarkbook.edition import (
    Context,
    Edition,
    EditionFailed,
    EditionUnavailable,
    PagesNotFound,
    Renderer,
)

if TYPE_CHECKING:
    from tarkbook.diagnostics import Diagnostic
    from tarkbook.model import Book
    from tarkbook.render.page_places import PageStart

GC_THRESHOLDS = (50_000, 20, 100)
"""The garbage collector's thresholds while an edition's process renders. A layout makes
millions of short-lived objects, and the default (700 allocations) runs a collection some
thousands of times a build; these take a tenth less time, for a little more memory."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """An edition's bytes, the warnings found while rendering it, and how long it took."""

    edition: Edition
    data: bytes
    warnings: tuple[Diagnostic, ...]
    seconds: float


Progress = Callable[[str], None]


@dataclass(eq=False)
class _Child:
    """An edition's process, as the build sees it."""

    edition: Edition
    process: Any
    connection: Connection
    unavailable: str | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    rendered: Rendered | None = None
    held: bool = False
    """Given the book, it waits for the pages of the print layout."""
    pages: tuple[PageStart, ...] | None = None


def _ignore(_: str) -> None:
    return None


class Renderers:
    """The editions of one build, each made ready in a process of its own as soon as this
    is made; a context manager, which stops every process still running when it closes.

    ``processes=False`` (or a system that cannot fork) renders in this process instead.
    The renderers' temporary files (WeasyPrint's copies of the fonts) go into a folder of
    the build's own, removed at the end even when an edition's process was killed.
    ``pages`` are the print layout's pages when they are known already (a record of the
    last build): no edition waits for them.
    """

    def __init__(
        self, editions: Sequence[Edition], context: Context, time_limit: float | None,
        processes: bool = True, pages: tuple[PageStart, ...] | None = None,
    ) -> None:
        self._editions = list(editions)
        self._context = context
        self._time_limit = time_limit
        self._deadline = None if time_limit is None else time.monotonic() + time_limit
        self._scratch = tempfile.TemporaryDirectory(prefix="tarkbook-")
        self._children: list[_Child] = []
        self._book: Book | None = None
        self._prepared: dict[str, Any] = {}
        self._pages: tuple[PageStart, ...] | None = pages
        self._paged = pages is not None
        """Whether the pages are known (or known never to come)."""
        self.without_pages: str | None = None
        """Why the editions that need the print layout's pages were made without them."""
        self._forked = processes and "fork" in multiprocessing.get_all_start_methods()
        if self._forked:
            forking = multiprocessing.get_context("fork")
            starter = parent()
            for edition in self._editions:
                ours, theirs = forking.Pipe()
                others = [child.connection for child in self._children]
                process = forking.Process(
                    target=_child,
                    args=(theirs, context, edition, self._scratch.name, others, starter,
                          len(self._editions) > 1),
                    name=f"tarkbook-{edition.name}", daemon=True,
                )
                process.start()
                theirs.close()
                self._children.append(_Child(edition, process, ours))

    def __enter__(self) -> Renderers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for child in self._children:
            if child.process.is_alive():
                child.process.kill()
            child.process.join()
            child.connection.close()
        self._scratch.cleanup()

    def begin(self, book: Book) -> list[tuple[Edition, str]]:
        """Give each edition's process the book, with what the edition's ``prepare``
        makes of it here, as soon as the process has loaded its renderer. Returns each
        edition this installation cannot make, with the reason; waits until every
        edition's process has said whether it can."""
        self._book = book
        self._prepared = {e.name: _prepared(e, book) for e in self._editions if e.prepare}
        if not self._forked:
            reasons = []
            for edition in self._editions:
                try:
                    edition.loader()
                except EditionUnavailable as exc:
                    reasons.append((edition, str(exc)))
            return reasons
        self._wait(self._children, "ready", _ignore)
        givers = [c for c in self._children if c.edition.gives_pages]
        if not self._paged and not any(c.unavailable is None for c in givers):
            self._release(None, next((c.unavailable for c in givers), None))
        return [(c.edition, c.unavailable) for c in self._children if c.unavailable is not None]

    def render(self, editions: Sequence[Edition], progress: Progress) -> list[Rendered]:
        """``editions`` (among those this can make) rendered, in their order; raises
        EditionFailed for the first that fails, or when the time limit runs out."""
        rendered = {}
        for edition, result in self.finished(editions, progress):
            if isinstance(result, EditionUnavailable):
                raise result
            rendered[edition.name] = result
        return [rendered[e.name] for e in editions]

    def finished(
        self, editions: Sequence[Edition], progress: Progress, status: Progress = _ignore,
    ) -> Iterator[tuple[Edition, Rendered | EditionUnavailable]]:
        """Each of ``editions`` (among those this can make) as soon as it is rendered, with
        its result or the reason it failed (EditionFailed when the time limit ran out).
        The editions' progress lines go to ``progress``, their status lines to ``status``.
        """
        if not self._forked:
            yield from self._finished_here(editions, progress, status)
            return
        waiting = {c.connection: c for e in editions for c in self._children if c.edition is e}
        layouts = {c.connection: c for c in self._children
                   if c.edition.pages_only and c.unavailable is None}
        while waiting:
            ready = wait([*waiting, *layouts], timeout=self._left())
            if not ready:
                late = list(waiting.values())
                reason = self._too_long(" and ".join(child.edition.name for child in late))
                for child in late:
                    child.process.kill()
                    yield child.edition, reason
                return
            for connection in ready:
                assert isinstance(connection, Connection)
                if connection in layouts:
                    self._layout_message(layouts.pop(connection), layouts)
                    continue
                child = waiting[connection]
                try:
                    done = _handle(child, _receive(child), "done", progress, status)
                except EditionUnavailable as exc:
                    del waiting[connection]
                    if child.edition.gives_pages and not self._paged:
                        self._release(None, str(exc))
                    yield child.edition, exc
                    continue
                if child.pages is not None and not self._paged:
                    self._release(child.pages)
                if not done:
                    continue
                del waiting[connection]
                assert child.rendered is not None
                yield child.edition, child.rendered

    def _layout_message(self, child: _Child, layouts: dict[Connection, _Child]) -> None:
        """Act on a message of the print layout's process (``pages_only``): its pages are
        given to the editions that wait for them, and then it is no longer heard."""
        try:
            _handle(child, _receive(child), "pages", _ignore)
        except EditionUnavailable as exc:
            self._release(None, str(exc))
            return
        if child.pages is not None:
            self._release(child.pages)
        else:
            layouts[child.connection] = child

    def _waits(self, edition: Edition) -> bool:
        """Whether ``edition`` waits for the print layout's pages: the cover always does, the
        EPUB unless the book asks for no page list (``[epub] page_list = false``)."""
        return edition.requires_pages or (edition.needs_pages and (
            self._book is None or self._book.metadata.epub_page_list))

    def _release(self, pages: tuple[PageStart, ...] | None, reason: str | None = None) -> None:
        """Give ``pages`` to the editions waiting for them (None: there will be none, for
        ``reason``)."""
        self._pages, self._paged = pages, True
        if pages is None and reason is not None and any(
                self._waits(e) for e in self._editions):
            self.without_pages = reason
        for child in self._children:
            if child.held:
                child.held = False
                child.connection.send(("pages", pages))

    def _finished_here(
        self, editions: Sequence[Edition], progress: Progress, status: Progress,
    ) -> Iterator[tuple[Edition, Rendered | EditionUnavailable]]:
        """``finished`` in this process: the print layout first, then the rest."""
        assert self._book is not None, "begin() gives the book"
        pages: list[PageStart] = list(self._pages or ())
        order = sorted(self._editions, key=lambda e: not e.gives_pages)
        with _temporary_files_in(self._scratch.name):
            for edition in order:
                if edition not in editions and not edition.pages_only:
                    continue
                context = replace(self._context, layout_only=edition.pages_only,
                                  paged=pages.extend,
                                  pages=lambda: tuple(pages) or None)
                try:
                    rendered = _render_here(self._book, context, edition,
                                            self._prepared.get(edition.name), progress, status)
                except EditionUnavailable as exc:
                    if edition.gives_pages and not pages:
                        self.without_pages = str(exc)
                    if edition.gives_pages:
                        self._pages = tuple(pages) or None
                    if not edition.pages_only:
                        yield edition, exc
                    continue
                if edition.gives_pages:
                    self._pages = tuple(pages) or None
                if not edition.pages_only:
                    yield edition, rendered

    @property
    def pages(self) -> tuple[PageStart, ...] | None:
        """The print layout's pages, once known (None: not known, or none)."""
        return self._pages

    def _left(self) -> float | None:
        return None if self._deadline is None else max(0.0, self._deadline - time.monotonic())

    def _too_long(self, names: str) -> EditionFailed:
        return EditionFailed(
            f"the {names} edition took longer than the time limit of "
            f"{self._time_limit:g} s and was stopped (raise it with --time-limit)"
        )

    def _wait(self, children: list[_Child], until: str, progress: Progress) -> None:
        """Handle what the processes of ``children`` send until each has sent ``until``
        (or, when waiting for "ready", said that it cannot make its edition)."""
        waiting = {child.connection: child for child in children}
        while waiting:
            ready = wait(list(waiting), timeout=self._left())
            if not ready:
                raise self._too_long(" and ".join(c.edition.name for c in waiting.values()))
            for connection in ready:
                assert isinstance(connection, Connection)
                child = waiting[connection]
                if not _handle(child, _receive(child), until, progress):
                    continue
                del waiting[connection]
                if until == "ready" and child.unavailable is None:
                    prepared = self._prepared.get(child.edition.name)
                    connection.send(("book", self._book, prepared))
                    if self._waits(child.edition) and self._paged:
                        connection.send(("pages", self._pages))
                    elif self._waits(child.edition):
                        child.held = True


def _prepared(edition: Edition, book: Book) -> Any:
    """What ``edition.prepare`` makes of ``book``; an error in it fails the edition, as an
    error in its renderer would."""
    assert edition.prepare is not None
    try:
        return edition.prepare(book)
    except EditionUnavailable:
        raise
    except Exception as exc:
        raise EditionFailed(
            f"the {edition.name} edition failed: {type(exc).__name__}: {exc}"
        ) from exc


def _receive(child: _Child) -> tuple[Any, ...]:
    try:
        message: tuple[Any, ...] = child.connection.recv()
    except EOFError:
        child.process.join()
        raise EditionFailed(
            f"the {child.edition.name} edition stopped unexpectedly "
            f"(its process ended with exit code {child.process.exitcode})"
        ) from None
    return message


def _handle(
    child: _Child, message: tuple[Any, ...], until: str, progress: Progress,
    status: Progress = _ignore,
) -> bool:
    """Act on one message of an edition's process; true when it is the one awaited."""
    kind: str = message[0]
    name = child.edition.name
    if kind == "progress":
        progress(f"{name}: {message[1]}")
    elif kind == "status":
        status(f"{name}: {message[1]}")
    elif kind == "warning":
        child.warnings.append(message[1])
    elif kind == "pages":
        child.pages = message[1]
    elif kind == "unavailable" and until == "ready":
        child.unavailable = message[1]
        return True
    elif kind == "unavailable":
        raise EditionUnavailable(message[1])
    elif kind == "failed":
        raise EditionFailed(message[1])
    elif kind == "pages not found":
        raise PagesNotFound(message[1])
    elif kind == "crashed":
        progress(message[2].rstrip())
        raise EditionFailed(f"the {name} edition failed: {message[1]}")
    elif kind == "done":
        child.rendered = Rendered(child.edition, message[1], tuple(child.warnings), message[2])
    return kind == until


@contextmanager
def _temporary_files_in(folder: str) -> Iterator[None]:
    previous = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield
    finally:
        tempfile.tempdir = previous


def _render_here(
    book: Book, context: Context, edition: Edition, prepared: Any, progress: Progress,
    status: Progress,
) -> Rendered:
    warnings: list[Diagnostic] = []
    start = time.perf_counter()
    here = replace(context, warn=warnings.append, prepared=prepared,
                   progress=lambda line: progress(f"{edition.name}: {line}"),
                   status=lambda line: status(f"{edition.name}: {line}"))
    data = edition.loader()(book, here)
    return Rendered(edition, data, tuple(warnings), time.perf_counter() - start)


def _child(
    connection: Connection, context: Context, edition: Edition, scratch: str,
    others: list[Connection], starter: int | None, beside: bool,
) -> None:
    """The body of an edition's process: load the renderer, say whether it could, wait
    for the book, render it and send what happens. It ends with the build (``starter``,
    see ``lifetime.end_with_parent``), even one killed with SIGKILL. It yields to the
    others (``edition.niceness``) only when it renders ``beside`` other editions."""
    end_with_parent(starter)
    for other in others:  # the build's ends of the other processes' pipes
        other.close()
    default_signals()  # SIGTERM, SIGHUP: the build stops this, and it has nothing to remove
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's: it stops this
    tempfile.tempdir = scratch
    if edition.niceness and beside:
        os.nice(edition.niceness)
    gc.disable()  # an import makes objects to keep, not garbage: nothing to collect
    try:
        try:
            renderer = edition.loader()
        except EditionUnavailable as exc:
            connection.send(("unavailable", str(exc)))
            return
        except BaseException as exc:  # everything must reach the build
            connection.send(("crashed", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
            return
        connection.send(("ready",))
        try:
            _, book, prepared = connection.recv()
        except EOFError:  # the build stopped, or does not need this edition
            return
        _render_and_send(connection, renderer, book, replace(
            context, prepared=prepared, pages=partial(_pages_from, connection),
            layout_only=edition.pages_only))
    finally:
        connection.close()


class _BuildStopped(BaseException):
    """The build's end of the pipe closed while this process waited for it."""


def _pages_from(connection: Connection) -> tuple[PageStart, ...] | None:
    """The print layout's pages, when the build sends them (None: there are none)."""
    try:
        _, pages = connection.recv()
    except EOFError:  # the build stopped: so does this process, quietly
        raise _BuildStopped from None
    result: tuple[PageStart, ...] | None = pages
    return result


def _render_and_send(
    connection: Connection, renderer: Renderer, book: Book, context: Context
) -> None:
    start = time.perf_counter()
    gc.freeze()  # what the process holds now lives to its end: never look at it again
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()
    try:
        here = replace(context, warn=lambda d: connection.send(("warning", d)),
                       progress=lambda line: connection.send(("progress", line)),
                       status=lambda line: connection.send(("status", line)),
                       paged=lambda pages: connection.send(("pages", pages)))
        data = renderer(book, here)
        connection.send(("done", data, time.perf_counter() - start))
    except _BuildStopped:
        return
    except PagesNotFound as exc:
        connection.send(("pages not found", str(exc)))
    except EditionFailed as exc:
        connection.send(("failed", str(exc)))
    except EditionUnavailable as exc:
        connection.send(("unavailable", str(exc)))
    except BaseException as exc:  # everything must reach the build
        connection.send(("crashed", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
