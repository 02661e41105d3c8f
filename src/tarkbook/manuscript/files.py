"""Reading a manuscript's text files: UTF-8, size and character checks."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from tarkbook.diagnostics import Reporter
from tarkbook.inputs import Outside, TooLarge, read_input
from tarkbook.manuscript import limits

# C0 controls other than tab and newline, DEL, C1 controls, and the XML non-characters.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def read_text(path: Path, reporter: Reporter) -> str | None:
    """The text of ``path`` with newlines normalised, or None if it cannot be used.

    Problems are reported; text with forbidden characters is still returned (with the
    characters replaced) so that the rest of the file is checked in the same run.
    """
    start = reporter.pos(path)
    try:
        outside = not path.resolve().is_relative_to(reporter.root.resolve())
    except OSError:  # the name changed while it was followed: the open below decides
        outside = False
    if outside:
        reporter.report("F010", start)
        return None
    try:
        data = read_input(path, limits.MAX_FILE_BYTES, inside=reporter.root.resolve())
    except Outside:  # a link swapped in since the check above
        reporter.report("F010", start)
        return None
    except TooLarge as exc:
        reporter.report("F004", start, size=exc.size, limit=limits.MAX_FILE_BYTES)
        return None
    except OSError as exc:
        reporter.report("F007", start, reason=exc.strerror or str(exc))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        reporter.report("F002", start)
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        reporter.report(
            "F001", reporter.pos(path, line, column), byte=data[exc.start], offset=exc.start
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        reporter.report("F003", start)
        return None
    return _check_lines(path, text, reporter)


_REFERENCE = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));")


def _forbidden_characters(line: str) -> list[tuple[int, int]]:
    """The 1-based column and code point of each forbidden character in ``line``, written
    as itself or as a numeric character reference (``&#12;``), in order."""
    found = [(m.start() + 1, ord(m.group())) for m in _FORBIDDEN.finditer(line)]
    for match in _REFERENCE.finditer(line):
        codepoint = int(match[1]) if match[1] else int(match[2], 16)
        if codepoint <= 0x10FFFF and _FORBIDDEN.match(chr(codepoint)):
            found.append((match.start() + 1, codepoint))
    return sorted(found)


_RUN = re.compile(r"\S{" + str(limits.MAX_RUN_CHARS + 1) + ",}")


def _longest_run(line: str) -> tuple[int, int] | None:
    """The start and length of the first run without a space over the limit, if any."""
    match = _RUN.search(line)
    return None if match is None else (match.start(), len(match.group()))


def _check_lines(path: Path, text: str, reporter: Reporter) -> str | None:
    reported = 0
    too_long = False
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limits.MAX_LINE_CHARS:
            reporter.report(
                "F005",
                reporter.pos(path, number, limits.MAX_LINE_CHARS + 1),
                length=len(line),
                limit=limits.MAX_LINE_CHARS,
            )
            too_long = True
            reported += 1
        else:
            run = _longest_run(line)
            if run is not None:
                reporter.report("F008", reporter.pos(path, number, run[0] + 1),
                                length=run[1], limit=limits.MAX_RUN_CHARS)
                too_long = True
                reported += 1
        for column, codepoint in _forbidden_characters(line):
            if reported < limits.MAX_DIAGNOSTICS_PER_FILE:
                reporter.report("F006", reporter.pos(path, number, column), codepoint=codepoint)
            reported += 1
    if too_long:
        return None
    return _FORBIDDEN.sub("\ufffd", text)


def forbidden_references(text: str) -> list[int]:
    """The code point of each numeric character reference in ``text`` (``&#12;``) to a
    forbidden character, in order."""
    codepoints = (int(m[1]) if m[1] else int(m[2], 16) for m in _REFERENCE.finditer(text))
    return [c for c in codepoints if c <= 0x10FFFF and is_forbidden(chr(c))]


def is_forbidden(character: str) -> bool:
    """Whether ``character`` may not stand in a manuscript (F006)."""
    return _FORBIDDEN.match(character) is not None


def has_words(text: str) -> bool:
    """Whether ``text`` shows anything: a letter, digit, punctuation mark or symbol (a
    title of spaces or zero-width characters shows nothing)."""
    return any(unicodedata.category(character)[0] in "LNPS" for character in text)
