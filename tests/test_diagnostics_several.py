"""A manuscript with several problems in several files: all are reported in one run, sorted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tarkbook.cli import main
from tarkbook.diagnostics import SourcePos
from tarkbook.manuscript import read_manuscript

FILES = {
    "book.toml": """\
[book]
title = "Several Problems"
language = "en"
identifier = "urn:x"
date = "2026-11-25"
colour = "red"

[speakers.Q]
name = "Interviewer"
role = "interviewer"

[speakers.A]
name = "Answerer"
role = "interviewee"

[[sections]]
kind = "interview"
file = "interview.md"

[[sections]]
kind = "prose"
file = "text.md"

[[sections]]
kind = "prose"
file = "missing.md"
""",
    "interview.md": """\
# Interview

Nobody says this.

Q: A question?[^undefined]

A: An answer.

TARKOVKSY: A typo in the key.
""",
    "text.md": """\
# Text

A <span>tag</span> and a [link](ftp://example.org).

#### Too deep
""",
    "notes.md": """\
[^unused]: Never called.

A stray paragraph.
""",
}

EXPECTED = [
    "ms/book.toml:6:1: error C003: unknown key 'colour' in [book]",
    "ms/book.toml:26:1: error C007: section file 'missing.md' not found",
    "ms/interview.md:3:1: error T001: this paragraph comes before the first speaker; "
    "start it with a speaker key (A:, Q:)",
    "ms/interview.md:5:15: error N001: note [^undefined] is called but never defined",
    "ms/interview.md:9:1: error T002: 'TARKOVKSY:' is not a declared speaker "
    "(declared: A:, Q:); write '\\TARKOVKSY:' to keep it as text",
    "ms/notes.md:1:1: error N002: note [^unused] is defined but never called",
    "ms/notes.md:3:1: error N006: notes.md holds only note definitions; "
    "move this paragraph into a section",
    "ms/text.md:3:3: error H001: raw HTML is not allowed: <span>",
    "ms/text.md:3:12: error H001: raw HTML is not allowed: </span>",
    "ms/text.md:3:26: error L001: link to 'ftp://example.org': only http, https and mailto "
    "links are allowed",
    "ms/text.md:5:1: error S003: heading level 4 is not allowed; use '##' or '###'",
    "11 error(s), 0 warning(s)",
]


def test_every_problem_in_one_run_sorted_by_position(
    make_manuscript, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = make_manuscript(FILES)
    monkeypatch.chdir(folder.parent)
    assert main(["check", "ms"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == EXPECTED


def test_reading_sorts_by_file_line_and_column(make_manuscript) -> None:
    reading = read_manuscript(make_manuscript(FILES))
    assert reading.book is None
    positions = [d.pos for d in reading.diagnostics]
    assert positions == sorted(positions)
    assert positions[0] == SourcePos("ms/book.toml", 6, 1)
    assert len(reading.errors) == len(reading.diagnostics) == 11


def test_the_command_prints_them_without_a_traceback(make_manuscript) -> None:
    folder = make_manuscript(FILES)
    result = subprocess.run(
        [sys.executable, "-m", "tarkbook", "check", "ms"],
        cwd=folder.parent, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == EXPECTED
    assert result.stdout == ""


def test_paths_are_shown_relative_to_the_folder_holding_the_manuscript(
    make_manuscript, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = make_manuscript(FILES)
    monkeypatch.chdir(Path("/"))
    assert main(["check", str(folder)]) == 1  # an absolute path
    assert capsys.readouterr().err.splitlines() == EXPECTED
