"""Fonts: every font of the PDF embedded and subset, and only the book's faces (the
book face and the fallbacks of ``[print]``), read from the fonts each page's text is set
in."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tarkbook.model import Book
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import PrintedBook

CHECK_EMBEDDED, CHECK_SUBSET, CHECK_FACE = "font-embedded", "font-subset", "font-face"

_SUBSET = re.compile(r"[A-Z]{6}\+")


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def check(printed: PrintedBook, book: Book) -> Iterator[Finding]:
    """Each font once, on the first page that uses it."""
    faces = [_compact(name) for name in book.print_settings.chain]
    seen: set[str] = set()
    for page in printed.pages:
        for font in page.fonts:
            if font.name in seen or not font.name:  # a Type 3 font may have no name
                continue
            seen.add(font.name)
            bare = _SUBSET.sub("", font.name, count=1)
            if not font.embedded:
                yield Finding(CHECK_EMBEDDED, Level.ERROR, f"the font {bare} is not embedded",
                              page.number, page.folio)
            elif not _SUBSET.match(font.name):
                yield Finding(CHECK_SUBSET, Level.WARNING,
                              f"the font {bare} is embedded whole, not subset", page.number,
                              page.folio)
            if not any(_compact(bare).startswith(face) for face in faces):
                yield Finding(CHECK_FACE, Level.ERROR,
                              f"the font {bare} is none of the book's faces "
                              f"({', '.join(book.print_settings.chain)})", page.number,
                              page.folio)
