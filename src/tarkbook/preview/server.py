"""The preview's web server: one page, its parts, the reload events, the book's images and
the print pages; on 127.0.0.1 only, on a free port the system picks, GET and HEAD only,
to requests for ``127.0.0.1:PORT`` or ``localhost:PORT`` only (``guard``).

The server sends only what it renders itself (the page, the PDF it built and its
thumbnails), the EPUB's style sheet as the build finds it, and the images of the book's
``images/`` folder whose bytes are what their names say (``images``); each file is opened
once, without following a link (``paths``).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import signal
import socket
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import jinja2
import uvicorn
from sse_starlette import EventSourceResponse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tarkbook.build.lifetime import stopped_by_signals
from tarkbook.build.styles import StyleSheet, stands_by
from tarkbook.manuscript.limits import MAX_FILE_BYTES, MAX_IMAGE_BYTES
from tarkbook.preview.guard import Guard
from tarkbook.preview.images import image_media_type
from tarkbook.preview.paths import read_below, request_parts
from tarkbook.preview.print_pages import PrintPages
from tarkbook.preview.reading import Reader, View
from tarkbook.preview.watcher import saves, watched_folders

HOST = "127.0.0.1"
STOPPING_SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGQUIT, signal.SIGUSR1,
                    signal.SIGUSR2, signal.SIGALRM)
"""The signals, besides Ctrl-C's, that stop the preview as Ctrl-C does: its workers
stopped, its temporary folder removed."""
IMAGE_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                            "sandbox",
                 "Cache-Control": "no-cache"}
"""An image opened on its own runs nothing and loads nothing."""


class PortInUse(Exception):
    """The port asked for cannot be listened on."""


_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("tarkbook.preview", ""), autoescape=True,
    undefined=jinja2.StrictUndefined,
)
_PAGE = _TEMPLATES.get_template("page.html")


@dataclass
class Session:
    """One preview: the reader, the print pages and whoever listens for reloads."""

    manuscript: Path
    styles: Path | None
    folder: Path
    print_pdf: bool = True
    reader: Reader = field(init=False)
    pages: PrintPages = field(init=False)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    events: int = 0
    """Counts every change the listeners are told of (a new view, a new print state)."""
    views: int = 0
    """Counts the new views: each is a reload of the page's text; a change of the print
    state alone sends the print state alone."""
    closing: bool = False
    refreshed: Callable[[View], None] | None = None

    def __post_init__(self) -> None:
        self.reader = Reader(self.manuscript, self.styles)
        self.pages = PrintPages(self.manuscript, self.folder, self.styles,
                                changed_hook=self.tell)

    def tell(self) -> None:
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self, view: bool = False) -> None:
        async with self.changed:
            self.events += 1
            self.views += view
            self.changed.notify_all()

    async def refresh(self) -> None:
        view = await asyncio.to_thread(self.reader.refresh)
        await self._notify(view=True)
        if self.refreshed is not None:
            self.refreshed(view)
        if not self.print_pdf:
            return
        if view.stale:  # a PDF of the manuscript as it is now cannot be made
            self.pages.hold("the manuscript has errors; the last PDF is kept")
        else:
            # the first PDF is expected to have the pages the text is estimated at
            self.pages.schedule(0 if self.pages.status.pages else self.reader.estimate())

    def root(self) -> str:
        module: Any = _TEMPLATES.get_template("root.html").module
        return str(module.root(self.reader.view, self.pages.status))

    def print_section(self) -> str:
        module: Any = _TEMPLATES.get_template("root.html").module
        return str(module.print_section(self.pages.status))

    def style_sheet(self) -> bytes | None:
        """The EPUB's style sheet as the build finds it now (empty when it finds none), or
        None when it is not in a folder of the book's, beside it, the one named with
        ``--styles`` or the theme's, or is a link, not a regular file, or too long."""
        sheet = self.reader.style_sheet()
        if sheet is None:
            return b""
        if not self._may_read(sheet):
            return None
        return read_below(sheet.folder.resolve(), [sheet.name], MAX_FILE_BYTES)

    def _may_read(self, sheet: StyleSheet) -> bool:
        if sheet.origin in ("--styles", "the default theme"):
            return True
        return stands_by(self.manuscript, sheet.folder)

    def image(self, requested: str) -> tuple[bytes, str] | None:
        """The bytes and media type of ``images/<requested>``, or None when the preview
        does not send it."""
        parts = request_parts(requested)
        if parts is None:
            return None
        data = read_below(self.manuscript, ("images", *parts), MAX_IMAGE_BYTES)
        media_type = None if data is None else image_media_type(parts[-1], data)
        return None if data is None or media_type is None else (data, media_type)


