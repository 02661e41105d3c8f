"""Helpers for the print edition's tests: building PDFs once, reading them back."""

from __future__ import annotations

import re
import tempfile
from functools import cache
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from tarkbook.build import build
from tarkbook.theme import THEME

ROOT = Path(__file__).resolve().parent.parent
STYLES = THEME
REAL_MANUSCRIPT = ROOT / "manuscript"
FIXTURE = Path(__file__).resolve().parent / "pdf_fixtures"
FIXTURE_MANUSCRIPT = FIXTURE / "manuscript"
GOLDEN = FIXTURE / "golden"

MM = 72 / 25.4


def build_pdf(manuscript: Path, marks: bool = False, styles: Path = STYLES) -> bytes:
    """The PDF of ``manuscript`` built through ``tarkbook.build`` into a temporary folder."""
    with tempfile.TemporaryDirectory() as out:
        (written,) = (o.path for o in build(manuscript, Path(out), ["pdf"], styles, marks=marks))
        return written.read_bytes()


@cache
def real_book_pdf() -> bytes:
    """The real book's PDF, built once per test session."""
    return build_pdf(REAL_MANUSCRIPT)


@cache
def fixture_pdf(marks: bool = False) -> bytes:
    """The fixture manuscript's PDF (or its print-shop variant), built once per session."""
    return build_pdf(FIXTURE_MANUSCRIPT, marks=marks)


def reader(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def page_texts(pdf: PdfReader) -> list[str]:
    """The text of every page, with no-break spaces as spaces and soft line ends joined."""
    texts = []
    for page in pdf.pages:
        text = page.extract_text().replace("\u00a0", " ")
        texts.append(re.sub(r"-\n(?=[a-z])", "", text))
    return texts


def destination_pages(pdf: PdfReader) -> dict[str, int]:
    """Named destination -> 0-based page index."""
    return {
        str(name): pdf.get_destination_page_number(destination)
        for name, destination in pdf.named_destinations.items()
    }


def squash(text: str) -> str:
    """``text`` with every run of white space made one space."""
    return " ".join(text.split())
