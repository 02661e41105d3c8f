"""Source positions, the catalogue of diagnostic codes, and how problems are collected."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class SourcePos:
    """A place in a manuscript file: 1-based line and column (column counts characters)."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


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
        _e("C003", "unknown key '{key}' in {table}"),
        _e("C004", "missing required key '{key}' in {table}"),
        _e("C005", "'{key}' in {table} must be {expected}, not {actual}"),
        _e("C006", "invalid value for '{key}' in {table}: {reason}"),
        _e("C007", "section file '{file}' not found"),
        _e("C008", "section file '{file}' is listed more than once"),
        _e("C009", "section file '{file}' must be the name of a .md file in the manuscript "
                   "folder, other than notes.md"),
        # Structure of a section
        _e("S001", "a section file must start with a level-1 heading ('# Title')"),
        _e("S002", "a section has only one level-1 heading; use '##' for a subheading"),
        _e("S003", "heading level {level} is not allowed; use '##' or '###'"),
        _e("S004", "{construct} is not part of the manuscript format"),
        _e("S005", "nesting is {depth} levels deep, over the limit of {limit}"),
        _e("S006", "the section's title has no words; write it after the '# '"),
        _e("S007", "the book comes to about {pages} pages in print, over the limit of "
                   "{limit}; the limit is crossed here: split the book into volumes"),
        # Interview turns
        _e("T001", "this paragraph comes before the first speaker; start it with a speaker key "
                   "({keys})"),
        _e("T002", "'{label}:' is not a declared speaker (declared: {keys}); "
                   "write '\\{label}:' to keep it as text"),
        _w("T003", "speaker '{key}' is declared but never speaks"),
        _e("T004", "speaker key '{key}:' opens a turn but the turn is empty"),
        # Notes
        _e("N001", "note [^{key}] is called but never defined"),
        _e("N002", "note [^{key}] is defined but never called"),
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
        _e("A001", "unknown span attribute '{attr}'; only lang= is allowed"),
        _e("A002", "invalid language tag '{lang}'"),
        _e("A003", "a span needs a lang= attribute"),
        # Images
        _e("I001", "image '{src}' must be a relative path inside images/"),
        _e("I002", "image '{src}' not found"),
        _e("I003", "image '{src}' leads outside the manuscript folder"),
        _e("I004", "an image must stand alone in its paragraph"),
        _e("I005", "image '{src}' is not a PNG, JPEG, GIF or SVG file"),
        _e("I006", "image '{src}' needs alt text"),
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
        return f"{self.pos}: {self.severity.value} {self.code}: {self.message}"


def make(code: str, pos: SourcePos, **params: object) -> Diagnostic:
    """A diagnostic of a catalogued code, its message filled in from ``params``."""
    return Diagnostic(code, CATALOGUE[code].template.format(**params), pos)


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
