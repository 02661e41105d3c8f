"""The document model of a book: frozen dataclasses only, no I/O and no markup."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from tarkbook.diagnostics import SourcePos

SectionKind = Literal["introduction", "interview", "references", "prose"]
SpeakerRole = Literal["interviewer", "interviewee", "other"]
SECTION_KINDS: tuple[SectionKind, ...] = ("introduction", "interview", "references", "prose")
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
class LanguageSpan:
    """A phrase in another language than the book's: ``[cervellotico]{lang=it}``."""

    children: tuple[Inline, ...]
    lang: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Link:
    children: tuple[Inline, ...]
    href: str
    title: str
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


Inline = Text | Code | Emphasis | Strong | LanguageSpan | Link | NoteCall | LineBreak | Signature


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
    caption: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class ThematicBreak:
    pos: SourcePos


Block = Paragraph | Heading | BlockQuote | ListBlock | Figure | ThematicBreak


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
    """An introduction, references or other prose: a title and blocks."""

    kind: SectionKind
    ident: str
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class InterviewSection:
    """An interview: a title, then turns, with headings and breaks between them."""

    ident: str
    title: tuple[Inline, ...]
    body: tuple[Turn | Heading | ThematicBreak, ...]
    pos: SourcePos
    kind: SectionKind = "interview"


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


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """Settings of the print edition from ``[print]`` in book.toml."""

    page_size: str = "129mm 198mm"
    marks: bool = False


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

    def contributors_with(self, role: str) -> tuple[Contributor, ...]:
        return tuple(c for c in self.contributors if role in c.roles)
