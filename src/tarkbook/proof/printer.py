"""A print service's rules, checked on the PDF (``tarkbook proof --printer NAME``): the
trim size one it takes, the margins (the gutter by the page count), the page count within
its bounds and even, images at 300 ppi, bleed where an image reaches the trim, and the
fonts embedded. The rules are read from ``printers.toml``, which names their sources."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from tarkbook.proof import images
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import Page, PrintedBook

CHECK_TRIM, CHECK_MARGIN, CHECK_PAGES, CHECK_BLEED, CHECK_FONTS, CHECK_IMAGES = (
    "printer-trim", "printer-margin", "printer-page-count", "printer-bleed",
    "printer-fonts", "printer-images")
CHECK_MARKS = "printer-marks"
MM_PER_INCH, POINTS_PER_INCH = 25.4, 72.0
TRIM_TOLERANCE_MM = 0.5
"""How far a page may be from a listed trim size: the services list sizes in inches to
two decimals (5.06 by 7.81 in is the 129 by 198 mm of a B-format paperback)."""
EDGE_PT = 0.5
"""How near the trim an image must come to reach it, in points."""


@dataclass(frozen=True, slots=True)
class Printer:
    key: str
    name: str
    source: str
    checked: str
    trim_sizes: tuple[tuple[float, float], ...]
    pages: tuple[int, int]
    gutter: tuple[tuple[int, float], ...]
    outside: float
    outside_with_bleed: float
    top_and_bottom: float
    bleed: float
    marks: bool
    """Whether the service takes crop marks outside the bleed."""

    def least_gutter(self, pages: int) -> float:
        """The least inside margin, in inches, for a book of ``pages`` pages."""
        return next((inches for last, inches in self.gutter if pages <= last),
                    self.gutter[-1][1])


@cache
def printers() -> dict[str, Printer]:
    """The services of printers.toml, by their key."""
    data = tomllib.loads((files(__package__) / "printers.toml").read_text("utf-8"))
    return {key: Printer(
        key, table["name"], table["source"], table["checked"],
        tuple((float(w), float(h)) for w, h in table["trim_sizes"]),
        (int(table["pages"][0]), int(table["pages"][1])),
        tuple((int(last), float(inches)) for last, inches in table["gutter"]),
        float(table["outside"]), float(table["outside_with_bleed"]),
        float(table["top_and_bottom"]), float(table["bleed"]), bool(table["marks"]),
    ) for key, table in data.items()}


def check(printed: PrintedBook, printer: Printer) -> Iterator[Finding]:
    if not printed.pages:
        return
    yield from _trim(printed, printer)
    yield from _page_count(printed, printer)
    yield from _margins(printed, printer)
    yield from _bleed(printed, printer)
    marked = next((page for page in printed.pages if page.marks), None)
    if marked is not None and not printer.marks:
        yield Finding(CHECK_MARKS, Level.WARNING,
                      f"the PDF has crop marks outside its bleed, which {printer.name} does "
                      "not take: send the PDF built without --marks (it has no bleed: an "
                      "image that reaches the trim needs the service's own tools)",
                      marked.number, marked.folio)
    for finding in images.check(printed):
        yield Finding(CHECK_IMAGES, Level.ERROR, f"{printer.name} asks for 300 ppi: "
                      + finding.message, finding.page, finding.folio, box=finding.box)
    for page in printed.pages:
        for font in page.fonts:
            if font.name and not font.embedded:
                yield Finding(CHECK_FONTS, Level.ERROR,
                              f"{printer.name} takes only embedded fonts; {font.name} is not",
                              page.number, page.folio)


def _inches(points: float) -> str:
    return f"{points / POINTS_PER_INCH:.3f} in ({points / POINTS_PER_INCH * MM_PER_INCH:.1f} mm)"


def _trim(printed: PrintedBook, printer: Printer) -> Iterator[Finding]:
    if not printer.trim_sizes:
        return
    first = printed.pages[0]
    width, height = (side / POINTS_PER_INCH * MM_PER_INCH for side in (first.width, first.height))
    for inches in printer.trim_sizes:
        if all(abs(side - size * MM_PER_INCH) <= TRIM_TOLERANCE_MM
               for side, size in zip((width, height), inches, strict=True)):
            return
    nearest = min(printer.trim_sizes, key=lambda s: abs(s[0] * MM_PER_INCH - width)
                  + abs(s[1] * MM_PER_INCH - height))
    yield Finding(CHECK_TRIM, Level.ERROR,
                  f"the trim size {width:.1f} \u00d7 {height:.1f} mm is none that {printer.name} "
                  f"takes; the nearest is {nearest[0]:g} \u00d7 {nearest[1]:g} in "
                  f"({nearest[0] * MM_PER_INCH:.1f} \u00d7 {nearest[1] * MM_PER_INCH:.1f} mm)",
                  1, first.folio)


def _page_count(printed: PrintedBook, printer: Printer) -> Iterator[Finding]:
    count, (least, most) = len(printed.pages), printer.pages
    last = printed.pages[-1]
    if not least <= count <= most:
        yield Finding(CHECK_PAGES, Level.ERROR,
                      f"the book has {count} pages; {printer.name} prints {least} to {most}",
                      last.number, last.folio)
    if count % 2:  # the services add a blank page; the cover's spine counts it
        yield Finding(CHECK_PAGES, Level.WARNING,
                      f"the book has {count} pages, an odd count; {printer.name} prints an "
                      "even count and adds a blank page at the end (set [print] signature to "
                      "choose the blank pages yourself)", last.number, last.folio)


def _margins(printed: PrintedBook, printer: Printer) -> Iterator[Finding]:
    """The least margin on each side, over the whole book: the gutter against the
    service's least for the page count; the outside, top and bottom against theirs."""
    count = len(printed.pages)
    bleeds = any(page.bleed > 0 for page in printed.pages)
    least = {
        "inside": printer.least_gutter(count) * POINTS_PER_INCH,
        "outside": (printer.outside_with_bleed if bleeds else printer.outside) * POINTS_PER_INCH,
        "top": printer.top_and_bottom * POINTS_PER_INCH,
        "bottom": printer.top_and_bottom * POINTS_PER_INCH,
    }
    worst: dict[str, tuple[float, Page]] = {}
    for page in printed.pages:
        for side, margin in _page_margins(page, printed.rtl).items():
            if side not in worst or margin < worst[side][0]:
                worst[side] = (margin, page)
    for side, (margin, page) in worst.items():
        if margin < least[side] - 0.01:
            what = "gutter (inside margin)" if side == "inside" else f"{side} margin"
            why = f" for {count} pages" if side == "inside" else ""
            yield Finding(CHECK_MARGIN, Level.ERROR,
                          f"the {what} is {_inches(margin)}; {printer.name} asks for at least "
                          f"{_inches(least[side])}{why}", page.number, page.folio)


