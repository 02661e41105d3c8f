"""The words of the title page and imprint made from the metadata: credits and dates."""

from __future__ import annotations

from collections.abc import Sequence

from tarkbook.model import Book, Contributor
from tarkbook.render.labels import Labels, labels_for


def book_labels(book: Book) -> Labels:
    """The labels of ``book``: its language's, with its own ``[labels]`` over them."""
    return labels_for(book.metadata.language, book.labels, book.metadata.digits)


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


ROLE_LABELS = {
    "aut": "written_by", "edt": "edited_by", "ann": "notes_by", "trl": "translated_by",
    "aui": "introduction_by", "aft": "afterword_by", "ill": "illustrated_by",
    "pht": "photographs_by", "cov": "cover_by", "ctb": "contributions_by",
    "com": "compiled_by", "pbl": "publisher_credit",
}
"""The label that credits each MARC relator code the credit line can leave out (the
interview's two roles are always in it)."""


def _credited_in_line(book: Book) -> set[tuple[str, str]]:
    """(name, role) pairs that :func:`credit_line` already names."""
    interviewees = book.contributors_with("ive")
    interviewers = book.contributors_with("ivr")
    if interviewees and interviewers:
        roles = {"ive", "ivr"}
    elif book.contributors_with("aut"):
        roles = {"aut"}
    else:  # 'by' and every contributor: every role of theirs is credited by name
        return {(c.name, role) for c in book.contributors for role in c.roles}
    return {(c.name, role) for c in book.contributors for role in c.roles if role in roles}


def role_credits(book: Book) -> list[str]:
    """The imprint's lines for every role the credit line leaves out, in contributor order
    and in the book's language: 'Translated by X', 'Edited by Y and Z', 'Notes by Y and
    Z'. The people with a role share its line, unless their own ``credit`` words differ.
    """
    named = _credited_in_line(book)
    labels = book_labels(book)
    groups: dict[tuple[str, str], list[Contributor]] = {}
    for person in book.contributors:
        for role in person.roles:
            if (person.name, role) not in named and role in ROLE_LABELS:
                groups.setdefault((role, person.credit), []).append(person)
    return [credit.replace("{names}", join_names(people, labels)) if credit
            else labels(ROLE_LABELS[role], names=join_names(people, labels))
            for (role, credit), people in groups.items()]


def main_names(book: Book) -> str:
    """The names printed large on the title page and cover: interviewees, else authors."""
    people = book.contributors_with("ive") or book.contributors_with("aut") or book.contributors
    return join_names(people, book_labels(book))


def long_date(book: Book) -> str:
    """The edition's date as the book's language writes it: '25 November 2026'."""
    return book_labels(book).date(book.metadata.date)
