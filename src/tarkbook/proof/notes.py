"""Every note on the page of its call.

The PDF's named destinations say where each id of the markup landed: ``call-N`` is the
call of note N in the text, ``note-N`` the note at the foot of the page. A note too long
for the room left on its page runs on at the foot of the next pages: its start
(``note-N``) is on its call's page, and each further piece (``note-N-part-2``, ``-part-3``
…) at the top of the notes of the page after the piece before it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from tarkbook.diagnostics import SourcePos
from tarkbook.model import Book
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import NOTE_PIECE, PrintedBook

CHECK = "note-page"

_NOTE = re.compile(r"note-(\d+)")


def pieces(book: PrintedBook) -> dict[int, list[tuple[int, float]]]:
    """Note number -> where each of its pieces stands, (page, top), in order."""
    found: dict[int, dict[int, tuple[int, float]]] = {}
    for name, place in book.destinations.items():
        if match := NOTE_PIECE.fullmatch(name):
            found.setdefault(int(match[1]), {})[int(match[2] or 1)] = place
    return {number: [parts[part] for part in sorted(parts)] for number, parts in found.items()}


def numbers(book: PrintedBook) -> list[int]:
    """The numbers of the notes the PDF carries, in order."""
    found = (_NOTE.fullmatch(name) for name in book.destinations)
    return sorted(int(match[1]) for match in found if match)


def check(printed: PrintedBook, book: Book) -> Iterator[Finding]:
    placed = pieces(printed)
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
        yield from _run_on(printed, number, placed.get(number, []), source)
        if call_page != note_page:
            page = printed.pages[call_page - 1]
            other = printed.pages[note_page - 1]
            yield Finding(CHECK, Level.ERROR,
                          f"note {number} is on PDF page {other.number} (p. {other.folio}), "
                          f"not on the page of its call", page.number, page.folio,
                          source=source, box=(0.0, max(top - 2, 0.0), page.width, top + 12))


def _run_on(printed: PrintedBook, number: int, places: list[tuple[int, float]],
            source: SourcePos | None) -> Iterator[Finding]:
    """Each later piece of note ``number`` (its ``places``, as ``pieces`` gives them)
    stands on the page after the piece before it."""
    for part, ((before, _), (page_number, top)) in enumerate(pairwise(places), 2):
        if page_number != before + 1:
            page = printed.pages[page_number - 1]
            yield Finding(CHECK, Level.ERROR,
                          f"note {number} runs on (part {part}) on PDF page {page.number}, "
                          f"not on the page after its part {part - 1}", page.number,
                          page.folio, source=source,
                          box=(0.0, max(top - 2, 0.0), page.width, top + 12))
