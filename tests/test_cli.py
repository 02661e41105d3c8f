"""The command line, run as a user runs it: ``python -m tarkbook …`` in a subprocess."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_files
from tarkbook import __version__

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "good"

BAD = {
    "book.toml": """\
[book]
title = "Bad"
language = "en"
identifier = "urn:x"
date = "2026-11-25"

[[sections]]
kind = "prose"
file = "text.md"
""",
    "text.md": "# Text\n\nA call of a note[^nowhere] and <b>HTML</b>.\n",
}
BAD_DIAGNOSTICS = [
    "ms/text.md:3:17: error N001: note [^nowhere] is called but never defined",
    "ms/text.md:3:32: error H001: raw HTML is not allowed: <b>",
    "ms/text.md:3:39: error H001: raw HTML is not allowed: </b>",
    "3 error(s), 0 warning(s)",
]


def tarkbook(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "tarkbook", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
    )
    assert "Traceback" not in result.stderr
    return result


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# ---------------------------------------------------------------- check


def test_check_the_real_book() -> None:
    result = tarkbook("check", "manuscript")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == "manuscript: 6 sections, 20 interview turns, 46 notes: ok\n"


def test_check_defaults_to_the_manuscript_folder() -> None:
    result = tarkbook("check")
    assert result.returncode == 0
    assert result.stdout == "manuscript: 6 sections, 20 interview turns, 46 notes: ok\n"


GOOD_BOOK = {**BAD, "text.md": "# Text\n\nA sentence of the book in this folder.\n"}


def test_build_inside_a_book_folder_builds_that_folder(tmp_path: Path) -> None:
    # A book's folder holds book.toml: a command without a folder takes it, not a
    # manuscript/ folder inside it.
    book = write_files(tmp_path / "my-book", GOOD_BOOK)
    write_files(book / "manuscript", BAD)
    result = tarkbook("build", "--format", "epub", cwd=book)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (book / "build").glob("*.epub")] == ["bad.epub"]
    checked = tarkbook("check", cwd=book)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.endswith("1 sections, 0 interview turns, 0 notes: ok\n")


def test_a_folder_without_book_toml_still_means_its_manuscript_folder(tmp_path: Path) -> None:
    write_files(tmp_path / "manuscript", BAD)
    result = tarkbook("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "manuscript/text.md:3:17: error N001" in result.stderr


def test_check_a_good_fixture_by_its_path() -> None:
    result = tarkbook("check", "tests/fixtures/good/notes")
    assert result.returncode == 0
    assert result.stdout == "tests/fixtures/good/notes: 2 sections, 0 interview turns, " \
                            "4 notes: ok\n"


def test_check_counts_only_turns_as_turns() -> None:
    result = tarkbook("check", "tests/fixtures/good/speaker-turns")
    assert result.stdout == "tests/fixtures/good/speaker-turns: 1 sections, 6 interview turns, " \
                            "0 notes: ok\n"


def test_check_a_bad_manuscript(tmp_path: Path) -> None:
    write_files(tmp_path / "ms", BAD)
    result = tarkbook("check", "ms", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == BAD_DIAGNOSTICS


def test_check_a_missing_folder_is_a_manuscript_error(tmp_path: Path) -> None:
    result = tarkbook("check", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "nowhere:1:1: error M001: manuscript folder not found: nowhere",
        "1 error(s), 0 warning(s)",
    ]


def test_warnings_alone_do_not_fail_the_check(tmp_path: Path) -> None:
    write_files(tmp_path / "ms", {
        "book.toml": BAD["book.toml"].replace('kind = "prose"', 'kind = "interview"')
        + '\n[speakers.Q]\nname = "Q"\n\n[speakers.SILENT]\nname = "Silent"\n',
        "text.md": "# Text\n\nQ: Only Q speaks.\n",
    })
    result = tarkbook("check", "ms", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "ms/book.toml:14:1: warning T003: speaker 'SILENT' is declared but never speaks",
        "0 error(s), 1 warning(s)",
    ]
    assert result.stdout == "ms: 1 sections, 1 interview turns, 0 notes: ok\n"


# ---------------------------------------------------------------- usage


@pytest.mark.parametrize("args", [
    pytest.param((), id="no-command"),
    pytest.param(("frobnicate",), id="unknown-command"),
    pytest.param(("check", "manuscript", "extra"), id="extra-argument"),
    pytest.param(("check", "--frob"), id="unknown-option"),
    pytest.param(("build", "--format", "docx"), id="unknown-format"),
    pytest.param(("build", "--out"), id="option-without-value"),
])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = tarkbook(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("usage: tarkbook")
    assert re.search(r"^tarkbook( check| build)?: error: ", result.stderr, re.MULTILINE)


def test_help_and_version() -> None:
    version = tarkbook("--version")
    assert version.returncode == 0
    lines = version.stdout.splitlines()
    assert lines[0] == f"tarkbook {__version__}"
    for name in ("Python", "WeasyPrint", "pydyf", "Pango", "HarfBuzz"):
        assert any(re.fullmatch(rf"{name} \d+(\.\d+)+", line) for line in lines), name
    result = tarkbook("check", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: tarkbook check")


# ---------------------------------------------------------------- build


def test_build_a_bad_manuscript_writes_nothing(tmp_path: Path) -> None:
    write_files(tmp_path / "ms", BAD)
    result = tarkbook("build", "ms", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    # The diagnostics, as `check` prints them, end the output (notices about editions that
    # this installation cannot make may come first).
    assert result.stderr.splitlines()[-len(BAD_DIAGNOSTICS) - 1:] == [
        *BAD_DIAGNOSTICS, "tarkbook: the build stopped; nothing was written",
    ]
    assert not (tmp_path / "out").exists()


def test_build_a_bad_manuscript_keeps_the_last_good_editions(tmp_path: Path) -> None:
    write_files(tmp_path / "ms", BAD)
    out = tmp_path / "out"
    write_files(out, {"bad.epub": b"the last good EPUB", "bad.pdf": b"the last good PDF"})
    before = files_under(out)
    result = tarkbook("build", "ms", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert files_under(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["bad.epub", "bad.pdf"]  # no temporaries
