"""The page count: a printed book has an even number of pages (a leaf has two sides),
and a multiple of its signature when ``[print] signature`` is set (the build adds the
blank pages at the end; the proof checks that it did)."""

from __future__ import annotations

from collections.abc import Iterator

from tarkbook.model import Book
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import PrintedBook

CHECK = "page-count"


def check(printed: PrintedBook, book: Book) -> Iterator[Finding]:
    count, signature = len(printed.pages), book.print_settings.signature
    if not printed.pages:
        return
    last = printed.pages[-1]
    if signature and count % signature:
        yield Finding(CHECK, Level.ERROR,
                      f"the book has {count} pages, not a multiple of its signature of "
                      f"{signature} pages", last.number, last.folio)
    elif count % 2:
        yield Finding(CHECK, Level.WARNING,
                      f"the book has {count} pages, an odd count: the print shop will add "
                      f"a blank page at the end", last.number, last.folio)
