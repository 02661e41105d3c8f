"""The EPUB's index: the entries of ``render/index_entries.py`` in the markup of
``render/index_markup.py`` (EPUB Indexes 1.0), each locator a link to its mark's span in
its document (a mark in a note: in the document that carries the note). With the print
edition's page list, a locator's text is the folio of the printed page the mark stands on,
read from the EPUB's own page-break markers (a mark in a note: the page of the note's first
call, where print sets the footnote); without, the mark's ordinal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from lxml import etree
from markupsafe import Markup

from tarkbook.epub.notes import NoteLinks
from tarkbook.model import Book, LanguageSpan
from tarkbook.render.credits import book_labels
from tarkbook.render.index_entries import PageOf, Place, index_groups
from tarkbook.render.index_ids import MARK_PREFIX, mark_id
from tarkbook.render.index_markup import index_markup
from tarkbook.render.page_places import PageStart, local
from tarkbook.render.places import book_nodes

MarkPages = Mapping[str, tuple[int, str]]
"""The printed page of each mark, by its id: the page's index and folio."""


def index_values(
    book: Book, names: Sequence[str], pages: MarkPages | None,
) -> dict[str, Any]:
    """What the index document is rendered from (and its cache digest is made of): the
    entries, the document of each mark of the text and the marks' pages, if known."""
    documents = {}
    for section, name in zip(book.sections, names, strict=True):
        alone = replace(book, sections=(section,), notes=())
        for span in book_nodes(alone, LanguageSpan):
            if span.index is not None:
                documents[mark_id(span.pos)] = name
    return {"index_groups": index_groups(book), "mark_documents": documents,
            "mark_pages": tuple(sorted(pages.items())) if pages is not None else None}


def render_index(values: Mapping[str, Any], book: Book, notes: NoteLinks, here: str) -> Markup:
    """The index's entries, rendered in the document ``here``."""
    documents: Mapping[str, str] = values["mark_documents"]

    def link(place: Place) -> str:
        document = (notes.first_document(place.note) if place.in_note
                    else documents[place.ident])
        return f"{document}#{place.ident}" if document != here else f"#{place.ident}"

    page_of: PageOf | None = None
    if values["mark_pages"] is not None:
        pages = dict(values["mark_pages"])

        def page_of(place: Place) -> tuple[int, str]:
            return pages[place.ident]  # type: ignore[no-any-return]

    return index_markup(values["index_groups"], page_of, link, book_labels(book))


def mark_pages(documents: Sequence[Any], starts: Sequence[PageStart]) -> dict[str, tuple[int, str]]:
    """The printed page of each index mark in ``documents`` (content documents in reading
    order, their page-break markers in place): the last marker before the mark, or before
    the first call of the note the mark stands in."""
    order = {start.label: index for index, start in enumerate(starts)}
    page: tuple[int, str] = (0, starts[0].label) if starts else (0, "")
    calls: dict[str, tuple[int, str]] = {}  # a note's id, the page of its first call
    found: dict[str, tuple[int, str]] = {}
    for document in documents:
        root = etree.fromstring(document.content)
        for element in root.iter():
            tag, ident = local(element.tag), element.get("id") or ""
            if element.get("role") == "doc-pagebreak":
                label = element.get("aria-label") or ""
                page = (order[label], label)
            elif tag == "a" and element.get("role") == "doc-noteref":
                calls.setdefault((element.get("href") or "").rpartition("#")[2], page)
            elif ident.startswith(MARK_PREFIX):
                note = _note_of(element)
                found.setdefault(ident, calls[note] if note else page)
    return found


def _note_of(element: Any) -> str:
    """The id of the note (an ``aside``) ``element`` stands in; '' for one in the text."""
    for parent in element.iterancestors():
        if local(parent.tag) == "aside" and (parent.get("id") or "").startswith("note-"):
            return str(parent.get("id"))
    return ""
