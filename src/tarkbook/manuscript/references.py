"""The places a book names with ``{#id}`` and the references to them: every id given once
(R002), every reference to an id that is given (R001, with the closest id as a hint)."""

from __future__ import annotations

from collections.abc import Iterator

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript.suggest import closest
from tarkbook.model import Book, Reference
from tarkbook.render.places import book_nodes, named_blocks


def check_references(book: Book, reporter: Reporter) -> None:
    """Report each id given twice and each reference to an id the book does not give."""
    first: dict[str, SourcePos] = {}
    for ident, _, _, pos in named_blocks(book):
        if ident in first:
            reporter.report("R002", pos, ident=ident, first=first[ident])
        else:
            first.setdefault(ident, pos)
    for reference in references(book):
        if reference.target not in first:
            near = closest(reference.target, first)
            hint = f"; did you mean '{near}'?" if near is not None else ""
            reporter.report("R001", reference.pos, ident=reference.target, hint=hint)


def references(book: Book) -> Iterator[Reference]:
    """Every reference of the book: in titles, in the text and in the notes."""
    return book_nodes(book, Reference)
