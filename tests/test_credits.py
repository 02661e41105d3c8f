"""Credits: every contributor of book.toml is credited with each of its roles in both editions,
on the imprint page (and, in the EPUB, in the package metadata); the imprint's words come from
the roles, not from the book."""

from __future__ import annotations

import dataclasses
import re
import tomllib

import pytest

from epub_support import MANUSCRIPT, NS, Built, built_once
from pdf_support import page_texts, reader, real_book_pdf, squash
from tarkbook.manuscript import load_book
from tarkbook.model import Book, Contributor
from tarkbook.render.credits import credit_line, role_credits

# How the imprint credits each role of the real book, as a pattern around the name: the
# credit line for the interview, then one line for each other role ("Edited and annotated").
ROLE_WORDS = {
    "ive": "{name} in conversation with ",
    "ivr": " in conversation with [^.]*{name}",
    "trl": "Translated [^.]*by [^.]*{name}",
    "edt": "Edited [^.]*by [^.]*{name}",
    "ann": "[Aa]nnotated [^.]*by [^.]*{name}",
}


def _contributors() -> list[dict[str, object]]:
    data = tomllib.loads((MANUSCRIPT / "book.toml").read_text(encoding="utf-8"))
    return list(data["contributors"])


def _credited(text: str) -> list[str]:
    """The (name, role) pairs of book.toml the text leaves out."""
    missing = []
    for person in _contributors():
        for role in person["roles"]:  # type: ignore[attr-defined]
            pattern = ROLE_WORDS[role].format(name=re.escape(str(person["name"])))
            if not re.search(pattern, text):
                missing.append(f"{person['name']} ({role})")
    return missing


def test_the_book_has_contributors_of_several_roles() -> None:
    people = _contributors()
    roles = {role for person in people for role in person["roles"]}  # type: ignore[attr-defined]
    assert roles == set(ROLE_WORDS)


@pytest.fixture(scope="module")
def epub(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_once(MANUSCRIPT, tmp_path_factory)


def test_the_epub_imprint_credits_every_contributor_role(epub: Built) -> None:
    imprint = epub.xml("imprint.xhtml")
    (block,) = imprint.iterfind(".//x:div[@class='imprint']", NS)
    text = squash(" ".join(block.itertext()))
    assert _credited(text) == []


def test_the_epub_package_gives_every_contributor_its_roles(epub: Built) -> None:
    metadata = epub.xml("package.opf").find("opf:metadata", NS)
    found = {}
    people = [*metadata.iterfind("dc:creator", NS), *metadata.iterfind("dc:contributor", NS)]
    for element in people:
        ident = element.get("id")
        found[element.text] = [
            meta.text for meta in metadata.iterfind("opf:meta[@property='role']", NS)
            if meta.get("refines") == f"#{ident}"
        ]
    wanted = {
        str(p["name"]): list(p["roles"]) for p in _contributors()  # type: ignore[call-overload]
    }
    assert found == wanted


def test_the_pdf_imprint_credits_every_contributor_role() -> None:
    texts = page_texts(reader(real_book_pdf()))
    (imprint,) = [text for text in texts if "This edition:" in text]
    assert _credited(squash(imprint)) == []


# ---------------------------------------------------------------- the words, from the roles


@pytest.fixture(scope="module")
def book() -> Book:
    return load_book(MANUSCRIPT)


def _with(book: Book, *people: Contributor) -> Book:
    return dataclasses.replace(book, contributors=people)


def test_the_real_book_credits_its_translator_and_editors(book: Book) -> None:
    assert credit_line(book) == (
        "Andrei Tarkovsky in conversation with Jerzy Illg and Leonard Neuger")
    assert role_credits(book) == ["Translated by Jan", "Edited and annotated by Tarkbook Editors"]


def test_people_with_the_same_roles_share_a_line_and_nouns_get_their_own(book: Book) -> None:
    other = _with(
        book,
        Contributor("A", "A", ("ive",)), Contributor("B", "B", ("ivr", "aui")),
        Contributor("C", "C", ("trl",)), Contributor("D", "D", ("trl",)),
        Contributor("E", "E", ("ann", "pht", "xyz")),
    )
    assert credit_line(other) == "A in conversation with B"
    assert role_credits(other) == [
        "Introduction by B", "Translated by C and D", "Annotated by E", "Photographs by E",
        "xyz by E",
    ]


def test_authors_in_the_credit_line_are_not_credited_twice(book: Book) -> None:
    other = _with(book, Contributor("A", "A", ("aut",)), Contributor("B", "B", ("edt",)))
    assert credit_line(other) == "by A"
    assert role_credits(other) == ["Edited by B"]
    everyone = _with(book, Contributor("C", "C", ("trl",)))
    assert credit_line(everyone) == "by C"
    assert role_credits(everyone) == []
