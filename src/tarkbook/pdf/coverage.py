"""Glyph coverage, checked before layout: every character of the book that the print
edition sets must be in the book face or in one of its fallbacks, in the style it is set
in (G001, at the character's place in the manuscript).

That is the manuscript's text, the strings of book.toml the editions print, and the words
the print edition makes itself (its labels, in the book's language or its own ``[labels]``,
and the edition's date, which CLDR writes in the language): those are reported at the key
of book.toml they come from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from stdnum.isbn import format as hyphenated

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.inputs import read_input
from tarkbook.manuscript.limits import MAX_FILE_BYTES
from tarkbook.manuscript.toml_tables import key_position
from tarkbook.model import (
    Block,
    BlockQuote,
    Book,
    Code,
    Division,
    Emphasis,
    Figure,
    Heading,
    Inline,
    InterviewSection,
    LanguageSpan,
    Link,
    ListBlock,
    Paragraph,
    Reference,
    Signature,
    Strong,
    Table,
    Text,
    Turn,
    Verse,
    inline_runs,
)
from tarkbook.pdf.fonts import characters, face
from tarkbook.render.credits import ROLE_LABELS, book_labels, long_date
from tarkbook.render.labels import fields

_IGNORED = frozenset("\n\t\r")
"""Characters that are never set as glyphs."""


@dataclass(frozen=True, slots=True)
class Style:
    """How a run of text is set: what chooses the face, and what a message says of it."""

    italic: bool = False
    bold: bool = False
    small_caps: bool = False

    def faces(self, chain: Sequence[str]) -> list[str]:
        words = (" Bold" if self.bold else "") + (" Italic" if self.italic else "")
        words += " Small Caps" if self.small_caps else ""
        return [name + (words if self.italic and _has_italic(name) else
                         words.replace(" Italic", "")) for name in chain]


def _has_italic(name: str) -> bool:
    return face(name, "italic").path != face(name, "normal").path


def check_coverage(book: Book, chain: Sequence[str], reporter: Reporter) -> None:
    """G001 for each character occurrence of ``book`` that no face of ``chain`` has."""
    maps = {
        style: [characters(face(name, style).path) for name in chain]
        for style in ("normal", "italic")
    }
    sources = _Sources(reporter.root.parent)
    settings = reporter.pos(reporter.root / "book.toml").file
    runs = [(text, pos, style, False)
            for text, pos, style in (*_settings_runs(book, settings, sources), *_runs(book))]
    keys = _Keys(reporter, settings, sources)
    runs += [(text, keys.pos(table, key), style, True)
             for text, style, (table, key) in generated_words(book)]
    reported: set[tuple[str, SourcePos]] = set()
    for text, pos, style, generated in runs:
        slant = "italic" if style.italic else "normal"
        covered = maps[slant]
        known = _known_covered(tuple(chain), slant)
        chars = set(text)
        if chars <= known:  # the usual case: every character seen before, and covered
            continue
        known.update(char for char in chars - known if char in _IGNORED or ord(char) < 0x20
                     or any(ord(char) in cmap for cmap in covered))
        if chars <= known:
            continue
        seen: dict[str, int] = {}
        for char in text:
            if char in _IGNORED or ord(char) < 0x20:
                continue
            index = seen.get(char, 0)
            seen[char] = index + 1
            if any(ord(char) in cmap for cmap in covered):
                continue
            if generated:  # words not in the manuscript: once for each key they come from
                if (char, pos) in reported:
                    continue
                reported.add((char, pos))
            reporter.report(
                "G001", pos if generated else sources.find(pos, char, index), char=char,
                codepoint=f"U+{ord(char):04X}",
                name=unicodedata.name(char, "unnamed character"),
                fonts=", ".join(style.faces(chain)),
            )


@cache
def _known_covered(chain: tuple[str, ...], slant: str) -> set[str]:
    """The characters found so far in a face of ``chain`` in ``slant`` (or never set as
    glyphs): a book read again and again (the preview) looks each up once."""
    return set()


class _Keys:
    """The places of book.toml's keys."""

    def __init__(self, reporter: Reporter, file: str, sources: _Sources) -> None:
        self.reporter = reporter
        self.path = reporter.root / "book.toml"
        self.text = "\n".join(sources.lines_of(file))
        self.found: dict[tuple[str, str], SourcePos] = {}

    def pos(self, table: str, key: str) -> SourcePos:
        if (table, key) not in self.found:
            self.found[table, key] = key_position(self.reporter, self.path, self.text,
                                                  table, key)
        return self.found[table, key]


