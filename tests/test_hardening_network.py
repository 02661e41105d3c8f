"""A build never opens a network connection.

A test server listens on 127.0.0.1 only, on a port the system chooses, and records every
connection it accepts. Manuscripts, SVG images and stylesheets then point at it: links in
the text, the notes, the imprint and the source citation (kept as links, never fetched),
images (refused by the parser) and ``url(…)``/``@import`` rules (refused by the PDF's
fetcher, copied as they are into the EPUB). The server must record no connection. A build
of the real book is also made with ``socket.socket.connect`` replaced by a function that
records the attempt and refuses it; no attempt may be recorded. Editions may be rendered in
child processes, so attempts are recorded in a file, which every process can write to.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import write_files
from tarkbook.build import EditionUnavailable, build
from tarkbook.diagnostics import ManuscriptError
from tarkbook.edition import Context
from tarkbook.epub.edition import render_epub
from tarkbook.manuscript import load_book
from tarkbook.pdf.edition import render_pdf
from tarkbook.theme import THEME

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"
STYLES = THEME
PIXEL = ROOT / "tests" / "fixtures" / "good" / "figure" / "images" / "pixel.png"
LOCALHOST = "127.0.0.1"


class Server:
    """A TCP server on 127.0.0.1 that accepts, records and closes every connection."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind((LOCALHOST, 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port: int = self.socket.getsockname()[1]
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="test-server", daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://{LOCALHOST}:{self.port}/{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, peer = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(peer)
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    try:
        yield running
    finally:
        running.close()


def test_the_server_records_a_connection(server: Server) -> None:
    """The server is worth something: a connection to it is recorded."""
    with socket.create_connection((LOCALHOST, server.port), timeout=5):
        pass
    for _ in range(50):
        if server.connections:
            break
        threading.Event().wait(0.1)
    assert len(server.connections) == 1
    server.connections.clear()


def _manuscript(folder: Path, server: Server, text: str, files: dict[str, str] | None = None
                ) -> Path:
    book = f"""\
[book]
title = "Network"
language = "en"
identifier = "urn:uuid:00000000-0000-4000-8000-000000000001"
date = "2026-11-25"
imprint = "Printed from [the server]({server.url('imprint')})."

[source]
citation = "Found at <{server.url('citation')}>."

[[sections]]
kind = "prose"
file = "text.md"
"""
    return write_files(folder, {
        "book.toml": book,
        "text.md": f"# Network\n\n{text}\n",
        "images/pixel.png": PIXEL.read_bytes(),
        **(files or {}),
    })


