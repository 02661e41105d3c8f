"""The places a book names with ``{#id}`` and the references to them: every id given once
(R002), every reference to an id that is given (R001, with the closest id as a hint)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript.suggest import closest
from tarkbook.model import (
    Book,
    Emphasis,
    Inline,
    LanguageSpan,
    Link,
    Reference,
    Strong,
    inline_runs,
    nested_blocks,
)
from tarkbook.render.places import named_blocks, section_blocks

_Node = TypeVar("_Node", bound=Inline)

def check_references(book: Book, reporter: Reporter) -> None:
    """Report each id given twice and each reference to an id the book does not give."""
    first: dict[str, SourcePos] = {}
    for ident, _, _, pos in named_blocks(book):
        if ident in first:
            reporter.report("R002", pos, ident=ident, first=first[ident])
        else:
            first.setdefault(ident, pos)
    for reference in references(book):
        if reference.target not in first:
            near = closest(reference.target, first)
            hint = f"; did you mean '{near}'?" if near is not None else ""
            reporter.report("R001", reference.pos, ident=reference.target, hint=hint)


def references(book: Book) -> Iterator[Reference]:
    """Every reference of the book: in titles, in the text and in the notes."""
    return book_nodes(book, Reference)


def book_nodes(book: Book, kind: type[_Node]) -> Iterator[_Node]:
    """Every inline node of ``kind`` in the book: in titles, in the text and in the notes,
    in reading order."""
    runs: list[Iterable[Inline]] = [section.title for section in book.sections]
    blocks = [block for section in book.sections for block in section_blocks(section)]
    blocks += [block for note in book.notes for block in nested_blocks(note.blocks)]
    for block in blocks:
        runs.extend(inline_runs(block))
    for run in runs:
        yield from _of_kind(run, kind)


def _of_kind(nodes: Iterable[Inline], kind: type[_Node]) -> Iterator[_Node]:
    for node in nodes:
        if isinstance(node, kind):
            yield node
        if isinstance(node, Emphasis | Strong | LanguageSpan | Link | Reference):
            yield from _of_kind(node.children, kind)
