"""The places a book names with ``{#id}`` (a section's title, a heading, a figure, a
table), for the editions' references to them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from tarkbook.diagnostics import SourcePos
from tarkbook.model import (
    Block,
    Book,
    Emphasis,
    Figure,
    Heading,
    Inline,
    InterviewSection,
    LanguageSpan,
    Link,
    Reference,
    Section,
    Strong,
    Table,
    Turn,
    inline_runs,
    nested_blocks,
)
from tarkbook.render.inlines import anchor, plain_text

_Node = TypeVar("_Node", bound=Inline)

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


def book_nodes(book: Book, kind: type[_Node]) -> Iterator[_Node]:
    """Every inline node of ``kind`` in the book: in titles, in the text and in the notes,
    in reading order."""
    runs: list[Iterable[Inline]] = [section.title for section in book.sections]
    blocks = [block for section in book.sections for block in section_blocks(section)]
    blocks += [block for note in book.notes for block in nested_blocks(note.blocks)]
    for block in blocks:
        runs.extend(inline_runs(block))
    for run in runs:
        yield from of_kind(run, kind)


def of_kind(nodes: Iterable[Inline], kind: type[_Node]) -> Iterator[_Node]:
    """The nodes of ``kind`` among ``nodes`` and inside them, in reading order."""
    for node in nodes:
        if isinstance(node, kind):
            yield node
        if isinstance(node, Emphasis | Strong | LanguageSpan | Link | Reference):
            yield from of_kind(node.children, kind)


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
