"""The id of an index mark's span, the same in both editions: what a locator leads to."""

from __future__ import annotations

from tarkbook.diagnostics import SourcePos

MARK_PREFIX = "ix-"
"""Before the id of an index mark's span in both editions."""


def mark_id(pos: SourcePos) -> str:
    """The id of the span of the index mark at ``pos`` (a mark is one span of one file, at
    one place): the file's name with each character but an ASCII letter or digit written
    as ``_`` and its code in hex and ``_``, then the line and column."""
    name = "".join(char if char.isascii() and char.isalnum() else f"_{ord(char):x}_"
                   for char in pos.file.rsplit("/", 1)[-1])
    return f"{MARK_PREFIX}{name}-{pos.line}-{pos.column}"
