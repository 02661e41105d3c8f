"""The typeset PDF as the proof reads it, all with PDFium: every page's lines of glyphs,
its printed folio, its fonts and images, and where each id of the book landed
(``proof/pdf_objects.py`` reads all but the lines)."""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise, repeat
from pathlib import Path

import pypdfium2

from tarkbook.proof import glyph_calls
from tarkbook.proof.bidi_order import has_right_to_left, reading_order
from tarkbook.proof.files import MAX_PAGE_CHARS, Unreadable, open_pdf
from tarkbook.proof.furniture import furniture_of
from tarkbook.proof.page_lines import Line as Line  # read by the checks from here too
from tarkbook.proof.page_lines import Page as Page
from tarkbook.proof.pdf_objects import FontUse, destinations, page_labels, page_objects

NOTE_PIECE = re.compile(r"note-(\d+)(?:-part-(\d+))?")
"""The id of a note, or of a later piece of a note run on over pages (``note-7-part-2``):
the PDF's destination at the top of each."""


@dataclass(frozen=True)
class PrintedBook:
    path: Path
    pages: tuple[Page, ...]
    destinations: dict[str, tuple[int, float]]
    """Id -> (1-based page, distance of its top from the page's top in points)."""
    rtl: bool = False
    """The book is written from right to left: its lines begin on the right."""

    @cached_property
    def body_size(self) -> float:
        """The size of the running text: the size most letters of the book's parts are
        set in, their notes left out (not most lines, nor the front matter's: a short book
        may have more lines of notes, and more letters in its imprint, than of text)."""
        first = min((page for name, (page, _) in self.destinations.items()
                     if name.startswith("part-")), default=1)
        sizes: Counter[float] = Counter()
        for page in self.pages[first - 1:] or self.pages:
            for line in self.above_notes(page):
                sizes[line.size] += len(line.text)
        return sizes.most_common(1)[0][0] if sizes else 0.0

    @cached_property
    def notes_tops(self) -> dict[int, float]:
        """Page number -> the top of its notes: of the first note, or piece of a note run
        on from the page before, that stands on it."""
        tops: dict[int, float] = {}
        for name, (number, top) in self.destinations.items():
            if NOTE_PIECE.fullmatch(name):
                tops[number] = min(top, tops.get(number, top))
        return tops

    def above_notes(self, page: Page) -> list[Line]:
        """The page's lines above its notes (all of them on a page with no note)."""
        top = self.notes_tops.get(page.number)
        return [line for line in page.lines if top is None or line.top < top - 1]

    @cached_property
    def leading(self) -> float:
        """The running text's line spacing: the commonest step between the baselines of
        two lines in a row of its size."""
        size = self.body_size
        steps: Counter[float] = Counter()
        for page in self.pages:
            lines = [line for line in page.lines if line.size == size and line.text.strip()]
            steps.update(round(b.base - a.base, 1) for a, b in pairwise(lines))
        return steps.most_common(1)[0][0] if steps else size * 1.2

    @cached_property
    def furniture(self) -> frozenset[tuple[int, Line]]:
        """(page number, line) of each running head and folio (``proof/furniture.py``)."""
        return furniture_of(self.pages, self.destinations, self.leading)

    @cached_property
    def contents_pages(self) -> frozenset[int]:
        """The pages of the print edition's own contents: from its ``contents``
        destination to the page before the next part's; its lines, set with leaders
        and page numbers, are no paragraphs."""
        contents = self.destinations.get("contents")
        if contents is None:
            return frozenset()
        first = contents[0]
        following = [page for name, (page, _) in self.destinations.items()
                     if name.startswith("part-") and page > first]
        return frozenset(range(first, min(following) if following else first + 1))

    def start(self, line: Line) -> float:
        """Where ``line`` begins: its left end, its right end in a book written from
        right to left."""
        return line.x1 if self.rtl else line.x0

    def indent(self, line: Line, lines: Sequence[Line]) -> float:
        """How far ``line`` begins in from where the furthest out of ``lines`` begins."""
        if self.rtl:
            return max(each.x1 for each in lines) - line.x1
        return line.x0 - min(each.x0 for each in lines)

    def shortfall(self, line: Line, lines: Sequence[Line]) -> float:
        """How far ``line`` ends short of where the furthest out of ``lines`` ends."""
        if self.rtl:
            return line.x0 - min(each.x0 for each in lines)
        return max(each.x1 for each in lines) - line.x1

    def full(self, line: Line, lines: Sequence[Line]) -> bool:
        """Whether ``line`` reaches the outer edge of ``lines`` (a justified line that
        runs on)."""
        return self.shortfall(line, lines) <= FULL

    def begins(self, lines: Sequence[Line], index: int) -> bool:
        """Whether ``lines[index]`` begins a paragraph, by its shape: it is indented, or
        stands after a gap wider than the leading. (The first of ``lines`` says nothing
        of itself: False.)"""
        if index == 0:
            return False
        gap = lines[index].base - lines[index - 1].base
        return self.indent(lines[index], lines) > INDENT or gap > self.leading * 1.2

    def is_furniture(self, page: Page, line: Line) -> bool:
        return (page.number, line) in self.furniture

    def body_lines(self, page: Page) -> list[Line]:
        """The page's lines of running text in the running text's size (not its heads)."""
        size = self.body_size
        return [line for line in page.lines if line.size == size and line.text.strip()
                and (page.number, line) not in self.furniture]