def generated_words(book: Book) -> Iterator[tuple[str, Style, tuple[str, str]]]:
    """The words the print edition sets that the manuscript does not hold as such, each
    with its style and the key of book.toml it comes from (a table and a key): the labels'
    own words (the names, the publisher… they are filled with are book.toml's, checked at
    their place), in the book's language (its ``language``) or its ``[labels]``, and the
    edition's date as the language writes it (its ``date``)."""
    labels = book_labels(book)
    own = dict(book.labels)
    meta = book.metadata
    caps, roman = Style(small_caps=True), Style()

    def words(name: str, style: Style, **values: object) -> tuple[str, Style, tuple[str, str]]:
        blanks = {field: "" for field in fields(labels.table[name])}
        origin = ("labels", name) if name in own else ("book", "language")
        return labels(name, **{**blanks, **values}), style, origin

    for name in ("contents", "and"):  # in small capitals, set in upper case
        text, _, origin = words(name, caps)
        yield text, caps, origin
        yield text.upper(), caps, origin
    yield words("and", roman)
    yield words("by", roman)
    yield words("in_conversation_with", roman)
    yield long_date(book), roman, ("book", "date")
    yield words("this_edition", roman)
    if meta.publisher:
        yield words("published_by", roman)
    if meta.series and meta.series_number:
        yield words("series", roman, number=meta.series_number)
    if book.source_citation:
        yield words("first_published_as", roman)
    if book.print_settings.isbn:
        yield words("isbn_print", roman, isbn=hyphenated(book.print_settings.isbn))
    if meta.epub_isbn:
        yield words("isbn_epub", roman, isbn=hyphenated(meta.epub_isbn))
    for role in sorted({role for person in book.contributors for role in person.roles}):
        if role in ROLE_LABELS:
            yield words(ROLE_LABELS[role], roman)
    for section in book.sections:
        if section.number:
            yield words("chapter", Style(italic=True), number=section.number)


