"""``tarkbook new DIR``: a book that checks clean and builds at once, written only into a new
or empty folder."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from tarkbook.build import build
from tarkbook.cli import main
from tarkbook.manuscript import read_manuscript
from tarkbook.model import InterviewSection
from tarkbook.starter import title_of

KEYS = {
    "book": ["title", "subtitle", "language", "identifier", "date", "publisher", "rights",
             "description", "subjects", "imprint", "edition", "series", "series_number",
             "sources"],
    "contributors": ["name", "file_as", "roles"],
    "source": ["citation"],
    "speakers": ["name", "label", "role"],
    "notes": ["signature"],
    "print": ["page_size", "marks", "font", "fallbacks", "number_chapters", "isbn"],
    "epub": ["isbn", "page_list"],
    "cover": ["image", "alt"],
    "text": ["smart_punctuation"],
    "labels": ["contents"],
    "style": ["dir"],
    "sections": ["kind", "file", "show_title"],
}
"""Every key of book.toml: each is in the new book's, set or commented."""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b""
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize(("kind", "files"), [
    ("interview", ["book.toml", "images/", "images/README.md", "interview.md",
                   "introduction.md", "notes.md"]),
    ("prose", ["book.toml", "chapter-1.md", "chapter-2.md", "images/", "images/README.md",
               "introduction.md", "notes.md"]),
])
def test_a_new_book_checks_clean_and_builds_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, files: list[str]
) -> None:
    folder = tmp_path / "my-first-book"
    assert main(["new", str(folder), "--kind", kind]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"made a new book ({kind}) in {folder}: {', '.join(files)}\n")
    reading = read_manuscript(folder)
    assert reading.diagnostics == ()
    assert reading.book is not None
    book = reading.book
    assert book.metadata.title == "My First Book"
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", book.metadata.identifier)
    assert len(book.notes) == 1
    interviews = [s for s in book.sections if isinstance(s, InterviewSection)]
    assert len(interviews) == (1 if kind == "interview" else 0)
    if kind == "interview":
        assert len(book.speakers) == 2
    outputs = build(folder, tmp_path / "out", None)
    assert [o.path.name for o in outputs] == ["my-first-book.epub", "my-first-book.pdf"]


@pytest.mark.parametrize("kind", ["interview", "prose"])
def test_book_toml_holds_every_key_set_or_commented(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "book"
    assert main(["new", str(folder), "--kind", kind]) == 0
    text = (folder / "book.toml").read_text("utf-8")
    tomllib.loads(text)
    tables = re.split(r"^#? ?\[+([a-z_]+)(?:\.[A-Z]+)?\]+.*$", text, flags=re.M)
    found: dict[str, set[str]] = {}
    for name, body in zip(tables[1::2], tables[2::2], strict=True):
        found.setdefault(name, set()).update(re.findall(r"^#? ?([a-z_]+) = ", body, re.M))
    assert found == {table: set(keys) for table, keys in KEYS.items()}
    for line in text.splitlines():  # a key commented out says what it is for
        if re.match(r"^# ?[a-z_]+ = ", line):
            assert re.search(r"  # \S.*", line), line


def test_two_new_books_get_identifiers_of_their_own(tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert main(["new", str(tmp_path / name)]) == 0
    one, two = (tomllib.loads((tmp_path / n / "book.toml").read_text("utf-8"))["book"]
                for n in ("one", "two"))
    assert one["identifier"] != two["identifier"]


@pytest.mark.parametrize("what", ["a-book", "a-hidden-file", "a-file"])
def test_new_refuses_a_folder_that_is_not_empty_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    folder = tmp_path / "book"
    if what == "a-book":
        assert main(["new", str(folder)]) == 0
        (folder / "interview.md").write_text("# Mine\n\nQ: My own words.\n", "utf-8")
    elif what == "a-hidden-file":
        folder.mkdir()
        (folder / ".git").write_text("gitdir: elsewhere\n", "utf-8")
    else:
        folder.write_text("not a folder\n", "utf-8")
    capsys.readouterr()
    before = _files(tmp_path)
    assert main(["new", str(folder), "--kind", "prose"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tarkbook: {folder} is ")
    assert err.endswith("; nothing was written\n")
    assert _files(tmp_path) == before


def test_new_fills_an_empty_folder_even_the_working_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "an-essay"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert main(["new", ".", "--kind", "prose"]) == 0
    assert Path.cwd() == folder and os.path.samefile(".", folder)
    assert (folder / "book.toml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["an-essay"]  # nothing left beside
    assert tomllib.loads((folder / "book.toml").read_text("utf-8"))["book"]["title"] == (
        "An Essay")


@pytest.mark.parametrize(("name", "title"), [
    ("my-first-book", "My First Book"),
    ("notes_on_film", "Notes On Film"),
    ("Stalker 1979", "Stalker 1979"),
    ("książka", "A New Book"),
    ('say "hi"', "A New Book"),
    ("---", "A New Book"),
])
def test_the_title_comes_from_the_folder_name(name: str, title: str) -> None:
    assert title_of(Path("/books") / name) == title


def test_a_write_that_fails_half_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_room(_source: object, _target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tarkbook.starter.os.rename", no_room)
    assert main(["new", str(tmp_path / "book")]) == 2
    assert capsys.readouterr().err == (f"tarkbook: cannot make {tmp_path / 'book'}: No space "
                                       "left on device; nothing was written\n")
    assert list(tmp_path.iterdir()) == []


def test_a_name_too_long_is_a_clear_refusal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / ("x" * 300)
    assert main(["new", str(folder)]) == 2
    assert capsys.readouterr().err == (f"tarkbook: cannot make {folder}: File name too long; "
                                       "nothing was written\n")
    assert list(tmp_path.iterdir()) == []


def test_a_name_of_255_bytes_is_made(tmp_path: Path) -> None:
    folder = tmp_path / ("n" * 255)
    assert main(["new", str(folder)]) == 0
    assert read_manuscript(folder).book is not None
    assert list(tmp_path.iterdir()) == [folder]


def test_what_new_prints_never_acts_on_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "e\x1b[31mred"
    assert main(["new", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert f"made a new book (interview) in {tmp_path}/e\\x1b[31mred: " in out
    assert main(["new", str(folder)]) == 2  # not empty now: the refusal is escaped too
    err = capsys.readouterr().err
    assert "\x1b" not in err and "e\\x1b[31mred is not empty" in err


SLOW_NEW = """\
import shutil, sys, time
from tarkbook import cli, starter

copy = shutil.copytree


def slow(*args, **kwargs):
    copy(*args, **kwargs)
    time.sleep(60)


starter.shutil.copytree = slow
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_new_stopped_by_a_signal_leaves_nothing(tmp_path: Path, number: int) -> None:
    made = subprocess.Popen([sys.executable, "-c", SLOW_NEW, "new", str(tmp_path / "book")],
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(tmp_path.glob(".tarkbook-new-*/images")):  # copying the starter
        assert made.poll() is None and time.monotonic() < deadline, made.communicate()
        time.sleep(0.05)
    made.send_signal(number)
    _, stderr = made.communicate(timeout=30)
    assert made.returncode == 128 + number, stderr
    assert stderr == (f"tarkbook: stopped by {signal.Signals(number).name}; nothing was "
                      "written\n")
    assert list(tmp_path.iterdir()) == []
