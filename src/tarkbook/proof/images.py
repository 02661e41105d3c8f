"""Images: each at 300 pixels per inch or more at the size it is printed, read from the
PDF's image objects with PDFium (pixels across and down, and the box they fill)."""

from __future__ import annotations

from collections.abc import Iterator

import pypdfium2
import pypdfium2.raw as pdfium_c

from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import PrintedBook

CHECK = "image-resolution"

PPI = 300
"""Pixels per inch a print shop asks of an image at its printed size."""


def check(printed: PrintedBook) -> Iterator[Finding]:
    document = pypdfium2.PdfDocument(str(printed.path))
    try:
        for at in range(len(document)):
            page = document[at]
            height = page.get_height()
            for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8):
                left, bottom, right, top = image.get_bounds()
                across, down = image.get_px_size()
                if right <= left or top <= bottom:
                    continue
                ppi = min(across / ((right - left) / 72), down / ((top - bottom) / 72))
                if ppi < PPI:
                    found = printed.pages[at]
                    yield Finding(CHECK, Level.WARNING,
                                  f"an image of {across} \u00d7 {down} pixels is printed "
                                  f"{(right - left) / 72 * 25.4:.0f} \u00d7 "
                                  f"{(top - bottom) / 72 * 25.4:.0f} mm: {ppi:.0f} ppi, "
                                  f"under {PPI}", found.number, found.folio,
                                  box=(left, height - top, right, height - bottom))
            page.close()
    finally:
        document.close()
