"""Reading a manuscript folder into a Book: book.toml, the section files and notes.md."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tarkbook.diagnostics import Diagnostic, ManuscriptError, Reporter, Severity, SourcePos
from tarkbook.inputs import read_input
from tarkbook.manuscript import limits
from tarkbook.manuscript.blocks import BlockReader, NoteDefinition, ParsedFile
from tarkbook.manuscript.config import Config, SectionEntry, read_config
from tarkbook.manuscript.deadline import TooSlow, deadline
from tarkbook.manuscript.files import forbidden_references, has_words, read_text
from tarkbook.manuscript.index_marks import check_index, index_section
from tarkbook.manuscript.inlines import InlineReader
from tarkbook.manuscript.markdown import block_tokens, parser
from tarkbook.manuscript.notes import number_notes
from tarkbook.manuscript.parse_cache import ParseCache
from tarkbook.manuscript.positions import InlinePositions
from tarkbook.manuscript.punctuation import text_env
from tarkbook.manuscript.references import check_references
from tarkbook.manuscript.size import check_size
from tarkbook.manuscript.turns import group_turns, unescape_label
from tarkbook.model import (
    UNTITLED,
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


def read_manuscript(
    folder: Path, glyphs: bool = True, parses: ParseCache | None = None
) -> Reading:
    """Read and validate every file of the manuscript in ``folder``; never raises for bad input.

    With ``glyphs``, every character the print edition sets is looked up in its fonts (G001).
    With ``parses``, a file whose text has not changed since the cache saw it is not parsed
    again.
    """
    reporter = Reporter(folder)
    try:
        folder.stat()
    except FileNotFoundError:
        reporter.report("M001", reporter.pos(folder), path=folder)
        return Reading(None, reporter.sorted())
    except OSError as exc:  # a name too long, a loop of links, a folder not allowed
        reporter.report("M003", reporter.pos(folder), path=folder,
                        reason=exc.strerror or str(exc))
        return Reading(None, reporter.sorted())
    if not folder.is_dir():
        reporter.report("M002", reporter.pos(folder), path=folder)
        return Reading(None, reporter.sorted())
    config = read_config(folder, reporter)
    if parses is not None:
        parses.begin(folder)
    book = _read_book(folder, config, reporter, parses) if config is not None else None
    if parses is not None:
        parses.end()
    if book is not None and glyphs and not reporter.errors:
        from tarkbook.pdf.coverage import check_coverage  # reads the fonts' character maps
        from tarkbook.pdf.table_width import check_tables

        check_coverage(book, book.print_settings.chain, reporter)
        check_tables(book, book.print_settings.chain, reporter)
    if reporter.errors:
        book = None
    return Reading(book, reporter.sorted())


def _read_book(
    folder: Path, config: Config, reporter: Reporter, parses: ParseCache | None = None
) -> Book | None:
    sections: list[Section] = []
    calls: list[NoteCall] = []
    definitions: list[NoteDefinition] = []
    spoke: set[str] = set()
    has_interview = False
    interview_unread = False
    for entry in config.sections:
        if not entry.file:  # an index without a headnote
            sections.append(index_section(entry, config))
            continue
        parsed = _parse_file(folder, entry.file, reporter, config, parses)
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
        parsed = _parse_file(folder, NOTES_FILE, reporter, config, parses)
        if parsed is not None:
            for block in parsed.blocks:
                reporter.report("N006", block.pos, construct=type(block).__name__.lower())
            calls.extend(parsed.calls)
            definitions.extend(parsed.definitions)
    # The citation is printed in the front matter, before every section: its calls come first.
    citation_calls: list[NoteCall] = []
    citation = _inline_markdown(config.source_citation, config.citation_pos, citation_calls,
                                reporter, config)
    imprint = _inline_markdown(config.metadata.imprint, config.imprint_pos, citation_calls,
                               reporter, config)
    back = _cover_back(config, reporter)
    notes = number_notes(citation_calls + calls, definitions, reporter, config.note_signature)
    # Who never speaks is known only when every interview section could be read.
    if has_interview and not interview_unread:
        for speaker in config.speakers:
            if speaker.key not in spoke:
                reporter.report("T003", _speaker_pos(folder, speaker.key, reporter),
                                key=speaker.key)
    if config.print_settings.number_chapters:
        sections = _number_chapters(sections)
    book = Book(
        metadata=config.metadata,
        contributors=config.contributors,
        speakers=config.speakers,
        sections=tuple(sections),
        notes=notes,
        source_citation=citation,
        imprint=imprint,
        print_settings=config.print_settings,
        labels=config.labels,
        cover_image=config.cover_image,
        cover_alt=config.cover_alt if config.cover_image else "",
        proof_levels=config.proof_levels,
        cover_back=back,
        cover_image_pos=config.cover_image_pos,
        proof_accepted=config.proof_accepted,
    )
    check_size(book, citation_calls + calls, reporter)
    check_references(book, reporter)
    check_index(book, reporter, [entry.pos for entry in config.sections if entry.kind == "index"])
    return book


def _number_chapters(sections: list[Section]) -> list[Section]:
    """Sections of kind chapter numbered 1, 2, 3 … in the order of the book."""
    numbered: list[Section] = []
    count = 0
    for section in sections:
        if section.kind == "chapter":
            count += 1
            section = replace(section, number=count)
        numbered.append(section)
    return numbered


def _speaker_pos(folder: Path, key: str, reporter: Reporter) -> SourcePos:
    path = folder / "book.toml"
    try:  # read and checked already: only a file changed since can fail here
        text = read_input(path, limits.MAX_FILE_BYTES).decode("utf-8", "replace")
    except OSError:
        return reporter.pos(path)
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip().replace(" ", "") in (f"[speakers.{key}]", f'[speakers."{key}"]'):
            return reporter.pos(path, number, line.index("[") + 1)
    return reporter.pos(path)


def _parse_file(
    folder: Path, name: str, reporter: Reporter, config: Config,
    parses: ParseCache | None = None,
) -> ParsedFile | None:
    path = folder / name
    text = read_text(path, reporter)
    if text is None:
        return None
    if parses is None:
        return _parse_text(folder, path, text, reporter, config)
    key = parses.key(name, text, config.metadata.language,
                     (config.smart_punctuation, config.text_options))
    cached = parses.get(key)
    if cached is not None:
        reporter.diagnostics.extend(cached[1])
        return cached[0]
    before = len(reporter.diagnostics)
    parsed = _parse_text(folder, path, text, reporter, config)
    if parsed is not None:
        parses.put(key, parsed, tuple(reporter.diagnostics[before:]))
    return parsed


def _parse_text(
    folder: Path, path: Path, text: str, reporter: Reporter, config: Config
) -> ParsedFile | None:
    try:
        with deadline(limits.MAX_READ_SECONDS):
            reader = BlockReader(reporter, folder, reporter.pos(path).file, text,
                                 config.metadata.language, config.smart_punctuation,
                                 config.text_options)
            tokens, inlines = block_tokens(text, config.metadata.language,
                                           config.smart_punctuation, config.text_options)
            return reader.read(tokens, inlines)
    except TooSlow:
        reporter.report("F009", reporter.pos(path), limit=limits.MAX_READ_SECONDS)
        return None


def _section(
    entry: SectionEntry, parsed: ParsedFile, config: Config, reporter: Reporter,
    spoke: set[str],
) -> Section | None:
    blocks = parsed.blocks
    first = blocks[0] if blocks else None
    titled = isinstance(first, Heading) and first.level == 1
    if entry.kind in UNTITLED and not titled:
        # A dedication or an epigraph needs no title: it is printed without one.
        ident = Path(entry.file).stem
        body0 = [unescape_label(b) if isinstance(b, Paragraph) else b for b in blocks]
        for block in body0:
            if isinstance(block, Heading) and block.level == 1:
                reporter.report("S002", block.pos)
            elif isinstance(block, Heading) and block.level > 3:
                reporter.report("S003", block.pos, level=block.level)
        return ProseSection(entry.kind, ident, (), tuple(body0),
                            SourcePos(_file_label(reporter, entry), 1, 1), show_title=False)
    if not isinstance(first, Heading) or first.level != 1:
        where = first.pos if first is not None else SourcePos(_file_label(reporter, entry), 1, 1)
        reporter.report("S001", where)
        return None
    if not has_words(plain_text(first.children)):
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
        return InterviewSection(ident, first.children, turns, first.pos,
                                show_title=entry.show_title, anchor=first.ident)
    body = [unescape_label(b) if isinstance(b, Paragraph) else b for b in body]
    show = entry.show_title and entry.kind not in UNTITLED
    return ProseSection(entry.kind, ident, first.children, tuple(body), first.pos,
                        show_title=show, anchor=first.ident)


def _file_label(reporter: Reporter, entry: SectionEntry) -> str:
    folder = entry.pos.file.rsplit("/", 1)[0] if "/" in entry.pos.file else ""
    return f"{folder}/{entry.file}" if folder else entry.file


def _cover_back(config: Config, reporter: Reporter) -> tuple[Inline, ...]:
    """``[cover] back`` as inline nodes; a note called there is an error (the cover has
    no notes)."""
    if not config.cover_back or config.cover_back_pos is None:
        return ()
    calls: list[NoteCall] = []
    back = _inline_markdown(config.cover_back, config.cover_back_pos, calls, reporter, config)
    if calls:
        reporter.report("C006", config.cover_back_pos, key="back", table="[cover]",
                        reason="a note cannot be called on the back cover")
    return back


def _inline_markdown(
    text: str, pos: SourcePos, calls: list[NoteCall], reporter: Reporter, config: Config
) -> tuple[Inline, ...]:
    """Inline Markdown from a book.toml value (the citation, the imprint) as inline nodes."""
    if not text:
        return ()
    # A TOML escape can write a reference the file's own check did not see: "\u0026#12;".
    for codepoint in forbidden_references(text):
        reporter.report("F006", pos, codepoint=codepoint)
    env = text_env(config.metadata.language, config.text_options)
    tokens = parser(config.smart_punctuation).parseInline(text, env)
    where = InlinePositions(pos.file, [text], 0, text)
    reader = InlineReader(where, lambda code, _p, **kw: reporter.report(code, pos, **kw), False)
    children = reader.read(tokens[0].children or [])
    for _image in reader.images:
        reporter.report("I004", pos)
    calls.extend(replace(call, pos=pos) for call in reader.calls)
    return children
