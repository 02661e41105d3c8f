"""The wrap cover's sheet: its size from the trim size, the page count and the paper.

The sheet is, left to right, the back, the spine and the front of a book bound on the
left (a right-to-left book is bound on the right: front, spine, back), with the bleed
around it. Its trim is twice the page's width + the spine wide, and the page's height high.
"""

from __future__ import annotations

from dataclasses import dataclass

from tarkbook.manuscript.size import trim_mm
from tarkbook.model import Book
from tarkbook.pdf.paper import printed_pages, spine_mm
from tarkbook.pdf.print_standard import BLEED_MM

SPINE_TEXT_MM = 6.0
"""The narrowest spine that carries the title and the author; a thinner one is bare
(print-on-demand services ask for 0.0625 in of clearance each side of the spine's text,
and a line of type needs some 4 mm)."""


@dataclass(frozen=True, slots=True)
class Wrap:
    """The wrap cover of a book, in millimetres."""

    page_width: float
    page_height: float
    pages: int
    """The pages the printer binds (padded as it pads them)."""
    spine: float
    right_to_left: bool = False

    @property
    def width(self) -> float:
        """The trimmed sheet's width: back, spine and front."""
        return 2 * self.page_width + self.spine

    @property
    def bled_width(self) -> float:
        return self.width + 2 * BLEED_MM

    @property
    def bled_height(self) -> float:
        return self.page_height + 2 * BLEED_MM

    @property
    def spine_has_text(self) -> bool:
        return self.spine >= SPINE_TEXT_MM

    @property
    def back_x(self) -> float:
        """Where the back panel begins, from the trim's left edge."""
        return self.page_width + self.spine if self.right_to_left else 0.0

    @property
    def front_x(self) -> float:
        return 0.0 if self.right_to_left else self.page_width + self.spine


def wrap(book: Book, laid_out_pages: int, right_to_left: bool = False) -> Wrap:
    """The wrap cover of ``book`` whose interior has ``laid_out_pages`` pages."""
    settings = book.print_settings
    width, height = trim_mm(settings.page_size)
    pages = printed_pages(laid_out_pages, settings.signature)
    return Wrap(width, height, pages, spine_mm(pages, settings.paper), right_to_left)
