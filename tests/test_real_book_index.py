"""The real book's index of names and works: marks on the people, films, books, journals and
places the conversation and the notes name, the works under their director or author, and in
print each heading of the index leads, by at least one of its locators, to a page on which
the words it marks stand."""

from __future__ import annotations

from collections import defaultdict

import pytest
from pypdf import PdfReader

from pdf_support import REAL_MANUSCRIPT, destination_pages, page_texts, reader, real_book_pdf
from tarkbook.manuscript import load_book
from tarkbook.manuscript.index_marks import index_marks
from tarkbook.model import Book
from tarkbook.render.index_ids import MARK_PREFIX, mark_id
from tarkbook.render.inlines import plain_text

MINIMUM_MARKS = 40
TARKOVSKY = "Tarkovsky, Andrei"
DOSTOYEVSKY = "Dostoyevsky, Fyodor"


@pytest.fixture(scope="module")
def book() -> Book:
    return load_book(REAL_MANUSCRIPT)


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    return reader(real_book_pdf())


def _headings(book: Book) -> dict[str, dict[str, str]]:
    """Each heading of the index that lists places: the ids of its marks and the words each
    marks. A heading that only sends the reader on (``see=``) has no locator."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for mark, span in index_marks(book):
        if not mark.see:
            found[mark.terms[0]][mark_id(span.pos)] = plain_text(span.children)
    return found


def _subentries(book: Book, heading: str) -> set[str]:
    return {mark.terms[1] for mark, _ in index_marks(book)
            if mark.terms[0] == heading and len(mark.terms) > 1}


def test_the_book_ends_with_an_index_of_at_least_forty_marks(book: Book) -> None:
    assert len(list(index_marks(book))) >= MINIMUM_MARKS
    assert book.sections[-1].kind == "index"


def test_the_works_stand_under_their_director_or_author(book: Book) -> None:
    assert _subentries(book, TARKOVSKY) >= {
        "Ivan\u2019s Childhood", "Andrei Rublev", "Solaris", "Mirror", "Stalker", "Nostalghia",
        "The Sacrifice", "The Steamroller and the Violin", "Sculpting in Time"}
    assert _subentries(book, DOSTOYEVSKY) >= {
        "Demons", "The Brothers Karamazov", "Crime and Punishment"}
    assert _subentries(book, "Shakespeare, William") == {"Hamlet"}
    assert _subentries(book, "Stendhal") == {"The Red and the Black"}
    assert _subentries(book, "Bergman, Ingmar") == {"The Magic Lantern"}


def test_the_people_and_places_the_conversation_names_are_indexed(book: Book) -> None:
    headings = set(_headings(book))
    assert headings >= {
        TARKOVSKY, DOSTOYEVSKY, "Stendhal", "Pushkin, Alexander", "Chaadayev, Pyotr",
        "Akhmatova, Anna", "Ogorodnikova, Tamara", "Shakespeare, William",
        "Vishnyakova, Maria Ivanovna", "Illg, Jerzy", "Neuger, Leonard", "Ludawska, Janina",
        "Mucha, Wacław", "Stockholm", "Italy", "Soviet Union", "Ignatyevo", "Res Publica"}


def test_a_cross_reference_sends_the_reader_to_a_heading_with_places(book: Book) -> None:
    sent = {mark.terms[0]: mark.see for mark, _ in index_marks(book) if mark.see}
    assert sent == {"Zerkalo": TARKOVSKY, "Possessed, The": DOSTOYEVSKY}
    assert set(sent.values()) <= set(_headings(book))


def test_each_heading_leads_to_a_page_on_which_its_words_stand(
    book: Book, pdf: PdfReader
) -> None:
    texts = [_words(text) for text in page_texts(pdf)]
    pages = destination_pages(pdf)
    linked = {str(annotation.get_object().get("/Dest", ""))
              for page in pdf.pages for annotation in page.get("/Annots") or ()}
    locators = {dest for dest in linked if dest.startswith(MARK_PREFIX)}
    assert locators
    for heading, marks in _headings(book).items():
        standing = [ident for ident, words in marks.items()
                    if ident in locators and _words(words) in texts[pages[ident]]]
        assert standing, f"{heading}: no locator leads to a page with {sorted(marks.values())}"


def _words(text: str) -> str:
    """``text`` as the proof compares words: without hyphens (a hyphen of the text at a
    line's end, "Neuilly-" then "sur-Seine", reads as the layout's), case folded."""
    return " ".join(text.replace("-", "").split()).casefold()
