"""The limits of docs/manuscript.md: at a limit a manuscript is fine; big input stays fast.

"A manuscript over a limit gets a diagnostic, never a crash or a runaway build." The exact
diagnostics over each limit are in test_diagnostics_codes (F004, F005, F006, S005); here are
the boundaries and the cost of large but valid input. The time budgets are generous (each
reading takes a few seconds); work that grows with the square of the input blows them.
"""

from __future__ import annotations

import time

from tarkbook.diagnostics import SourcePos
from tarkbook.manuscript import limits, read_manuscript
from tarkbook.model import InterviewSection, Paragraph, Text, Turn

BOOK = """\
[book]
title = "T"
language = "en"
identifier = "urn:x"
date = "2026-11-25"

[speakers.Q]
name = "Interviewer"
role = "interviewer"

[[sections]]
kind = "interview"
file = "interview.md"
"""


def interview_of(make_manuscript, body: str) -> InterviewSection:
    reading = read_manuscript(make_manuscript({"book.toml": BOOK, "interview.md": body}))
    assert [str(d) for d in reading.diagnostics] == []
    assert reading.book is not None
    section = reading.book.sections[0]
    assert isinstance(section, InterviewSection)
    return section


def test_nesting_at_the_limit_is_allowed(make_manuscript) -> None:
    depth = limits.MAX_NESTING
    section = interview_of(
        make_manuscript,
        "# Interview\n\nQ: " + "[" * depth + "deep" + "]{lang=it}" * depth + "\n\n"
        + ">" * depth + " Quoted.\n",
    )
    (turn,) = section.body
    assert isinstance(turn, Turn)
    assert len(turn.blocks) == 2


def test_a_line_at_the_length_limit_is_allowed(make_manuscript) -> None:
    words = "word " * ((limits.MAX_LINE_CHARS - 3) // 5)
    line = "Q: " + words + "x" * (limits.MAX_LINE_CHARS - 3 - len(words))
    assert len(line) == limits.MAX_LINE_CHARS
    section = interview_of(make_manuscript, "# Interview\n\n" + line + "\n")
    (turn,) = section.body
    assert isinstance(turn, Turn)
    assert turn.blocks[0] == Paragraph((Text(line[3:], SourcePos(turn.pos.file, 3, 4)),), turn.pos)


def test_a_run_at_the_run_limit_is_allowed(make_manuscript) -> None:
    run = "x" * limits.MAX_RUN_CHARS
    section = interview_of(make_manuscript, f"# Interview\n\nQ: {run} {run}\n")
    (turn,) = section.body
    assert isinstance(turn, Turn)


def test_a_paragraph_of_many_lines_is_read_in_linear_time(make_manuscript) -> None:
    lines = 50_000
    started = time.perf_counter()
    section = interview_of(make_manuscript, "# Interview\n\nQ: " + "word\n" * lines)
    elapsed = time.perf_counter() - started
    (turn,) = section.body
    assert isinstance(turn, Turn)
    (paragraph,) = turn.blocks
    assert isinstance(paragraph, Paragraph)
    (text,) = paragraph.children
    assert isinstance(text, Text)
    assert text.text == "\n".join(["word"] * lines)
    assert elapsed < 60, f"{elapsed:.1f}s for {lines} lines"


def test_a_turn_of_many_paragraphs(make_manuscript) -> None:
    paragraphs = 20_000
    started = time.perf_counter()
    section = interview_of(make_manuscript, "# Interview\n\nQ: Go on.\n\n" + "And on.\n\n"
                           * paragraphs)
    elapsed = time.perf_counter() - started
    (turn,) = section.body
    assert isinstance(turn, Turn)
    assert len(turn.blocks) == paragraphs + 1
    assert turn.blocks[-1].pos.line == 3 + 2 * paragraphs
    assert elapsed < 60, f"{elapsed:.1f}s for {paragraphs} paragraphs"
