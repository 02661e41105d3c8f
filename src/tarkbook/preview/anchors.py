"""Anchors in the reading view at the source positions of the blocks, so that a problem at
``file:line:col`` links to the passage that starts at or contains that line.

Only the page of the preview carries them: the reading document of a section is rendered
as the EPUB has it, then each of its elements made from a block of the section (a
paragraph, a heading, a turn, a quotation, a list and its items, a verse and its stanzas
and lines, a division) gets an id naming the block's first line, where it has no id of its
own. A note is found at its first call (the note itself pops up from there).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree

from tarkbook.model import (
    Block,
    BlockQuote,
    Division,
    InterviewSection,
    ListBlock,
    ListItem,
    Note,
    Section,
    Stanza,
    Turn,
    Verse,
    VerseLine,
)

XHTML = "{http://www.w3.org/1999/xhtml}"
BOOK_FILE = "book.toml"

Place = tuple[str, int, str]
"""A file of the manuscript (as diagnostics name it), a line in it and the anchor there."""

_Positioned = Block | Turn | ListItem | Stanza | VerseLine


def mark_section(section_element: etree._Element, section: Section, stem: str) -> list[Place]:
    """Give the elements of ``section_element`` made from the blocks of ``section`` ids
    naming their lines; the places so marked, and the section's own first line."""
    items: Sequence[_Positioned] = (
        section.body if isinstance(section, InterviewSection) else section.blocks)
    children = [c for c in section_element
                if isinstance(c.tag, str) and c.tag != f"{XHTML}aside" and c.tag != f"{XHTML}h1"]
    places: list[Place] = []
    ident = section_element.get("id")
    if ident:
        places.append((section.pos.file, section.pos.line, ident))
    _mark(items, children, stem, places, set())
    return places


def note_places(notes: Iterable[Note]) -> list[Place]:
    """Each note's definition, found at the note's first call (its id in the page)."""
    return [(note.pos.file, note.pos.line, f"noteref-{note.number}") for note in notes]


def _mark(items: Sequence[_Positioned], elements: Sequence[etree._Element], stem: str,
          places: list[Place], taken: set[str]) -> None:
    """Pair ``items`` with ``elements``, one each, and mark them; a level whose counts
    differ is left unmarked rather than marked wrongly."""
    if len(items) != len(elements):
        return
    for item, element in zip(items, elements, strict=True):
        anchor = element.get("id")
        if anchor is None:
            candidate = f"src-{stem}-{item.pos.line}"
            if candidate not in taken:
                anchor = candidate
                element.set("id", anchor)
        if anchor is not None:
            taken.add(anchor)
            places.append((item.pos.file, item.pos.line, anchor))
        inner = _inner(item, element)
        if inner is not None:
            _mark(inner[0], inner[1], stem, places, taken)


def _inner(
    item: _Positioned, element: etree._Element
) -> tuple[Sequence[_Positioned], list[etree._Element]] | None:
    """The items inside ``item`` and the elements made of them inside ``element``."""
    def elements(tag: str | None = None) -> list[etree._Element]:
        return [c for c in element if isinstance(c.tag, str)
                and (tag is None or c.tag == f"{XHTML}{tag}")]

    if isinstance(item, Turn | BlockQuote | Division):
        return item.blocks, elements()
    if isinstance(item, ListBlock):
        return item.items, elements("li")
    if isinstance(item, ListItem):
        return (item.blocks, elements()) if elements() else None
    if isinstance(item, Verse):
        return item.stanzas, elements("p")
    if isinstance(item, Stanza):
        return item.lines, elements("span")
    return None


@dataclass
class Places:
    """Where each line of the manuscript is in the page: the anchors by file and line."""

    by_file: dict[str, tuple[list[int], list[str]]] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    """The anchor of the document of each section's file."""
    title_page: str = ""

    @classmethod
    def of(cls, places: Iterable[Place], sections: dict[str, str],
           title_page: str = "") -> Places:
        grouped: dict[str, list[tuple[int, str]]] = {}
        for file, line, anchor in places:
            grouped.setdefault(file, []).append((line, anchor))
        by_file = {}
        for file, found in grouped.items():
            found.sort(key=lambda pair: pair[0])  # stable: an outer block before its first
            lines = [line for line, _ in found]
            by_file[file] = (lines, [anchor for _, anchor in found])
        return cls(by_file, sections, title_page)

    def anchor(self, file: str, line: int) -> str:
        """The anchor of the passage at ``line`` of ``file``: the last block that starts at
        or before it (the innermost of those that start on the same line); the section's
        document before its first block; the title page for book.toml; else none."""
        found = self.by_file.get(file)
        if found is not None:
            index = bisect.bisect_right(found[0], line)
            if index:
                return found[1][index - 1]
        if file in self.sections:
            return self.sections[file]
        if PurePosixPath(file).name == BOOK_FILE:
            return self.title_page
        return ""
