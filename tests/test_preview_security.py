"""What the preview sends, and to whom: every file opened once without following a link,
from the book or its styles folder only; only requests for 127.0.0.1:PORT or
localhost:PORT answered; only images whose bytes are what their names say; a long address
a clean 414. A Hypothesis test throws random paths, hosts and headers at it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from preview_support import running_preview
from tarkbook.preview.paths import read_below
from tarkbook.preview.server import Session, make_app

FIGURE_BOOK = Path(__file__).resolve().parent / "fixtures" / "good" / "figure"
PIXEL = (FIGURE_BOOK / "images" / "pixel.png").read_bytes()
PORT = 8765
OWN = f"127.0.0.1:{PORT}"
SECRET = b"root:x:0:0:not the book's"
ROUTES = ["/", "/view", "/state", "/events", "/book/style.css", "/book/images/pixel.png",
          "/print/book-1.pdf", "/print/page-1.png"]
SAFE_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
            b'<rect width="4" height="4" fill="#123"/></svg>')


def _secret_png() -> bytes:
    """A PNG, other than the book's, kept outside the book: its bytes must never be sent."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), (200, 10, 10)).save(buffer, "PNG")
    return buffer.getvalue()


SECRET_PNG = _secret_png()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    copy = Path(shutil.copytree(FIGURE_BOOK, tmp_path / "book"))
    outside = tmp_path / "far" / "outside"  # neither in the book nor beside it
    outside.mkdir(parents=True)
    (outside / "passwd").write_bytes(SECRET)
    (outside / "secret.png").write_bytes(SECRET_PNG)
    (outside / "epub.css").write_bytes(SECRET)
    return copy


def _ask(client: TestClient, method: str, path: str, headers: dict[str, str]
         ) -> tuple[int, bytes]:
    """The status and body of a request; of an open event stream, the first part of it."""
    with client.stream(method, path, headers=headers) as response:
        body = b""
        for chunk in response.iter_bytes():
            body += chunk
            if response.headers.get("content-type", "").startswith("text/event-stream"):
                break
        return response.status_code, body


def _client(book: Path, tmp_path: Path, styles: Path | None = None) -> TestClient:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    session = Session(book, styles, work, print_pdf=False)
    return TestClient(make_app(session, PORT), base_url=f"http://{OWN}")


@pytest.fixture
def client(book: Path, tmp_path: Path) -> Iterator[TestClient]:
    with _client(book, tmp_path) as test_client:
        yield test_client


# --- the style sheet: a link out of the book is never followed ------------------------------

def test_a_style_sheet_that_links_outside_is_not_sent(
    client: TestClient, book: Path, tmp_path: Path
) -> None:
    (book / "styles").mkdir()
    (book / "styles" / "epub.css").symlink_to(tmp_path / "far" / "outside" / "passwd")
    response = client.get("/book/style.css")
    assert response.status_code == 404
    assert SECRET not in response.content


def test_a_style_sheet_that_links_inside_its_folder_is_not_sent_either(
    client: TestClient, book: Path
) -> None:
    (book / "styles").mkdir()
    (book / "styles" / "real.css").write_text("p { color: red }", "utf-8")
    (book / "styles" / "epub.css").symlink_to("real.css")
    assert client.get("/book/style.css").status_code == 404


def test_a_styles_folder_that_is_a_link_out_of_the_book_is_not_read(
    client: TestClient, book: Path, tmp_path: Path
) -> None:
    (book / "styles").symlink_to(tmp_path / "far" / "outside")  # holds an epub.css
    response = client.get("/book/style.css")
    assert response.status_code == 404
    assert SECRET not in response.content


def test_the_books_own_sheet_and_one_named_with_styles_are_sent(
    book: Path, tmp_path: Path
) -> None:
    (book / "styles").mkdir()
    (book / "styles" / "epub.css").write_text("p { color: rgb(1, 2, 3) }", "utf-8")
    with _client(book, tmp_path) as client:
        assert client.get("/book/style.css").text == "p { color: rgb(1, 2, 3) }"
    named = tmp_path / "elsewhere"
    named.mkdir()
    (named / "epub.css").write_text("p { color: rgb(4, 5, 6) }", "utf-8")
    (named / "print.css").write_text("", "utf-8")
    with _client(book, tmp_path, styles=named) as client:
        assert client.get("/book/style.css").text == "p { color: rgb(4, 5, 6) }"


def test_a_fifo_is_refused_at_once(client: TestClient, book: Path) -> None:
    os.mkfifo(book / "images" / "x.png")
    assert read_below(book, ("images", "x.png"), 1 << 20) is None  # no wait for a writer
    assert client.get("/book/images/x.png").status_code == 404


