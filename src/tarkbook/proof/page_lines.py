"""A page of the typeset PDF as the proof reads it: its lines of glyphs, its printed folio,
its size, fonts and images (``proof/pages.py`` reads them with PDFium)."""

from __future__ import annotations

from dataclasses import dataclass

from tarkbook.proof.pdf_objects import FontUse, ImageUse


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
    """The trimmed page's (its trim box's): what is past it is cut away. Every place on
    the page is measured from its top left corner, down and right."""
    lines: tuple[Line, ...]
    fonts: tuple[FontUse, ...] = ()
    """The fonts its text is set in, each once."""
    images: tuple[ImageUse, ...] = ()
    bleed: float = 0.0
    """How far the page's bleed box reaches past its trim, on its nearest side, in points
    (0: no bleed)."""
    marks: bool = False
    """The page's media reach past its bleed box: room for printer's marks."""
