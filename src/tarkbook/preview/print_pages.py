"""The print pages following the text: the PDF rebuilt in a separate process after each
quiet period, cancelled and started again when another save comes.

The process is started before it is needed and waits, WeasyPrint imported: the PDF is
begun the moment the quiet period ends, and a process that has made a PDF is kept for the
next, its fonts loaded. A save during a build stops its process; a fresh one is started
at once to wait for the next quiet period.

While the book is laid out the page says how far: "laying out page N of M", M the pages of
the last PDF (before the first, the estimate of the manuscript's size, "about M"), and
"placing notes, layout 2" when the layout is made again to set notes on their pages.

Each new PDF is compared page by page with the last one (a digest of each page's
thumbnail); the thumbnails of the pages that changed are kept for the page to show.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import multiprocessing
import os
import queue
import time
from dataclasses import dataclass, field
from multiprocessing.context import SpawnProcess
from pathlib import Path
from typing import Any

QUIET = 1.0
"""Seconds without a save before the PDF is built again."""

THUMBNAIL_SCALE = 0.3


@dataclass
class PrintState:
    """What the page says of the print pages."""

    state: str = "waiting"
    detail: str = ""
    version: int = 0
    pages: int = 0
    changed: tuple[int, ...] = ()
    seconds: float = 0.0
    """How long the last PDF took, from the end of the quiet period to the PDF written."""
    waited: float = 0.0
    """How long the last PDF waited for the quiet period, from the save's reading."""


def progress_line(layout: int, page: int, again: bool, of: int, about: bool) -> str:
    """What the page says of a page laid out: its number of the ``of`` pages expected (an
    estimate when ``about``), and which layout it is in."""
    total = f"{'about ' if about else ''}{max(of, page)}"
    if layout > 1:
        return f"placing notes, layout {layout}: page {page} of {total}"
    if again:
        return f"laying out page {page} of {total} again, for the references to pages"
    return f"laying out page {page} of {total}"


def _build_pdf(manuscript: str, out: str, styles: str | None, go: Any, messages: Any,
               parent: int) -> None:
    """Build the PDF alone, in this process, each time ``go`` is set, telling ``messages``
    what it is doing. The modules of the build are imported before: a process started
    during the quiet period is ready when it ends, and one that has built a PDF has its
    fonts loaded for the next. The process ends with the preview's, ``parent``, however
    that ends; if it was killed, this one removes the session's folder it leaves."""
    import shutil
    import signal
    import tempfile

    from tarkbook.build.lifetime import end_with_parent_after

    end_with_parent_after(parent, lambda: shutil.rmtree(Path(out).parent, ignore_errors=True))
    from tarkbook.build import build
    from tarkbook.pdf import edition  # noqa: F401  (WeasyPrint, imported while waiting)
    from tarkbook.pdf.status import page_listener

    page_listener.set(lambda laid: messages.put(("page", laid.layout, laid.page, laid.again)))

    # Ctrl-C is the server's to handle: it stops this process (SIGTERM) as it ends. A
    # process stopped leaves its temporary files in the session's folder, removed then.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    scratch = Path(out).parent / "scratch"
    scratch.mkdir(exist_ok=True)
    tempfile.tempdir = str(scratch)
    while True:
        try:
            go.wait()
            go.clear()
            outputs = build(Path(manuscript), Path(out), ["pdf"],
                            Path(styles) if styles else None, reuse=False, processes=False,
                            time_limit=None, status=lambda line: messages.put(
                                ("status", line.removeprefix("PDF: "))))
            messages.put(("done", str(outputs[0].path)))
        except (KeyboardInterrupt, SystemExit):
            return
        except BaseException as exc:  # every failure is told to the page, never raised
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            messages.put(("failed", reason))


@dataclass
class Worker:
    """A process that builds a PDF each time it is told to go."""

    process: SpawnProcess
    go: Any
    messages: Any

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.process.close()
        self.messages.close()
        self.messages.join_thread()


