"""Thumbnails of the PDF's pages, rendered with pypdfium2: only the pages a finding
names, as PNG data for the HTML report."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

WIDTH = 240
"""Pixels across a thumbnail."""


@dataclass(frozen=True, slots=True)
class Thumbnail:
    png: bytes
    width: float
    """The page's width in points."""
    height: float


def render(pdf: Path, pages: Iterable[int], width: int = WIDTH) -> dict[int, Thumbnail]:
    """1-based page -> the thumbnail of that page, ``width`` pixels across."""
    thumbnails: dict[int, Thumbnail] = {}
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for number in sorted(set(pages)):
            if not 0 < number <= len(document):
                continue
            page = document[number - 1]
            bitmap = page.render(scale=width / page.get_width())
            image = bitmap.to_pil()
            data = io.BytesIO()
            image.save(data, format="PNG", optimize=True)
            thumbnails[number] = Thumbnail(data.getvalue(), page.get_width(),
                                           page.get_height())
            page.close()
    finally:
        document.close()
    return thumbnails
