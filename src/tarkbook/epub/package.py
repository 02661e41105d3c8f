"""The package files of the EPUB: the package document (OPF), the NCX and container.xml."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tarkbook.epub.accessibility import accessibility_metadata
from tarkbook.epub.content import Entry, PageTarget
from tarkbook.model import Book, Contributor
from tarkbook.render import environment, plain_text
from tarkbook.render.credits import book_labels

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
    paged: bool = False,
) -> bytes:
    """The OPF: metadata, the manifest and the spine (in reading order). ``paged``: the
    EPUB carries the print edition's page list."""
    meta = book.metadata
    text = environment().get_template("epub/package.opf").render(
        meta=meta,
        identifier=identifier(book),
        people=people(book.contributors),
        modified=f"{meta.date.isoformat()}T00:00:00Z",
        source=plain_text(book.source_citation),
        accessibility=accessibility_metadata(book, figures, paged),
        cover_id=cover_id,
        manifest=manifest,
        spine=spine,
    )
    return text.encode("utf-8")


def ncx(
    book: Book, contents: Sequence[Entry], pages: Sequence[PageTarget] = (),
    spine: Sequence[str] = (),
) -> bytes:
    """The NCX, for reading systems that know only EPUB 2: the same contents and page list
    as the nav. Its play order is the reading order: each document of ``spine`` (file
    names), its line of the contents first, then its pages."""
    creators = [p.name for p in people(book.contributors) if p.element == "creator"]
    lines = [line for entry in contents for line in (entry, *entry.titles)]
    points = [(entry.href.partition("#")[0], 0, index) for index, entry in enumerate(lines)]
    points += [(page.href.partition("#")[0], 1, index) for index, page in enumerate(pages)]
    where = {href: index for index, href in enumerate(spine)}
    ordered = sorted(points, key=lambda p: (where.get(p[0], len(where)), p[1], p[2]))
    order = {(kind, index): play for play, (_, kind, index) in enumerate(ordered, start=1)}
    plays = iter([order[0, index] for index in range(len(lines))])  # as ``lines`` go
    numbers = [int(page.label) for page in pages if page.label.isdigit()]
    text = environment().get_template("epub/toc.ncx").render(
        meta=book.metadata, identifier=identifier(book), authors=creators,
        contents=[(entry, next(plays), [(title, next(plays)) for title in entry.titles])
                  for entry in contents],
        depth=2 if len(lines) > len(contents) else 1,
        pages=[(page, order[1, index]) for index, page in enumerate(pages)],
        max_page=max(numbers, default=0), page_list_title=book_labels(book)("page_list"),
    )
    return text.encode("utf-8")


def container(package_path: str) -> bytes:
    """META-INF/container.xml, pointing at the package document."""
    text = environment().get_template("epub/container.xml").render(package_path=package_path)
    return text.encode("utf-8")
