"""What a book will cost to make, checked before anything is laid out.

The print edition keeps every laid-out page in memory, and links and footnotes cost more
than plain text, so that a book may be valid in every line and still need gigabytes and
hours to typeset. Here its pages are estimated from its text, and its links and note
calls counted; each limit of ``limits`` is reported at the place that crosses it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript import limits
from tarkbook.model import (
    Block,
    BlockQuote,
    Book,
    Code,
    Division,
    Emphasis,
    Figure,
    Heading,
    Inline,
    InterviewSection,
    LanguageSpan,
    Link,
    ListBlock,
    NoteCall,
    Paragraph,
    Reference,
    Strong,
    Table,
    ThematicBreak,
    Turn,
    Verse,
    inline_runs,
    nested_blocks,
)
from tarkbook.render.inlines import plain_text

CHARS_PER_LINE = 62
"""Characters in a line of the text block at the default trim size (129 by 198 mm)."""
LINES_PER_PAGE = 30
"""Lines a page holds, with room for headings and notes (the 303-page long benchmark book
comes to 8,870 estimated lines: 29 a page)."""
FIGURE_LINES = 12
"""A figure: about a third of a page."""
FRONT_LINES = 6 * LINES_PER_PAGE
"""The title page, the imprint, the contents and the blank versos between them."""

DEFAULT_PAGE_MM = (129.0, 198.0)
MARGINS_MM = (34.0, 37.0)
"""The page margins of print.css, across (inner and outer) and down (head and foot)."""
NAMED_PAGES_MM = {
    "A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0), "A6": (105.0, 148.0),
    "B4": (250.0, 353.0), "B5": (176.0, 250.0), "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
}
UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


MARKUP = (Emphasis, Strong, LanguageSpan, Link, NoteCall, Code)
"""The inline markup that becomes an element of its own in print, each a box that the
renderer lays out, splits across lines and keeps in memory with its page."""


def check_size(book: Book, calls: Sequence[NoteCall], reporter: Reporter) -> None:
    """Report every limit on the cost of ``book`` that it crosses (S007, S008, L002, N008,
    N009).

    ``calls`` are the book's note calls in reading order, as the notes were numbered.
    """
    _check_calls(calls, reporter)
    _check_inline(book, reporter)
    _check_pages(book, reporter)


def _check_calls(calls: Sequence[NoteCall], reporter: Reporter) -> None:
    totals = Counter(call.key for call in calls)
    counts: Counter[str] = Counter()
    for number, call in enumerate(calls, start=1):
        counts[call.key] += 1
        if counts[call.key] == limits.MAX_CALLS_PER_NOTE + 1:
            reporter.report("N008", call.pos, key=call.key, count=totals[call.key],
                            limit=limits.MAX_CALLS_PER_NOTE)
        if number == limits.MAX_NOTE_CALLS + 1:
            reporter.report("N009", call.pos, count=len(calls), limit=limits.MAX_NOTE_CALLS)


def _check_inline(book: Book, reporter: Reporter) -> None:
    """L002 at the first link over the limit (in file order), S008 at the piece of inline
    markup that passes the limit (in reading order), from one walk of the book's text."""
    links: list[Link] = []
    count = 0
    over: SourcePos | None = None
    runs = [book.source_citation, book.imprint,
            *(_inlines_of(blocks) for blocks in _book_blocks(book))]
    for run in runs:
        for node in _walk(run):
            if isinstance(node, MARKUP):
                count += 1
                if count == limits.MAX_INLINE_MARKUP + 1:
                    over = node.pos
                if isinstance(node, Link):
                    links.append(node)
    if len(links) > limits.MAX_LINKS:
        first = sorted(link.pos for link in links)[limits.MAX_LINKS]
        reporter.report("L002", first, count=len(links), limit=limits.MAX_LINKS)
    if over is not None:
        reporter.report("S008", over, count=count, limit=limits.MAX_INLINE_MARKUP)


