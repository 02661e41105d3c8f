"""The EPUB 3 edition: content documents, cover, stylesheet and images, packaged and zipped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from tarkbook.edition import Context, PagesNotFound, style_sheet
from tarkbook.epub.content import (
    STYLESHEET,
    Content,
    Document,
    PageTarget,
    cover_image,
    render_content,
    section_files,
)
from tarkbook.epub.cover import cover_png
from tarkbook.epub.images import figure_file, href
from tarkbook.epub.index_document import mark_pages
from tarkbook.epub.ocf import pack
from tarkbook.epub.package import Item, container, ncx, package_document
from tarkbook.epub.page_list import PlaceNotFound, add_page_breaks, page_targets
from tarkbook.model import (
    Block,
    Book,
    Figure,
    InterviewSection,
    Turn,
    nested_blocks,
)
from tarkbook.render.index_entries import has_index
from tarkbook.theme import right_to_left

PACKAGE_DIR = "EPUB"
STYLESHEET_FILE = "epub.css"


def render_epub(book: Book, context: Context) -> bytes:
    """The EPUB file of ``book``: the same manuscript and styles always give the same bytes.

    With the print edition's pages (``context.pages``), it carries their page list, unless
    the book asks for none (``[epub] page_list = false``: then they are not waited for)."""
    stylesheet = style_sheet(context, STYLESHEET_FILE, "EPUB")
    figures = sorted(set(figure_sources(book)))
    images = {src: figure_file(context.manuscript, src) for src in figures}
    cover = cover_image(book)
    with ThreadPoolExecutor(1) as drawing:  # Pillow lets go of Python while it encodes
        drawn = None if book.cover_image else drawing.submit(cover_png, book)
        parts = _content(book, context)
        cover_data, cover_type = (figure_file(context.manuscript, book.cover_image)
                                  if drawn is None else (drawn.result(), "image/png"))
    pages, content, documents_content = parts

    documents = [Item(d.ident, d.href, "application/xhtml+xml", d.properties)
                 for d in documents_content]
    resources = [
        Item("style", STYLESHEET, "text/css"),
        Item("cover-image", cover, cover_type, "cover-image"),
        *(Item(f"image-{n}", href(src), images[src][1])
          for n, src in enumerate(figures, start=1)),
        Item("ncx", "toc.ncx", "application/x-dtbncx+xml"),
    ]
    package = package_document(book, documents + resources, documents, "cover-image",
                               len(figures), bool(pages))
    files = [
        ("package.opf", package),
        ("toc.ncx", ncx(book, content.contents, pages, [d.href for d in documents])),
        (STYLESHEET, stylesheet
         + right_to_left(STYLESHEET_FILE, book.metadata.language).encode()),
        *((d.href, d.content) for d in documents_content),
        (cover, cover_data),
        *((src, images[src][0]) for src in figures),
    ]
    entries = [("META-INF/container.xml", container(f"{PACKAGE_DIR}/package.opf"))]
    entries += [(f"{PACKAGE_DIR}/{name}", data) for name, data in files]
    return pack(entries, book.metadata.date)


def _content(
    book: Book, context: Context
) -> tuple[tuple[PageTarget, ...], Content, tuple[Document, ...]]:
    """The page list, the content and the documents with their page markers."""
    # the print layout's, waited for only now
    starts = (context.pages() or ()) if book.metadata.epub_page_list else ()
    names = dict(zip((s.ident for s in book.sections), section_files(book.sections),
                     strict=True))
    try:
        pages = page_targets(starts, names)
        content = render_content(book, page_list=pages)
        if starts and has_index(book):  # the index's folios, from the pages before it
            index = {section.ident for section in book.sections if section.kind == "index"}
            before = [start for start in starts if start.part not in index]
            marked = add_page_breaks(content.documents, before, names)
            content = render_content(book, page_list=pages,
                                     mark_pages=mark_pages(marked, starts))
        return pages, content, add_page_breaks(content.documents, starts, names)
    except PlaceNotFound as exc:
        raise PagesNotFound(f"the EPUB edition failed: the print edition's {exc}") from None


def figure_sources(book: Book) -> Iterator[str]:
    """The ``images/…`` path of every figure in the sections and notes, in book order."""
    for section in book.sections:
        if isinstance(section, InterviewSection):
            for item in section.body:
                yield from _figures(item.blocks if isinstance(item, Turn) else (item,))
        else:
            yield from _figures(section.blocks)
    for note in book.notes:
        yield from _figures(note.blocks)


def _figures(blocks: Iterable[Block]) -> Iterator[str]:
    for block in nested_blocks(blocks):
        if isinstance(block, Figure):
            yield block.src
