"""The reading view: the EPUB's reading documents of the book, read again on every save.

The documents are rendered with the EPUB's own templates (``render_content``) and shown
with the EPUB's style sheet, found as the build finds it. Only the documents whose inputs
changed since the last save are rendered again (``DocumentCache``). Each problem links to
the passage at its line (``anchors``). A reading with errors keeps the
documents of the last good one and shows the errors above them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from lxml import etree
from markupsafe import Markup

from tarkbook.build.styles import StylesError, StyleSheet, find_style_sheets
from tarkbook.diagnostics import Diagnostic, Severity
from tarkbook.epub.content import (
    COVER,
    NAV,
    TITLE_PAGE,
    DocumentCache,
    Entry,
    render_content,
    section_files,
)
from tarkbook.manuscript import read_manuscript
from tarkbook.manuscript.parse_cache import ParseCache
from tarkbook.manuscript.size import estimated_pages
from tarkbook.model import Book, Section
from tarkbook.preview.anchors import Place, Places, mark_section, note_places

XHTML = "{http://www.w3.org/1999/xhtml}"
SKIPPED = {COVER, NAV}
"""Documents the page leaves out: the cover image, and the contents shown in the panel."""


@dataclass(frozen=True, slots=True)
class Passage:
    """One reading document as a fragment of the page: its anchor, its markup and the
    anchors in it at the lines of the manuscript its blocks start on."""

    anchor: str
    markup: Markup
    places: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """A diagnostic as the panel shows it, with the anchor of the passage it is in."""

    where: str
    severity: str
    code: str
    message: str
    anchor: str


@dataclass(frozen=True, slots=True)
class View:
    """What the page shows: the last good text, its contents and the problems of now."""

    version: int
    title: str
    language: str
    passages: tuple[Passage, ...]
    contents: tuple[tuple[str, Markup], ...]
    problems: tuple[Problem, ...]
    stale: bool
    """The text is of an earlier save: the manuscript as it is now has errors."""


@dataclass
class Reader:
    """Reads the book in ``manuscript`` again on each call of ``refresh``."""

    manuscript: Path
    styles: Path | None = None
    parses: ParseCache = field(default_factory=ParseCache)
    documents: DocumentCache = field(default_factory=DocumentCache)
    """The reading documents last rendered: only those whose inputs changed are rendered
    again (``documents.rendered`` names them)."""
    view: View = field(default_factory=lambda: View(0, "", "en", (), (), (), False))
    _fragments: dict[str, tuple[str, Passage]] = field(default_factory=dict)
    _places: Places = field(default_factory=Places)
    book: Book | None = None
    """The book of the last good reading."""
    renders: int = 0
    """How many documents were turned into passages again at the last refresh."""

    def style_sheet(self) -> StyleSheet | None:
        """The EPUB's style sheet, as the build would find it now."""
        try:
            return find_style_sheets(self.manuscript, self.styles, ["epub"])["epub"]
        except (StylesError, StopIteration, OSError):
            return None

    def refresh(self) -> View:
        """Read the manuscript again; the new view keeps the last good text on errors."""
        reading = read_manuscript(self.manuscript, parses=self.parses)
        old = self.view
        if reading.book is None:
            problems = self._problems(reading.diagnostics)
            self.view = View(old.version + 1, old.title, old.language, old.passages,
                             old.contents, problems, True)
            return self.view
        book = reading.book
        content = render_content(book, self.documents)
        sections = dict(zip(section_files(book.sections), book.sections, strict=True))
        passages, self.renders, fragments = [], 0, {}
        for document in content.documents:
            if document.href in SKIPPED:
                continue
            digest = self.documents.documents[document.href][0]  # of its inputs, positions too
            known = self._fragments.get(document.href)
            if known is None or known[0] != digest:
                known = (digest, _passage(document.href, document.content,
                                          sections.get(document.href)))
                self.renders += 1
            fragments[document.href] = known
            passages.append(known[1])
        self._fragments = fragments
        self.book = book
        self._places = Places.of(
            chain(note_places(book.notes), *(p.places for p in passages)),
            {section.pos.file: _anchor(name) for name, section in sections.items()},
            _anchor(TITLE_PAGE))
        self.view = View(old.version + 1, book.metadata.title, book.metadata.language,
                         tuple(passages), tuple(_contents(content.contents)),
                         self._problems(reading.diagnostics), False)
        return self.view

    def estimate(self) -> int:
        """The pages the book of the last good reading comes to in print, as estimated
        from its text (0 before a good reading)."""
        return estimated_pages(self.book)[0] if self.book is not None else 0

    def _problems(self, diagnostics: tuple[Diagnostic, ...]) -> tuple[Problem, ...]:
        return tuple(
            Problem(str(d.pos), d.severity.value, d.code, d.message,
                    self._places.anchor(d.pos.file, d.pos.line))
            for d in sorted(diagnostics, key=lambda d: d.severity is not Severity.ERROR)
        )


def _anchor(href: str) -> str:
    return "doc-" + href.removesuffix(".xhtml") if href else ""


def _contents(entries: tuple[Entry, ...]) -> list[tuple[str, Markup]]:
    return [("#" + _link(entry.href), entry.markup or Markup.escape(entry.title))
            for entry in entries]


def _link(href: str) -> str:
    """A link between reading documents as a link inside the one page."""
    name, _, fragment = href.partition("#")
    return fragment if fragment else _anchor(name)


def _passage(href: str, content: bytes, section: Section | None) -> Passage:
    """The body of a reading document as HTML, its links turned into links in the page,
    the blocks of its ``section`` marked with anchors at their lines."""
    root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    body = root.find(f"{XHTML}body")
    assert body is not None
    places: list[Place] = []
    element = body.find(f"{XHTML}section")
    if section is not None and element is not None:
        places = mark_section(element, section, href.removesuffix(".xhtml"))
    for element in body.iter(f"{XHTML}a"):
        target = element.get("href", "")
        if target and "://" not in target and not target.startswith("mailto:"):
            element.set("href", "#" + _link(posixpath.normpath(target)))
    for element in body.iter(f"{XHTML}img"):
        src = element.get("src", "")
        element.set("src", "book/" + src)
    etree.cleanup_namespaces(body)
    html = "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in body
    )
    html = html.replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    html = html.replace(' xmlns:epub="http://www.idpf.org/2007/ops"', "")
    classes = body.get("class", "")
    return Passage(_anchor(href), Markup(
        '<div class="document {}" id="{}">').format(classes, _anchor(href))
        + Markup(html) + Markup("</div>"), tuple(places))