FULL = 1.5
"""Points from the outer edge within which a line is full (it runs on)."""

INDENT = 3.0
"""Points by which a line must stand in from the others to be indented."""


BASELINE = 0.4
"""A glyph further than this many times its size from the line's first glyph's baseline
begins another line (a raised note call stays on its line: it is raised by less)."""


SPACED = 0.2
"""A gap between two glyphs narrower than this many times their size is no space, though
PDFium guesses one there: the letters of a word set letter-spaced (a heading in spaced
capitals) are one word."""

SPACED_RTL = 0.1
"""The same in a right-to-left line, where every space is judged so: PDFium gives its
spaces no width and sets one inside a word whose letters are spaced."""

RAISED = 0.15
"""A digit whose ink stands higher above its baseline than this many times its size is a
note's call (a superior figure, or a digit set smaller and raised)."""


_Glyph = tuple[str, float, float, float, float, float, float, float, float | None]
"""A glyph as ``_lines`` reads it: its character; the left, top, right and bottom of its
advance's box (from the page's top); its size; its baseline (from the page's top); where
its pen stood; for a digit, the bottom of its ink (from the page's top), else None."""


def _line(chars: list[_Glyph], rtl: bool = False) -> Line | None:
    glyphs = [c for c in chars if not c[0].isspace()]
    if not glyphs:
        return None
    _, _, tops, rights, bottoms, sizes, bases, pens, _ = zip(*glyphs, strict=True)
    size = _commonest(sizes)
    baseline = _commonest(bases)
    # a digit whose ink stands above the line's baseline: a note's call, raised (its own
    # baseline raised too when the face has no superior figures, as Amiri's digits)
    called = [c[8] is not None and baseline - c[8] > c[5] * RAISED for c in chars]
    text = "".join([c[0] for c in chars])
    if rtl or has_right_to_left(text):  # a Hebrew phrase too
        joined = reading_order([(c[0], c[1], c[3]) for c in chars], rtl)
        running = reading_order([(c[0], c[1], c[3]) for c, call in zip(chars, called,
                                                                        strict=True)
                                 if not call], rtl)
    else:
        joined = text.strip()
        running = "".join([c[0] for c, call in zip(chars, called, strict=True)
                           if not call]).strip()
    return Line(joined, min(pens), max(rights), min(tops), max(bottoms), size, baseline,
                None if running == joined else running)


def _commonest(values: tuple[float, ...]) -> float:
    """The commonest of ``values`` to a tenth (of two as common, the first met)."""
    if min(values) == max(values):  # most lines: all their glyphs of one size, on one line
        return round(values[0], 1)
    return Counter(map(round, values, repeat(1))).most_common(1)[0][0]


