"""The numbers the print edition counts itself, in the digits its text is set in
(``[text] digits``, ``manuscript/digits.py``): the folios, the contents' pages and the
pages of references, through the counter styles CSS predefines for those digits
(``arabic-indic``, ``persian``…, which WeasyPrint knows). The notes' numbers are written
in those digits by the markup (``pdf/markup.py``), as in the EPUB.

The style sheet, the theme's or the book's own, counts pages in decimal; each such counter
of the page is given the book's style instead, so that a house style's folios follow too."""

from __future__ import annotations

import re

from tarkbook.manuscript.digits import LATIN, digits_of
from tarkbook.model import Book

COUNTER_STYLES = {
    "\u0660": "arabic-indic", "\u06f0": "persian", "\u0966": "devanagari",
    "\u09e6": "bengali", "\u0a66": "gurmukhi", "\u0ae6": "gujarati", "\u0b66": "oriya",
    "\u0be6": "tamil", "\u0c66": "telugu", "\u0ce6": "kannada", "\u0d66": "malayalam",
    "\u0e50": "thai", "\u0ed0": "lao", "\u0f20": "tibetan", "\u1040": "myanmar",
    "\u17e0": "khmer",
}
"""The zero of each set of ten digits, and the counter style of CSS Counter Styles Level 3
(predefined in WeasyPrint's user-agent sheet) that counts in them."""

_PAGE_COUNTER = re.compile(
    r"(?P<head>\b(?:target-)?counter\(\s*(?:attr\([^()]*\)\s*,\s*)?page)"
    r"(?:\s*,\s*decimal)?\s*\)")
"""A counter of the page in decimal: ``counter(page)``, ``target-counter(attr(href url),
page)``, with or without ``decimal``."""


def counter_style(book: Book) -> str:
    """The counter style of the book's digits; '' for Latin digits (CSS's decimal)."""
    digits = digits_of(book.metadata.language, book.metadata.digits)
    return "" if digits == LATIN else COUNTER_STYLES.get(digits[0], "")


def in_book_digits(sheet: str, book: Book) -> str:
    """``sheet`` with each counter of the page in decimal counted in the book's digits."""
    style = counter_style(book)
    if not style:
        return sheet
    return _PAGE_COUNTER.sub(lambda match: f"{match['head']}, {style})", sheet) + RAISED_CALL


RAISED_CALL = """
/* A note's call in digits the faces have no superior figures of (Amiri's Arabic-Indic and
   Persian digits): set smaller and raised, not on the line as a digit of the text (by
   less than the proof takes for another line: a call stays on the line of its word). */
.footnote::footnote-call {
  font-variant-position: normal;
  font-size: 6.5pt;
  vertical-align: 2.5pt;
  line-height: 0;
}
"""

