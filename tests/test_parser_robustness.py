"""Any text at all gives a book or diagnostics, never an exception (property-based)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_files
from tarkbook.diagnostics import CATALOGUE
from tarkbook.manuscript import read_manuscript

BOOK = """\
[book]
title = "T"
language = "en"
identifier = "urn:x"
date = "2026-11-25"

[speakers.Q]
name = "Interviewer"

[speakers.A]
name = "Answerer"

[[sections]]
kind = "interview"
file = "interview.md"

[[sections]]
kind = "prose"
file = "text.md"
"""

# Pieces that mean something to the parser, so that random text meets every rule.
PIECES = [
    "# ", "## ", "#### ", "Q: ", "A: ", "NOTE: ", "\\NOTE: ", "> ", "- ", "1. ", "    ",
    "*", "**", "_", "`", "[", "]", "(", ")", "{lang=it}", "{.x}", "[^a]", "[^b]", "[^a]: ",
    "![alt](images/a.png)", "![](x.png)", "<b>", "</b>", "<!-- -->", "<https://x.org>",
    "[l](ftp://x)", "[l](https://x.org)", "***", "```", "|a|b|\n|-|-|", "\\", "  \n",
    "\n", "\n\n", "word", " ", "“", "é", "\t", "\x01",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
LINE = re.compile(r"^ms(/[^:]+)?:\d+:\d+: (error|warning) ([A-Z]\d{3}): .+$")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interview=TEXT, text=TEXT, notes=st.one_of(st.none(), TEXT))
def test_reading_never_raises(interview: str, text: str, notes: str | None) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = write_files(Path(temp) / "ms", {
            "book.toml": BOOK,
            "interview.md": "# Interview\n\n" + interview,
            "text.md": text,
            "notes.md": notes,
        })
        reading = read_manuscript(folder)
    assert (reading.book is None) == bool(reading.errors)
    for diagnostic in reading.diagnostics:
        assert diagnostic.code in CATALOGUE
        assert LINE.match(str(diagnostic)), str(diagnostic)
        assert diagnostic.pos.line >= 1
        assert diagnostic.pos.column >= 1
    positions = [d.pos for d in reading.diagnostics]
    assert positions == sorted(positions)
