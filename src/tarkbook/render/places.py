"""The places a book names with ``{#id}`` (a section's title, a heading, a figure, a
table), for the editions' references to them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tarkbook.diagnostics import SourcePos
from tarkbook.model import (
    Block,
    Book,
    Figure,
    Heading,
    InterviewSection,
    Section,
    Table,
    Turn,
    nested_blocks,
)
from tarkbook.render.inlines import anchor, plain_text


@dataclass(frozen=True, slots=True)
class Place:
    """A named place: its section (an index of ``Book.sections``), its element's id in
    both editions ('' for a section's title, which is the section's start) and its words,
    which the EPUB shows for a reference without text of its own."""

    section: int
    element: str
    title: str


def section_blocks(section: Section) -> Iterator[Block]:
    """Every block of ``section``, those inside others too, in reading order."""
    if isinstance(section, InterviewSection):
        for item in section.body:
            yield from nested_blocks(item.blocks if isinstance(item, Turn) else (item,))
    else:
        yield from nested_blocks(section.blocks)


def named_blocks(book: Book) -> Iterator[tuple[str, int, Block | None, SourcePos]]:
    """Every ``{#id}`` of the book: the id, its section's index, the heading, figure or
    table it names (None for a section's title) and its position, in reading order."""
    for index, section in enumerate(book.sections):
        if section.anchor:
            yield section.anchor, index, None, section.pos
        for block in section_blocks(section):
            if isinstance(block, Heading | Figure | Table) and block.ident:
                yield block.ident, index, block, block.pos


def places(book: Book) -> dict[str, Place]:
    """Each id of ``book`` and its place (the first, should an id be given twice)."""
    found: dict[str, Place] = {}
    for ident, index, block, _ in named_blocks(book):
        if ident in found:
            continue
        if block is None:
            title = plain_text(book.sections[index].title)
            found[ident] = Place(index, "", title)
        elif isinstance(block, Figure):
            found[ident] = Place(index, anchor(ident), plain_text(block.caption) or block.alt)
        elif isinstance(block, Table):
            found[ident] = Place(index, anchor(ident), plain_text(block.caption))
        elif isinstance(block, Heading):
            found[ident] = Place(index, anchor(ident), plain_text(block.children))
    return found
