"""The printed index's folios, from the real layout: the book is laid out with the index's
places numbered in order, the page each mark stands on is read from that layout (the
anchor of its span: a mark in a note is on its footnote's page, which is its call's),
and the index, now with those folios, its ranges joined, is laid out again. The index
stands after every mark (its section after the text, the notes on their pages), so the
pages before it are the same in both layouts; that is checked, and a layout whose marks
moved fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from tarkbook.edition import EditionFailed
from tarkbook.model import Book
from tarkbook.pdf.page_starts import page_labels
from tarkbook.render.credits import book_labels
from tarkbook.render.index_entries import PageOf, Place, index_groups, marked_places
from tarkbook.render.index_markup import index_markup


def index_html(book: Book, page_of: PageOf | None = None) -> Markup:
    """The index's entries as the print edition sets them: each locator a link to its
    mark; with ``page_of``, the folios of the marks' pages, else their ordinals (the first
    layout's, which only the pages before the index are read from)."""
    return index_markup(index_groups(book), page_of, _link, book_labels(book))


def _link(place: Place) -> str:
    return f"#{place.ident}"


def mark_pages(book: Book, document: Any, first_arabic: int) -> dict[str, tuple[int, str]]:
    """The page each index mark stands on in the laid-out ``document``: its index among
    the pages and its folio, by the mark's id."""
    labels = page_labels(len(document.pages), first_arabic)
    wanted = {place.ident for _, place in marked_places(book)}
    found: dict[str, tuple[int, str]] = {}
    for index, page in enumerate(document.pages):
        for anchor in wanted.intersection(page.anchors):
            found.setdefault(anchor, (index, labels[index]))
    missing = sorted(wanted - set(found))
    if missing:
        raise EditionFailed(f"the PDF edition failed: the index mark {missing[0]} is on no page")
    return found


def with_folios(
    book: Book, markup: str, document: Any, first_arabic: int,
    lay_out_again: Callable[[str], Any],
) -> Any:
    """The book laid out again with its index's folios, read from ``document``, the layout
    of ``markup`` (which holds the index with ordinals)."""
    pages = mark_pages(book, document, first_arabic)
    numbered, folios = str(index_html(book)), str(index_html(book, _reader(pages)))
    if numbered not in markup:
        raise EditionFailed("the PDF edition failed: the index is not in the book's markup")
    again = lay_out_again(markup.replace(numbered, folios, 1))
    moved = sorted(ident for ident, page in mark_pages(book, again, first_arabic).items()
                   if page != pages[ident])
    if moved:
        raise EditionFailed(f"the PDF edition failed: the index mark {moved[0]} moved to "
                            "another page when the index's folios were set")
    return again


def _reader(pages: dict[str, tuple[int, str]]) -> PageOf:
    def page_of(place: Place) -> tuple[int, str]:
        return pages[place.ident]

    return page_of
