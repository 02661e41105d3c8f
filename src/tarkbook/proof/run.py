"""Builds the editions (or reuses them) and runs every check of the proof on them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from tarkbook.build import build
from tarkbook.diagnostics import Diagnostic, ManuscriptError, SourcePos
from tarkbook.manuscript import read_manuscript
from tarkbook.model import Book
from tarkbook.proof import (
    agree,
    breaks,
    epubtools,
    files,
    fonts,
    geometry,
    images,
    index_locators,
    lines,
    notes,
    page_list,
    pagecount,
    running,
    turns,
)
from tarkbook.proof.ebook import read_epub
from tarkbook.proof.findings import Finding, Level, Report
from tarkbook.proof.pages import Line, Page, PrintedBook, read_pdf
from tarkbook.proof.passages import Passages
from tarkbook.proof.printer import check as check_printer
from tarkbook.proof.printer import printers
from tarkbook.proof.words import keys
from tarkbook.render.labels import direction

T = TypeVar("T")

PLACED = {geometry.CHECK_BLOCK, geometry.CHECK_PAGE, lines.CHECK_HYPHENS, lines.CHECK_OPENING,
          lines.CHECK_CALL, breaks.CHECK_WIDOW, breaks.CHECK_ORPHAN, breaks.CHECK_HEADING,
          breaks.CHECK_SHORT, images.CHECK, turns.CHECK}
"""Checks whose findings are placed in the manuscript by the lines they name (their box)
in their page's section."""


def _quiet(_: object) -> None:
    return None


def read_book(manuscript: Path) -> Book:
    reading = read_manuscript(manuscript, glyphs=False)
    if reading.book is None:
        raise ManuscriptError(reading.errors)
    return reading.book


def prove(
    manuscript: Path, out: Path, styles: Path | None = None, tools: bool = True,
    warn: Callable[[Diagnostic], None] = _quiet, say: Callable[[str], None] = _quiet,
    printer: str | None = None, marks: bool = False,
) -> Report:
    """Build both editions of ``manuscript`` into ``out`` (reusing those whose inputs have
    not changed; the print-shop PDF with ``marks``), read them back and check them.
    ``tools`` runs EPUBCheck and Ace when they are installed; ``printer`` (a key of
    printers.toml) checks the PDF against that service's rules. Raises what ``build``
    raises."""
    outputs = build(manuscript, out, ["epub", "pdf"], styles, warn=warn, say=say, marks=marks)
    epub, pdf = (output.path for output in outputs)
    return check_editions(read_book(manuscript), pdf, epub, tools, printer)


def check_editions(
    book: Book, pdf: Path, epub: Path, tools: bool = True, printer: str | None = None,
) -> Report:
    """The proof of editions already made: ``book`` is the model they were made from."""
    rtl = direction(book.metadata.language) == "rtl"
    report = Report(book.metadata.title, str(pdf), str(epub), 0)
    report.checks.append("the editions' files can be read")
    printed = _read(report, lambda: read_pdf(pdf, rtl))
    ebook = _read(report, lambda: read_epub(epub))
    if printed is None or ebook is None:  # nothing more can be read of them
        return report
    passages = Passages(book)
    report.pages = len(printed.pages)
    runs: list[tuple[str, Iterable[Finding]]] = [
        ("glyphs inside the text block and the page", geometry.check(printed)),
        ("every note on the page of its call", notes.check(printed, book)),
        ("stacked hyphens, line openings, lone calls", lines.check(printed)),
        ("widows, orphans, headings at the foot, short pages",
         breaks.check(printed, frozenset(speaker.label.casefold() for speaker in book.speakers
                                         if speaker.role == "interviewer"))),
        ("a question at the foot, its answer over the page", turns.check(printed, book)),
        ("fonts embedded, subset, the book's faces", fonts.check(printed, book)),
        ("images at 300 ppi", images.check(printed)),
        ("page count", pagecount.check(printed, book)),
        ("the editions agree", agree.check(printed, ebook, book)),
        ("the editions' running text", running.check(printed, ebook, book, passages)),
        ("the index's locators in both editions",
         index_locators.check_both(printed, pdf, epub, book)),
    ]
    if book.metadata.epub_page_list:  # else the book asks for none: [epub] page_list = false
        runs.append(("the EPUB's page list against the PDF's pages",
                     page_list.check(printed, epub)))
    if printer is not None:
        service = printers()[printer]
        runs.append((f"the rules of {service.name} (printers.toml, checked {service.checked})",
                     check_printer(printed, service)))
    tool_checks = {"EPUBCheck": epubtools.CHECK_EPUBCHECK, "DAISY Ace": epubtools.CHECK_ACE}
    if tools:
        runs += [("EPUBCheck", epubtools.epubcheck(epub)), ("DAISY Ace", epubtools.ace(epub))]
    else:
        report.tools = dict.fromkeys(tool_checks, "not asked for (--no-tools)")
    section_of = sections_by_page(printed, book)
    levels = dict(book.proof_levels)
    accepted = set(book.proof_accepted)
    for name, findings in runs:
        report.checks.append(name)
        for finding in _readable(findings):
            if finding.source is None and finding.page is not None and finding.check in PLACED:
                finding = replace(finding, source=place(finding, printed, book, passages,
                                                        section_of.get(finding.page)))
            level = levels.get(finding.check)
            if level == "off" and finding.level is not Level.SKIPPED:
                continue
            if level in ("error", "warning") and finding.level is not Level.SKIPPED:
                finding = replace(finding, level=Level(level))
            if finding.level is Level.WARNING and ((finding.check, finding.page) in accepted
                                                   or (finding.check, 0) in accepted):
                finding = replace(finding, waived=True)
            report.findings.append(finding)
    if tools:
        skipped = {f.check for f in report.findings if f.level is Level.SKIPPED}
        report.tools = {name: "skipped" if check in skipped else "ran"
                        for name, check in tool_checks.items()}
    return report


