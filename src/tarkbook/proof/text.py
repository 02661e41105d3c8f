"""The running text of each edition as words, in reading order, grouped by section, each
word with where it stands (its PDF page or its EPUB document).

From the PDF: the lines of glyphs of every page (``pages``), less what the print edition
adds — the half-title, its own contents, running heads and folios, the footnote area
(the notes are compared on their own), the raised note calls and list bullets. From the
EPUB: the text of the spine's documents (lxml), less the navigation document and any
``nav``, the note calls' numbers, the notes' asides and page-break markers.

Words are compared by their ``key`` (``proof/words.py``)."""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterator

from lxml import etree

from tarkbook.proof.additions import BULLETS, is_marker
from tarkbook.proof.ebook import Ebook
from tarkbook.proof.files import Archive
from tarkbook.proof.pages import Line, Page, PrintedBook
from tarkbook.proof.words import Text, Word, key, keys, words
from tarkbook.render.page_places import is_added

FRONT = 0
"""The group of the words before the first section: the title page and the imprint."""

_BROKEN = ("-", "\u2010", "\u00ad")


# ---------------------------------------------------------------- the PDF


def _skipped_pages(printed: PrintedBook, title: str) -> set[int]:
    """The half-title and the contents: pages the print edition adds."""
    skipped = set(printed.contents_pages)
    opening = printed.pages[0] if printed.pages else None
    if opening is not None and "".join(keys(" ".join(
            line.text for line in opening.lines if not printed.is_furniture(opening, line)
    ))) == "".join(keys(title)):
        skipped.add(1)
    return skipped


def _is_marker(page: Page, line: Line) -> bool:
    """Whether ``line`` is a list item's marker: it reads as one, and the item's text
    stands beside it on its baseline (PDFium gives the markers apart, after the text).
    A year alone on a line ("1990.") is not one."""
    return is_marker(line.text.strip()) and any(
        other is not line and abs(other.base - line.base) < 0.5
        and (other.x0 >= line.x1 - 0.5 or other.x1 <= line.x0 + 0.5)
        for other in page.lines)


def _running_lines(printed: PrintedBook, page: Page, notes_top: float | None
                   ) -> Iterator[Line]:
    size = printed.body_size
    for line in page.lines:
        if printed.is_furniture(page, line) or _is_marker(page, line):
            continue
        if notes_top is not None and line.top >= notes_top - 1 and line.size < size:
            continue  # the footnote area
        yield line


def pdf_text(printed: PrintedBook, title: str) -> Text:
    """The running text of the PDF, grouped at its ``part-`` destinations."""
    skipped = _skipped_pages(printed, title)
    starts = sorted((place, name) for name, place in printed.destinations.items()
                    if name.startswith("part-"))
    notes_top = printed.notes_tops
    groups: Text = [[]]
    at = 0  # the next section's start in ``starts``
    for page in printed.pages:
        if page.number in skipped:
            continue
        for line in _running_lines(printed, page, notes_top.get(page.number)):
            # a line begins a section when its baseline stands below the section's start
            # (its top may stand above it: the ascent of a face such as Amiri's is tall)
            base = line.baseline if line.baseline is not None else line.bottom
            while at < len(starts) and starts[at][0] <= (page.number, base):
                groups.append([])
                at += 1
            found = groups[-1]
            box = (line.x0, line.top, line.x1, line.bottom)
            tokens = words(line.running if line.running is not None else line.text)
            for index, token in enumerate(tokens):
                if token in BULLETS:
                    continue
                if index == 0 and found and found[-1].text.endswith(_BROKEN):
                    # a word broken at the line's end
                    joined = found[-1].text + token
                    found[-1] = Word(joined, key(joined), found[-1].page, box=found[-1].box)
                elif token_key := key(token):
                    found.append(Word(token, token_key, page.number, box=box))
    return groups


# ---------------------------------------------------------------- the EPUB

_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "dfn", "em", "i", "kbd",
                     "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
                     "time", "u", "var"})
_NOTE_ROLES = frozenset({"doc-footnote", "doc-endnote", "doc-endnotes", "doc-noteref",
                         "doc-pagebreak", "doc-backlink"})
_NOTE_TYPES = frozenset({"footnote", "endnote", "endnotes", "rearnote", "rearnotes",
                         "noteref", "pagebreak", "page-list"})
_TYPE = "{http://www.idpf.org/2007/ops}type"


def _skipped(element: etree._Element, name: str) -> bool:
    if name in ("head", "nav", "script", "style") or is_added(element):
        return True
    types = set(element.get(_TYPE, "").split())
    return element.get("role", "") in _NOTE_ROLES or bool(types & _NOTE_TYPES)


def epub_text(ebook: Ebook) -> Text:
    """The running text of the EPUB's spine, grouped at its sections (``s-`` ids)."""
    groups: Text = [[]]
    pieces: list[str] = []
    document = ""

    def flush() -> None:
        text = "".join(pieces)
        pieces.clear()
        for token in words(unicodedata.normalize("NFKC", text)):
            if token not in BULLETS and (token_key := key(token)):
                groups[-1].append(Word(token, token_key, document=document))

    def walk(element: etree._Element) -> None:
        name = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if name and not _skipped(element, name):
            if name == "section" and element.get("id", "").startswith("s-"):
                flush()
                groups.append([])
            block = name not in _INLINE
            if block:
                pieces.append(" ")
            pieces.append(element.text or "")
            for child in element:
                walk(child)
            if block:
                pieces.append(" ")
        pieces.append(element.tail or "")

    with Archive(ebook.path) as archive:
        folder = posixpath.dirname(ebook.package)
        for document in ebook.documents:
            if document in ebook.navigation:
                continue
            tree = archive.xml(posixpath.join(folder, document))
            body = tree.find("{*}body")
            if body is not None:
                walk(body)
            flush()
    return groups
