"""Fonts: every font of the PDF embedded and subset, and only the book's faces (the
book face and the fallbacks of ``[print]``), read from the PDF's font dictionaries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tarkbook.model import Book
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import PrintedBook

CHECK_EMBEDDED, CHECK_SUBSET, CHECK_FACE = "font-embedded", "font-subset", "font-face"

_SUBSET = re.compile(r"[A-Z]{6}\+")


def _compact(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _embedded(font: Any) -> bool:
    fonts = [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]
    for each in fonts:
        descriptor = each.get("/FontDescriptor")
        if descriptor is not None and any(
            key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            return True
    return bool(font.get("/Subtype") == "/Type3")  # drawn by the PDF itself


def check(printed: PrintedBook, book: Book) -> Iterator[Finding]:
    faces = [_compact(name) for name in book.print_settings.chain]
    seen: set[str] = set()
    for index, page in enumerate(printed.reader.pages):
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for reference in (fonts.get_object().values() if fonts is not None else ()):
            font = reference.get_object()
            name = str(font.get("/BaseFont", "/(unnamed)"))[1:]
            if name in seen or font.get("/Subtype") == "/Type3":
                continue
            seen.add(name)
            folio = printed.pages[index].folio
            bare = _SUBSET.sub("", name, count=1)
            if not _embedded(font):
                yield Finding(CHECK_EMBEDDED, Level.ERROR, f"the font {bare} is not embedded",
                              index + 1, folio)
            elif not _SUBSET.match(name):
                yield Finding(CHECK_SUBSET, Level.WARNING,
                              f"the font {bare} is embedded whole, not subset", index + 1, folio)
            if not any(_compact(bare).startswith(face) for face in faces):
                yield Finding(CHECK_FACE, Level.ERROR,
                              f"the font {bare} is none of the book's faces "
                              f"({', '.join(book.print_settings.chain)})", index + 1, folio)
