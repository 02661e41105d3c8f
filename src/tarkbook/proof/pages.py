"""The typeset PDF as the proof reads it: every page's lines of glyphs (PDFium), its
printed folio (the PDF's page labels), and where each id of the book landed (the PDF's
named destinations, which WeasyPrint makes from the ids of the markup)."""

from __future__ import annotations

import ctypes
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader


@dataclass(frozen=True, slots=True)
class Line:
    """A line of glyphs: it begins where the pen stood at its first glyph and ends where
    its last glyph's advance ends; its top and bottom are its fonts' ascent and descent."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    """The size of most of its glyphs, to a tenth, as the text sets it (a scale of the
    page's may make it other than points: only sizes within the PDF are compared)."""
    baseline: float | None = None
    """Where most of its glyphs stand, from the page's top; None: at its bottom."""
    running: str | None = None
    """Its text without the note calls raised over it (digits set smaller and higher than
    the line's own glyphs); None: the same as ``text``."""

    @property
    def base(self) -> float:
        return self.bottom if self.baseline is None else self.baseline


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    """1-based."""
    folio: str
    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class PrintedBook:
    path: Path
    pages: tuple[Page, ...]
    destinations: dict[str, tuple[int, float]]
    """Id -> (1-based page, distance of its top from the page's top in points)."""
    reader: PdfReader

    @property
    def body_size(self) -> float:
        """The size of the running text: the size most lines are set in."""
        sizes = Counter(line.size for page in self.pages for line in page.lines)
        return sizes.most_common(1)[0][0] if sizes else 0.0


BASELINE = 0.4
"""A glyph further than this many times its size from the line's first glyph's baseline
begins another line (a raised note call stays on its line: it is raised by less)."""


SPACED = 0.2
"""A gap between two glyphs narrower than this many times their size is no space, though
PDFium guesses one there: the letters of a word set letter-spaced (a heading in spaced
capitals) are one word."""

RAISED = 0.15
"""A digit whose ink stands higher above its baseline than this many times its size is a
note's call (a superior figure, or a digit set smaller and raised)."""


def _lines(page: pypdfium2.PdfPage) -> tuple[Line, ...]:
    """The page's lines of glyphs, in the order the PDF sets them: PDFium ends a line
    where the text moves to another baseline."""
    text = page.get_textpage()
    height = page.get_height()
    lines: list[Line] = []
    chars: list[tuple[str, float, float, float, float, float, float, float, bool]] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    raw, loose = text.raw, pdfium_c.FS_RECTF()
    get_unicode, get_origin = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetCharOrigin
    get_size, get_loose_box = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetLooseCharBox
    pending: tuple[str, float, float, float, float, float, float, float, bool] | None = None

    def close() -> None:
        glyphs = [c for c in chars if not c[0].isspace()]
        if glyphs:
            size = Counter(round(c[5], 1) for c in glyphs).most_common(1)[0][0]
            baseline = Counter(round(c[6], 1) for c in glyphs).most_common(1)[0][0]
            joined = "".join(c[0] for c in chars).strip()
            running = "".join(c[0] for c in chars if not c[8]).strip()
            lines.append(Line(joined, min(c[7] for c in glyphs), max(c[3] for c in glyphs),
                              min(c[2] for c in glyphs), max(c[4] for c in glyphs), size,
                              baseline, None if running == joined else running))
        chars.clear()

    try:
        for index in range(text.count_chars()):
            char = chr(get_unicode(raw, index))
            if char in "\r\n":
                continue  # PDFium's guess at a line's end: the baselines say
            if char == "\x02":  # PDFium's mark for a hyphen at a line's end
                char = "-"
            get_loose_box(raw, index, loose)  # the advance's box, not the ink's
            left, bottom, right, top = loose.left, loose.bottom, loose.right, loose.top
            get_origin(raw, index, x, y)
            size = get_size(raw, index)
            if chars and abs(height - y.value - chars[0][6]) > size * BASELINE:
                close()
            if char == " " and pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
                pending = (char, left, height - top, right, height - bottom, size,
                           height - y.value, x.value, False)
                continue  # PDFium's guess at a space: the gap to the next glyph says
            if pending is not None and chars and left - chars[-1][3] >= size * SPACED:
                chars.append(pending)
            pending = None
            raised = False
            if char.isdigit():  # its ink's box, not its advance's, above the line's baseline
                line_base = height - chars[0][6] if chars else y.value
                raised = text.get_charbox(index)[1] - line_base > size * RAISED
            chars.append((char, left, height - top, right, height - bottom, size,
                          height - y.value, x.value, raised))
        close()
    finally:
        text.close()
    return tuple(lines)


def read_pdf(path: Path) -> PrintedBook:
    reader = PdfReader(path)
    labels = list(reader.page_labels)
    pages = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for at in range(len(document)):
            page = document[at]
            folio = labels[at] if at < len(labels) else str(at + 1)
            pages.append(Page(at + 1, folio, page.get_width(), page.get_height(), _lines(page)))
            page.close()
    finally:
        document.close()
    destinations = {}
    for name, destination in reader.named_destinations.items():
        index = reader.get_destination_page_number(destination)
        if index is None:
            continue
        number = index + 1
        top = destination.get("/Top")
        height = pages[number - 1].height if pages else 0.0
        destinations[str(name)] = (number, height - float(top) if top is not None else 0.0)
    return PrintedBook(path, tuple(pages), destinations, reader)
