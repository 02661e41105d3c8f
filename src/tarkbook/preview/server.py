"""The preview's web server: one page, its parts, the reload events, the book's images and
the print pages; on 127.0.0.1 only, GET and HEAD only.

The server sends only what it renders itself (the page, the EPUB's style sheet as the
build finds it, the PDF it built and its thumbnails) and the files of the book's
``images/`` folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import socket
import tempfile
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
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from tarkbook.preview.paths import book_image
from tarkbook.preview.print_pages import PrintPages
from tarkbook.preview.reading import Reader, View
from tarkbook.preview.watcher import saves, watched_folders

HOST = "127.0.0.1"
FIRST_PORT = 8000
PORTS_TRIED = 100


class PortInUse(Exception):
    """The port asked for is taken (or, with none asked for, every port tried is)."""


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


def make_app(session: Session) -> Starlette:
    """The preview's application for ``session``."""

    async def page(_: Request) -> Response:
        return HTMLResponse(_PAGE.render(view=session.reader.view, print=session.pages.status))

    async def view(_: Request) -> Response:
        return HTMLResponse(session.root())

    async def style(_: Request) -> Response:
        sheet = session.reader.style_sheet()
        if sheet is None:
            return Response("", media_type="text/css")
        return Response(sheet.read_bytes(), media_type="text/css",
                        headers={"Cache-Control": "no-store"})

    async def image(request: Request) -> Response:
        path = book_image(session.manuscript, request.path_params["path"])
        if path is None:
            return Response("not found", status_code=404, media_type="text/plain")
        return FileResponse(path)

    async def pdf(request: Request) -> Response:
        kept = session.pages.pdf
        if kept is None or request.path_params["version"] != session.pages.status.version:
            return Response("not found", status_code=404, media_type="text/plain")
        return Response(kept.read_bytes(), media_type="application/pdf")

    async def thumbnail(request: Request) -> Response:
        data = session.pages.thumbnails.get(request.path_params["number"])
        if data is None:
            return Response("not found", status_code=404, media_type="text/plain")
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
    return Starlette(routes=routes, lifespan=lifespan)


async def _watch(session: Session, stop: asyncio.Event) -> None:
    async for _ in saves(watched_folders(session.manuscript, session.styles), stop):
        await session.refresh()


def bind(port: int | None) -> socket.socket:
    """A socket bound to 127.0.0.1 on ``port``, or on the first free port from 8000 when
    ``port`` is None. Raises PortInUse."""
    candidates = [port] if port is not None else range(FIRST_PORT, FIRST_PORT + PORTS_TRIED)
    for candidate in candidates:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind((HOST, candidate))
        except OSError as exc:
            sock.close()
            if exc.errno != errno.EADDRINUSE:
                raise PortInUse(f"cannot listen on {HOST}:{candidate}: {exc.strerror}") from exc
            continue
        sock.listen(128)
        return sock
    if port is not None:
        raise PortInUse(f"port {port} of {HOST} is in use; choose another with --port, or "
                        "leave --port out to take the next free one")
    raise PortInUse(f"ports {FIRST_PORT} to {FIRST_PORT + PORTS_TRIED - 1} of {HOST} "
                    "are all in use; choose one with --port")


def serve(
    manuscript: Path, port: int | None, styles: Path | None = None,
    ready: Callable[[str], None] = print, print_pdf: bool = True,
) -> None:
    """Serve the preview of ``manuscript`` until Ctrl-C; ``ready`` is told the address.
    Raises PortInUse. The session's temporary folder is removed when it ends."""
    sock = bind(port)
    with sock, tempfile.TemporaryDirectory(prefix="tarkbook-preview-") as folder:
        session = Session(manuscript, styles, Path(folder), print_pdf)
        config = uvicorn.Config(make_app(session), log_level="warning", lifespan="on",
                                timeout_graceful_shutdown=2)
        server = uvicorn.Server(config)
        address = "http://{}:{}/".format(*sock.getsockname())

        async def run() -> None:
            started = asyncio.get_running_loop().create_task(server.serve(sockets=[sock]))
            while not server.started and not started.done():
                await asyncio.sleep(0.01)
            if server.started:
                ready(address)
            await started

        asyncio.run(run())
