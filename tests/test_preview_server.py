"""The preview's server: only GET and HEAD, nothing outside the book's images/ and what it
renders itself, on 127.0.0.1 only, on a port the system picks, and a port in use is a
clear error."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tarkbook.cli import EXIT_USAGE, main
from tarkbook.preview.server import HOST, Session, bind, make_app

PORT = 8765
"""The port the test client's requests name (``Host: 127.0.0.1:8765``); nothing listens."""

FIGURE_BOOK = Path(__file__).resolve().parent / "fixtures" / "good" / "figure"
PIXEL = (FIGURE_BOOK / "images" / "pixel.png").read_bytes()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    copy = Path(shutil.copytree(FIGURE_BOOK, tmp_path / "book"))
    (tmp_path / "secret.txt").write_text("not the book's", "utf-8")
    return copy


@pytest.fixture
def client(book: Path, tmp_path: Path) -> Iterator[TestClient]:
    work = tmp_path / "work"
    work.mkdir()
    session = Session(book, None, work, print_pdf=False)
    with TestClient(make_app(session, PORT), base_url=f"http://127.0.0.1:{PORT}") as test_client:
        yield test_client


def test_the_page_shows_the_book_with_the_epub_style_sheet(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'href="book/style.css' in page.text
    assert 'src="book/images/pixel.png"' in page.text
    style = client.get("/book/style.css")
    assert style.headers["content-type"].startswith("text/css")
    from tarkbook.theme import THEME

    assert style.content == (THEME / "epub.css").read_bytes()
    assert client.get("/book/images/pixel.png").content == PIXEL


def test_the_epub_style_sheet_needs_no_font_file_so_none_is_served(client: TestClient) -> None:
    from tarkbook.theme import THEME

    sheet = (THEME / "epub.css").read_text("utf-8")
    assert "@font-face" not in sheet and "url(" not in sheet  # the reader's font is used
    for path in ("/book/fonts/book.woff2", "/book/SourceSerif4-Regular.otf"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", [
    "/book/images/../book.toml",
    "/book/images/%2e%2e/book.toml",
    "/book/images/%2E%2E/%2E%2E/secret.txt",
    "/book/images/..%2fbook.toml",
    "/book/images/%2fetc%2fpasswd",
    "/book/images//etc/passwd",
    "/book/images/",
    "/book/book.toml",
    "/book/figure.md",
    "/book.toml",
    "/book/images/..%5c..%5csecret.txt",
])
def test_no_path_leaves_the_images_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert b"not the book's" not in response.content
    assert b"[book]" not in response.content


def test_a_symbolic_link_is_not_followed(client: TestClient, book: Path, tmp_path: Path) -> None:
    (book / "images" / "link.png").symlink_to(tmp_path / "secret.txt")
    (book / "images" / "inside").mkdir()
    (book / "images" / "folder").symlink_to(book / "images" / "inside")
    (book / "images" / "inside" / "a.png").write_bytes(PIXEL)
    assert client.get("/book/images/link.png").status_code == 404
    assert client.get("/book/images/folder/a.png").status_code == 404
    assert client.get("/book/images/inside/a.png").content == PIXEL


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_only_get_and_head_are_served(client: TestClient, method: str) -> None:
    assert client.request(method, "/").status_code == 405
    assert client.request(method, "/book/images/pixel.png").status_code == 405
    assert client.head("/").status_code == 200


def test_the_server_binds_127_0_0_1_on_a_port_the_system_picks() -> None:
    sockets = [bind(None) for _ in range(3)]
    try:
        assert {sock.getsockname()[0] for sock in sockets} == {HOST}
        ports = {sock.getsockname()[1] for sock in sockets}
        assert len(ports) == 3 and not ports & set(range(8000, 8100))
    finally:
        for sock in sockets:
            sock.close()


def test_a_port_asked_for_and_in_use_is_a_clear_error(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = socket.socket()
    taken.bind((HOST, 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        assert main(["preview", str(book), "--port", str(port)]) == EXIT_USAGE
    finally:
        taken.close()
    err = capsys.readouterr().err
    assert f"tarkbook: port {port} of 127.0.0.1 is in use" in err
    assert "Traceback" not in err


def test_a_missing_manuscript_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", os.fspath(tmp_path / "none"), "--port", "8999"]) == EXIT_USAGE
    assert "is not a folder" in capsys.readouterr().err


def test_a_name_too_long_is_a_clear_error(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = tmp_path / ("a" * 300)
    assert main(["preview", os.fspath(long)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"tarkbook: {long} cannot be opened: File name too long" in err
    assert main(["preview", os.fspath(book), "--styles", os.fspath(long)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"tarkbook: --styles {long}" in err and "Traceback" not in err


def test_a_styles_folder_named_and_missing_is_a_clear_error(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", os.fspath(book), "--styles", os.fspath(tmp_path)]) == EXIT_USAGE
    assert "the folder has no epub.css" in capsys.readouterr().err
