"""Reading a manuscript folder into a Book: book.toml, the section files and notes.md."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tarkbook.diagnostics import Diagnostic, ManuscriptError, Reporter, Severity, SourcePos
from tarkbook.manuscript import limits
from tarkbook.manuscript.blocks import BlockReader, NoteDefinition, ParsedFile
from tarkbook.manuscript.config import Config, SectionEntry, read_config
from tarkbook.manuscript.deadline import TooSlow, deadline
from tarkbook.manuscript.files import read_text
from tarkbook.manuscript.inlines import InlineReader
from tarkbook.manuscript.markdown import parser, tokenize
from tarkbook.manuscript.notes import number_notes
from tarkbook.manuscript.positions import InlinePositions
from tarkbook.manuscript.size import check_size
from tarkbook.manuscript.turns import group_turns, unescape_label
from tarkbook.model import (
    Block,
    Book,
    Heading,
    Inline,
    InterviewSection,
    NoteCall,
    Paragraph,
    ProseSection,
    Section,
)
from tarkbook.render.inlines import plain_text

__all__ = ["Reading", "load_book", "read_manuscript"]

NOTES_FILE = "notes.md"


@dataclass(frozen=True, slots=True)
class Reading:
    """The outcome of reading a manuscript: a book when it has no errors, and diagnostics."""

    book: Book | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


def load_book(folder: Path) -> Book:
    """The book in ``folder``; raises ManuscriptError with every diagnostic if it has errors."""
    reading = read_manuscript(folder)
    if reading.book is None:
        raise ManuscriptError(reading.diagnostics)
    return reading.book


def read_manuscript(folder: Path) -> Reading:
    """Read and validate every file of the manuscript in ``folder``; never raises for bad input."""
    reporter = Reporter(folder)
    if not folder.exists():
        reporter.report("M001", reporter.pos(folder), path=folder)
        return Reading(None, reporter.sorted())
    if not folder.is_dir():
        reporter.report("M002", reporter.pos(folder), path=folder)
        return Reading(None, reporter.sorted())
    config = read_config(folder, reporter)
    book = _read_book(folder, config, reporter) if config is not None else None
    if reporter.errors:
        book = None
    return Reading(book, reporter.sorted())


def _read_book(folder: Path, config: Config, reporter: Reporter) -> Book | None:
    sections: list[Section] = []
    calls: list[NoteCall] = []
    definitions: list[NoteDefinition] = []
    spoke: set[str] = set()
    has_interview = False
    interview_unread = False
    for entry in config.sections:
        parsed = _parse_file(folder, entry.file, reporter)
        section = None
        if parsed is not None:
            calls.extend(parsed.calls)
            definitions.extend(parsed.definitions)
            section = _section(entry, parsed, config, reporter, spoke)
        if section is not None:
            sections.append(section)
        if entry.kind == "interview":
            has_interview = True
            interview_unread = interview_unread or section is None
    notes_path = folder / NOTES_FILE
    if notes_path.is_file():
        parsed = _parse_file(folder, NOTES_FILE, reporter)
        if parsed is not None:
            for block in parsed.blocks:
                reporter.report("N006", block.pos, construct=type(block).__name__.lower())
            calls.extend(parsed.calls)
            definitions.extend(parsed.definitions)
    # The citation is printed in the front matter, before every section: its calls come first.
    citation_calls: list[NoteCall] = []
    citation = _inline_markdown(config.source_citation, config.citation_pos, citation_calls,
                                reporter)
    imprint = _inline_markdown(config.metadata.imprint, config.imprint_pos, citation_calls,
                               reporter)
    notes = number_notes(citation_calls + calls, definitions, reporter, config.note_signature)
    # Who never speaks is known only when every interview section could be read.
    if has_interview and not interview_unread:
        for speaker in config.speakers:
            if speaker.key not in spoke:
                reporter.report("T003", _speaker_pos(folder, speaker.key, reporter),
                                key=speaker.key)
    book = Book(
        metadata=config.metadata,
        contributors=config.contributors,
        speakers=config.speakers,
        sections=tuple(sections),
        notes=notes,
        source_citation=citation,
        imprint=imprint,
        print_settings=config.print_settings,
    )
    check_size(book, citation_calls + calls, reporter)
    return book


def _speaker_pos(folder: Path, key: str, reporter: Reporter) -> SourcePos:
    path = folder / "book.toml"
    for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
        if line.strip().replace(" ", "") in (f"[speakers.{key}]", f'[speakers."{key}"]'):
            return reporter.pos(path, number, line.index("[") + 1)
    return reporter.pos(path)


def _parse_file(folder: Path, name: str, reporter: Reporter) -> ParsedFile | None:
    path = folder / name
    text = read_text(path, reporter)
    if text is None:
        return None
    try:
        with deadline(limits.MAX_READ_SECONDS):
            reader = BlockReader(reporter, folder, reporter.pos(path).file, text)
            return reader.read(tokenize(text))
    except TooSlow:
        reporter.report("F009", reporter.pos(path), limit=limits.MAX_READ_SECONDS)
        return None


def _section(
    entry: SectionEntry, parsed: ParsedFile, config: Config, reporter: Reporter,
    spoke: set[str],
) -> Section | None:
    blocks = parsed.blocks
    first = blocks[0] if blocks else None
    if not isinstance(first, Heading) or first.level != 1:
        where = first.pos if first is not None else SourcePos(_file_label(reporter, entry), 1, 1)
        reporter.report("S001", where)
        return None
    if not plain_text(first.children):
        reporter.report("S006", first.pos)
        return None
    body: list[Block] = []
    for block in blocks[1:]:
        if isinstance(block, Heading) and block.level == 1:
            reporter.report("S002", block.pos)
        elif isinstance(block, Heading) and block.level > 3:
            reporter.report("S003", block.pos, level=block.level)
        else:
            body.append(block)
    ident = Path(entry.file).stem
    if entry.kind == "interview":
        turns, speakers = group_turns(body, config.speakers, reporter)
        spoke.update(speakers)
        return InterviewSection(ident, first.children, turns, first.pos)
    body = [unescape_label(b) if isinstance(b, Paragraph) else b for b in body]
    return ProseSection(entry.kind, ident, first.children, tuple(body), first.pos)


def _file_label(reporter: Reporter, entry: SectionEntry) -> str:
    folder = entry.pos.file.rsplit("/", 1)[0] if "/" in entry.pos.file else ""
    return f"{folder}/{entry.file}" if folder else entry.file


def _inline_markdown(
    text: str, pos: SourcePos, calls: list[NoteCall], reporter: Reporter
) -> tuple[Inline, ...]:
    """Inline Markdown from a book.toml value (the citation, the imprint) as inline nodes."""
    if not text:
        return ()
    tokens = parser().parseInline(text, {})
    where = InlinePositions(pos.file, [text], 0, text)
    reader = InlineReader(where, lambda code, _p, **kw: reporter.report(code, pos, **kw), False)
    children = reader.read(tokens[0].children or [])
    for _image in reader.images:
        reporter.report("I004", pos)
    calls.extend(replace(call, pos=pos) for call in reader.calls)
    return children