# --- images: opened once, never through a link, only of the types known -----------------

def test_a_folder_on_the_way_that_is_a_link_is_not_followed(book: Path, tmp_path: Path) -> None:
    (book / "images" / "sub").symlink_to(tmp_path / "far" / "outside")
    assert read_below(book, ("images", "sub", "passwd"), 1 << 20) is None
    assert read_below(book, ("images", "pixel.png"), 1 << 20) == PIXEL
    assert read_below(book, ("images", "pixel.png"), len(PIXEL) - 1) is None  # over the limit
    assert read_below(book, ("images", "..", "book.toml"), 1 << 20) is None
    assert read_below(book, ("images", "x" * 300), 1 << 20) is None  # a name too long


def test_an_image_swapped_for_a_link_while_it_is_asked_for_is_never_sent_through_it(
    client: TestClient, book: Path, tmp_path: Path
) -> None:
    images = book / "images"
    (images / "x.png").write_bytes(PIXEL)
    stop = threading.Event()

    def swap() -> None:  # x.png is the book's PNG, then a link to a PNG outside, in turn
        while not stop.is_set():
            (images / "link.tmp").symlink_to(tmp_path / "far" / "outside" / "secret.png")
            os.replace(images / "link.tmp", images / "x.png")
            (images / "file.tmp").write_bytes(PIXEL)
            os.replace(images / "file.tmp", images / "x.png")

    swapper = threading.Thread(target=swap)
    swapper.start()
    sent = {200: 0, 404: 0}
    try:
        for _ in range(3000):
            response = client.get("/book/images/x.png")
            assert response.content != SECRET_PNG
            sent[response.status_code] += 1
    finally:
        stop.set()
        swapper.join()
    assert sent[200] and sent[404]  # both states were met


@pytest.mark.parametrize(("name", "data"), [
    ("x.html", b"<html><script>alert(1)</script></html>"),
    ("x.svg", PIXEL),  # a PNG named as an SVG
    ("x.png", b"<html></html>"),
    ("x.txt", b"text"),
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/passwd"/></svg>'),
])
def test_only_images_whose_bytes_are_what_their_names_say_are_sent(
    client: TestClient, book: Path, name: str, data: bytes
) -> None:
    (book / "images" / name).write_bytes(data)
    assert client.get(f"/book/images/{name}").status_code == 404


def test_an_svg_the_check_finds_nothing_in_is_sent_and_runs_nothing(
    client: TestClient, book: Path
) -> None:
    (book / "images" / "x.svg").write_bytes(SAFE_SVG)
    response = client.get("/book/images/x.svg")
    assert response.status_code == 200 and response.content == SAFE_SVG
    assert response.headers["content-type"] == "image/svg+xml"
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    png = client.get("/book/images/pixel.png")
    assert png.headers["content-type"] == "image/png" and png.content == PIXEL


# --- whom the preview answers ----------------------------------------------------------------

@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1",
                                  f"127.0.0.1:{PORT + 1}", f"localhost.evil.example:{PORT}",
                                  f"127.0.0.1:{PORT}.evil.example", "[::1]:8765", ""])
def test_a_request_for_another_host_is_refused_on_every_route(
    client: TestClient, route: str, host: str
) -> None:
    status, body = _ask(client, "GET", route, {"host": host})
    assert status == 403
    assert b"[book]" not in body and b"Figure" not in body


@pytest.mark.parametrize("host", [OWN, f"localhost:{PORT}", f"LocalHost:{PORT}"])
def test_the_preview_answers_its_own_names(client: TestClient, host: str) -> None:
    response = client.get("/", headers={"host": host})
    assert response.status_code == 200 and "Figure" in response.text


@pytest.mark.parametrize("origin", ["http://evil.example", f"http://evil.example:{PORT}",
                                    "null", f"https://127.0.0.1:{PORT}",
                                    f"http://127.0.0.1:{PORT + 1}"])
def test_the_event_stream_refuses_another_sites_page(client: TestClient, origin: str) -> None:
    assert _ask(client, "GET", "/events", {"origin": origin})[0] == 403


def test_the_event_stream_is_open_to_the_preview_s_own_page(client: TestClient) -> None:
    for origin in (f"http://{OWN}", f"http://localhost:{PORT}"):
        with client.stream("GET", "/events", headers={"origin": origin}) as response:
            assert response.status_code == 200
            assert next(response.iter_lines()).startswith("event: reload")


def test_a_long_address_is_a_clean_414_and_a_long_name_a_404(client: TestClient) -> None:
    response = client.get("/book/images/" + "a" * 60_000)
    assert response.status_code == 414 and response.text == "the address is too long"
    assert client.get("/book/images/" + "a" * 300 + ".png").status_code == 404
    assert client.get("/book/images/" + "/".join(["ab"] * 2000) + ".png").status_code == 404


