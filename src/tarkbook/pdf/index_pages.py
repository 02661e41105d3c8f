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


def index_ends_book(book: Book) -> bool:
    """Whether the book's last section is its index (which is then laid out again alone
    when it begins on a right-hand page: ``with_folios``)."""
    return bool(book.sections) and book.sections[-1].kind == "index"


def with_folios(
    book: Book, markup: str, document: Any, first_arabic: int,
    lay_out_again: Callable[[str], Any], render_alone: Callable[[str, str], Any],
) -> Any:
    """The book with its index's folios, read from ``document``, the layout of ``markup``
    (which holds the index with ordinals). When the index ends the book and begins on a
    right-hand page, only the index is laid out again, alone (the markup of its part alone,
    its folios counted on from the page it began on), and its pages take the place of the
    first layout's; else the whole book is laid out again. Either way the marks must stand
    on the pages they stood on."""
    pages = mark_pages(book, document, first_arabic)
    numbered, folios = str(index_html(book)), str(index_html(book, _reader(pages)))
    if numbered not in markup:
        raise EditionFailed("the PDF edition failed: the index is not in the book's markup")
    markup = markup.replace(numbered, folios, 1)
    position = next(i for i, section in enumerate(book.sections) if section.kind == "index")
    anchor = f"part-{book.sections[position].ident}"
    start = next(i for i, page in enumerate(document.pages) if anchor in page.anchors)
    if index_ends_book(book) and start % 2 == 0:  # a recto: 0 is the first
        alone = render_alone(_alone(markup, anchor), _alone_css(book, position, page_labels(
            len(document.pages), first_arabic)[start]))
        again = document.copy([*document.pages[:start], *alone.pages])
    else:
        again = lay_out_again(markup)
    moved = sorted(ident for ident, page in mark_pages(book, again, first_arabic).items()
                   if page != pages[ident])
    if moved:
        raise EditionFailed(f"the PDF edition failed: the index mark {moved[0]} moved to "
                            "another page when the index's folios were set")
    return again


def _alone(markup: str, anchor: str) -> str:
    """The book's markup with nothing in its body before the part ``anchor``."""
    body = markup.index(">", markup.index("<body")) + 1
    part = markup.rindex("<section", 0, markup.index(f'id="{anchor}"'))
    return markup[:body] + markup[part:]


def _alone_css(book: Book, index: int, folio: str) -> str:
    """The style that lays out the index alone: the book's title given to the running heads
    as the half-title gives it, the folios counted on from the index's first page."""
    title = book.metadata.title.replace("\\", "\\\\").replace('"', '\\"')
    title = " ".join(title.split())
    return (f'#part-{book.sections[index].ident} {{ string-set: book-title "{title}"; }}\n'
            f"@page :first {{ counter-reset: page {int(folio)}; }}\n")


def _reader(pages: dict[str, tuple[int, str]]) -> PageOf:
    def page_of(place: Place) -> tuple[int, str]:
        return pages[place.ident]

    return page_of