def _read(report: Report, reading: Callable[[], T]) -> T | None:
    """What ``reading`` reads of an edition; None, and an error in ``report``, when the
    file cannot be read."""
    try:
        return reading()
    except files.Unreadable as error:
        report.findings.append(Finding(files.CHECK, Level.ERROR, str(error)))
        return None


def _readable(findings: Iterable[Finding]) -> Iterator[Finding]:
    """``findings``, then an error in place of the rest where a check comes on a part of
    an edition that cannot be read."""
    try:
        yield from findings
    except files.Unreadable as error:
        yield Finding(files.CHECK, Level.ERROR, str(error))


def place(finding: Finding, printed: PrintedBook, book: Book, passages: Passages,
          section: int | None) -> SourcePos | None:
    """The manuscript position of a finding on a PDF page: that of the block (of the
    page's ``section``, an index of ``book.sections``, first) whose words hold the words
    of the lines in the finding's box; else the section's own."""
    assert finding.page is not None
    page = printed.pages[finding.page - 1]
    box = finding.box
    found = passages.locate(keys(" ".join(_boxed(page, box))), section,
                            lambda: _before(printed, page, box, book, section)) \
        if box is not None else None
    return found or (book.sections[section].pos if section is not None else None)


def _before(printed: PrintedBook, page: Page, box: tuple[float, float, float, float],
            book: Book, section: int | None) -> str:
    """The keys of the running text of ``section`` before the lines in ``box`` on
    ``page``, each with a space before and after: the occurrences of a passage before
    the finding's."""
    if section is None:
        return ""
    first = printed.destinations.get(f"part-{book.sections[section].ident}", (page.number,))[0]
    lines = [line for before in printed.pages[first - 1:page.number - 1]
             for line in printed.body_lines(before)]
    lines += [line for line in printed.body_lines(page) if _middle(line) < box[1]]
    text = " ".join(line.running if line.running is not None else line.text for line in lines)
    return " " + " ".join(keys(text)) + " "


def _boxed(page: Page, box: tuple[float, float, float, float]) -> list[str]:
    """The text of the lines of ``page`` inside ``box``, without their note calls."""
    x0, top, x1, bottom = box
    return [line.running if line.running is not None else line.text for line in page.lines
            if line.x0 < x1 and line.x1 > x0 and top <= _middle(line) <= bottom]


def _middle(line: Line) -> float:
    """Halfway down ``line``: its place in a box (the boxes of lines in a row overlap)."""
    return (line.top + line.bottom) / 2


def sections_by_page(printed: PrintedBook, book: Book) -> dict[int, int]:
    """PDF page -> the index in ``book.sections`` of the section the page is part of (its
    ``part-`` destination is on the page or before it); front-matter pages have none."""
    starts = sorted((printed.destinations[f"part-{section.ident}"][0], index)
                    for index, section in enumerate(book.sections)
                    if f"part-{section.ident}" in printed.destinations)
    found: dict[int, int] = {}
    for (first, index), following in zip(starts, [*starts[1:], None], strict=True):
        last = following[0] - 1 if following else len(printed.pages)
        for number in range(first, last + 1):
            found[number] = index
    return found
