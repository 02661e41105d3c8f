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
# credit line for the interview, then one line for each other role ("Notes by …").
ROLE_WORDS = {
    "ive": "{name} in conversation with ",
    "ivr": " in conversation with [^.]*{name}",
    "trl": "Translated [^.]*by [^.]*{name}",
    "edt": "Edited [^.]*by [^.]*{name}",
    "ann": "Notes by [^.]*{name}",
}


def _contributors() -> list[dict[str, object]]:
    data = tomllib.loads((MANUSCRIPT / "book.toml").read_text(encoding="utf-8"))
    return list(data["contributors"])


def _credited(text: str) -> list[str]:
    """The (name, role) pairs of book.toml the text leaves out."""
    missing = []
    for person in _contributors():
        for role in person["roles"]:  # type: ignore[attr-defined]
            words = ROLE_WORDS[role]
            if "credit" in person:  # the person's own words: "… with the help of {names}"
                words = re.escape(str(person["credit"])).replace(r"\{names\}", "[^.]*{name}")
            pattern = words.format(name=re.escape(str(person["name"])))
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
    assert role_credits(book) == [
        "Translated from the Polish by Jan",
        "Translated into Polish with the help of Janina Ludawska and Wacław Mucha",
        "Edited by Tarkbook Editors", "Notes by Tarkbook Editors"]


def test_the_polish_translators_are_credited_on_the_imprint_of_both_editions(
        epub: Built) -> None:
    """The English is a translation of the Polish: the two who helped the interviewers put
    the conversation into Polish are credited, in their own words, in both editions."""
    line = "Translated into Polish with the help of Janina Ludawska and Wacław Mucha"
    imprint = epub.xml("imprint.xhtml")
    (block,) = imprint.iterfind(".//x:div[@class='imprint']", NS)
    assert line in squash(" ".join(block.itertext()))
    texts = page_texts(reader(real_book_pdf()))
    (printed,) = [text for text in texts if "This edition:" in text]
    assert line in squash(printed)


def test_a_contributor_credit_replaces_the_role_words_and_groups_by_them(book: Book) -> None:
    other = _with(
        book,
        Contributor("A", "A", ("aut",)), Contributor("B", "B", ("trl",)),
        Contributor("C", "C", ("trl",), "Put into Polish with {names}"),
        Contributor("D", "D", ("trl",), "Put into Polish with {names}"),
    )
    assert role_credits(other) == ["Translated by B", "Put into Polish with C and D"]


def test_people_with_the_same_role_share_its_line(book: Book) -> None:
    other = _with(
        book,
        Contributor("A", "A", ("ive",)), Contributor("B", "B", ("ivr", "aui")),
        Contributor("C", "C", ("trl",)), Contributor("D", "D", ("trl", "ann")),
        Contributor("E", "E", ("ann", "pht")),
    )
    assert credit_line(other) == "A in conversation with B"
    assert role_credits(other) == [
        "Introduction by B", "Translated by C and D", "Notes by D and E", "Photographs by E",
    ]


def test_role_credits_come_in_the_book_language(book: Book) -> None:
    polish = dataclasses.replace(
        _with(book, Contributor("A", "A", ("aut",)), Contributor("B", "B", ("trl", "edt"))),
        metadata=dataclasses.replace(book.metadata, language="pl"))
    assert role_credits(polish) == ["Przekład: B", "Redakcja: B"]


def test_authors_in_the_credit_line_are_not_credited_twice(book: Book) -> None:
    other = _with(book, Contributor("A", "A", ("aut",)), Contributor("B", "B", ("edt",)))
    assert credit_line(other) == "by A"
    assert role_credits(other) == ["Edited by B"]
    everyone = _with(book, Contributor("C", "C", ("trl",)))
    assert credit_line(everyone) == "by C"
    assert role_credits(everyone) == []
