"""The XHTML content documents of the EPUB in reading order, with its contents and landmarks.

Reading order: cover, title page, imprint, contents (the navigation document), then the
sections in the order of book.toml.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any

from markupsafe import Markup

from tarkbook.epub.cover import cover_text
from tarkbook.epub.index_document import MarkPages, index_values, render_index
from tarkbook.epub.notes import CallSite, NoteLinks
from tarkbook.model import UNTITLED, Book, Inline, Link, Reference, Section, SectionKind
from tarkbook.render import environment, plain_text, render_inlines, render_title
from tarkbook.render.contents import heading_id, listed_titles
from tarkbook.render.credits import book_labels
from tarkbook.render.inlines import plain_link
from tarkbook.render.labels import Labels
from tarkbook.render.page_places import ADDED
from tarkbook.render.places import places
from tarkbook.render.section_labels import chapter_label, kind_name

STYLESHEET = "style.css"
COVER_IMAGE = "cover.png"
COVER, TITLE_PAGE, IMPRINT, NAV = "cover.xhtml", "title-page.xhtml", "imprint.xhtml", "nav.xhtml"

SECTION_SEMANTICS: dict[SectionKind, tuple[str, str]] = {
    "dedication": ("dedication", "doc-dedication"),
    "epigraph": ("epigraph", "doc-epigraph"),
    "foreword": ("foreword", "doc-foreword"),
    "preface": ("preface", "doc-preface"),
    "prologue": ("prologue", "doc-prologue"),
    "introduction": ("introduction", "doc-introduction"),
    "chapter": ("chapter", "doc-chapter"),
    "interview": ("chapter", "doc-chapter"),
    "prose": ("chapter", "doc-chapter"),
    "acknowledgments": ("acknowledgments", "doc-acknowledgments"),
    "epilogue": ("epilogue", "doc-epilogue"),
    "conclusion": ("conclusion", "doc-conclusion"),
    "afterword": ("afterword", "doc-afterword"),
    "appendix": ("appendix", "doc-appendix"),
    "bibliography": ("bibliography", "doc-bibliography"),
    "references": ("bibliography", "doc-bibliography"),
    "index": ("index", "doc-index"),
    "about-the-author": ("backmatter", ""),
    "colophon": ("colophon", "doc-colophon"),
}
"""The ``epub:type`` and ARIA role of each kind of section."""


@dataclass(frozen=True, slots=True)
class Document:
    """One XHTML content document: its manifest id, file name, title and bytes."""

    ident: str
    href: str
    title: str
    content: bytes
    properties: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of the contents or of the landmarks (``kind`` is the landmark's epub:type)."""

    href: str
    title: str
    kind: str = ""
    markup: Markup | None = None
    """The title with its italics, for the contents (``title`` is plain, for the NCX)."""
    titles: tuple[Entry, ...] = ()
    """The lines listed under this one: its section's ``##`` titles."""


@dataclass(frozen=True, slots=True)
class PageTarget:
    """A line of the page list: the printed folio and where its marker stands
    (``page_list.py`` places the markers)."""

    label: str
    href: str


@dataclass(frozen=True, slots=True)
class Content:
    """The content documents in reading order, and the entries that lead into them."""

    documents: tuple[Document, ...]
    contents: tuple[Entry, ...]
    landmarks: tuple[Entry, ...]


@dataclass
class DocumentCache:
    """The documents of the last ``render_content`` of a book being edited, each under a
    digest of what it depends on, so that the next renders only the documents whose
    inputs changed (the preview keeps one; a build renders every document).

    A document depends on its own inputs (its section, file name, title and number, or for
    the front matter the book without its sections and notes, the contents), on the
    book-wide inputs of every document (the metadata, the language and labels, the
    speakers: the book without its sections and notes) and on the notes it calls: their
    numbers, where each of their calls stands (the ids of the calls and the backlinks), and
    the text of those first called in it, which it carries at its end.
    """

    documents: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """Each document's digest of all its inputs, and its bytes."""
    calls: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """Each document's digest of its own and the book-wide inputs, and the keys of the
    notes it calls, in order."""
    rendered: tuple[str, ...] = ()
    """The documents rendered by the last ``render_content`` (the others were kept)."""
    inputs: dict[str, tuple[tuple[Any, ...], str]] = field(default_factory=dict)
    """Each document's own and book-wide inputs as last seen, and their digest: inputs
    equal to those keep their digest (comparing is much quicker than pickling again)."""


@dataclass(frozen=True, slots=True)
class _Page:
    """A content document to render: its template and the values the template is given."""

    ident: str
    href: str
    title: str
    template: str
    body_class: str
    values: dict[str, Any]
    properties: str = ""


