"""The EPUB's page list against the PDF: every printed page has its marker, in order, and
the word after each marker is the first word of that page.

The EPUB is read with lxml from its file: its markers (``role="doc-pagebreak"``) in
reading order, the word after each (its text without note calls and notes), and the
``page-list`` nav. The PDF is read by the proof's own readers (``proof/pages.py``): each
page's folio and its first line of running text. The rules the build follows
(``pdf/page_starts.py``) are checked as such: a page that begins with the second half of
a word hyphenated across the page break has its marker before that word; a blank page
and a page of the front matter whose place is the next page's (the half-title) share
that marker's word; blank pages after the last page with text have no marker.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tarkbook.proof.ebook import read_package
from tarkbook.proof.files import Archive
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.furniture import reads_as_folio
from tarkbook.proof.pages import Line, Page, PrintedBook
from tarkbook.render.page_places import is_added, letters, local

CHECK = "page-list"
_OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
_HYPHENS = "-\u2010\u00ad"
_CLOSING = ".,;:!?\u2019\u201d"
"""Punctuation that may close a word hyphenated over the page break."""


@dataclass(frozen=True, slots=True)
class Marker:
    """A page-break marker of the EPUB: its label, document and id, and the word after it."""

    label: str
    document: str
    ident: str
    word: str
    shared: bool = False
    """Another marker follows before any word: its page takes the next page's place."""


@dataclass(frozen=True, slots=True)
class PageList:
    markers: tuple[Marker, ...]
    targets: tuple[tuple[str, str], ...]
    """(label, href from the package folder) of each line of the page-list nav."""
    headers: frozenset[str] = frozenset()
    """The letters of each table's header row (``thead``), case folded: a page of the
    PDF that a table goes on to opens with it again."""


def read_page_list(path: Path) -> PageList:
    """The markers and the page list of the EPUB at ``path``."""
    with Archive(path) as archive:
        package = read_package(archive)
        folder, spine = package.folder, package.spine
        nav = min(package.navigation, default=None)
        trees = {href: archive.xml(posixpath.join(folder, href)) for href in spine}
    events: list[tuple[str, str]] = []  # ("marker", "document#id label") or ("text", …)
    found: list[tuple[str, str, str]] = []
    for href in spine:
        for kind, value in _events(trees[href]):
            if kind == "marker":
                ident, _, label = value.partition(" ")
                found.append((label, href, ident))
                events.append(("marker", str(len(found) - 1)))
            else:
                events.append(("text", value))
    words, shared = _words_after(events, len(found))
    markers = tuple(Marker(label, href, ident, words[index], shared[index])
                    for index, (label, href, ident) in enumerate(found))
    targets: list[tuple[str, str]] = []
    if nav is not None and nav in trees:
        for element in trees[nav].iter("{*}nav"):
            if element.get(_OPS_TYPE) == "page-list":
                targets = [("".join(str(t) for t in a.itertext()).strip(), str(a.get("href")))
                           for a in element.iter("{*}a")]
    headers = frozenset(letters("".join(str(text) for text in row.itertext())).casefold()
                        for tree in trees.values() for row in tree.iter("{*}thead"))
    return PageList(markers, tuple(targets), headers)


def _events(root: etree._Element) -> Iterator[tuple[str, str]]:
    """The markers and pieces of text of a document's body in order: no note, no call,
    no hidden navigation."""
    body = root.find("{*}body")

    def walk(element: etree._Element) -> Iterator[tuple[str, str]]:
        tag = local(element.tag)
        skip = (tag in ("aside", "head") or element.get("role") == "doc-noteref"
                or is_added(element)
                or (tag == "nav" and element.get("hidden") is not None) or not tag)
        if element.get("role") == "doc-pagebreak":
            yield "marker", f"{element.get('id', '')} {element.get('aria-label', '')}"
        elif not skip:
            if element.text:
                yield "text", element.text
            for child in element:
                yield from walk(child)
                if child.tail:
                    yield "text", child.tail
        elif element.get("role") == "doc-noteref":
            yield "text", ""  # a call sticks to its word

    if body is not None:
        yield from walk(body)


def _words_after(events: list[tuple[str, str]], count: int) -> tuple[list[str], list[bool]]:
    """The word after each marker (the text that follows it, up to white space), and
    whether another marker follows it before any word (its place is the next page's)."""
    words, shared = [""] * count, [False] * count
    pending: list[int] = []
    word = ""
    for kind, value in events:
        if kind == "marker":
            for index in pending:
                shared[index] = not word
            if word:
                for index in pending:
                    words[index] = word
                pending, word = [], ""
            pending.append(int(value))
            continue
        for char in value if pending else "":
            if not char.isspace():
                word += char
            elif word:
                for index in pending:
                    words[index] = word
                pending, word = [], ""
                break
    for index in pending:
        words[index] = word
    return words, shared


