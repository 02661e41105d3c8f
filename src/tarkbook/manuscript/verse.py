"""Verse: the lines of a ``::: verse`` block, read from the source as they are written.

markdown-it would join the lines of a stanza into one paragraph and take a line indented
by four spaces for code, so the block's source lines are read here instead: every line a
line of the poem, blank lines between stanzas, leading spaces an indent (two spaces a
step), and each line's inline markup parsed on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tarkbook.diagnostics import SourcePos
from tarkbook.model import Inline, Stanza, Verse, VerseLine

MAX_INDENT = 4
"""The deepest indent a line may have, in steps; deeper ones are set at this one."""

_FENCE = re.compile(r"^\s*:{3,}\s*$")
_QUOTE_MARKER = re.compile(r"[ \t]{0,3}> ?")

ReadLine = Callable[[int, str], tuple[Inline, ...]]
"""Inline nodes of the text of a source line (0-based line number, text without indent)."""
PairQuotes = Callable[[list[str]], list[str]]
"""The lines of a stanza with their quotes paired across lines."""


def read_verse(
    lines: list[str], first: int, end: int, file: str, read_line: ReadLine, quoted: int = 0,
    pair_quotes: PairQuotes | None = None,
) -> Verse:
    """The poem of the source lines after ``first`` (the ``::: verse`` line), up to the
    closing ``:::`` or ``end``; inside ``quoted`` block quotes, each line's first
    ``quoted`` markers (``> ``) are not part of it. ``pair_quotes`` makes a stanza's
    straight quotes typographic across its lines before each line is read."""
    stanzas: list[Stanza] = []
    current: list[tuple[int, str, int, SourcePos]] = []

    def close() -> None:
        if current:
            texts = [text for _, text, _, _ in current]
            if pair_quotes is not None:
                texts = pair_quotes(texts)
            verse_lines = tuple(VerseLine(read_line(number, text), indent, pos)
                                for (number, _, indent, pos), text
                                in zip(current, texts, strict=True))
            stanzas.append(Stanza(verse_lines, verse_lines[0].pos))
            current.clear()

    for number in range(first + 1, min(end, len(lines))):
        source = lines[number].rstrip()
        offset = 0
        for _ in range(quoted):
            marker = _QUOTE_MARKER.match(source, offset)
            if marker is None:
                break
            offset = marker.end()
        body = source[offset:]
        if _FENCE.match(body):
            break
        if not body.strip():
            close()
            continue
        expanded = body.expandtabs(4)
        spaces = len(expanded) - len(expanded.lstrip(" "))
        indent = min((spaces + 1) // 2, MAX_INDENT)
        text = body.lstrip()
        pos = SourcePos(file, number + 1, len(source) - len(text) + 1)
        current.append((number, text, indent, pos))
    close()
    return Verse(tuple(stanzas), SourcePos(file, first + 1, 1))