def render_content(
    book: Book, cache: DocumentCache | None = None, *, page_list: Sequence[PageTarget] = (),
    mark_pages: MarkPages | None = None,
) -> Content:
    """Every content document of ``book``; the same book always gives the same bytes.
    ``page_list`` is the print edition's page list, for the navigation document;
    ``mark_pages`` the printed page of each index mark, for the index's locators.

    With a ``cache``, a document whose inputs are those of the last call is taken from
    it instead of being rendered again (the bytes are the same either way).
    """
    names = section_files(book.sections)
    entries = tuple(
        _entry(section, name, book_labels(book))
        for section, name in zip(book.sections, names, strict=True)
    )
    # A dedication and an epigraph are not listed in the contents.
    contents = tuple(replace(entry, titles=_titles(book, section, entry.href))
                     for section, entry in zip(book.sections, entries, strict=True)
                     if section.kind not in UNTITLED)
    landmarks = _landmarks(book, entries)
    pages = _pages(book, names, entries, contents, landmarks, page_list, mark_pages)
    targets = _targets(book, names)
    own: dict[str, str] = {}
    if cache is not None:
        common = _digest(replace(book, sections=(), notes=()), sorted(targets.items()))
        inputs = {}
        for page in pages:
            these = (common, page.template, page.href, page.title, page.body_class,
                     page.values)
            seen = cache.inputs.get(page.href)
            own[page.href] = seen[1] if seen is not None and seen[0] == these else _digest(
                *these)
            inputs[page.href] = (these, own[page.href])
        cache.inputs = inputs
    # A first rendering finds every call of every note (a document unchanged replays its
    # calls); the second knows them all.
    survey = NoteLinks(book)
    calls: dict[str, tuple[str, ...]] = {}
    for page in pages:
        known = cache.calls.get(page.href) if cache is not None else None
        if known is not None and known[0] == own[page.href]:
            survey.replay(page.href, list(known[1]))
        else:
            first = len(survey.order)
            _render_page(book, page, survey, targets)
            known = (own.get(page.href, ""), tuple(survey.order[first:]))
        calls[page.href] = known[1]
        if cache is not None:
            cache.calls[page.href] = known
    links = NoteLinks(book, survey.sites)
    documents, rendered = [], []
    for page in pages:
        keys = calls[page.href]
        if cache is not None:
            digest = _digest(own[page.href], _notes_inputs(book, page.href, keys, survey.sites))
            kept = cache.documents.get(page.href)
            if kept is not None and kept[0] == digest:
                links.replay(page.href, list(keys))
                content = kept[1]
            else:
                content = _render_page(book, page, links, targets)
                rendered.append(page.href)
                cache.documents[page.href] = (digest, content)
        else:
            content = _render_page(book, page, links, targets)
            rendered.append(page.href)
        documents.append(Document(page.ident, page.href, page.title, content, page.properties))
    if cache is not None:
        hrefs = set(calls)
        cache.calls = {href: known for href, known in cache.calls.items() if href in hrefs}
        cache.documents = {href: kept for href, kept in cache.documents.items()
                           if href in hrefs}
        cache.rendered = tuple(rendered)
    return Content(tuple(documents), contents, landmarks)


def _digest(*parts: Any) -> str:
    """A digest of model objects (frozen dataclasses, tuples, strings, numbers): the same
    for equal objects, whether or not they share parts (the pickle keeps no memo)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: equal objects pickle alike, shared or not
    pickler.dump(parts)
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


def _notes_inputs(
    book: Book, href: str, keys: Sequence[str], sites: dict[str, list[CallSite]]
) -> tuple[Any, ...]:
    """What the document ``href`` takes of the notes it calls: each one's number and the
    place of each of its calls, and the text of those first called in it."""
    inputs = []
    for key in dict.fromkeys(keys):
        note = book.note(key)
        first_here = sites[key][0].document == href
        inputs.append((key, note.number, tuple(sites[key]), note if first_here else None))
    return tuple(inputs)


def cover_image(book: Book) -> str:
    """The cover image's name in the package: the book's own, or the generated one."""
    if book.cover_image:
        return "cover" + PurePosixPath(book.cover_image).suffix.lower()
    return COVER_IMAGE


def _entry(section: Section, name: str, labels: Labels) -> Entry:
    """The line of the contents for ``section``: its number, if it has one, and its title."""
    title = plain_text(section.title) or kind_name(section.kind, labels)
    markup = render_title(section.title) if section.title else Markup(title)
    if section.number:
        return Entry(name, f"{section.number}. {title}", markup=Markup(
            '<span class="chapter-number">{}</span> {}').format(section.number, markup))
    return Entry(name, title, markup=markup)


def _titles(book: Book, section: Section, href: str) -> tuple[Entry, ...]:
    """The lines of the contents under ``section``'s, in its document ``href``."""
    return tuple(Entry(f"{href}#{heading_id(title)}", plain_text(title.children),
                       markup=render_title(title.children))
                 for title in listed_titles(section, book))


