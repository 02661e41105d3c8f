"""Nesting at the documented limit of 32 levels: a list counts once, however markdown-it
splits it into tokens, so 32 lists (or 16 quotes around 16 lists) pass and 33 do not."""

from __future__ import annotations

import pytest

from conftest import MakeManuscript
from tarkbook.manuscript import read_manuscript
from tarkbook.model import BlockQuote, ListBlock, ProseSection

BOOK = """\
[book]
title = "Deep"
language = "en"
identifier = "urn:x-deep"
date = "2026-11-25"

[[sections]]
kind = "prose"
file = "text.md"
"""


def _depth(block: object) -> int:
    if isinstance(block, BlockQuote):
        return 1 + max((_depth(b) for b in block.blocks), default=0)
    if isinstance(block, ListBlock):
        return 1 + max((_depth(b) for item in block.items for b in item.blocks), default=0)
    return 0


@pytest.mark.parametrize("markers", ["* " * 32, "> " * 16 + "* " * 16, "1. " * 17 + "> " * 15])
def test_thirty_two_levels_are_read_whole(make_manuscript: MakeManuscript, markers: str) -> None:
    folder = make_manuscript({"book.toml": BOOK, "text.md": f"# Deep\n\n{markers}deep\n"})
    reading = read_manuscript(folder)
    assert reading.diagnostics == ()
    assert reading.book is not None
    (section,) = reading.book.sections
    assert isinstance(section, ProseSection)
    assert _depth(section.blocks[0]) == 32


def test_thirty_three_lists_are_over_the_limit(make_manuscript: MakeManuscript) -> None:
    folder = make_manuscript({"book.toml": BOOK, "text.md": "# Deep\n\n" + "* " * 33 + "x\n"})
    assert [str(d) for d in read_manuscript(folder).diagnostics] == [
        f"{folder.name}/text.md:3:1: error S005: nesting is 33 levels deep, over the limit "
        "of 32"]
