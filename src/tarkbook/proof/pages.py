"""The typeset PDF as the proof reads it: every page's lines of glyphs (pdfplumber), its
printed folio (the PDF's page labels), and where each id of the book landed (the PDF's
named destinations, which WeasyPrint makes from the ids of the markup)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pypdf import PdfReader


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    """The size of most of its glyphs, to a tenth of a point."""


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


def _line(found: dict[str, Any]) -> Line:
    chars = found["chars"]
    size = Counter(round(float(c["size"]), 1) for c in chars).most_common(1)[0][0]
    return Line(found["text"], float(found["x0"]), float(found["x1"]), float(found["top"]),
                float(found["bottom"]), size)


def read_pdf(path: Path) -> PrintedBook:
    reader = PdfReader(path)
    labels = list(reader.page_labels)
    pages = []
    with pdfplumber.open(path) as pdf:
        for at, page in enumerate(pdf.pages):
            found = page.extract_text_lines(return_chars=True, strip=False)
            lines = tuple(_line(f) for f in found if f["chars"])
            folio = labels[at] if at < len(labels) else str(at + 1)
            pages.append(Page(at + 1, folio, float(page.width), float(page.height), lines))
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