def check(printed: PrintedBook, path: Path) -> Iterator[Finding]:
    """Every page of ``printed`` up to the last with running text has its marker in the
    EPUB at ``path``, in order, listed in the page list, before that page's first word
    (a blank page, and a page of the front matter that the EPUB does not have, take the
    next page's marker's place). A page that opens with a table's header row may begin
    at the line after it: the row repeated on a page the table goes on to."""
    pages = read_page_list(path)
    by_label = {marker.label: marker for marker in pages.markers}
    last = max((page.number for page in printed.pages if _first_line(printed, page)),
               default=0)
    wanted = [page for page in printed.pages if page.number <= last]
    labels = [page.folio for page in wanted]
    if [m.label for m in pages.markers] != labels:
        extra = [m.label for m in pages.markers if m.label not in labels]
        if extra:
            yield Finding(CHECK, Level.ERROR, "the EPUB has page-break markers of pages the "
                          f"PDF does not have: {', '.join(extra)}", document=_doc(pages))
    hrefs = {label: href for label, href in pages.targets}
    for index, page in enumerate(wanted):
        marker = by_label.get(page.folio)
        if marker is None:
            yield Finding(CHECK, Level.ERROR, f"the EPUB has no page-break marker for p. "
                          f"{page.folio}: {_quote(_first_line(printed, page))}", page.number,
                          page.folio, box=_box(_first_line(printed, page)))
            continue
        if marker.ident and hrefs.get(page.folio) != f"{marker.document}#{marker.ident}":
            yield Finding(CHECK, Level.ERROR, f"the page list does not lead to the marker of "
                          f"p. {page.folio} ({marker.document}#{marker.ident})",
                          page.number, page.folio, document=marker.document)
        first = _first_line(printed, page)
        previous = wanted[index - 1] if index else None
        shares = marker.shared and page.number <= _front(printed)
        if not shares and not any(_agrees(printed, marker.word, line, previous)
                                  for line in _openings(printed, page, pages.headers)):
            yield Finding(CHECK, Level.ERROR,
                          f"the EPUB's marker of p. {page.folio} stands before "
                          f"'{marker.word}', but the page begins {_quote(first)}",
                          page.number, page.folio, document=marker.document, box=_box(first))
    order = [m.label for m in pages.markers if m.label in labels]
    if order != [label for label in labels if label in by_label]:
        yield Finding(CHECK, Level.ERROR, "the EPUB's page-break markers are out of the "
                      "PDF's order: " + ", ".join(order), document=_doc(pages))


def _doc(pages: PageList) -> str | None:
    return pages.markers[0].document if pages.markers else None


def _front(printed: PrintedBook) -> int:
    """The last page of the front matter (numbered in roman numerals)."""
    return next((page.number - 1 for page in printed.pages if page.folio.isdigit()),
                len(printed.pages))


def _agrees(printed: PrintedBook, word: str, first: Line | None, previous: Page | None
            ) -> bool:
    """Whether a page whose first line is ``first`` begins with ``word``: the line opens
    with its letters (set in capitals and letter-spaced too), or with its end when the
    page before ends in a hyphen (its last line of running text, in the text's ``size``,
    not a note's). A blank page (no line) shares the next page's marker."""
    if first is None:
        return True
    expected, line = letters(word).casefold(), letters(first.text).casefold()
    if not expected:
        return False
    if line.startswith(expected):
        return True
    before = _last_line(printed, previous) if previous is not None else None
    opening = letters(first.text.split()[0]).casefold() if first.text.split() else ""
    return (before is not None and before.text.rstrip().endswith(tuple(_HYPHENS))
            and bool(opening) and expected.rstrip(_CLOSING).endswith(opening.rstrip(_CLOSING)))


def _running(printed: PrintedBook, page: Page) -> list[Line]:
    """The page's lines without its running head and folio, above its notes."""
    return [line for line in printed.above_notes(page)
            if line.text.strip() and not printed.is_furniture(page, line)]


def _openings(printed: PrintedBook, page: Page, headers: Collection[str] = ()
              ) -> list[Line | None]:
    """The lines a page may begin with: its first line of running text, and before it
    any line that reads like a running head but may be the text's (a chapter's label,
    'Chapter 1', on page 1), and after it a table's repeated header row. None: the page
    is blank."""
    lines: list[Line | None] = []
    for line in printed.above_notes(page):
        if not line.text.strip() or line.text.strip() == page.folio:
            continue
        lines.append(line)
        repeated = letters(line.text).casefold() in headers
        if not printed.is_furniture(page, line) and not reads_as_folio(page, line) \
                and not repeated:
            return lines
    return lines or [None]


def _first_line(printed: PrintedBook, page: Page) -> Line | None:
    lines = _running(printed, page)
    return lines[0] if lines else None


def _last_line(printed: PrintedBook, page: Page) -> Line | None:
    lines = [line for line in _running(printed, page) if line.size == printed.body_size]
    return lines[-1] if lines else None


def _box(line: Line | None) -> tuple[float, float, float, float] | None:
    """The page's first line, outlined in the HTML report."""
    return None if line is None else (line.x0, line.top, line.x1, line.bottom)


def _quote(line: Line | None) -> str:
    return "with no text" if line is None else f"'{line.text.strip()[:50]}'"
