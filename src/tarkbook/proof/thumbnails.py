"""Thumbnails of the PDF's pages, rendered with pypdfium2: only the pages a finding
names, as PNG data for the HTML report. A page is shown trimmed (its trim box: without
the bleed and the crop marks of a PDF for a print shop), as the proof measures it."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tarkbook.proof.files import open_pdf

WIDTH = 240
"""Pixels across a thumbnail."""


@dataclass(frozen=True, slots=True)
class Thumbnail:
    png: bytes
    width: float
    """The trimmed page's width in points."""
    height: float


def render(pdf: Path, pages: Iterable[int], width: int = WIDTH) -> dict[int, Thumbnail]:
    """1-based page -> the thumbnail of that page, ``width`` pixels across."""
    thumbnails: dict[int, Thumbnail] = {}
    document = open_pdf(pdf)
    try:
        for number in sorted(set(pages)):
            if not 0 < number <= len(document):
                continue
            page = document[number - 1]
            left, bottom, right, top = page.get_trimbox()
            shown = page.get_cropbox()  # what PDFium renders: the crop box, else the media box
            crop = (max(left - shown[0], 0.0), max(bottom - shown[1], 0.0),
                    max(shown[2] - right, 0.0), max(shown[3] - top, 0.0))
            bitmap = page.render(scale=width / (right - left), crop=crop)
            image = bitmap.to_pil()
            data = io.BytesIO()
            image.save(data, format="PNG", optimize=True)
            thumbnails[number] = Thumbnail(data.getvalue(), right - left, top - bottom)
            page.close()
    finally:
        document.close()
    return thumbnails
