"""The words of the title page and imprint made from the metadata: credits and dates."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from tarkbook.model import Book, Contributor

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def join_names(people: Sequence[Contributor]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = [person.name for person in people]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def credit_line(book: Book) -> str:
    """Who made the book, in a line: 'X in conversation with Y and Z', or 'by X'."""
    interviewees = book.contributors_with("ive")
    interviewers = book.contributors_with("ivr")
    if interviewees and interviewers:
        return f"{join_names(interviewees)} in conversation with {join_names(interviewers)}"
    authors = book.contributors_with("aut") or book.contributors
    return f"by {join_names(authors)}" if authors else ""


def main_names(book: Book) -> str:
    """The names printed large on the title page and cover: interviewees, else authors."""
    people = book.contributors_with("ive") or book.contributors_with("aut") or book.contributors
    return join_names(people)


def long_date(date: datetime.date, language: str) -> str:
    """'25 November 2026' for English; the ISO date for other languages."""
    if language.split("-")[0].lower() == "en":
        return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"
    return date.isoformat()