def make_app(session: Session, port: int) -> Starlette:
    """The preview's application for ``session``, answering requests for ``port``."""

    async def page(_: Request) -> Response:
        return HTMLResponse(_PAGE.render(view=session.reader.view, print=session.pages.status))

    async def view(_: Request) -> Response:
        return HTMLResponse(session.root())

    async def style(_: Request) -> Response:
        sheet = await asyncio.to_thread(session.style_sheet)
        if sheet is None:
            return _not_found()
        return Response(sheet, media_type="text/css", headers={"Cache-Control": "no-store"})

    async def image(request: Request) -> Response:
        found = await asyncio.to_thread(session.image, request.path_params["path"])
        if found is None:
            return _not_found()
        return Response(found[0], media_type=found[1], headers=IMAGE_HEADERS)

    async def pdf(request: Request) -> Response:
        kept = session.pages.pdf
        if kept is None or request.path_params["version"] != session.pages.status.version:
            return _not_found()
        return Response(kept.read_bytes(), media_type="application/pdf")

    async def thumbnail(request: Request) -> Response:
        data = session.pages.thumbnails.get(request.path_params["number"])
        if data is None:
            return _not_found()
        return Response(data, media_type="image/png", headers={"Cache-Control": "no-store"})

    async def events(request: Request) -> Response:
        since = request.query_params.get("since", "")

        shutdown = anyio.Event()  # set as the server stops: the stream then ends itself

        async def wake_on_shutdown() -> None:
            await shutdown.wait()
            await session._notify()

        async def stream() -> AsyncIterator[dict[str, str]]:
            seen, views = session.events, session.views

            def ending() -> bool:
                return session.closing or shutdown.is_set()

            def news() -> bool:
                return session.events != seen or ending()

            waker = asyncio.get_running_loop().create_task(wake_on_shutdown())
            try:
                if since != str(session.reader.view.version):  # a save before it listened
                    yield {"event": "reload", "data": str(session.reader.view.version)}
                while not ending():
                    async with session.changed:
                        await session.changed.wait_for(news)
                    if ending():
                        return
                    seen = session.events
                    if session.views != views:  # the new text, the print state with it
                        views = session.views
                        yield {"event": "reload", "data": str(session.reader.view.version)}
                    else:
                        yield {"event": "print", "data": session.print_section()}
            finally:
                waker.cancel()

        return EventSourceResponse(stream(), ping=15, shutdown_event=shutdown,
                                   shutdown_grace_period=1)

    async def state(_: Request) -> Response:
        status = session.pages.status
        return Response(json.dumps({"view": session.reader.view.version,
                                    "print": status.state, "detail": status.detail,
                                    "pdf": status.version, "pages": status.pages,
                                    "seconds": status.seconds, "waited": status.waited}),
                        media_type="application/json")

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await session.refresh()
        stop = asyncio.Event()
        watching = asyncio.get_running_loop().create_task(_watch(session, stop))
        try:
            yield
        finally:
            stop.set()
            session.closing = True
            await session._notify()
            watching.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watching
            await session.pages.close()

    routes = [
        Route("/", page), Route("/view", view), Route("/events", events),
        Route("/state", state), Route("/book/style.css", style),
        Route("/book/images/{path:path}", image),
        Route("/print/book-{version:int}.pdf", pdf),
        Route("/print/page-{number:int}.png", thumbnail),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_middleware(Guard, port=port)
    return app


def _not_found() -> Response:
    return Response("not found", status_code=404, media_type="text/plain")


async def _watch(session: Session, stop: asyncio.Event) -> None:
    async for _ in saves(watched_folders(session.manuscript, session.styles), stop):
        await session.refresh()


def bind(port: int | None) -> socket.socket:
    """A socket bound to 127.0.0.1 on ``port``, or on a free port the system picks when
    ``port`` is None (a port no page can guess in advance). Raises PortInUse."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port or 0))
    except OSError as exc:
        sock.close()
        if port is not None and exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} of {HOST} is in use; choose another with --port, "
                            "or leave --port out to take a free one") from exc
        raise PortInUse(f"cannot listen on {HOST}:{port or 0}: {exc.strerror}") from exc
    sock.listen(128)
    return sock


def serve(
    manuscript: Path, port: int | None, styles: Path | None = None,
    ready: Callable[[str], None] = print, print_pdf: bool = True,
) -> None:
    """Serve the preview of ``manuscript`` until Ctrl-C or another signal that ends a
    process (``STOPPING_SIGNALS``); ``ready`` is told the address. Raises PortInUse. The
    session's temporary folder is removed when it ends."""
    servers: list[uvicorn.Server] = []
    stopping = threading.Event()

    def stop() -> None:
        stopping.set()
        for server in servers:
            server.should_exit = True

    with stopped_by_signals(STOPPING_SIGNALS, stop):
        sock = bind(port)
        with sock, tempfile.TemporaryDirectory(prefix="tarkbook-preview-") as folder:
            session = Session(manuscript, styles, Path(folder), print_pdf)
            bound = sock.getsockname()[1]
            config = uvicorn.Config(make_app(session, bound), log_level="warning",
                                    lifespan="on", timeout_graceful_shutdown=2,
                                    proxy_headers=False, server_header=False)
            server = uvicorn.Server(config)
            servers.append(server)
            server.should_exit = stopping.is_set()
            address = f"http://{HOST}:{bound}/"

            async def run() -> None:
                started = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
                while not server.started and not started.done():
                    await asyncio.sleep(0.01)
                if server.started:
                    ready(address)
                await started

            asyncio.run(run())