class _Sources:
    """Finds the place of a character in the manuscript's files, from its run's start.

    ``base`` is the folder that the positions' file names are relative to."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.lines: dict[str, list[str]] = {}

    def lines_of(self, file: str) -> list[str]:
        if file not in self.lines:
            try:  # read and checked already: only a file changed since can fail here
                data = read_input(self.base / file, MAX_FILE_BYTES)
            except OSError:
                data = b""
            text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
            self.lines[file] = text.split("\n")
        return self.lines[file]

    def locate(self, file: str, text: str) -> SourcePos:
        """Where ``text`` first stands in ``file`` (its first line: the file's start)."""
        first = text.split("\n", 1)[0]
        for number, line in enumerate(self.lines_of(file), start=1):
            if (found := line.find(first)) >= 0:
                return SourcePos(file, number, found + 1)
        return SourcePos(file, 1, 1)

    def find(self, start: SourcePos, char: str, index: int) -> SourcePos:
        """Where the ``index``-th ``char`` after ``start`` stands (0: the first)."""
        lines = self.lines_of(start.file)
        column = start.column - 1
        for number in range(start.line - 1, len(lines)):
            line = lines[number]
            while (found := line.find(char, column)) >= 0:
                if index == 0:
                    return SourcePos(start.file, number + 1, found + 1)
                index -= 1
                column = found + 1
            column = 0
        return start


def _settings_runs(
    book: Book, file: str, sources: _Sources
) -> Iterator[tuple[str, SourcePos, Style]]:
    """The text of book.toml that the print edition sets: the title and subtitle (in roman
    on the title page, in italic in the imprint and the running heads), the names (in
    small caps), the publisher and the rights, the speakers' labels (in small caps)."""
    meta = book.metadata
    runs = [(meta.title, Style()), (meta.title, Style(italic=True)),
            (meta.subtitle, Style()), (meta.subtitle, Style(italic=True)),
            (meta.publisher, Style(small_caps=True)), (meta.publisher, Style()),
            (meta.rights, Style())]
    runs += [(person.name, Style(small_caps=True)) for person in book.contributors]
    runs += [(person.name, Style()) for person in book.contributors]
    runs += [(speaker.label, Style(small_caps=True)) for speaker in book.speakers]
    runs += [(signature, Style()) for signature in _signatures(book)]
    runs += [(meta.edition, Style()), (meta.series, Style())]
    if not (meta.epub_isbn or book.print_settings.isbn):
        runs.append((meta.identifier, Style()))
    seen = set()
    for text, style in runs:
        if text and (text, style) not in seen:
            seen.add((text, style))
            yield text, sources.locate(file, text), style


def _signatures(book: Book) -> set[str]:
    """``[notes] signature``, as it closes the notes."""
    found: set[str] = set()
    for note in book.notes:
        for block in note.blocks:
            if isinstance(block, Paragraph):
                found.update(n.text for n in block.children if isinstance(n, Signature))
    return found


def _runs(book: Book) -> Iterator[tuple[str, SourcePos, Style]]:
    """Each run of the book's text with its place and its style in print.css."""
    yield from _inlines(book.source_citation, Style())
    yield from _inlines(book.imprint, Style())
    yield from _inlines(book.cover_back, Style())  # the wrap cover's back, in the same faces
    for section in book.sections:
        yield from _inlines(section.title, Style(small_caps=True))
        if isinstance(section, InterviewSection):
            for item in section.body:
                if isinstance(item, Turn):
                    role = book.speaker(item.speaker).role
                    yield from _blocks(item.blocks, Style(italic=role == "interviewer"))
                else:
                    yield from _blocks((item,), Style())
        else:
            yield from _blocks(section.blocks, Style())
    for note in book.notes:
        yield from _blocks(note.blocks, Style())


def _blocks(blocks: Sequence[Block], style: Style) -> Iterator[
        tuple[str, SourcePos, Style]]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from _inlines(block.children, style)
        elif isinstance(block, Heading):
            heading = Style(italic=True) if block.level == 2 else Style(small_caps=True)
            yield from _inlines(block.children, heading)
        elif isinstance(block, Verse):
            for run in inline_runs(block):
                yield from _inlines(run, style)
        elif isinstance(block, Figure | Table):
            # The caption and a table's header row are set in italic, the rows upright.
            italic = Style(not style.italic, style.bold, style.small_caps)
            for cell in (block.caption, *(block.head if isinstance(block, Table) else ())):
                yield from _inlines(cell, italic)
            for row in block.rows if isinstance(block, Table) else ():
                for cell in row:
                    yield from _inlines(cell, style)
        elif isinstance(block, BlockQuote | Division):
            yield from _blocks(block.blocks, style)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _blocks(item.blocks, style)


def _inlines(nodes: Sequence[Inline], style: Style) -> Iterator[tuple[str, SourcePos, Style]]:
    for node in nodes:
        if isinstance(node, Text | Code):
            yield node.text, node.pos, style
        elif isinstance(node, Emphasis):
            yield from _inlines(node.children, Style(not style.italic, style.bold,
                                                     style.small_caps))
        elif isinstance(node, Strong):
            yield from _inlines(node.children, Style(style.italic, True, style.small_caps))
        elif isinstance(node, LanguageSpan) and node.small_caps:
            yield from _inlines(node.children, Style(style.italic, style.bold, True))
        elif isinstance(node, LanguageSpan | Link | Reference):
            yield from _inlines(node.children, style)

