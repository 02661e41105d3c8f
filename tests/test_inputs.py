"""``tarkbook.inputs``: a file the build reads is opened once, is a regular file, lies
where it must as the open file says, and is read no further than its limit."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from tarkbook.diagnostics import Reporter
from tarkbook.inputs import NotAFile, Outside, TooLarge, opened, read_input
from tarkbook.manuscript.files import read_text


@pytest.mark.parametrize(("make", "kind"), [
    (os.mkfifo, "a named pipe"),
    (os.mkdir, "a folder"),
])
def test_what_is_no_file_is_refused_at_once(tmp_path: Path, make: object, kind: str) -> None:
    path = tmp_path / "book.toml"
    assert callable(make)
    make(path)
    started = time.monotonic()
    with pytest.raises(NotAFile, match=f"it is {kind}, not a file"):
        read_input(path, 100)
    assert time.monotonic() - started < 5  # a named pipe without a writer is not waited on


def test_a_device_is_refused() -> None:
    with pytest.raises(NotAFile, match="it is a device, not a file"):
        read_input(Path("/dev/zero"), 100)


def test_the_limit_is_the_open_files_size(tmp_path: Path) -> None:
    path = tmp_path / "big.css"
    with path.open("wb") as stream:
        stream.truncate(10 * 1024**3)  # sparse: ten gigabytes that take no room
    with pytest.raises(TooLarge) as raised:
        read_input(path, 1024)
    assert (raised.value.size, raised.value.limit) == (10 * 1024**3, 1024)
    path.write_bytes(b"x" * 1024)
    assert read_input(path, 1024) == b"x" * 1024


def test_a_link_is_followed_only_inside_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    (tmp_path / "secret").write_text("outside\n", encoding="utf-8")
    (folder / "text.md").write_text("inside\n", encoding="utf-8")
    (folder / "inner.md").symlink_to("text.md")
    (folder / "outer.md").symlink_to(tmp_path / "secret")
    assert read_input(folder / "inner.md", 100, inside=folder) == b"inside\n"
    with pytest.raises(Outside):
        read_input(folder / "outer.md", 100, inside=folder)
    with pytest.raises(OSError):  # a link, not followed at all
        read_input(folder / "inner.md", 100, follow_links=False)
    with opened(folder / "text.md", inside=folder) as stream:
        assert stream.read() == b"inside\n"


def test_a_file_swapped_for_a_link_outside_is_never_read(tmp_path: Path) -> None:
    """The manuscript's reader checks the place of the file it opened, not of the name it
    looked up a moment before: a section file swapped again and again for a link to a
    file outside the book is read as itself or refused, never read through the link."""
    folder = tmp_path / "book"
    folder.mkdir()
    (tmp_path / "secret.md").write_text("# Secret\n\nThe secret.\n", encoding="utf-8")
    text = folder / "text.md"
    real = folder / ".text.md"
    real.write_text("# Text\n\nThe text.\n", encoding="utf-8")
    link = folder / ".link.md"
    link.symlink_to(tmp_path / "secret.md")
    stop = threading.Event()

    def swap() -> None:
        while not stop.is_set():
            os.link(real, folder / ".next.md")
            os.replace(folder / ".next.md", text)
            os.symlink(tmp_path / "secret.md", folder / ".next.md")
            os.replace(folder / ".next.md", text)

    swapper = threading.Thread(target=swap)
    swapper.start()
    seen = set()
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            reporter = Reporter(folder)
            read = read_text(text, reporter)
            seen.add("refused" if read is None else read.split("\n")[0])
    finally:
        stop.set()
        swapper.join()
    assert "# Secret" not in seen
    assert "# Text" in seen