def _page_margins(page: Page, rtl: bool) -> dict[str, float]:
    """The space between the trim and the page's text (running heads and folios
    included) and its images that do not reach the trim, on each side."""
    boxes = [(line.x0, line.top, line.x1, line.bottom) for line in page.lines
             if line.text.strip()]
    boxes += [image.box for image in page.images if not _reaches_trim(image.box, page)]
    if not boxes:
        return {}
    left = min(box[0] for box in boxes)
    right = page.width - max(box[2] for box in boxes)
    bound_left = (page.number % 2 == 1) != rtl  # a right-to-left book is bound on the right
    return {
        "inside": left if bound_left else right, "outside": right if bound_left else left,
        "top": min(box[1] for box in boxes), "bottom": page.height - max(b[3] for b in boxes),
    }


def _reaches_trim(box: tuple[float, float, float, float], page: Page) -> bool:
    left, top, right, bottom = box
    return (left <= EDGE_PT or top <= EDGE_PT or right >= page.width - EDGE_PT
            or bottom >= page.height - EDGE_PT)



def _bleed(printed: PrintedBook, printer: Printer) -> Iterator[Finding]:
    """An image that reaches the trim must run on into the bleed, as far as the service
    asks: the PDF needs a bleed box that far out, and the image must fill it."""
    want = printer.bleed * POINTS_PER_INCH
    for page in printed.pages:
        for image in page.images:
            if not _reaches_trim(image.box, page):
                continue
            left, top, right, bottom = image.box
            past = {"left": -left, "top": -top, "right": right - page.width,
                    "bottom": bottom - page.height}
            reached = [side for side, beyond in past.items() if beyond >= -EDGE_PT]
            short = [side for side in reached if past[side] < want - EDGE_PT]
            if page.bleed < want - EDGE_PT:
                yield Finding(CHECK_BLEED, Level.ERROR,
                              f"an image reaches the trim ({', '.join(reached)}) but the page "
                              f"has {_inches(page.bleed)} of bleed; {printer.name} asks for "
                              f"{_inches(want)} (build with --marks)", page.number, page.folio,
                              box=image.box)
            elif short:
                yield Finding(CHECK_BLEED, Level.ERROR,
                              f"an image reaches the trim ({', '.join(reached)}) but stops "
                              f"there instead of running {_inches(want)} into the bleed",
                              page.number, page.folio, box=image.box)
