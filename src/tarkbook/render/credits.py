"""The words of the title page and imprint made from the metadata: credits and dates."""

from __future__ import annotations

from collections.abc import Sequence

from tarkbook.model import Book, Contributor
from tarkbook.render.labels import Labels, labels_for


def book_labels(book: Book) -> Labels:
    """The labels of ``book``: its language's, with its own ``[labels]`` over them."""
    return labels_for(book.metadata.language, book.labels)


def join_names(people: Sequence[Contributor], labels: Labels | None = None) -> str:
    """'A', 'A and B', 'A, B and C' (with the book's word for "and")."""
    return (labels or labels_for("en")).join([person.name for person in people])


def credit_line(book: Book) -> str:
    """Who made the book, in a line: 'X in conversation with Y and Z', or 'by X'."""
    labels = book_labels(book)
    interviewees = book.contributors_with("ive")
    interviewers = book.contributors_with("ivr")
    if interviewees and interviewers:
        return (f"{join_names(interviewees, labels)} {labels('in_conversation_with')} "
                f"{join_names(interviewers, labels)}")
    authors = book.contributors_with("aut") or book.contributors
    return labels("by", names=join_names(authors, labels)) if authors else ""


def title_credit(book: Book) -> str:
    """The credit line under the title: an interview's; none when the title page already
    names the authors above the title."""
    if book.contributors_with("ive") and book.contributors_with("ivr"):
        return credit_line(book)
    return "" if book.contributors_with("aut") else credit_line(book)


def main_names(book: Book) -> str:
    """The names printed large on the title page and cover: interviewees, else authors."""
    people = book.contributors_with("ive") or book.contributors_with("aut") or book.contributors
    return join_names(people, book_labels(book))


def long_date(book: Book) -> str:
    """The edition's date as the book's language writes it: '25 November 2026'."""
    return book_labels(book).date(book.metadata.date)
