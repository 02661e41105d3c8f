"""The XHTML content documents of the EPUB in reading order, with its contents and landmarks.

Reading order: cover, title page, imprint, contents (the navigation document), then the
sections in the order of book.toml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from tarkbook.epub.cover import cover_text
from tarkbook.epub.notes import NoteLinks
from tarkbook.model import UNTITLED, Book, Inline, Section, SectionKind
from tarkbook.render import environment, plain_text, render_inlines, render_title
from tarkbook.render.credits import book_labels
from tarkbook.render.labels import Labels
from tarkbook.render.section_labels import chapter_label, kind_name

if TYPE_CHECKING:
    from tarkbook.epub.page_list import PageTarget

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


@dataclass(frozen=True, slots=True)
class Content:
    """The content documents in reading order, and the entries that lead into them."""

    documents: tuple[Document, ...]
    contents: tuple[Entry, ...]
    landmarks: tuple[Entry, ...]


def render_content(book: Book, pages: Sequence[PageTarget] = ()) -> Content:
    """Every content document of ``book``; the same book always gives the same bytes.
    ``pages`` is the print edition's page list, for the navigation document."""
    names = section_files(book.sections)
    entries = tuple(
        _entry(section, name, book_labels(book))
        for section, name in zip(book.sections, names, strict=True)
    )
    # A dedication and an epigraph are not listed in the contents.
    contents = tuple(entry for section, entry in zip(book.sections, entries, strict=True)
                     if section.kind not in UNTITLED)
    landmarks = _landmarks(book, entries)
    survey = NoteLinks(book)  # a first rendering finds every call of every note
    _render(book, names, entries, contents, landmarks, survey, pages)
    documents = _render(book, names, entries, contents, landmarks,
                        NoteLinks(book, survey.sites), pages)
    return Content(documents, contents, landmarks)


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
    return tuple(marks)


def _render(
    book: Book, names: Sequence[str], entries: Sequence[Entry], contents: Sequence[Entry],
    landmarks: Sequence[Entry], notes: NoteLinks, pages: Sequence[PageTarget],
) -> tuple[Document, ...]:
    def inl(nodes: Sequence[Inline]) -> Markup:
        return render_inlines(nodes, notes.call)

    def page(template: str, href: str, title: str, body_class: str, **values: Any) -> bytes:
        notes.enter(href)
        text = environment().get_template(f"epub/{template}").render(
            book=book, title=title, body_class=body_class, stylesheet=STYLESHEET, inl=inl,
            notes=notes, **values,
        )
        return text.encode("utf-8")

    labels = book_labels(book)
    cover, imprint, toc = labels("cover"), labels("imprint"), labels("contents")
    documents = [
        Document("cover", COVER, cover, page(
            "cover.xhtml", COVER, cover, "cover", image=cover_image(book),
            alt=book.cover_alt or cover_text(book))),
        Document("title-page", TITLE_PAGE, book.metadata.title, page(
            "title-page.xhtml", TITLE_PAGE, book.metadata.title, "title-page")),
        Document("imprint", IMPRINT, imprint, page(
            "imprint.xhtml", IMPRINT, imprint, "imprint")),
        Document("nav", NAV, toc, page(
            "nav.xhtml", NAV, toc, "contents", contents=contents, landmarks=landmarks,
            pages=pages),
            properties="nav"),
    ]
    labels = book_labels(book)
    for section, name, entry in zip(book.sections, names, entries, strict=True):
        stem = name.removesuffix(".xhtml")
        epub_type, role = SECTION_SEMANTICS[section.kind]
        label = chapter_label(section.number, labels) if section.number else ""
        content = page("section.xhtml", name, entry.title, f"section {section.kind}",
                       section=section, ident=f"s-{stem}", epub_type=epub_type, role=role,
                       label=label)
        documents.append(Document(f"text-{stem}", name, entry.title, content))
    return tuple(documents)