@dataclass
class PrintPages:
    """Builds the PDF of ``manuscript`` into ``folder`` after each quiet period."""

    manuscript: Path
    folder: Path
    styles: Path | None = None
    quiet: float = QUIET
    changed_hook: Any = None
    status: PrintState = field(default_factory=PrintState)
    pdf: Path | None = None
    thumbnails: dict[int, bytes] = field(default_factory=dict)
    _digests: list[str] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None
    _spare: Worker | None = None
    """A worker started and waiting: the next PDF starts without importing the build."""
    _busy: Worker | None = None
    _expected: tuple[int, bool] = (0, True)
    """The pages the next PDF is expected to have, and whether that is an estimate."""

    def schedule(self, estimate: int = 0) -> None:
        """A save: stop the PDF being built and start again after the quiet period.
        ``estimate`` is the manuscript's estimate of its pages, for the first PDF."""
        self.cancel()
        self._expected = (self.status.pages, False) if self.status.pages else (estimate, True)
        self._task = asyncio.get_running_loop().create_task(self._run(time.perf_counter()))

    def hold(self, reason: str) -> None:
        """Make no PDF until the next save, for ``reason``."""
        self.cancel()
        self._tell("held", reason)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        busy, self._busy = self._busy, None
        if busy is not None:
            busy.stop()

    def _worker(self) -> Worker:
        context = multiprocessing.get_context("spawn")
        go, messages = context.Event(), context.Queue()
        process = context.Process(
            target=_build_pdf, daemon=True,
            args=(str(self.manuscript), str(self.folder / "pdf"),
                  str(self.styles) if self.styles else None, go, messages, os.getpid()))
        process.start()
        return Worker(process, go, messages)

    def _tell(self, state: str, detail: str = "") -> None:
        self.status.state, self.status.detail = state, detail
        if self.changed_hook is not None:
            self.changed_hook()

    async def _run(self, saved: float) -> None:
        self._tell("waiting", "for a quiet second")
        if self._spare is None:
            self._spare = self._worker()
        await asyncio.sleep(self.quiet)
        worker, self._spare = self._spare, None
        self._busy = worker
        started = time.perf_counter()
        worker.go.set()
        self._tell("starting")
        finished = False
        expected, about = self._expected
        first_layout = 0  # the pages of the first layout, once a second one begins
        try:
            while True:
                try:
                    message = await asyncio.to_thread(worker.messages.get, True, 0.2)
                except queue.Empty:
                    if not worker.process.is_alive():
                        self._tell("failed", "the build stopped")
                        return
                    continue
                if message[0] == "page":
                    layout, page, again = message[1:]
                    if layout == 1:
                        first_layout = max(first_layout, page)
                    else:
                        expected, about = first_layout, False
                    self._tell("working", progress_line(layout, page, again, expected, about))
                elif message[0] == "status":
                    self._tell("working", message[1])
                elif message[0] == "failed":
                    finished = True
                    self._tell("failed", message[1])
                    return
                else:
                    finished = True
                    data = await asyncio.to_thread(self._keep, Path(message[1]))
                    self.status.seconds = time.perf_counter() - started
                    self.status.waited = started - saved
                    self.status.version += 1
                    self.status.changed, self.thumbnails = (), {}
                    self._tell("ready", "comparing the pages with the PDF before")
                    await asyncio.to_thread(self._compare, data)
                    self._tell("ready")
                    return
        finally:
            if self._busy is worker:
                self._busy = None
                if finished and self._spare is None:
                    self._spare = worker  # idle, with its fonts loaded
                else:
                    worker.stop()
            if self._spare is None:
                self._spare = self._worker()

    def _keep(self, path: Path) -> bytes:
        """Keep the new PDF as the next version; its bytes."""
        data = path.read_bytes()
        kept = self.folder / f"book-{self.status.version + 1}.pdf"
        kept.write_bytes(data)
        if self.pdf is not None:
            self.pdf.unlink(missing_ok=True)
        self.pdf = kept
        return data

    def _compare(self, data: bytes) -> None:
        """Keep the thumbnails of the pages of the PDF ``data`` that changed."""
        import pypdfium2

        document = pypdfium2.PdfDocument(data)
        try:
            digests, thumbnails = [], {}
            for number in range(len(document)):
                page = document[number]
                image = page.render(scale=THUMBNAIL_SCALE).to_pil()
                digest = hashlib.sha256(image.tobytes()).hexdigest()
                digests.append(digest)
                old = self._digests[number] if number < len(self._digests) else None
                if digest != old:
                    buffer = io.BytesIO()
                    image.save(buffer, "PNG")
                    thumbnails[number + 1] = buffer.getvalue()
                page.close()
        finally:
            document.close()
        first = not self._digests  # the first PDF has no pages before it to differ from
        self._digests = digests
        self.thumbnails = {} if first else thumbnails
        self.status.pages = len(digests)
        self.status.changed = tuple(sorted(self.thumbnails))

    async def close(self) -> None:
        """Stop the PDF being built and every worker."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for worker in (self._busy, self._spare):
            if worker is not None:
                worker.stop()
        self._busy = self._spare = None