def _lines(page: pypdfium2.PdfPage, left: float, top: float, rtl: bool = False
           ) -> tuple[Line, ...]:
    """The page's lines of glyphs, in the order the PDF sets them: PDFium ends a line
    where the text moves to another baseline. Their places are measured from ``left``
    and ``top``, the trimmed page's edges in the PDF's space. ``rtl``: the lines are
    right-to-left (a book in Hebrew, Arabic…); their text is in reading order."""
    text = page.get_textpage()
    lines: list[Line | None] = []
    chars: list[_Glyph] = []
    # what PDFium writes: a box (FS_RECTF: left, top, right, bottom), an origin (x, y),
    # a box of ink (left, right, bottom, top); each read back at once as a list
    loose, origin, ink = (ctypes.c_float * 4)(), (ctypes.c_double * 2)(), (ctypes.c_double * 4)()
    at_loose, at_x = ctypes.addressof(loose), ctypes.addressof(origin)
    at_y = at_x + ctypes.sizeof(ctypes.c_double)
    at_ink = [ctypes.addressof(ink) + at * ctypes.sizeof(ctypes.c_double) for at in range(4)]
    get_unicode, get_size = glyph_calls.unicode, glyph_calls.size
    get_loose_box, get_origin = glyph_calls.loose_box, glyph_calls.origin
    spaced = SPACED_RTL if rtl else SPACED
    pending: _Glyph | None = None
    first_base = 0.0
    try:
        handle = glyph_calls.address(text.raw)
        count = text.count_chars()
        if count > MAX_PAGE_CHARS:
            raise Unreadable(f"a page of the PDF has {count} characters, more than "
                             f"{MAX_PAGE_CHARS}")
        for index in range(count):
            char = chr(get_unicode(handle, index))
            if char in "\r\n":  # PDFium's guess at a line's end: the baselines say; on
                if chars and pending is None:  # the same one, a space if a gap follows
                    last = chars[-1]  # the space stands after it: on its left in a
                    edge = last[1] if rtl else last[3]  # right-to-left line
                    pending = (" ", edge, last[2], edge, *last[4:8], None)
                continue
            if char == "\x02":  # PDFium's mark for a hyphen at a line's end
                char = "-"
            get_loose_box(handle, index, at_loose)  # the advance's box, not the ink's
            get_origin(handle, index, at_x, at_y)
            size = get_size(handle, index)
            box_left, box_top, box_right, box_bottom = loose[:]
            pen, baseline = origin[:]
            base = top - baseline
            # a space does not begin a line: the glyph after it says (PDFium's guess at one
            # after a raised call stands on the line's baseline, at a size of 1)
            if chars and not char.isspace() and abs(base - first_base) > size * BASELINE:
                lines.append(_line(chars, rtl))
                chars.clear()
            glyph: _Glyph = (char, box_left - left, top - box_top, box_right - left,
                             top - box_bottom, size, base, pen - left, None)
            # a space of the text that takes room is one (in a right-to-left line a
            # letter's swash may reach over it, leaving no gap); one PDFium guessed, or
            # gave no width, is judged by the gap to the next glyph
            if char == " " and (glyph_calls.generated(handle, index) == 1 or (
                    rtl and glyph[3] - glyph[1] < size * SPACED_RTL)):
                pending = glyph
                continue  # PDFium's guess at a space: the gap to the next glyph says
            # the gap to the glyph before, on whichever side of it this one stands (a
            # right-to-left run comes in reading order, from the right)
            if pending is not None and chars and max(
                    glyph[1] - chars[-1][3], chars[-1][1] - glyph[3]
            ) >= size * spaced:
                chars.append(pending)
            pending = None
            if not chars:
                first_base = base
            if char.isdigit():  # where its ink stands, for a raised call (``_line``)
                if not glyph_calls.ink_box(handle, index, *at_ink):
                    raise pypdfium2.PdfiumError("Failed to get charbox.")
                glyph = (*glyph[:8], top - ink[2])
            chars.append(glyph)
        lines.append(_line(chars, rtl))
    finally:
        text.close()
    return tuple(line for line in lines if line is not None)


def read_pdf(path: Path, rtl: bool = False) -> PrintedBook:
    """The PDF at ``path``; ``rtl``: the book is written from right to left. Raises
    Unreadable for one the proof cannot read (``files``)."""
    pages = []
    document = open_pdf(path)
    try:
        labels, fonts = page_labels(document), dict[int, FontUse]()
        edges = []  # the trim box's left and top: a PDF with bleed and marks is larger
        for at in range(len(document)):
            page = document[at]
            left, bottom, right, top = page.get_trimbox()
            edges.append((left, top))
            used, images = page_objects(page, fonts, left, top)
            b_left, b_bottom, b_right, b_top = page.get_bleedbox()
            bleed = max(0.0, min(left - b_left, bottom - b_bottom, b_right - right, b_top - top))
            m_left, m_bottom, m_right, m_top = page.get_mediabox()
            marks = min(b_left - m_left, b_bottom - m_bottom, m_right - b_right,
                        m_top - b_top) > 1.0
            pages.append(Page(at + 1, labels[at], right - left, top - bottom,
                              _lines(page, left, top, rtl), used, images, bleed, marks))
            page.close()
        found = destinations(document, edges)
    except pypdfium2.PdfiumError as error:  # a page or an object PDFium cannot load
        raise Unreadable(f"the PDF {path.name} cannot be read: {error}") from None
    finally:
        document.close()
    return PrintedBook(path, tuple(pages), found, rtl)
