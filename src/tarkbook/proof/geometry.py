"""A glyph outside the text block or outside the page: an overfull line, a call pushed
into the margin, a word set past the trim.

The text block is read from the pages themselves: its inner edge on the left-hand pages
is the leftmost place where several lines begin (the running text, the running heads
and the headings all begin at the edge or inside it), and likewise on the right-hand
pages; the margins are mirrored, so the outer edge of one is the page's width less the
inner edge of the other (a ragged or verse text never shows its outer edge). A book
written from right to left is read from the right: where its lines begin. A line that
begins or ends past them by more than ``TOLERANCE`` is outside it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import Line, Page, PrintedBook

TOLERANCE = 2.5
"""Points a line may stand past the edges: a justified line ends within a few tenths of
a point of the edge, but the glyph boxes PDFium gives may be the ink's, and an italic f
or a hanging mark stands a point or two out."""

CHECK_BLOCK, CHECK_PAGE = "outside-text-block", "outside-page"


def _excerpt(line: Line) -> str:
    text = line.text.strip()
    return text if len(text) <= 60 else text[:27] + " … " + text[-27:]


SEVERAL = 3
"""Lines that begin at one place for it to be an edge of the text block."""


def _starts(book: PrintedBook, parity: int) -> Counter[float]:
    """How many lines of the pages of ``parity`` begin at each place (to half a point)."""
    return Counter(round(book.start(line) * 2) / 2 for page in book.pages
                   if page.number % 2 == parity for line in page.lines)


def start_edge(book: PrintedBook, parity: int) -> float | None:
    """The place furthest out where several lines begin on the pages of ``parity`` (1:
    odd): the leftmost, the rightmost in a book written from right to left."""
    edges = [x for x, count in _starts(book, parity).items() if count >= SEVERAL]
    return (max if book.rtl else min)(edges) if edges else None


def centre(book: PrintedBook, parity: int) -> float | None:
    """The middle of the text block on the pages of ``parity``: where most of the lines
    that do not begin where several others do (a heading, a title) stand centred."""
    starts = _starts(book, parity)
    middles = Counter(round(line.x0 + line.x1) / 2 for page in book.pages
                      if page.number % 2 == parity for line in page.lines
                      if starts[round(book.start(line) * 2) / 2] < SEVERAL)
    found = middles.most_common(1)
    return found[0][0] if found and found[0][1] >= SEVERAL else None


def text_block(book: PrintedBook, parity: int) -> tuple[float, float] | None:
    """The left and right edges of the text block on the pages of ``parity`` (1: odd):
    where the lines begin, and the margins mirrored for the other edge.

    Where no line begins at the edge on the pages of one parity (a book of verse, each
    poem set in from the margin), the edge is found from the facing pages' and the
    text block's middle: a block as wide on both, centred where its lines are."""
    here, facing = start_edge(book, parity), start_edge(book, 1 - parity)
    if here is None or facing is None or not book.pages:
        return None
    width = book.pages[0].width
    here, facing = _edge(book, parity, here, facing), _edge(book, 1 - parity, facing, here)
    return (width - facing, here) if book.rtl else (here, width - facing)


def _edge(book: PrintedBook, parity: int, here: float, facing: float) -> float:
    """Where the lines of the pages of ``parity`` begin: ``here``, where several do, or
    further out where the middle and the facing pages' edge put it, when that is clearly
    further out (the lines of these pages all set in)."""
    middle = centre(book, parity)
    if middle is None:
        return here
    mirrored = 2 * middle - book.pages[0].width + facing
    further = here - mirrored if not book.rtl else mirrored - here
    return mirrored if further > TOLERANCE else here


def check(book: PrintedBook) -> Iterator[Finding]:
    blocks = {parity: text_block(book, parity) for parity in (0, 1)}
    for page in book.pages:
        yield from _page(page, blocks[page.number % 2], book.rtl)


def _page(page: Page, block: tuple[float, float] | None, rtl: bool) -> Iterator[Finding]:
    for line in page.lines:
        box = (line.x0, line.top, line.x1, line.bottom)
        if line.x0 < 0 or line.top < 0 or line.x1 > page.width or line.bottom > page.height:
            yield Finding(CHECK_PAGE, Level.ERROR, f"'{_excerpt(line)}' runs off the page",
                          page.number, page.folio, box=box)
        elif block is not None:
            left, right = block
            end, start = (left - line.x0, line.x1 - right) if rtl else (
                line.x1 - right, left - line.x0)
            if end > TOLERANCE:
                yield Finding(CHECK_BLOCK, Level.ERROR,
                              f"'{_excerpt(line)}' runs {end:.1f} pt into the "
                              f"outer margin", page.number, page.folio, box=box)
            elif start > TOLERANCE:
                yield Finding(CHECK_BLOCK, Level.ERROR,
                              f"'{_excerpt(line)}' begins {start:.1f} pt into the "
                              f"margin", page.number, page.folio, box=box)
