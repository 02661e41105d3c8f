"""Source positions, the catalogue of diagnostic codes, and how problems are collected."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path

# What a terminal would act on instead of showing: C0 and C1 controls (an escape sequence
# clears the screen, sets the window title, rings the bell), DEL, and the bidirectional
# controls that reorder what the reader sees.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\u202e``),
    so that a message shows what the manuscript holds and never acts on the terminal."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    codepoint = ord(match.group())
    return f"\\x{codepoint:02x}" if codepoint < 0x100 else f"\\u{codepoint:04x}"


@dataclass(frozen=True, slots=True, order=True)
class SourcePos:
    """A place in a manuscript file: 1-based line and column (column counts characters)."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{printable(self.file)}:{self.line}:{self.column}"


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of the catalogue: a stable code, its severity and a message template."""

    code: str
    severity: Severity
    template: str


def _e(code: str, template: str) -> Code:
    return Code(code, Severity.ERROR, template)


def _w(code: str, template: str) -> Code:
    return Code(code, Severity.WARNING, template)


# The catalogue. Codes are stable: never renumber, only add. docs/errors.md explains each.
CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in (
        # The manuscript folder and its files
        _e("M001", "manuscript folder not found: {path}"),
        _e("M002", "{path} is not a folder"),
        _e("M003", "cannot open the manuscript folder {path}: {reason}"),
        _e("F001", "not valid UTF-8: byte 0x{byte:02X} at byte offset {offset}"),
        _e("F002", "file starts with a byte order mark (BOM); save it as UTF-8 without BOM"),
        _e("F003", "file is empty"),
        _e("F004", "file is {size} bytes, over the limit of {limit} bytes"),
        _e("F005", "line is {length} characters long, over the limit of {limit}"),
        _e("F006", "character U+{codepoint:04X} is not allowed in a manuscript"),
        _e("F007", "cannot read file: {reason}"),
        _e("F008", "{length} characters without a space, over the limit of {limit}; "
                   "break the run with spaces"),
        _e("F009", "reading this file took more than {limit:g} s of processor time and was "
                   "stopped; look for long runs of brackets, asterisks or other markup"),
        _e("F010", "file is a link that leads outside the manuscript folder; copy the file "
                   "into the folder instead"),
        # book.toml
        _e("C001", "book.toml not found in the manuscript folder"),
        _e("C002", "invalid TOML: {reason}"),
        _e("C003", "unknown key '{key}' in {table}{hint}"),
        _e("C004", "missing required key '{key}' in {table}"),
        _e("C005", "'{key}' in {table} must be {expected}, not {actual}"),
        _e("C006", "invalid value for '{key}' in {table}: {reason}"),
        _e("C007", "section file '{file}' not found"),
        _e("C008", "section file '{file}' is listed more than once"),
        _e("C009", "section file '{file}' must be the name of a .md file in the manuscript "
                   "folder, other than notes.md"),
        _e("C010", "'{isbn}' in {table} is not a valid ISBN: {reason}"),
        _w("C011", "tarkbook has no labels in language '{language}', so the editions print "
                   "these in English: {labels}; give them in [labels]"),
        _e("C012", "the title is {length} characters long, over the limit of {limit}"),
        _e("C013", "a section of kind '{kind}' stands {where}"),
        _e("C014", "the ISBN {isbn} of [epub] is also the print edition's; an ISBN names "
                   "one edition: give each its own"),
        # Structure of a section
        _e("S001", "a section file must start with a level-1 heading ('# Title')"),
        _e("S002", "a section has only one level-1 heading; use '##' for a subheading"),
        _e("S003", "heading level {level} is not allowed; use '##' or '###'"),
        _e("S004", "{construct} is not part of the manuscript format"),
        _e("S005", "nesting is {depth} levels deep, over the limit of {limit}"),
        _e("S006", "the section's title has no words; write it after the '# '"),
        _e("S007", "the book comes to about {pages} pages in print, over the limit of "
                   "{limit}; the limit is crossed here: split the book into volumes"),
        _e("S008", "the book has {count} pieces of inline markup (emphasis, strong, spans, "
                   "code, links and note calls), over the limit of {limit}; the limit is "
                   "crossed here: mark up less, or split the book into volumes"),
        # Interview turns
        _e("T001", "this paragraph comes before the first speaker; start it with a speaker key "
                   "({keys})"),
        _e("T002", "'{label}:' is not a declared speaker (declared: {keys}); {advice}"),
        _w("T003", "speaker '{key}' is declared but never speaks"),
        _e("T004", "speaker key '{key}:' opens a turn but the turn is empty"),
        _w("T005", "'{label}:' is not speaker '{key}:' (keys are written in capitals), so this "
                   "paragraph continues the turn before it; write '{key}:' to open a turn"),
        # Notes
        _e("N001", "note [^{key}] is called but never defined{hint}"),
        _e("N002", "note [^{key}] is defined but never called{hint}"),
        _e("N003", "note [^{key}] is defined twice (first at {first})"),
        _e("N004", "a note cannot call another note ([^{key}])"),
        _e("N005", "note [^{key}] is empty"),
        _e("N006", "notes.md holds only note definitions; move this {construct} into a section"),
        _e("N008", "note [^{key}] is called {count} times, over the limit of {limit} calls "
                   "of one note; this is the first call over it"),
        _e("N009", "the book has {count} note calls, over the limit of {limit}; this is the "
                   "first call over it"),
        # Found when the print edition is laid out, not by `tarkbook check`
        _w("N007", "note {number} fills {percent}% of a page in print; a note should take "
                   "at most a third of a page: shorten it or split the call"),
        # Inline content
        _e("H001", "raw HTML is not allowed: {html}"),
        _e("L001", "link to '{href}': only http, https and mailto links are allowed"),
        _e("L002", "the book has {count} links, over the limit of {limit}; this is the "
                   "first link over it"),
        _e("A001", "unknown attribute '{attr}'; only {allowed} are allowed"),
        _e("A002", "invalid language tag '{lang}'"),
        _e("A003", "a span needs a lang= attribute"),
        _w("Q001", "straight quote {quote} has no partner and is left straight; write the "
                   "curly quote meant, or \\{quote} to keep it straight"),
        _e("A004", "invalid direction '{dir}'; write dir=rtl or dir=ltr"),
        # Index marks
        _e("X001", "the index mark '{mark}' has an empty {part}; write it"),
        _e("X002", "the index mark '{mark}' has {levels} levels; an index has two at most, "
                   "a heading and a sub-entry separated by '!' ('Tarkovsky, Andrei!Mirror')"),
        _e("X003", "{attr}= is a cross-reference of the index and goes with an index mark: "
                   "add index=\"…\" or .index to the span"),
        _e("X004", "{attr}='{target}' names a heading of the index that no mark makes{hint}"),
        _e("X005", "an index mark cannot stand in a title or a heading, which the contents "
                   "print again; mark the words in the text"),
        _w("X006", "the book has {count} index marks but no section of kind 'index' to list "
                   "them; add one to [[sections]] in book.toml"),
        _e("X007", "a section of kind 'index' lists the index marks, and the book has none; "
                   "mark terms in the text with {{index=\"…\"}} or {{.index}}"),
        _e("X008", "a book has one index, and this is a second section of kind 'index'"),
        # Places in the book and references to them
        _e("R001", "no heading, figure or table has the id '{ident}'{hint}"),
        _e("R002", "the id '{ident}' is given twice; the first is at {first}"),
        _e("R003", "'{ident}' cannot be an id: an id begins with a letter and holds only "
                   "letters, digits, '-', '_' and '.'"),
        _e("R004", "unknown attribute '{attr}' on an image; only {{#id}} is allowed"),
        # Tables
        _e("B001", "the table is {width} mm wide at the least, wider than the {room} mm the "
                   "text block leaves it; its widest column is column {column}, '{header}', for "
                   "the word '{word}': shorten the longest words or leave a column out"),
        # Glyphs of the print edition
        _e("G001", "'{char}' ({codepoint} {name}) is in no font of the print edition "
                   "({fonts}); add a font that has it"),
        # Images
        _e("I001", "image '{src}' must be a relative path inside images/"),
        _e("I002", "image '{src}' not found"),
        _e("I003", "image '{src}' leads outside the manuscript folder"),
        _e("I004", "an image must stand alone in its paragraph"),
        _e("I005", "image '{src}' is not a PNG, JPEG, GIF or SVG file"),
        _e("I006", "image '{src}' needs alt text"),
        _e("I007", "cover image '{src}' must be a JPEG or PNG file, not {actual}"),
        _e("I008", "cover image '{src}' cannot be read: {reason}"),
        _w("I009", "cover image '{src}' is {width}\u00d7{height} pixels; Apple Books and Kobo ask "
                   "for at least {least} pixels on the short side (1600\u00d72560 is best)"),
        _e("I012", "image '{src}' holds {actual} data but its name says {named}; "
                   "rename it to end in {suffix}"),
        _e("I013", "image '{src}' cannot be read: {reason}"),
        _e("I014", "image '{src}' is an SVG with {what}; an image may not run scripts or "
                   "load other files"),
        _e("I015", "an image cannot stand in a note; put it in a section"),
        _e("I016", "image '{src}' is an SVG with text, which print cannot set in the book "
                   "face; convert the text to paths"),
        _e("I017", "image '{src}' has alt text still to write (TODO); describe what it "
                   "shows"),
        _w("I018", "the cover image '{src}' is {width}\u00d7{height} pixels: {ppi} pixels an "
                   "inch on the wrap cover's front ({size} with its bleed), where print asks "
                   "for 300; give an image of at least {need} pixels"),
        _e("I019", "image '{src}' has a {mark}, which starts the {part} of a link, not part "
                   "of a file's name; a name that has one is written {escaped}"),
        _e("I020", "image '{src}': the name '{name}' has {what}, which an EPUB may not hold "
                   "in a file's name; rename the file"),
    )
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a manuscript, at a source position."""

    code: str
    message: str
    pos: SourcePos

    @property
    def severity(self) -> Severity:
        return CATALOGUE[self.code].severity

    def __str__(self) -> str:
        return f"{self.pos}: {self.severity.value} {self.code}: {printable(self.message)}"


def make(code: str, pos: SourcePos, **params: object) -> Diagnostic:
    """A diagnostic of a catalogued code, its message filled in from ``params``; text from
    the manuscript (a key, a file name) has its control characters escaped."""
    return Diagnostic(code, printable(CATALOGUE[code].template.format(**params)), pos)


@dataclass
class Reporter:
    """Collects every problem of a manuscript, so that all are reported in one run."""

    root: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def pos(self, path: Path, line: int = 1, column: int = 1) -> SourcePos:
        """A position whose file is shown relative to the manuscript folder's parent."""
        try:
            shown = path.relative_to(self.root.parent)
        except ValueError:
            shown = path
        return SourcePos(shown.as_posix(), line, column)

    def report(self, code: str, pos: SourcePos, **params: object) -> None:
        self.diagnostics.append(make(code, pos, **params))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    def sorted(self) -> tuple[Diagnostic, ...]:
        return tuple(sorted(self.diagnostics, key=lambda d: (d.pos, d.code)))


class ManuscriptError(Exception):
    """Raised when a manuscript has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        super().__init__(f"{errors} error(s) in the manuscript")
