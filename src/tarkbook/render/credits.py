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


# What each MARC relator code credits, in words: a participle that takes "by" (several
# join as "Edited and annotated by"), or a noun for a line of its own ("Introduction by").
_DONE = {
    "aut": "Written", "edt": "Edited", "ann": "Annotated", "trl": "Translated",
    "com": "Compiled", "ill": "Illustrated", "pbl": "Published",
}
_PARTS = {
    "ive": "Interview", "ivr": "Interviews", "aui": "Introduction", "aft": "Afterword",
    "pht": "Photographs", "cov": "Cover design", "ctb": "Contributions",
}


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
    """The imprint's lines for every role the credit line leaves out, in contributor order:
    'Translated by X', 'Edited and annotated by Y and Z', 'Introduction by W'. Contributors
    with the same roles share a line; a code without words is credited by its code."""
    named = _credited_in_line(book)
    groups: dict[tuple[str, ...], list[Contributor]] = {}
    for person in book.contributors:
        roles = tuple(role for role in person.roles if (person.name, role) not in named)
        if roles:
            groups.setdefault(roles, []).append(person)
    lines = []
    for roles, people in groups.items():
        names = join_names(people)
        done = [_DONE[role] for role in roles if role in _DONE]
        if done:
            words = " and ".join([done[0]] + [word.lower() for word in done[1:]])
            lines.append(f"{words} by {names}")
        for role in roles:
            if role not in _DONE:
                lines.append(f"{_PARTS.get(role, role)} by {names}")
    return lines


def main_names(book: Book) -> str:
    """The names printed large on the title page and cover: interviewees, else authors."""
    people = book.contributors_with("ive") or book.contributors_with("aut") or book.contributors
    return join_names(people)


def long_date(date: datetime.date, language: str) -> str:
    """'25 November 2026' for English; the ISO date for other languages."""
    if language.split("-")[0].lower() == "en":
        return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"
    return date.isoformat()
