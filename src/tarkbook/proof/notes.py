"""Every note on the page of its call.

The PDF's named destinations say where each id of the markup landed: ``call-N`` is the
call of note N in the text, ``note-N`` the note at the foot of the page."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tarkbook.model import Book
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import PrintedBook

CHECK = "note-page"

_NOTE = re.compile(r"note-(\d+)")


def numbers(book: PrintedBook) -> list[int]:
    """The numbers of the notes the PDF carries, in order."""
    found = (_NOTE.fullmatch(name) for name in book.destinations)
    return sorted(int(match[1]) for match in found if match)


def check(printed: PrintedBook, book: Book) -> Iterator[Finding]:
    for number in numbers(printed):
        source = book.notes[number - 1].pos if 0 < number <= len(book.notes) else None
        note_page, _ = printed.destinations[f"note-{number}"]
        call = printed.destinations.get(f"call-{number}")
        if call is None:
            page = printed.pages[note_page - 1]
            yield Finding(CHECK, Level.ERROR, f"note {number} has no call in the text",
                          page.number, page.folio, source=source)
            continue
        call_page, top = call
        if call_page != note_page:
            page = printed.pages[call_page - 1]
            other = printed.pages[note_page - 1]
            yield Finding(CHECK, Level.ERROR,
                          f"note {number} is on PDF page {other.number} (p. {other.folio}), "
                          f"not on the page of its call", page.number, page.folio,
                          source=source, box=(0.0, max(top - 2, 0.0), page.width, top + 12))
