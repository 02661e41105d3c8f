"""Page breaks: widows (a paragraph's last line alone at a page's top), orphans (its first
alone at a page's foot), a heading alone at a page's foot, and short pages (a text page,
not a part's last, more than two lines shorter than its facing page).

Paragraphs are read from the lines' shapes: a paragraph begins with an indented line or
after a gap wider than the leading, and a line short of the text block's outer edge ends
one. That holds for justified prose; verse and ragged lines are never taken for a full
line that runs on."""

from __future__ import annotations

from collections.abc import Iterator

from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import Line, Page, PrintedBook

CHECK_WIDOW, CHECK_ORPHAN = "widow", "orphan"
CHECK_HEADING, CHECK_SHORT = "heading-at-foot", "short-page"

FULL = 1.5
"""Points from the outer edge within which a line is full (it runs on)."""

INDENT = 3.0
"""Points by which a line must stand in from the others to be indented."""

SHORT_LINES = 2
"""Lines by which a page may fall short of its facing page."""


def _box(line: Line) -> tuple[float, float, float, float]:
    return (line.x0, line.top, line.x1, line.bottom)


def check(book: PrintedBook) -> Iterator[Finding]:
    size, step = book.body_size, book.leading
    part_starts = {page for name, (page, _) in book.destinations.items()
                   if name.startswith("part-")}
    bodies = {page.number: book.body_lines(page) for page in book.pages}

    def full(line: Line, lines: list[Line]) -> bool:
        return book.shortfall(line, lines) <= FULL

    def begins(lines: list[Line], index: int) -> bool:
        if index == 0:
            return False
        gap = lines[index].base - lines[index - 1].base
        return book.indent(lines[index], lines) > INDENT or gap > step * 1.2

    for page in book.pages:
        lines = bodies[page.number]
        following = bodies.get(page.number + 1, [])
        if page.number + 1 in part_starts or not lines or not following:
            continue
        last, first = lines[-1], following[0]
        runs_on = full(last, lines) and len(lines) > 1
        after = book.pages[page.number]
        if runs_on and begins(lines, len(lines) - 1):
            yield Finding(CHECK_ORPHAN, Level.WARNING,
                          f"the first line of a paragraph stands alone at the foot: "
                          f"'{last.text.strip()[:40]}'", page.number, page.folio, box=_box(last))
        if runs_on and len(following) > 1 and not full(first, following) \
                and begins(following, 1):
            yield Finding(CHECK_WIDOW, Level.WARNING,
                          f"the last line of a paragraph stands alone at the top: "
                          f"'{first.text.strip()[:40]}'", after.number, after.folio,
                          box=_box(first))
    yield from _headings(book, size, part_starts)
    yield from _short(book, step, part_starts)


def _headings(book: PrintedBook, size: float, part_starts: set[int]) -> Iterator[Finding]:
    for page in book.pages:
        content = [line for line in page.lines if not book.is_furniture(page, line)]
        body = [line for line in content if line.size >= size]
        text = [line for line in body[:-1] if line.size == size]
        if len(text) >= SHORT_LINES + 1 and body[-1].size > size \
                and page.number + 1 not in part_starts:  # a title page has no text above
            yield Finding(CHECK_HEADING, Level.WARNING,
                          f"the heading '{body[-1].text.strip()[:40]}' stands alone at the "
                          f"foot", page.number, page.folio, box=_box(body[-1]))


def _short(book: PrintedBook, step: float,
           part_starts: set[int]) -> Iterator[Finding]:
    def last(page: Page) -> Line | None:
        """The page's lowest line of text (not its folio or running head), if it has
        running text."""
        content = [line for line in page.lines if not book.is_furniture(page, line)]
        return max(content, key=lambda line: line.bottom) if book.body_lines(page) else None

    def bottom(page: Page) -> float | None:
        line = last(page)
        return None if line is None else line.bottom

    last_text = max((page.number for page in book.pages if book.body_lines(page)), default=0)
    # A part's last page: the next page with text begins a part (a blank verso may stand
    # between, before a part that opens on a recto).
    ends_part: set[int] = set()
    following = 0
    for page in reversed(book.pages):
        if following in part_starts:
            ends_part.add(page.number)
        if book.body_lines(page) or page.number in part_starts:
            following = page.number
    for verso in book.pages[1::2]:  # pages 2, 4, …: the left of each spread
        if verso.number >= len(book.pages):
            break
        recto = book.pages[verso.number]
        ends = {verso.number: bottom(verso), recto.number: bottom(recto)}
        if None in ends.values() or {verso.number, recto.number} & ends_part \
                or recto.number >= last_text:  # the book's last page ends its last part
            continue
        short, other = sorted((verso, recto), key=lambda p: ends[p.number] or 0.0)
        lost = ((ends[other.number] or 0.0) - (ends[short.number] or 0.0)) / step
        if lost > SHORT_LINES:  # outlined: the last line, where the page falls short
            line = last(short)
            yield Finding(CHECK_SHORT, Level.WARNING,
                          f"the page is {lost:.0f} lines shorter than its facing page "
                          f"(p. {other.folio})", short.number, short.folio,
                          box=_box(line) if line is not None else None)
