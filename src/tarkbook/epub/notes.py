"""Note calls and notes in the EPUB: their ids, the links both ways, and where each note sits.

A note sits at the end of the document of its first call. Every call gets an id
(``noteref-N``, then ``noteref-N-2`` … for later calls of the same note) and every note one
backlink per call. The documents are rendered twice: the first rendering surveys the calls,
the second knows them all, so that a note can link back to a call in a later document.
A document not rendered again (its inputs unchanged, see ``content.DocumentCache``) has
its calls replayed instead (``replay``), so that the calls after it count as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from tarkbook.model import Book, Note, NoteCall
from tarkbook.render.credits import book_labels


@dataclass(frozen=True, slots=True)
class CallSite:
    """Where one call of a note stands: its document and its id there."""

    document: str
    ident: str


@dataclass(frozen=True, slots=True)
class Backlink:
    href: str
    text: str
    label: str
    """The accessible name when the visible text alone would not say where the link goes."""


class NoteLinks:
    """Renders note calls for one document after another and remembers where they stand."""

    def __init__(self, book: Book, survey: dict[str, list[CallSite]] | None = None) -> None:
        self._book = book
        self._survey = survey
        self.sites: dict[str, list[CallSite]] = {}
        self.order: list[str] = []
        """The key of every call made, in the order of the calls."""
        self.document = ""

    def enter(self, document: str) -> None:
        """Calls rendered from now on stand in ``document`` (a file name in the EPUB)."""
        self.document = document

    def replay(self, document: str, keys: list[str]) -> None:
        """The calls of ``keys``, in order, stand in ``document``, which is not rendered."""
        self.enter(document)
        for key in keys:
            self._record(key)

    def call(self, node: NoteCall) -> Markup:
        """A note call: a pop-up link to the note, superscript by the stylesheet."""
        number, ident, sites = self._record(node.key)
        href = self._href(sites[0].document, f"note-{number}")
        return Markup(
            '<a epub:type="noteref" role="doc-noteref" class="noteref" href="{}" id="{}">{}</a>'
        ).format(href, ident, number)

    def notes_here(self) -> list[Note]:
        """The notes whose first call stands in the current document, in number order."""
        here = [
            self._book.note(key) for key, sites in self._known().items()
            if sites[0].document == self.document
        ]
        return sorted(here, key=lambda note: note.number)

    def backlinks(self, note: Note) -> list[Backlink]:
        """One link back to each call of ``note``: the first shows the note's number."""
        links = []
        labels = book_labels(self._book)
        for count, site in enumerate(self._known()[note.key], start=1):
            href = self._href(site.document, site.ident)
            if count == 1:
                label = labels("back_to_note", number=note.number)
                links.append(Backlink(href, str(note.number), label))
            else:
                label = labels("back_to_call", count=count, number=note.number)
                links.append(Backlink(href, f"({count})", label))
        return links

    def _record(self, key: str) -> tuple[int, str, list[CallSite]]:
        """One more call of the note ``key`` in the current document: its number, the
        call's id and every call of it so far."""
        number = self._book.note_number(key)
        sites = self.sites.setdefault(key, [])
        ident = f"noteref-{number}" if not sites else f"noteref-{number}-{len(sites) + 1}"
        sites.append(CallSite(self.document, ident))
        self.order.append(key)
        return number, ident, sites

    def first_document(self, key: str) -> str:
        """The document of the first call of note ``key`` ('' while it is not known)."""
        sites = self._known().get(key)
        return sites[0].document if sites else ""

    def _known(self) -> dict[str, list[CallSite]]:
        return self._survey if self._survey is not None else self.sites

    def _href(self, document: str, ident: str) -> str:
        return f"#{ident}" if document == self.document else f"{document}#{ident}"
