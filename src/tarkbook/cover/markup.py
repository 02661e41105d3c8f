"""The HTML of the wrap cover: the panels, the spine's text and the bar code placed."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from tarkbook.cover.barcode import BAR_MM, GUARD_MM, LEFT_QUIET, MODULE_MM, BarCode, bar_code, svg
from tarkbook.cover.geometry import Wrap
from tarkbook.model import Book
from tarkbook.pdf.print_standard import BLEED_MM, MARKS_MM
from tarkbook.render import environment, render_inlines
from tarkbook.render.credits import main_names

TEMPLATE = "cover/cover.html"
TOP_TO_BOTTOM = frozenset({"en", "nl", "da", "sv", "no", "nb", "nn", "fi", "is"})
"""Languages whose books' spines read from the top down (the Anglo-American and Nordic
usage); the others, as in German, French, Italian, Spanish, Polish or Russian books,
read from the bottom up."""
ISBN_LINE_MM = 3.5
"""The line of "ISBN 978-…" above the bars."""
ADDON_DIGITS_MM = 3.0
"""Room above the add-on's shorter bars for its digits."""
DIGITS_MM = 3.5
"""The row of digits under the bars."""
CODE_PADDING_MM = 2.0
"""White around the bar code, past its quiet zones."""
CODE_INSET_MM = 10.0
"""The bar code's box from the foot of the back and from the spine."""

RGB = {"paper": "rgb(239 232 220)", "ink": "rgb(29 29 27)", "accent": "rgb(122 46 31)",
       "white": "rgb(255 255 255)"}
CMYK = {"paper": "device-cmyk(0 0.03 0.08 0.06)", "ink": "device-cmyk(0 0 0 0.9)",
        "accent": "device-cmyk(0 0.62 0.75 0.52)", "white": "device-cmyk(0 0 0 0)"}
"""The cover's colours: in the print-shop PDF, as CMYK for its output intent."""
BARS_RGB, BARS_CMYK = "rgb(0 0 0)", "device-cmyk(0 0 0 1)"
"""The bars: black, and in CMYK black ink alone (a bar in four inks would blur)."""


@dataclass(frozen=True, slots=True)
class Digit:
    """A group of the bar code's human-readable digits, in millimetres in its box."""

    text: str
    x: float
    width: float
    top: float


def spine_turn(language: str) -> int:
    """Degrees the spine's text is turned clockwise: 90 to read from the top down, -90
    from the bottom up, as the book's language has it."""
    return 90 if language.split("-")[0].lower() in TOP_TO_BOTTOM else -90


def cover_html(book: Book, wrap: Wrap, marks: bool, image: str = "", alt: str = "") -> str:
    """The wrap cover as one HTML page for WeasyPrint; ``image`` is the URL of the book's
    own front cover, if any."""
    settings = book.print_settings
    code = bar_code(settings.isbn, settings.price) if settings.isbn else None
    code_height = (BAR_MM + GUARD_MM + DIGITS_MM + ISBN_LINE_MM) if code else 0.0
    spine_size = min(wrap.spine * 0.42, 4.2)
    letters = len(book.metadata.title) + len(main_names(book))
    spine_size = min(spine_size, 0.85 * wrap.page_height / max(letters * 0.55, 1))
    box = (code.width + 2 * CODE_PADDING_MM) if code else 0.0
    by_spine = (wrap.back_x + CODE_INSET_MM if wrap.right_to_left
                else wrap.back_x + wrap.page_width - CODE_INSET_MM - box)
    return environment().get_template(TEMPLATE).render(
        book=book, wrap=wrap, marks=marks, rtl=wrap.right_to_left,
        mm=lambda value: f"{value:.3f}mm", bleed=BLEED_MM,
        page_bleed=BLEED_MM + (MARKS_MM if marks else 0.0),
        colours=CMYK if marks else RGB,
        authors=[person.name for person in book.contributors],
        date=book.metadata.date.isoformat(), image=image, alt=alt,
        front_image_x=wrap.front_x - (BLEED_MM if wrap.right_to_left else 0.0),
        spine_text_x=wrap.page_width + wrap.spine / 2 - wrap.page_height / 2,
        spine_text_y=wrap.page_height / 2 - wrap.spine / 2,
        spine_size=spine_size, spine_turn=spine_turn(book.metadata.language),
        back=render_inlines(book.cover_back, _no_call) if book.cover_back else "",
        code=code, code_height=code_height, isbn_line=ISBN_LINE_MM,
        code_svg=Markup(svg(code, BARS_CMYK if marks else BARS_RGB, ADDON_DIGITS_MM))
        if code else "",
        code_x=by_spine,
        code_y=wrap.page_height - CODE_INSET_MM - code_height - 2 * CODE_PADDING_MM,
        digits=_digits(settings.isbn, settings.price, code) if code else [],
    )


def _digits(isbn: str, price: str, code: BarCode) -> list[Digit]:
    """The digits under the bars (the first in the quiet zone, then two groups of six),
    and the add-on's above its bars."""
    under = 2 + ISBN_LINE_MM + BAR_MM + 0.3
    left = 2 + LEFT_QUIET * MODULE_MM
    digits = [
        Digit(isbn[0], 2, LEFT_QUIET * MODULE_MM - 0.6, under),
        Digit(isbn[1:7], left + 3 * MODULE_MM, 42 * MODULE_MM, under),
        Digit(isbn[7:], left + 50 * MODULE_MM, 42 * MODULE_MM, under),
    ]
    if price and code.addon_x is not None:
        digits.append(Digit(price, 2 + code.addon_x, 47 * MODULE_MM, 2 + ISBN_LINE_MM))
    return digits


def _no_call(_call: object) -> Markup:
    return Markup("")  # the manuscript's reading refuses a note called on the cover
