"""Helpers for the proof's tests: the editions of a book built once, and doctored copies
of them that break exactly one rule."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from run_once import made_once
from tarkbook.build import build
from tarkbook.model import Book
from tarkbook.proof.run import read_book

ROOT = Path(__file__).resolve().parent.parent
REAL_MANUSCRIPT = ROOT / "manuscript"
CORPUS = sorted(p.parent for p in (ROOT / "tests" / "books").glob("*/book.toml"))
LANGUAGE_BOOKS = sorted(
    p.parent for p in (ROOT / "tests" / "language_fixtures").glob("*/book.toml"))
"""Short interviews in other languages (Hebrew among them, written from right to left):
more of the imprint than of text, one note."""

LONG_NUMBER_BOOK = {
    "book.toml": """[book]
title = "Long Numbers"
language = "en"
identifier = "urn:uuid:0b7d3c52-8a51-4f3e-9d0c-3f1f6a2e9b10"
date = "2026-11-30"

[[contributors]]
name = "Ada Reckoner"
roles = ["aut"]

[[sections]]
kind = "chapter"
file = "pi.md"

[[sections]]
kind = "chapter"
file = "e.md"
""",
    # 76 digits cannot be broken: wider than the page.
    "pi.md": "# Pi\n\nThe first digits of pi, as the reckoner wrote them on her kitchen wall:\n"
             "3141592653589793238462643383279502884197169399375105820974944592307816406286 "
             "and no more.\n",
    # 58 digits: wider than the text block, not than the page.
    "e.md": "# E\n\nThe first digits of e, as she wrote them under the others:\n"
            "2718281828459045235360287471352662497757247093699959574966 and no more.\n",
}


LONG_WORD_BOOK = {
    "book.toml": """[book]
title = "Long Words"
language = "en"
identifier = "urn:uuid:5c1e8f0a-2b7d-4e59-8a3c-6d4f2e1b9a70"
date = "2026-11-30"

[[contributors]]
name = "Ada Reckoner"
roles = ["aut"]

[print]
font = "Source Serif Pro"

[[sections]]
kind = "chapter"
file = "words.md"
""",
    # Long words in the text block's measure: the lines break inside four words in a row.
    "words.md": "# Words\n\nThe hydrographers\u2019 correspondence reveals uncharacteristically "
                "disproportionate disagreements: internationalisation, standardisation, "
                "intercomparability and responsibilities were, notwithstanding extraordinarily "
                "conscientious representatives, incomprehensibly misunderstood by "
                "administrators, superintendents and parliamentarians, characteristically "
                "uncompromising, whose counterproposals were unsatisfactorily substantiated.\n",
}

@dataclass(frozen=True)
class Editions:
    book: Book
    pdf: Path
    epub: Path


_built: dict[Path, Editions] = {}


def editions_once(manuscript: Path, factory: pytest.TempPathFactory) -> Editions:
    """Both editions of ``manuscript``, built once per test run (``run_once``)."""
    if manuscript not in _built:
        out = made_once(f"editions {manuscript}", factory,
                        lambda folder: build(manuscript, folder, ["epub", "pdf"]))
        (epub,), (pdf,) = out.glob("*.epub"), out.glob("*.pdf")
        _built[manuscript] = Editions(read_book(manuscript), pdf, epub)
    return _built[manuscript]


def doctored_pdf(pdf: Path, out: Path, change: Callable[[PdfWriter], None]) -> Path:
    """A copy of ``pdf`` with ``change`` made to it."""
    writer = PdfWriter(clone_from=pdf)
    change(writer)
    writer.write(out)
    return out


def destinations(writer: PdfWriter) -> Any:
    """The flat array of the PDF's named destinations: name, destination, name, …"""
    return writer._root_object["/Names"]["/Dests"]["/Names"]


def doctored_epub(epub: Path, out: Path, document: str, old: str, new: str) -> Path:
    """A copy of ``epub`` with ``old`` replaced by ``new`` in one of its documents."""
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("/" + document):
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            target.writestr(item, data)
    return out
