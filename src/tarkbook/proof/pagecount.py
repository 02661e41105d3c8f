"""The page count: a printed book has an even number of pages (a leaf has two sides);
a print shop pads an odd count with a blank page."""

from __future__ import annotations

from collections.abc import Iterator

from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import PrintedBook

CHECK = "page-count"


def check(printed: PrintedBook) -> Iterator[Finding]:
    count = len(printed.pages)
    if count % 2:
        last = printed.pages[-1]
        yield Finding(CHECK, Level.WARNING,
                      f"the book has {count} pages, an odd count: the print shop will add "
                      f"a blank page at the end", last.number, last.folio)
