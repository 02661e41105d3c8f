"""The titles a section lists under it in both editions' contents: its ``##`` titles (the
poems of a collection in one file, the parts of a long chapter), with ``[print]
contents_depth = 2``, and the id both editions give each."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from tarkbook.model import Block, Book, Division, Heading, InterviewSection, Section
from tarkbook.render.inlines import anchor

LISTED_LEVEL = 2
"""The level of the titles listed under their section: ``##``."""


def heading_id(heading: Heading) -> str:
    """The id both editions give ``heading``: its ``{#id}``'s, else, for a ``##`` title,
    one made from where it stands in the manuscript (its file, wherever the
    manuscript's folder lies and whatever its name, and its line: unique in the book); ''
    for another heading without an id."""
    if heading.ident:
        return anchor(heading.ident)
    if heading.level != LISTED_LEVEL:
        return ""
    # the file within the manuscript: a position's file begins with the manuscript's
    # folder, whose name must not change the editions
    within = heading.pos.file.split("/", 1)[-1]
    where = hashlib.sha256(within.encode("utf-8")).hexdigest()[:8]
    return f"t{heading.pos.line}-{where}"


def listed_titles(section: Section, book: Book) -> tuple[Heading, ...]:
    """The ``##`` titles of ``section`` that the contents list under it: its own, and
    those of its divisions (not a title quoted or inside a list), in reading order; none
    with ``[print] contents_depth = 1``."""
    if book.print_settings.contents_depth < LISTED_LEVEL:
        return ()
    if isinstance(section, InterviewSection):
        return tuple(item for item in section.body
                     if isinstance(item, Heading) and item.level == LISTED_LEVEL)
    return tuple(_titles(section.blocks))


def _titles(blocks: Sequence[Block]) -> Iterator[Heading]:
    for block in blocks:
        if isinstance(block, Heading) and block.level == LISTED_LEVEL:
            yield block
        elif isinstance(block, Division):
            yield from _titles(block.blocks)
