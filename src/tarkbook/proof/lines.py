"""The lines of the running text: three or more in a row ending in a hyphen, a line that
opens with a closing punctuation mark or an em dash where the line breaking put it (a
paragraph may open with a dash or a guillemet), a note's call alone on a line."""

from __future__ import annotations

from collections.abc import Iterator

from tarkbook.manuscript.digits import latin_digits
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import INDENT, Line, Page, PrintedBook

CHECK_HYPHENS, CHECK_OPENING, CHECK_CALL = "stacked-hyphens", "line-opening", "lone-call"

STACK = 3
"""Lines in a row ending in a hyphen that make a stack."""

HYPHENS = ("-", "\u2010", "\u00ad")
CLOSING = ".,;:!?)]}»\u201d\u2019\u203a\u2014"


def _box(first: Line, last: Line) -> tuple[float, float, float, float]:
    return (min(first.x0, last.x0), first.top, max(first.x1, last.x1), last.bottom)


def check(book: PrintedBook) -> Iterator[Finding]:
    calls = {name for name in book.destinations if name.startswith("call-")}
    before: list[Line] = []  # the lines of the page before
    for page in book.pages:
        lines = book.body_lines(page)
        yield from _hyphens(page, lines)
        for index, line in enumerate(lines):
            text = line.text.strip()
            box = (line.x0, line.top, line.x1, line.bottom)
            if text.isdecimal() and f"call-{latin_digits(text)}" in calls:
                yield Finding(CHECK_CALL, Level.WARNING,
                              f"the call of note {latin_digits(text)} stands alone on a "
                              "line",
                              page.number, page.folio, box=box)
            elif text[0] in CLOSING and _runs_on(book, lines, index, before):
                yield Finding(CHECK_OPENING, Level.WARNING,
                              f"a line opens with '{text[0]}': '{text[:40]}'",
                              page.number, page.folio, box=box)
        before = lines or before


def _runs_on(book: PrintedBook, lines: list[Line], index: int, before: list[Line]) -> bool:
    """Whether ``lines[index]`` goes on with the paragraph of the line above it (the
    last of ``before``, the page before's, for a page's first line): the line breaking
    put its opening there. A paragraph that opens with a dash (a line of dialogue, a
    signature) or a guillemet (a quotation that goes on) is none."""
    if index > 0:
        return not book.begins(lines, index) and book.full(lines[index - 1], lines)
    return bool(before) and book.full(before[-1], before) \
        and book.indent(lines[0], lines) <= INDENT


def _hyphens(page: Page, lines: list[Line]) -> Iterator[Finding]:
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and line.text.rstrip().endswith(HYPHENS):
            run.append(line)
            continue
        if len(run) >= STACK:
            yield Finding(CHECK_HYPHENS, Level.WARNING,
                          f"{len(run)} lines in a row end in a hyphen, from "
                          f"'{run[0].text.strip()[-30:]}'", page.number, page.folio,
                          box=_box(run[0], run[-1]))
        run = []