# --- random requests ---------------------------------------------------------------------------

_PATH_PARTS = st.sampled_from([
    "book", "images", "pixel.png", "style.css", "..", ".", "%2e%2e", "%2f", "%5c", "%00",
    "etc", "passwd", "outside", "secret.png", "book.toml", "print", "book-1.pdf", "view",
    "state", "events", "", "~", "%252e", "a" * 300, "\u00e9", ";", "?x=1", "#f",
])
_HOSTS = st.one_of(st.sampled_from([OWN, f"localhost:{PORT}", "evil.example", "127.0.0.1",
                                    f"evil.example:{PORT}", f"{OWN}:{PORT}", ""]),
                   st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126),
                           max_size=40))
_HEADER_NAMES = st.sampled_from(["origin", "referer", "x-forwarded-host", "forwarded",
                                 "x-forwarded-for", "range", "if-none-match", "accept",
                                 "cookie", "content-length", "transfer-encoding"])
_HEADER_VALUES = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126),
                         max_size=60)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_PATH_PARTS, max_size=8), host=_HOSTS,
       headers=st.dictionaries(_HEADER_NAMES, _HEADER_VALUES, max_size=4),
       method=st.sampled_from(["GET", "HEAD", "POST"]))
@example(parts=["book", "images", "..", "..", "outside", "passwd"], host=OWN, headers={},
         method="GET")
@example(parts=["", "", "book"], host=OWN, headers={}, method="GET")
@example(parts=["book", "style.css"], host=f"localhost:{PORT}",
         headers={"x-forwarded-host": "evil.example"}, method="GET")
def test_no_request_gets_a_5xx_a_byte_from_outside_or_an_answer_for_another_host(
    hostile_client: TestClient, parts: list[str], host: str, headers: dict[str, str],
    method: str,
) -> None:
    status, body = _ask(hostile_client, method, f"http://{OWN}/" + "/".join(parts),
                        {**headers, "host": host})
    assert status < 500
    assert SECRET not in body and SECRET_PNG not in body
    if host.lower() not in (OWN, f"localhost:{PORT}"):
        assert status == 403


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A preview of a book whose images/ and styles/ hold links to secrets outside it."""
    root = tmp_path_factory.mktemp("hostile")
    book = Path(shutil.copytree(FIGURE_BOOK, root / "book"))
    outside = root / "far" / "outside"
    outside.mkdir(parents=True)
    (outside / "passwd").write_bytes(SECRET)
    (outside / "secret.png").write_bytes(SECRET_PNG)
    (book / "styles").mkdir()
    (book / "styles" / "epub.css").symlink_to(outside / "passwd")
    (book / "images" / "secret.png").symlink_to(outside / "secret.png")
    (book / "images" / "outside").symlink_to(outside)
    (book / "book.toml.png").symlink_to(outside / "secret.png")
    with _client(book, root) as client:
        yield client


# --- the real server -------------------------------------------------------------------------

def _raw(address: str, request: bytes) -> bytes:
    """The whole answer of the server at ``address`` to the raw HTTP ``request``."""
    host, port = address.removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_the_running_preview_refuses_other_hosts_and_long_addresses_cleanly(
    book: Path, tmp_path: Path
) -> None:
    (book / "styles").mkdir()
    (book / "styles" / "epub.css").symlink_to(tmp_path / "far" / "outside" / "passwd")
    with running_preview(book, "--no-print") as (process, address):
        port = address.rstrip("/").rsplit(":", 1)[1]
        for route in ("/", "/view", "/state", "/events", "/book/style.css"):
            answer = _raw(address, f"GET {route} HTTP/1.1\r\nHost: evil.example:{port}\r\n"
                                   "Connection: close\r\n\r\n".encode())
            assert answer.startswith(b"HTTP/1.1 403 "), answer[:80]
        own = f"Host: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
        answer = _raw(address, b"GET /book/style.css HTTP/1.1\r\n" + own)
        assert answer.startswith(b"HTTP/1.1 404 ") and SECRET not in answer
        long = b"GET /book/images/" + b"a" * 100_000 + b" HTTP/1.1\r\n" + own
        assert _raw(address, long).split(b" ", 2)[1] in (b"414", b"400")
        assert _raw(address, b"GET / HTTP/1.1\r\n" + own).startswith(b"HTTP/1.1 200 ")
        process.send_signal(signal.SIGINT)
        process.wait(30)
        assert process.stderr is not None
        err = process.stderr.read()
        assert "Traceback" not in err and "Exception" not in err
