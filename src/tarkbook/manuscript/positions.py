"""Source positions of inline content, which markdown-it's inline tokens do not carry."""

from __future__ import annotations

import bisect

from tarkbook.diagnostics import SourcePos


class InlinePositions:
    """Maps offsets in an inline token's content back to lines and columns of the file.

    markdown-it strips each line's indentation and container markers (``> ``) before it
    joins a block's lines into ``content``; each content line is found again in its source
    line to recover the column. A cursor moves forward as the inline tokens are read, so
    repeated text maps to its own occurrence.
    """

    def __init__(self, file: str, lines: list[str], first_line: int, content: str) -> None:
        self.file = file
        self.content = content
        self.cursor = 0
        self.last_found: SourcePos | None = None
        """The position ``find`` last returned when it found its needle."""
        self._starts: list[int] = []
        self._columns: list[int] = []
        self._first_line = first_line
        offset = 0
        for index, part in enumerate(content.split("\n")):
            self._starts.append(offset)
            source = lines[first_line + index] if first_line + index < len(lines) else ""
            found = source.find(part) if part else -1
            self._columns.append(found if found >= 0 else len(source) - len(source.lstrip()))
            offset += len(part) + 1

    def at(self, offset: int) -> SourcePos:
        # The last line that starts at or before offset (a bisection: paragraphs can be long).
        index = max(bisect.bisect_right(self._starts, offset) - 1, 0)
        column = self._columns[index] + (offset - self._starts[index]) + 1
        return SourcePos(self.file, self._first_line + index + 1, column)

    def find(self, needle: str) -> SourcePos:
        """The position of the next occurrence of ``needle``; advances the cursor past it."""
        found = self.content.find(needle, self.cursor) if needle else -1
        self.last_found = None
        if found < 0:
            return self.at(self.cursor)
        self.cursor = found + len(needle)
        self.last_found = self.at(found)
        return self.last_found

    def here(self) -> SourcePos:
        return self.at(self.cursor)
