"""The index's locators in both editions.

In the PDF, each link of the index to an index mark (a named destination ``ix-…``) is read
with PDFium: the words it covers on the index's page are the folio of the page it leads to
(with "n" for a mark in a note), and the marked words stand on that page. In the EPUB,
each ``index-locator`` of the index documents leads to an element of the package whose
text is the marked words. The marked words are the book's (the spans of its marks, by
their ids); a word hyphenated over a line is read whole."""

from __future__ import annotations

import ctypes
import posixpath
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from tarkbook.model import Book, LanguageSpan
from tarkbook.proof.ebook import read_package
from tarkbook.proof.files import Archive, open_pdf
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import PrintedBook
from tarkbook.proof.pdf_objects import named_destinations
from tarkbook.proof.words import keys
from tarkbook.render.index_ids import MARK_PREFIX, mark_id
from tarkbook.render.inlines import plain_text
from tarkbook.render.places import book_nodes

CHECK = "index-locator"
_OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
_AT_LINE_END = re.compile(r"[\ufffe\x02]|[-\u2010\u00ad]\s*\n\s*")
"""A hyphen at a line's end, and the break after it. PDFium reads any hyphen there, the
layout's or one of the text's (``Neuilly-`` of "Neuilly-sur-Seine"), as U+FFFE (U+0002 a
character at a time); a hyphen it does not mark keeps the line's end after it."""

Point = tuple[int, int, int]
"""A destination: 0-based page, x and y rounded to a hundredth of a point."""


def marked_words(book: Book) -> dict[str, tuple[str, bool]]:
    """Each index mark's id, its words, and whether it stands in a note."""
    return {ident: (words, in_note) for ident, (words, in_note, _) in _marks(book).items()}


def _marks(book: Book) -> dict[str, tuple[str, bool, tuple[str, ...]]]:
    """Each index mark's id, its words, whether it stands in a note, and its terms."""
    found: dict[str, tuple[str, bool, tuple[str, ...]]] = {}
    in_text = {mark_id(span.pos) for span in book_nodes(replace(book, notes=()), LanguageSpan)}
    for span in book_nodes(book, LanguageSpan):
        if span.index is not None:
            ident = mark_id(span.pos)
            found[ident] = (plain_text(span.children), ident not in in_text, span.index.terms)
    return found


def _normal(text: str) -> str:
    """``text`` as the proof compares words (``keys``): a hyphen at a line's end, which may
    be the layout's or the text's, and every other hyphen are left out alike."""
    return " ".join(keys(_AT_LINE_END.sub("-", text)))


def _stands(words: str, page: str) -> bool:
    """Whether the marked ``words`` stand on the page of text ``page``: all of them, or
    (marked words the page breaks, or a note's call sets among) the first."""
    wanted = _normal(words)
    return bool(wanted) and (wanted in page or wanted.split()[0] in page)


def check(printed: PrintedBook, pdf: Path, book: Book) -> Iterator[Finding]:
    """Every locator of the printed index reads as the folio of the page it leads to, on
    which the marked words stand."""
    marks = marked_words(book)
    if not marks:
        return
    document = open_pdf(pdf)
    try:
        named = _named(document)
        texts: dict[int, str] = {}
        for page_index, text, point in _links(document):
            idents = named.get(point)
            if not idents:
                continue
            target = printed.pages[point[0]]
            page = printed.pages[page_index]
            words, in_note = marks.get(idents[0], ("", False))
            expected = target.folio + ("n" if in_note else "")
            if text != expected:
                yield Finding(CHECK, Level.ERROR,
                              f"the index locator '{text}' leads to p. {target.folio} "
                              f"(PDF page {target.number}), where it should read "
                              f"'{expected}'", page.number, page.folio)
                continue
            if point[0] not in texts:
                texts[point[0]] = _normal(document[point[0]].get_textpage().get_text_range())
            if not any(_stands(marks.get(ident, ("", False))[0], texts[point[0]])
                       for ident in idents):
                yield Finding(CHECK, Level.ERROR,
                              f"the index locator '{text}' leads to p. {target.folio}, on "
                              f"which the marked words '{words}' do not stand", page.number,
                              page.folio)
    finally:
        document.close()


