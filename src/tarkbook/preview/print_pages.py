"""The print pages following the text: the PDF rebuilt in a separate process after each
quiet period, cancelled and started again when another save comes.

Each new PDF is compared page by page with the last one (a digest of each page's
thumbnail); the thumbnails of the pages that changed are kept for the page to show.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import multiprocessing
import queue
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


def _build_pdf(manuscript: str, out: str, styles: str | None, messages: Any) -> None:
    """Build the PDF alone, in this process, telling ``messages`` what it is doing."""
    import time

    from tarkbook.build import build

    started = time.perf_counter()
    try:
        outputs = build(Path(manuscript), Path(out), ["pdf"], Path(styles) if styles else None,
                        reuse=False, processes=False, time_limit=None,
                        status=lambda line: messages.put(("status", line)))
        messages.put(("done", str(outputs[0].path), time.perf_counter() - started))
    except KeyboardInterrupt:
        pass
    except BaseException as exc:  # every failure is told to the page, never raised
        messages.put(("failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__))


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
    _process: SpawnProcess | None = None

    def schedule(self) -> None:
        """A save: stop the PDF being built and start again after the quiet period."""
        self.cancel()
        self._task = asyncio.get_running_loop().create_task(self._run())

    def hold(self, reason: str) -> None:
        """Make no PDF until the next save, for ``reason``."""
        self.cancel()
        self._tell("held", reason)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._stop()

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
            process.close()

    def _tell(self, state: str, detail: str = "") -> None:
        self.status.state, self.status.detail = state, detail
        if self.changed_hook is not None:
            self.changed_hook()

    async def _run(self) -> None:
        self._tell("waiting", "for a quiet second")
        await asyncio.sleep(self.quiet)
        context = multiprocessing.get_context("spawn")
        messages = context.Queue()
        out = self.folder / "pdf"
        process = context.Process(
            target=_build_pdf, daemon=True,
            args=(str(self.manuscript), str(out), str(self.styles) if self.styles else None,
                  messages))
        self._process = process
        process.start()
        self._tell("starting")
        try:
            while True:
                try:
                    message = await asyncio.to_thread(messages.get, True, 0.2)
                except queue.Empty:
                    if not process.is_alive():
                        self._tell("failed", "the build stopped")
                        return
                    continue
                if message[0] == "status":
                    self._tell("working", message[1])
                elif message[0] == "failed":
                    self._tell("failed", message[1])
                    return
                else:
                    self._tell("working", "comparing the pages")
                    path = Path(message[1])
                    await asyncio.to_thread(self._compare, path)
                    self.status.seconds = message[2]
                    self.status.version += 1
                    self._tell("ready")
                    return
        finally:
            if self._process is process:
                self._stop()
            messages.close()
            messages.join_thread()

    def _compare(self, path: Path) -> None:
        """Keep the new PDF's bytes and the thumbnails of the pages that changed."""
        import pypdfium2

        data = path.read_bytes()
        kept = self.folder / f"book-{self.status.version + 1}.pdf"
        kept.write_bytes(data)
        if self.pdf is not None:
            self.pdf.unlink(missing_ok=True)
        self.pdf = kept
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
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._stop()
