"""Page breaks: widows (a paragraph's last line alone at a page's top), orphans (its first
alone at a page's foot), a heading alone at a page's foot, and short pages (a text page,
not a part's last, more than two lines shorter than its facing page, or than the text
block's foot where the facing page is no full page of text).

Paragraphs are read from the lines' shapes: a paragraph begins with an indented line or
after a gap wider than the leading, and a line short of the text block's outer edge ends
one. That holds for justified prose; verse and ragged lines are never taken for a full
line that runs on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import Line, Page, PrintedBook

CHECK_WIDOW, CHECK_ORPHAN = "widow", "orphan"
CHECK_HEADING, CHECK_SHORT = "heading-at-foot", "short-page"

SHORT_LINES = 2
"""Lines by which a page may fall short of its facing page."""


def _box(line: Line) -> tuple[float, float, float, float]:
    return (line.x0, line.top, line.x1, line.bottom)


def check(book: PrintedBook, askers: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """``askers``: the labels of an interview's interviewers, case folded (a question,
    which the layout keeps with its answer, opens with one)."""
    size, step = book.body_size, book.leading
    part_starts = {page for name, (page, _) in book.destinations.items()
                   if name.startswith("part-")}
    bodies = {page.number: book.body_lines(page) for page in book.pages}

    full, begins = book.full, book.begins
    for page in book.pages:
        lines = bodies[page.number]
        following = bodies.get(page.number + 1, [])
        if page.number + 1 in part_starts or not lines or not following \
                or page.number in book.contents_pages:
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
    yield from _short(book, step, part_starts, askers)


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


def _kept(book: PrintedBook, page: Page, askers: frozenset[str]) -> int:
    """The lines that the layout keeps together at the top of ``page``: a heading, or an
    interview's question, with the first two lines of what follows it (and the space
    between); 0 when the page opens with neither."""
    content = [line for line in page.lines if not book.is_furniture(page, line)]
    body = book.body_lines(page)
    if not content or not body:
        return 0
    heading = content[0].size > book.body_size
    words = body[0].text.split(maxsplit=1)
    question = bool(words) and words[0].casefold() in askers and body[0] is content[0]
    if not heading and not question:
        return 0
    block = 1
    while block < len(body) and not book.begins(body, block):
        block += 1
    return (0 if heading else block) + 3


def _short(book: PrintedBook, step: float, part_starts: set[int],
           askers: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """Each text page that ends more than ``SHORT_LINES`` lines above its facing page's
    foot, or, where that page is no full page of text (it ends its part, or is blank),
    above the foot most pages of text end at: a page left short by a note, a figure or a
    heading pushed on to the next page. A part's last page (the next page with text opens
    a part, or there is none), the front matter and the contents are left alone; a page
    before one that opens with a heading or an interview's question may fall short by the
    lines the layout keeps with it too (``_kept``)."""
    def last(page: Page) -> Line | None:
        """The page's lowest line of text (not its folio or running head), if it has
        running text."""
        content = [line for line in page.lines if not book.is_furniture(page, line)]
        return max(content, key=lambda line: line.bottom) if book.body_lines(page) else None

    lows = {page.number: last(page) for page in book.pages}
    with_text = sorted(number for number, line in lows.items() if line is not None)
    after = dict(zip(with_text, [*with_text[1:], None], strict=True))
    first_part = min(part_starts, default=1)

    def counts(number: int) -> bool:
        """A page of text that the layout should fill: not a part's last, not the front
        matter's or the contents'."""
        following = after.get(number, 0)
        return lows.get(number) is not None and number >= first_part \
            and number not in book.contents_pages \
            and following is not None and following not in part_starts

    feet = Counter(round(line.bottom) for number, line in lows.items()
                   if line is not None and counts(number))
    if not feet:
        return
    foot = float(max(feet.items(), key=lambda item: (item[1], item[0]))[0])
    for page in book.pages:
        line = lows[page.number]
        if line is None or not counts(page.number):
            continue
        facing = page.number + 1 if page.number % 2 == 0 else page.number - 1
        facing_line = lows.get(facing)
        against, other = "the text block's foot", foot
        if facing_line is not None and counts(facing):
            against = f"its facing page (p. {book.pages[facing - 1].folio})"
            other = facing_line.bottom
        lost = (other - line.bottom) / step
        turn = book.pages[page.number] if page.number < len(book.pages) else None
        allowed = SHORT_LINES + (_kept(book, turn, askers) if turn is not None else 0)
        if lost > allowed:  # outlined: the last line, where the page falls short
            yield Finding(CHECK_SHORT, Level.WARNING,
                          f"the page is {lost:.0f} lines shorter than {against}",
                          page.number, page.folio, box=_box(line))
