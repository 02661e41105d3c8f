"""The package files of the EPUB: the package document (OPF), the NCX and container.xml."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tarkbook.epub.accessibility import accessibility_metadata
from tarkbook.epub.content import Entry
from tarkbook.model import Book, Contributor
from tarkbook.render import environment, plain_text

CREATOR_ROLES = frozenset({"aut", "ive", "ivr"})
"""MARC relator roles of the people who made the work (dc:creator); others are contributors."""


@dataclass(frozen=True, slots=True)
class Item:
    """One manifest item."""

    ident: str
    href: str
    media_type: str
    properties: str = ""


@dataclass(frozen=True, slots=True)
class Person:
    """A dc:creator or dc:contributor with its refinements; ``ident`` is unique.

    ``file_as`` is empty when the sort form would only repeat the name.
    """

    element: str
    ident: str
    name: str
    file_as: str
    roles: tuple[str, ...]
    sequence: int


def people(contributors: Sequence[Contributor]) -> list[Person]:
    """Creators and contributors in display order, each with its own id."""
    counts = {"creator": 0, "contributor": 0}
    out: list[Person] = []
    for person in contributors:
        element = "creator" if CREATOR_ROLES.intersection(person.roles) else "contributor"
        counts[element] += 1
        file_as = person.file_as if person.file_as != person.name else ""
        out.append(Person(element, f"{element}-{counts[element]}", person.name, file_as,
                          person.roles, counts[element]))
    return out


def identifier(book: Book) -> str:
    """The EPUB's own identifier: ``urn:isbn:…`` when it has an ISBN, else the book's."""
    isbn = book.metadata.epub_isbn
    return f"urn:isbn:{isbn}" if isbn else book.metadata.identifier


def package_document(
    book: Book, manifest: Sequence[Item], spine: Sequence[Item], cover_id: str, figures: int,
) -> bytes:
    """The OPF: metadata, the manifest and the spine (in reading order)."""
    meta = book.metadata
    text = environment().get_template("epub/package.opf").render(
        meta=meta,
        identifier=identifier(book),
        people=people(book.contributors),
        modified=f"{meta.date.isoformat()}T00:00:00Z",
        source=plain_text(book.source_citation),
        accessibility=accessibility_metadata(book, figures),
        cover_id=cover_id,
        manifest=manifest,
        spine=spine,
    )
    return text.encode("utf-8")


def ncx(book: Book, contents: Sequence[Entry]) -> bytes:
    """The NCX, for reading systems that know only EPUB 2: the same contents as the nav."""
    creators = [p.name for p in people(book.contributors) if p.element == "creator"]
    text = environment().get_template("epub/toc.ncx").render(
        meta=book.metadata, identifier=identifier(book), authors=creators, contents=contents,
    )
    return text.encode("utf-8")


def container(package_path: str) -> bytes:
    """META-INF/container.xml, pointing at the package document."""
    text = environment().get_template("epub/container.xml").render(package_path=package_path)
    return text.encode("utf-8")