def section_files(sections: Sequence[Section]) -> list[str]:
    """A file name for each section, from its manuscript file, unique in the package."""
    taken = {COVER, TITLE_PAGE, IMPRINT, NAV}
    names: list[str] = []
    for section in sections:
        stem = re.sub(r"[^a-z0-9]+", "-", section.ident.lower()).strip("-") or "section"
        name, count = f"{stem}.xhtml", 1
        while name in taken:
            count += 1
            name = f"{stem}-{count}.xhtml"
        taken.add(name)
        names.append(name)
    return names


Target = tuple[str, str, str]
"""Where a reference leads in the EPUB: the document, the id in it, the place's words."""


def _targets(book: Book, names: Sequence[str]) -> dict[str, Target]:
    """Each ``{#id}`` of ``book`` and where a reference to it leads; a section's title
    leads to its document's section."""
    targets = {}
    for ident, place in places(book).items():
        name = names[place.section]
        fragment = place.element or f"s-{name.removesuffix('.xhtml')}"
        targets[ident] = (name, fragment, place.title)
    return targets


def _landmarks(book: Book, entries: Sequence[Entry]) -> tuple[Entry, ...]:
    """Cover, contents, the start of the body (never a dedication or an epigraph) and the
    bibliography."""
    labels = book_labels(book)
    marks = [Entry(COVER, labels("cover"), "cover"),
             Entry(f"{NAV}#toc", labels("contents"), "toc")]
    if entries:
        body = entries[book.body_start]
        marks.append(Entry(body.href, body.title, "bodymatter"))
    for section, entry in zip(book.sections, entries, strict=True):
        if section.kind in ("references", "bibliography"):
            marks.append(Entry(entry.href, entry.title, "bibliography"))
            break
    marks += [Entry(entry.href, entry.title, "index")
              for section, entry in zip(book.sections, entries, strict=True)
              if section.kind == "index"]
    return tuple(marks)


def _pages(
    book: Book, names: Sequence[str], entries: Sequence[Entry], contents: Sequence[Entry],
    landmarks: Sequence[Entry], page_list: Sequence[PageTarget],
    mark_pages: MarkPages | None = None,
) -> list[_Page]:
    """The content documents of ``book`` in reading order, to be rendered."""
    labels = book_labels(book)
    cover, imprint, toc = labels("cover"), labels("imprint"), labels("contents")
    pages = [
        _Page("cover", COVER, cover, "cover.xhtml", "cover", {
            "image": cover_image(book), "alt": book.cover_alt or cover_text(book)}),
        _Page("title-page", TITLE_PAGE, book.metadata.title, "title-page.xhtml",
              "title-page", {}),
        _Page("imprint", IMPRINT, imprint, "imprint.xhtml", "imprint", {}),
        _Page("nav", NAV, toc, "nav.xhtml", "contents",
              {"contents": tuple(contents), "landmarks": tuple(landmarks),
               "pages": tuple(page_list)}, properties="nav"),
    ]
    for section, name, entry in zip(book.sections, names, entries, strict=True):
        stem = name.removesuffix(".xhtml")
        epub_type, role = SECTION_SEMANTICS[section.kind]
        label = chapter_label(section.number, labels) if section.number else ""
        pages.append(_Page(f"text-{stem}", name, entry.title, "section.xhtml",
                           f"section {section.kind}", {
                               "section": section, "ident": f"s-{stem}",
                               "epub_type": epub_type, "role": role, "label": label,
                               **(index_values(book, names, mark_pages)
                                  if section.kind == "index" else {})}))
    return pages


def _render_page(
    book: Book, page: _Page, notes: NoteLinks, targets: dict[str, Target]
) -> bytes:
    """The bytes of one content document, its note calls made by ``notes``, its
    references leading to ``targets``."""
    def links(node: Link | Reference, text: Markup) -> Markup:
        if not isinstance(node, Reference):
            return plain_link(node, text)
        document, fragment, title = targets[node.target]
        href = document if document != page.href else ""
        href += f"#{fragment}" if fragment or not href else ""
        if not node.children:  # the place's own words: the page is the print's
            text = Markup('<span class="{}">{}</span>').format(ADDED, title)
        return Markup('<a href="{}">{}</a>').format(href, text)

    def inl(nodes: Sequence[Inline]) -> Markup:
        return render_inlines(nodes, notes.call, links)

    notes.enter(page.href)
    index = (render_index(page.values, book, notes, page.href)
             if "index_groups" in page.values else "")
    text = environment().get_template(f"epub/{page.template}").render(
        book=book, title=page.title, body_class=page.body_class, stylesheet=STYLESHEET,
        inl=inl, notes=notes, index=index, **page.values,
    )
    return text.encode("utf-8")