def estimated_pages(book: Book, limit: int | None = None) -> tuple[int, SourcePos | None]:
    """The pages ``book`` comes to in print, roughly, and the block where they pass
    ``limit`` pages (None when they do not). The lines are counted as on a page of the
    default trim size; a smaller page holds fewer of them."""
    note_lines = {note.key: _lines(note.blocks) for note in book.notes}
    per_page = LINES_PER_PAGE / page_scale(book.print_settings.page_size)
    most = None if limit is None else limit * per_page
    total = FRONT_LINES
    crossed: SourcePos | None = None
    for blocks in _section_blocks(book):
        total += LINES_PER_PAGE  # each section opens on a page of its own
        for block in blocks:
            total += _lines((block,))
            total += sum(note_lines.get(call.key, 0) for call in _calls((block,)))
            if crossed is None and most is not None and total > most:
                crossed = block.pos
    return math.ceil(total / per_page), crossed


def page_scale(page_size: str) -> float:
    """How many pages of ``page_size`` the text of one page of the default size fills: the
    ratio of the areas of their text blocks (2.0 for a page whose text block is half as
    large)."""
    def text_area(width: float, height: float) -> float:
        return max(width - MARGINS_MM[0], 10.0) * max(height - MARGINS_MM[1], 10.0)

    return text_area(*DEFAULT_PAGE_MM) / text_area(*trim_mm(page_size))


def trim_mm(page_size: str) -> tuple[float, float]:
    """Width and height of a page size of book.toml, in millimetres."""
    if page_size in NAMED_PAGES_MM:
        return NAMED_PAGES_MM[page_size]
    sides = []
    for part in page_size.split():
        match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt)", part)
        if match is None:
            break
        sides.append(float(match[1]) * UNIT_MM[match[2]])
    if len(sides) != 2:
        return DEFAULT_PAGE_MM  # book.toml's checks report it (C006)
    return sides[0], sides[1]


def _check_pages(book: Book, reporter: Reporter) -> None:
    pages, crossed = estimated_pages(book, limits.MAX_PAGES)
    if crossed is not None:
        reporter.report("S007", crossed, pages=pages, limit=limits.MAX_PAGES)


def _section_blocks(book: Book) -> Iterator[Sequence[Block]]:
    """The blocks of each section in reading order, a turn's blocks with their turn."""
    for section in book.sections:
        if isinstance(section, InterviewSection):
            blocks: list[Block] = []
            for item in section.body:
                blocks.extend(item.blocks if isinstance(item, Turn) else (item,))
            yield blocks
        else:
            yield section.blocks


def _book_blocks(book: Book) -> Iterator[Sequence[Block]]:
    yield from _section_blocks(book)
    for note in book.notes:
        yield note.blocks


def _lines(blocks: Iterable[Block]) -> int:
    """The lines ``blocks`` take in print, roughly."""
    count = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            count += max(1, -(-len(plain_text(block.children)) // CHARS_PER_LINE))
        elif isinstance(block, Heading):
            count += 2 + -(-len(plain_text(block.children)) // CHARS_PER_LINE)
        elif isinstance(block, BlockQuote | Division):
            count += 1 + _lines(block.blocks)
        elif isinstance(block, Verse):
            count += sum(len(stanza.lines) + 1 for stanza in block.stanzas)
        elif isinstance(block, ListBlock):
            count += 1 + sum(_lines(item.blocks) for item in block.items)
        elif isinstance(block, Figure):
            count += FIGURE_LINES
        elif isinstance(block, Table):
            count += 3 + len(block.rows)
        elif isinstance(block, ThematicBreak):
            count += 2
    return count


def _inlines_of(blocks: Iterable[Block]) -> Iterator[Inline]:
    for block in nested_blocks(blocks):
        for run in inline_runs(block):
            yield from run


def _walk(nodes: Iterable[Inline]) -> Iterator[Inline]:
    """Each node of ``nodes`` and of their children, in document order (without a
    generator for each level: a book may hold tens of thousands of nested nodes)."""
    stack = [iter(nodes)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        yield node
        if isinstance(node, Emphasis | Strong | LanguageSpan | Link | Reference):
            stack.append(iter(node.children))


def _links(nodes: Iterable[Inline]) -> list[Link]:
    return [node for node in _walk(nodes) if isinstance(node, Link)]


def _calls(blocks: Iterable[Block]) -> list[NoteCall]:
    return [node for node in _walk(_inlines_of(blocks)) if isinstance(node, NoteCall)]
