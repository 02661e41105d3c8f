"""Images: each at 300 pixels per inch or more at the size it is printed, read from the
PDF's image objects (pixels across and down, and the box they fill)."""

from __future__ import annotations

from collections.abc import Iterator

from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import PrintedBook

CHECK = "image-resolution"

PPI = 300
"""Pixels per inch a print shop asks of an image at its printed size."""


def check(printed: PrintedBook) -> Iterator[Finding]:
    for page in printed.pages:
        for image in page.images:
            left, top, right, bottom = image.box
            if right <= left or bottom <= top:
                continue
            ppi = min(image.across / ((right - left) / 72), image.down / ((bottom - top) / 72))
            if ppi < PPI:
                yield Finding(CHECK, Level.WARNING,
                              f"an image of {image.across} \u00d7 {image.down} pixels is "
                              f"printed {(right - left) / 72 * 25.4:.0f} \u00d7 "
                              f"{(bottom - top) / 72 * 25.4:.0f} mm: {ppi:.0f} ppi, "
                              f"under {PPI}", page.number, page.folio, box=image.box)
