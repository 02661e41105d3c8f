"""What tomllib does not say about book.toml: where each escaped character stands, and
where a value nested too deep for it starts.

Both read the TOML text with a small scanner that knows only strings, comments and
brackets; it runs on text that tomllib parsed (escapes) or gave up on (nesting), and never
recurses.
"""

from __future__ import annotations

from collections.abc import Iterator

_SIMPLE_ESCAPES = {"b": 0x08, "t": 0x09, "n": 0x0A, "f": 0x0C, "r": 0x0D, "e": 0x1B,
                   '"': 0x22, "\\": 0x5C}
_HEX_DIGITS = {"u": 4, "U": 8, "x": 2}


def _tokens(text: str) -> Iterator[tuple[str, int, str]]:
    """``(kind, index, value)`` for each escape in a basic string (``escape``, the index of
    the backslash and the character it stands for) and each ``=``, bracket and newline
    outside strings and comments (``mark``)."""
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if char == "#":
            newline = text.find("\n", index)
            index = end if newline < 0 else newline
            continue
        if char in "\"'":
            triple = text.startswith(char * 3, index)
            quote = char * 3 if triple else char
            index += len(quote)
            while index < end:
                if text.startswith(quote, index):
                    # A multi-line string may end with up to two more quotes than its
                    # delimiter.
                    while triple and text.startswith(quote + char, index):
                        index += 1
                    index += len(quote)
                    break
                if char == '"' and text[index] == "\\":
                    kind = text[index + 1] if index + 1 < end else ""
                    if kind in _HEX_DIGITS:
                        digits = text[index + 2: index + 2 + _HEX_DIGITS[kind]]
                        try:
                            codepoint = int(digits, 16)
                        except ValueError:
                            codepoint = -1
                        if 0 <= codepoint <= 0x10FFFF:
                            yield "escape", index, chr(codepoint)
                        index += 2 + len(digits)
                        continue
                    if kind in _SIMPLE_ESCAPES:
                        yield "escape", index, chr(_SIMPLE_ESCAPES[kind])
                    index += 2
                    continue
                if not triple and text[index] == "\n":
                    break
                index += 1
            continue
        if char in "=[]{}\n":
            yield "mark", index, char
        index += 1


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def escaped_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """The line, column (of the backslash) and character of every escape in the basic
    strings of ``text``, in order."""
    for kind, index, value in _tokens(text):
        if kind == "escape":
            line, column = position(text, index)
            yield line, column, value


def deep_value(text: str, depth: int) -> tuple[int, int] | None:
    """The line and column where the first value nested more than ``depth`` arrays or
    inline tables deep starts, if any."""
    nesting = 0
    in_value = False
    start = 0
    for kind, index, mark in _tokens(text):
        if kind != "mark":
            continue
        if mark == "=" and nesting == 0:
            in_value, start = True, index + 1
        elif mark == "\n" and nesting == 0:
            in_value = False
        elif in_value and mark in "[{":
            if nesting == 0:
                start = index
            nesting += 1
            if nesting > depth:
                return position(text, start)
        elif in_value and mark in "]}":
            nesting = max(nesting - 1, 0)
    return None
