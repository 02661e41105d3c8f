"""The document model of a book: frozen dataclasses only, no I/O and no markup."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from tarkbook.diagnostics import SourcePos

SectionKind = Literal[
    "dedication", "epigraph", "foreword", "preface", "prologue", "introduction", "chapter",
    "interview", "prose", "acknowledgments", "epilogue", "conclusion", "afterword", "appendix",
    "bibliography", "references", "index", "about-the-author", "colophon",
]
SpeakerRole = Literal["interviewer", "interviewee", "other"]
SECTION_KINDS: tuple[SectionKind, ...] = (
    "dedication", "epigraph", "foreword", "preface", "prologue", "introduction", "chapter",
    "interview", "prose", "acknowledgments", "epilogue", "conclusion", "afterword", "appendix",
    "bibliography", "references", "index", "about-the-author", "colophon",
)
"""The kinds of section a book.toml names, each by its EPUB 3 ``epub:type`` (but
``interview``, ``prose`` and ``references``, and ``about-the-author``, which has none)."""
FRONT_MATTER: frozenset[SectionKind] = frozenset({"dedication", "epigraph", "foreword", "preface"})
"""Kinds that stand before the body of the book."""
BODY_OPENERS: frozenset[SectionKind] = frozenset(
    {"prologue", "introduction", "chapter", "interview"}
)
"""Kinds of which the first opens the body (the EPUB's bodymatter, the Arabic folios)."""
BACK_MATTER: frozenset[SectionKind] = frozenset({
    "epilogue", "conclusion", "afterword", "appendix", "bibliography", "references",
    "index", "about-the-author", "colophon",
})
"""Kinds that stand after the body begins; ``ENDING`` ones after every other section."""
ENDING: frozenset[SectionKind] = frozenset({"about-the-author", "colophon"})
UNTITLED: frozenset[SectionKind] = frozenset({"dedication", "epigraph"})
"""Kinds whose file needs no heading, printed alone on a page without one, never listed in
the contents."""
SPEAKER_ROLES: tuple[SpeakerRole, ...] = ("interviewer", "interviewee", "other")


# ---------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code, kept as literal text."""

    text: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class IndexMark:
    """What a span marks for the index: ``{index="Tarkovsky, Andrei!Mirror"}`` gives the
    terms ``("Tarkovsky, Andrei", "Mirror")``, a heading and a sub-entry; ``{.index}`` the
    span's own text. ``see`` and ``see_also`` name another heading of the index."""

    terms: tuple[str, ...]
    see: str = ""
    see_also: str = ""


@dataclass(frozen=True, slots=True)
class LanguageSpan:
    """A phrase in another language than the book's, ``[cervellotico]{lang=it}``, or in
    small capitals, ``[Unesco]{.smallcaps}``."""

    children: tuple[Inline, ...]
    lang: str
    pos: SourcePos
    direction: str = ""
    """``rtl`` or ``ltr`` from ``{dir=…}``; empty: the direction of the text around it."""
    small_caps: bool = False
    """``[Unesco]{.smallcaps}``: set in small capitals (``lang`` is then optional)."""
    index: IndexMark | None = None
    """``[Ingmar Bergman]{index="Bergman, Ingmar"}``: the span is a place the index names
    (``lang`` is then optional)."""


@dataclass(frozen=True, slots=True)
class Link:
    children: tuple[Inline, ...]
    href: str
    title: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Reference:
    """A link to a place in the book, ``[the chapter on tides](#tides)``: a heading, a figure
    or a table with that ``{#id}``. The print edition adds the page the place begins on; with
    no ``children`` it prints only that page."""

    children: tuple[Inline, ...]
    target: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class NoteCall:
    """A call of an editorial note; its number is the note's (``Book.note_number``)."""

    key: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class LineBreak:
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Signature:
    """Whose note this is, closing the note's last paragraph: ``Ed.`` prints as "—Ed."."""

    text: str
    pos: SourcePos


Inline = (
    Text | Code | Emphasis | Strong | LanguageSpan | Link | Reference | NoteCall | LineBreak
    | Signature
)


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    children: tuple[Inline, ...]
    pos: SourcePos
    ident: str = ""
    """The heading's ``{#id}``, which a ``Reference`` names; empty when it has none."""


@dataclass(frozen=True, slots=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[ListItem, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Figure:
    """An image from the manuscript's images/ folder; ``src`` is relative to the manuscript."""

    src: str
    alt: str
    caption: tuple[Inline, ...]
    pos: SourcePos
    ident: str = ""
    """The figure's ``{#id}`` (after the image); empty when it has none."""


Alignment = Literal["", "left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Table:
    """A pipe table: a header row and body rows of cells of inline text, each column's
    alignment (empty: the text's own), and an optional caption and ``{#id}``."""

    head: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    alignments: tuple[Alignment, ...]
    pos: SourcePos
    caption: tuple[Inline, ...] = ()
    ident: str = ""


@dataclass(frozen=True, slots=True)
class ThematicBreak:
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class VerseLine:
    """One line of a poem; ``indent`` is its indentation in steps (two spaces a step)."""

    children: tuple[Inline, ...]
    indent: int
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Stanza:
    lines: tuple[VerseLine, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Verse:
    """A poem or an extract of one (``::: verse``): every source line a line."""

    stanzas: tuple[Stanza, ...]
    pos: SourcePos



@dataclass(frozen=True, slots=True)
class Division:
    """Blocks in another language or direction: ``::: {dir=rtl lang=he}`` … ``:::``."""

    blocks: tuple[Block, ...]
    lang: str
    direction: str
    pos: SourcePos


Block = (
    Paragraph | Heading | BlockQuote | ListBlock | Figure | Table | ThematicBreak | Verse
    | Division
)


def nested_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block of ``blocks`` and, depth first, every block inside them (in block
    quotes, divisions and list items), in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, BlockQuote | Division):
            yield from nested_blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from nested_blocks(item.blocks)


def inline_runs(block: Block) -> Iterator[tuple[Inline, ...]]:
    """The runs of inline text that ``block`` itself holds: a paragraph's or heading's
    children, a caption, each cell of a table, or each line of a poem."""
    if isinstance(block, Paragraph | Heading):
        yield block.children
    elif isinstance(block, Figure):
        if block.caption:
            yield block.caption
    elif isinstance(block, Table):
        if block.caption:
            yield block.caption
        yield from block.head
        for row in block.rows:
            yield from row
    elif isinstance(block, Verse):
        for stanza in block.stanzas:
            for line in stanza.lines:
                yield line.children


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn in an interview: the keyed paragraph and those that continue it.

    ``continued`` is true when a heading or break interrupted the speaker's turn and the
    speaker goes on without a new key.
    """

    speaker: str
    blocks: tuple[Block, ...]
    pos: SourcePos
    continued: bool = False


# ---------------------------------------------------------------- sections and notes


@dataclass(frozen=True, slots=True)
class ProseSection:
    """Every kind of section but an interview: a title and blocks.

    A dedication's or an epigraph's title may be empty (``()``). ``show_title`` false keeps
    the title for the contents but not on the page; ``number`` is the chapter's number when
    chapters are numbered, else 0.
    """

    kind: SectionKind
    ident: str
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    pos: SourcePos
    show_title: bool = True
    number: int = 0
    anchor: str = ""
    """The ``{#id}`` of the section's title; empty when it has none."""


@dataclass(frozen=True, slots=True)
class InterviewSection:
    """An interview: a title, then turns, with headings and breaks between them; an
    epigraph (a block quote) may open it."""

    ident: str
    title: tuple[Inline, ...]
    body: tuple[Turn | Heading | ThematicBreak | BlockQuote, ...]
    pos: SourcePos
    kind: SectionKind = "interview"
    show_title: bool = True
    number: int = 0
    anchor: str = ""


Section = ProseSection | InterviewSection


@dataclass(frozen=True, slots=True)
class Note:
    """An editorial note; numbered 1, 2, 3 … by the order of its call through the book."""

    key: str
    number: int
    blocks: tuple[Block, ...]
    pos: SourcePos


# ---------------------------------------------------------------- metadata


@dataclass(frozen=True, slots=True)
class Contributor:
    name: str
    file_as: str
    roles: tuple[str, ...]
    credit: str = ""
    """The imprint's own words for this person's roles, with ``{names}`` where the names
    stand ("Translated into Polish with the help of {names}"); empty: the role's label."""


@dataclass(frozen=True, slots=True)
class Speaker:
    key: str
    name: str
    label: str
    role: SpeakerRole


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    subtitle: str
    language: str
    identifier: str
    date: datetime.date
    publisher: str = ""
    rights: str = ""
    description: str = ""
    subjects: tuple[str, ...] = ()
    imprint: str = ""
    """Extra lines for the imprint page, Markdown inline (``Book.imprint`` holds them parsed)."""
    sources: tuple[str, ...] = ()
    """Further sources of the text besides ``[source]``, as plain text: one ``dc:source`` each."""
    edition: str = ""
    """Which edition this is, as the imprint prints it: "First edition"."""
    series: str = ""
    series_number: int = 0
    """The book's place in its series; 0 when it has none."""
    epub_isbn: str = ""
    """The ISBN-13 of the EPUB edition, digits only (``[epub] isbn``); empty when none."""
    epub_page_list: bool = True
    """Whether the EPUB carries the print edition's page list (``[epub] page_list``): false
    spares an EPUB built alone the print layout."""
    digits: str = "default"
    """``[text] digits``: the digits the text and the dates are set in (see
    ``manuscript/digits.py``)."""
    epub_conforms_to: str = ""
    """The accessibility standard the publisher states the EPUB meets (``[epub]
    conforms_to``, "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"); empty: no claim."""
    epub_certified_by: str = ""
    """Who evaluated the EPUB against it (``[epub] certified_by``); empty: nobody named."""


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """Settings of the print edition from ``[print]`` in book.toml."""

    page_size: str = "129mm 198mm"
    marks: bool = False
    isbn: str = ""
    """The ISBN-13 of the print edition, digits only; empty when none."""
    number_chapters: bool = False
    font: str = "Source Serif 4"
    """The book face (``[print] font``), one of the families of ``tarkbook.pdf.fonts``."""
    fallbacks: tuple[str, ...] = ("Noto Serif", "Frank Ruhl Libre", "Amiri")
    """The faces for the characters the book face lacks, in order (``[print] fallbacks``)."""
    signature: int = 0
    """Pages to a folded sheet (``[print] signature``): the page count is made a multiple
    of it with blank pages at the end; 0: none."""
    pdf_x: str = "x-4"
    """The PDF/X of the print-shop PDF (``[print] pdf_x``): "x-4", "x-1a" or "x-3"."""
    paper: str = "white"
    """The paper (``[print] paper``): "white", "cream", or a leaf's thickness in mm."""
    price: str = ""
    """The bar code's 5-digit price add-on (``[print] price``, EAN-5); empty when none."""
    poems: str = "recto"
    """``[print] poems``: "recto", each chapter opens on a recto, or "run-on", a chapter
    that follows another chapter follows it on the page (a collection of short poems)."""
    link_addresses: bool = True
    """Whether a link's address is printed after it (``[print] link_addresses``)."""

    @property
    def chain(self) -> tuple[str, ...]:
        """The book face, then the fallbacks it does not repeat."""
        return (self.font, *(name for name in self.fallbacks if name != self.font))


PROOF_CHECKS = (
    "outside-page", "outside-text-block", "note-page", "stacked-hyphens", "line-opening",
    "lone-call", "widow", "orphan", "heading-at-foot", "short-page", "font-embedded",
    "font-subset", "font-face", "image-resolution", "page-count", "editions-notes",
    "editions-sections", "epubcheck", "ace", "question-at-foot", "editions-text",
    "page-list", "printer-trim", "printer-margin", "printer-page-count", "printer-bleed",
    "printer-fonts", "printer-images", "printer-marks",
)
"""The checks of ``tarkbook proof``, which ``[proof]`` may set to another level."""

PROOF_LEVELS = ("error", "warning", "off")


@dataclass(frozen=True, slots=True)
class Book:
    metadata: Metadata
    contributors: tuple[Contributor, ...]
    speakers: tuple[Speaker, ...]
    sections: tuple[Section, ...]
    notes: tuple[Note, ...]
    source_citation: tuple[Inline, ...] = ()
    imprint: tuple[Inline, ...] = ()
    print_settings: PrintSettings = PrintSettings()
    labels: tuple[tuple[str, str], ...] = ()
    """The book's own labels (``[labels]``), overriding the shipped ones of its language."""
    cover_image: str = ""
    """The book's own cover (``[cover] image``, ``images/…``); empty: a generated cover."""
    cover_alt: str = ""
    """The text alternative of the book's own cover; empty: made from the metadata."""
    proof_levels: tuple[tuple[str, str], ...] = ()
    """``[proof]``: a check of ``tarkbook proof`` and the level its findings get instead of
    their own ("error", "warning" or "off")."""
    cover_back: tuple[Inline, ...] = ()
    """The back cover's text (``[cover] back``), for the wrap cover."""
    cover_image_pos: SourcePos | None = None
    """Where book.toml names the cover image."""
    proof_accepted: tuple[tuple[str, int], ...] = ()
    """``[proof] accept``: (check, PDF page) of each warning the author has judged
    acceptable (page 0: every warning of the check); the proof reports it as waived, and it
    fails nothing."""
    _notes_by_key: dict[str, Note] = field(init=False, repr=False, compare=False, hash=False)
    """The notes by key: the renderers look a note up at every call, and a book may have
    thousands of notes (a search through them all at each call grows with their square)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_notes_by_key", {note.key: note for note in self.notes})

    def speaker(self, key: str) -> Speaker:
        for speaker in self.speakers:
            if speaker.key == key:
                return speaker
        raise KeyError(key)

    def note(self, key: str) -> Note:
        return self._notes_by_key[key]

    def note_number(self, key: str) -> int:
        return self.note(key).number

    @property
    def body_start(self) -> int:
        """The index of the section that opens the body: the first chapter, introduction,
        prologue or interview, else the first section that is not front matter."""
        for index, section in enumerate(self.sections):
            if section.kind in BODY_OPENERS:
                return index
        for index, section in enumerate(self.sections):
            if section.kind not in FRONT_MATTER:
                return index
        return 0

    def contributors_with(self, role: str) -> tuple[Contributor, ...]:
        return tuple(c for c in self.contributors if role in c.roles)