def _styles(folder: Path, rules: str) -> Path:
    shutil.copytree(STYLES, folder)
    for name in ("epub.css", "print.css"):
        sheet = folder / name
        sheet.write_text(rules + "\n" + sheet.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_links_to_the_server_are_kept_and_never_followed(
    tmp_path: Path, server: Server
) -> None:
    text = (
        f"A [link]({server.url('x')}), an autolink <{server.url('auto')}> and a "
        f"[titled link]({server.url('titled')} \"Title\").[^a]\n\n"
        f"[^a]: A note with [a link]({server.url('note')})."
    )
    manuscript = _manuscript(tmp_path / "ms", server, text)
    out = tmp_path / "out"
    build(manuscript, out, ["epub", "pdf"], STYLES)
    assert sorted(p.name for p in out.glob("network.*")) == ["network.epub", "network.pdf"]
    with zipfile.ZipFile(out / "network.epub") as epub:
        markup = b"".join(epub.read(name) for name in epub.namelist()).decode("utf-8", "ignore")
    for path in ("x", "auto", "titled", "note", "imprint", "citation"):
        assert f'href="{server.url(path)}"' in markup
    assert server.connections == []


def test_an_image_on_the_server_is_refused_before_any_rendering(
    tmp_path: Path, server: Server
) -> None:
    manuscript = _manuscript(tmp_path / "ms", server, f"![Remote]({server.url('a.png')})")
    with pytest.raises(ManuscriptError) as caught:
        build(manuscript, tmp_path / "out", ["epub", "pdf"], STYLES)
    assert [d.code for d in caught.value.diagnostics] == ["I001"]
    assert server.connections == []


RULES = {
    "import": "@import url({url});",
    "background": "body {{ background-image: url({url}); }}",
    "font-face": '@font-face {{ font-family: "Remote"; src: url({url}); }} '
                 'body {{ font-family: "Remote", "Source Serif Pro"; }}',
    "content": "p::after {{ content: url({url}); }}",
}


@pytest.mark.parametrize("edition", ["epub", "pdf"])
@pytest.mark.parametrize("rule", RULES.values(), ids=RULES.keys())
def test_a_stylesheet_pointing_at_the_server_fetches_nothing(
    tmp_path: Path, server: Server, rule: str, edition: str
) -> None:
    manuscript = _manuscript(tmp_path / "ms", server, "One paragraph.")
    styles = _styles(tmp_path / "styles", rule.format(url=server.url("remote")))
    try:
        build(manuscript, tmp_path / "out", [edition], styles)
    except EditionUnavailable as exc:
        assert edition == "pdf"
        assert f"refused to fetch {server.url('remote')}" in str(exc)
    else:
        assert edition == "epub"
    assert server.connections == []


@pytest.mark.parametrize("edition", ["epub", "pdf"])
def test_an_svg_image_pointing_at_the_server_fetches_nothing(
    tmp_path: Path, server: Server, edition: str
) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="200" height="100">'
        f'<style>@import url("{server.url("svg.css")}");</style>'
        f'<image href="{server.url("svg.png")}" width="10" height="10"/>'
        f'<image xlink:href="{server.url("svg-xlink.png")}" width="10" height="10"/>'
        '<rect width="10" height="10" fill="red"/></svg>\n'
    )
    manuscript = _manuscript(tmp_path / "ms", server, "One.\n\n![A figure](images/remote.svg)",
                             {"images/remote.svg": svg})
    # The manuscript's check refuses the SVG (I014) before either edition starts.
    with pytest.raises(ManuscriptError) as refused:
        build(manuscript, tmp_path / "out", [edition], STYLES)
    assert [d.code for d in refused.value.diagnostics] == ["I014"]
    assert server.connections == []
    # Swapped in after the check, the SVG still fetches nothing when rendered.
    (manuscript / "images" / "remote.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n', "utf-8")
    book = load_book(manuscript)
    (manuscript / "images" / "remote.svg").write_text(svg, "utf-8")
    render = render_epub if edition == "epub" else render_pdf
    with contextlib.suppress(EditionUnavailable):
        render(book, Context(manuscript, STYLES))
    assert server.connections == []


@pytest.mark.slow
def test_a_build_of_the_real_book_tries_no_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = tmp_path / "attempts.log"

    def refuse(name: str) -> Any:
        def refused(self: socket.socket, *args: Any, **kwargs: Any) -> Any:
            with attempts.open("a", encoding="utf-8") as log:
                log.write(f"{name} {self.family!r} {args!r}\n")
            raise OSError(f"{name} refused by the test: {args!r}")

        return refused

    def no_lookup(*args: Any, **kwargs: Any) -> Any:
        with attempts.open("a", encoding="utf-8") as log:
            log.write(f"getaddrinfo {args!r}\n")
        raise OSError(f"getaddrinfo refused by the test: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    out = tmp_path / "out"
    build(MANUSCRIPT, out, ["epub", "pdf"], STYLES)
    assert sorted(p.suffix for p in out.glob("the-truth-of-memory.*")) == [".epub", ".pdf"]
    assert not attempts.exists(), attempts.read_text(encoding="utf-8")


def test_the_refusal_of_connections_reaches_a_child_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: Server
) -> None:
    """The replaced ``connect`` is in force in the processes that render the editions."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("editions are rendered in the build's own process here")
    attempts = tmp_path / "attempts.log"

    def refused(self: socket.socket, *args: Any) -> Any:
        with attempts.open("a", encoding="utf-8") as log:
            log.write(f"connect {args!r}\n")
        raise OSError("refused by the test")

    def child() -> None:
        with contextlib.suppress(OSError):
            socket.create_connection((LOCALHOST, server.port), timeout=5).close()

    monkeypatch.setattr(socket.socket, "connect", refused)
    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(timeout=30)
    if process.is_alive():
        process.kill()
        process.join()
    assert process.exitcode == 0
    assert attempts.read_text(encoding="utf-8").startswith("connect ")
    assert server.connections == []
