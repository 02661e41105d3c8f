"""Every file a build reads is opened once, as a regular file, and read no further than
its limit: a book.toml of a gigabyte, a named pipe where book.toml or the record of the
last build should be, a style sheet of megabytes, a book.toml nested thousands of levels
deep, a record whose pages are not the book's. Each is a clear message or a build that
goes on as if the file were not there; never a traceback, a hang or gigabytes of memory.

Each case runs the command as a stranger would, in a subprocess.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tarkbook.theme import THEME

ROOT = Path(__file__).resolve().parent.parent
STYLES = THEME
FIXTURE = ROOT / "tests" / "fixtures" / "good" / "figure"
TIMEOUT = 120


def tarkbook(*args: str, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # in the child, before it runs tarkbook
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "tarkbook", *args], capture_output=True,
                          text=True, timeout=TIMEOUT, check=False, preexec_fn=limit)


@pytest.fixture
def ms(tmp_path: Path) -> Path:
    manuscript = tmp_path / "ms"
    shutil.copytree(FIXTURE, manuscript)
    return manuscript


def test_a_book_toml_of_a_gigabyte_is_refused_before_it_is_read(ms: Path, tmp_path: Path
                                                                 ) -> None:
    with (ms / "book.toml").open("r+b") as stream:  # sparse: no gigabyte on the disk
        stream.truncate(1024**3)
    out = ["--out", str(tmp_path / "out")]
    for command in (["check"], ["build", *out]):  # with less memory than the file's size
        result = tarkbook(*command, str(ms), memory=900 * 1024**2)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1
        assert ("ms/book.toml:1:1: error F004: file is 1073741824 bytes, over the limit of "
                "4194304 bytes") in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_named_pipe_for_book_toml_is_refused_at_once(ms: Path, tmp_path: Path) -> None:
    (ms / "book.toml").unlink()
    os.mkfifo(ms / "book.toml")
    for command in (["check"], ["build", "--out", str(tmp_path / "out")]):
        result = tarkbook(*command, str(ms))
        assert result.returncode == 1
        assert ("ms/book.toml:1:1: error F007: cannot read file: it is a named pipe, not a "
                "file") in result.stderr


def test_a_named_pipe_for_the_record_is_no_record(ms: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / ".tarkbook-build.json")
    result = tarkbook("build", str(ms), "--out", str(out), "--format", "epub")
    assert result.returncode == 0, result.stderr
    assert json.loads((out / ".tarkbook-build.json").read_text(encoding="utf-8"))["editions"]


def test_a_book_toml_nested_thousands_deep_is_the_same_error_in_build_as_in_check(
    ms: Path, tmp_path: Path
) -> None:
    toml = (ms / "book.toml").read_text(encoding="utf-8")
    (ms / "book.toml").write_text("deep = " + "[ " * 3000 + "] " * 3000 + "\n" + toml,
                                  encoding="utf-8")
    checked = tarkbook("check", str(ms))
    built = tarkbook("build", str(ms), "--out", str(tmp_path / "out"))
    error = "ms/book.toml:1:"
    assert "error C002: invalid TOML: a value is nested more than 32 levels deep" \
        in checked.stderr
    for result in (checked, built):
        assert result.returncode == 1
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
        assert error in result.stderr
    assert checked.stderr.splitlines()[0] == built.stderr.splitlines()[0]


@pytest.mark.parametrize("sheet", ["epub.css", "print.css"])
def test_a_style_sheet_over_its_limit_fails_its_edition_by_name(
    ms: Path, tmp_path: Path, sheet: str
) -> None:
    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    with (styles / sheet).open("a", encoding="utf-8") as stream:
        stream.write("/* a comment of two megabytes */\n" * 64 * 1024)
    size = (styles / sheet).stat().st_size
    edition = "EPUB" if sheet == "epub.css" else "PDF"
    result = tarkbook("build", str(ms), "--out", str(tmp_path / "out"), "--styles",
                      str(styles), "--format", "epub" if sheet == "epub.css" else "pdf")
    assert result.returncode == 1
    assert (f"the {edition} edition failed: the style sheet {styles / sheet} cannot be read: "
            f"it is {size:,} bytes, over the limit of 1,048,576 bytes") in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_record_with_pages_the_book_does_not_have_is_no_record(
    ms: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert tarkbook("build", str(ms), "--out", str(out)).returncode == 0
    made = (out / "figure.epub").read_bytes()
    record = json.loads((out / ".tarkbook-build.json").read_text(encoding="utf-8"))
    for start in record["pages"]["starts"]:  # each page a paragraph the book does not have
        start[2] += 500
    (out / ".tarkbook-build.json").write_text(json.dumps(record), encoding="utf-8")
    for _ in range(2):
        (out / "figure.epub").unlink()
        result = tarkbook("build", str(ms), "--out", str(out), "--format", "epub")
        assert result.returncode == 0, result.stderr
        assert (out / "figure.epub").read_bytes() == made


@pytest.mark.parametrize("record", [
    "[" * 100_000 + "]" * 100_000,  # deeper than the JSON reader recurses
    '{"editions": {}, "pages": {"key": "k", "starts": 7}}',
    "x" * (2 * 1024 * 1024),  # over the record's limit
])
def test_a_record_not_as_a_build_writes_it_is_no_record(
    ms: Path, tmp_path: Path, record: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".tarkbook-build.json").write_text(record, encoding="utf-8")
    result = tarkbook("build", str(ms), "--out", str(out), "--format", "epub")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads((out / ".tarkbook-build.json").read_text(encoding="utf-8"))["editions"]