def _named(document: pypdfium2.PdfDocument) -> dict[Point, list[str]]:
    """The index marks' named destinations, by where they lead."""
    found: dict[Point, list[str]] = {}
    for name, destination in named_destinations(document):
        if name.startswith(MARK_PREFIX):
            found.setdefault(_point(document.raw, destination), []).append(name)
    return found


def _point(raw: object, destination: object) -> Point:
    has_x, has_y, has_zoom = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    x, y, zoom = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    page = pdfium_c.FPDFDest_GetDestPageIndex(raw, destination)
    pdfium_c.FPDFDest_GetLocationInPage(destination, has_x, has_y, has_zoom, x, y, zoom)
    return page, round(x.value * 100), round(y.value * 100)


def _links(document: pypdfium2.PdfDocument) -> Iterator[tuple[int, str, Point]]:
    """Each link of the PDF to a destination in it: its page (0-based), the words it
    covers, and where it leads."""
    raw = document.raw
    for page_index in range(len(document)):
        page = document[page_index]
        textpage = page.get_textpage()
        position = ctypes.c_int(0)
        link = pdfium_c.FPDF_LINK()
        rect = pdfium_c.FS_RECTF()
        while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            destination = pdfium_c.FPDFLink_GetDest(raw, link)
            if not destination or not pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
                continue
            text = textpage.get_text_bounded(rect.left, rect.bottom, rect.right, rect.top)
            yield page_index, " ".join(text.split()), _point(raw, destination)


def check_both(printed: PrintedBook, pdf: Path, epub: Path, book: Book) -> Iterator[Finding]:
    """The locators of the printed index, then the EPUB's."""
    yield from check(printed, pdf, book)
    yield from check_epub(epub, book)


def check_epub(epub: Path, book: Book) -> Iterator[Finding]:
    """Every locator of the EPUB's index leads to a mark of its entry (its heading, and its
    sub-entry) whose element's text is the marked words."""
    marks = _marks(book)
    if not marks:
        return
    with Archive(epub) as archive:
        package = read_package(archive)
        trees = {href: archive.xml(posixpath.join(package.folder, href))
                 for href in package.spine}
    ids = {href: {element.get("id"): element for element in tree.iter()
                  if element.get("id")} for href, tree in trees.items()}
    for href, tree in trees.items():
        for link in tree.iter("{*}a"):
            if link.get(_OPS_TYPE) != "index-locator":
                continue
            target = str(link.get("href") or "")
            document, _, ident = target.rpartition("#")
            document = posixpath.normpath(posixpath.join(posixpath.dirname(href), document)) \
                if document else href
            element = ids.get(document, {}).get(ident)
            text = "".join(str(part) for part in link.itertext())
            entry = _entry_terms(link)
            if element is None:
                yield Finding(CHECK, Level.ERROR, f"the index locator '{text}' of "
                              f"'{'!'.join(entry)}' leads to {target}, which the EPUB does "
                              "not have", document=href)
                continue
            words, _, terms = marks.get(ident, ("", False, ()))
            found = " ".join("".join(str(part) for part in element.itertext()).split())
            if terms != entry or not _begins(element, _normal(words), _normal(found)):
                yield Finding(CHECK, Level.ERROR, f"the index locator '{text}' of "
                              f"'{'!'.join(entry)}' leads to {target}, whose text "
                              f"'{found[:60]}' is not a mark of that entry", document=href)


def _begins(element: Any, words: str, found: str) -> bool:
    """Whether the marked ``words`` are the text ``found`` of the mark's element, or begin
    there and run on after it: the last word of a mark before a note call is set apart,
    with the call, and only the first part carries the mark's id."""
    if words == found:
        return True
    if not found or not words.startswith(found):
        return False
    after = "".join(str(text) for text in element.xpath("following::text()")[:len(words)])
    return _normal("".join(str(part) for part in element.itertext()) + after).startswith(words)


def _entry_terms(link: Any) -> tuple[str, ...]:
    """The terms of the entry a locator belongs to: its heading's, then its sub-entry's."""
    terms = []
    for parent in link.iterancestors():
        if parent.get(_OPS_TYPE) == "index-entry":
            term = next((child for child in parent if child.get(_OPS_TYPE) == "index-term"),
                        None)
            if term is not None:
                terms.append(" ".join("".join(str(p) for p in term.itertext()).split()))
    return tuple(reversed(terms))
