"""The HTML of the print edition: the book with each note as a footnote at its call."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from markupsafe import Markup

from tarkbook.model import (
    UNTITLED,
    Block,
    Book,
    Inline,
    NoteCall,
    inline_runs,
    nested_blocks,
)
from tarkbook.pdf.footnotes import call_anchor, note_anchor
from tarkbook.pdf.index_pages import index_html
from tarkbook.pdf.references import print_links
from tarkbook.render import environment, render_inlines, render_title
from tarkbook.render.credits import book_labels
from tarkbook.render.index_entries import has_index
from tarkbook.render.index_ids import MARK_PREFIX
from tarkbook.render.section_labels import chapter_label

TEMPLATE = "pdf/book.html"

InlineRenderer = Callable[[Sequence[Inline]], Markup]


def book_html(book: Book) -> str:
    """The whole book as one HTML document for WeasyPrint.

    Each note is a footnote element ``note-N`` at its call, after an empty anchor
    ``call-N`` that marks where the call stands. A note called again is printed again at
    each later call, with its number, as ``note-N-2`` after ``call-N-2`` and so on (ids
    are unique in a document).
    """
    inl = _inline_renderer(book)
    return environment().get_template(TEMPLATE).render(
        book=book,
        inl=inl,
        section_title=lambda section: render_title(section.title),
        authors=[person.name for person in book.contributors],
        keywords=", ".join(book.metadata.subjects),
        date=book.metadata.date.isoformat(),
        untitled=UNTITLED,
        chapter_label=lambda number: chapter_label(number, book_labels(book)),
        index=index_html(book) if has_index(book) else "",
    )


def _inline_renderer(book: Book) -> InlineRenderer:
    links = print_links(book)

    def inl(nodes: Sequence[Inline]) -> Markup:
        return render_inlines(nodes, footnote, links)

    calls: dict[str, int] = {}

    def footnote(call: NoteCall) -> Markup:
        number = book.note_number(call.key)
        calls[call.key] = count = calls.get(call.key, 0) + 1
        again = "" if count == 1 else f"-{count}"
        # A note's line breaks in the source are spaces: laid out as a footnote, a newline
        # inside it would end the line.
        paragraphs = Markup("").join(
            Markup('<span class="note-p">{}</span>').format(
                render_inlines(children, _no_call, links).replace("\n", " "))
            for children in _paragraphs(book.note(call.key).blocks)
        )
        if again:  # an index mark's id stays with the note's first printing
            paragraphs = Markup(paragraphs.replace(f' id="{MARK_PREFIX}', ' data-mark="'))
        return Markup(
            '<span class="call" id="{}"></span>'
            '<span class="footnote" id="{}" data-note="{}">{}</span>'
        ).format(call_anchor(number) + again, note_anchor(number) + again, number, paragraphs)

    return inl


def _paragraphs(blocks: Sequence[Block]) -> Iterator[Sequence[Inline]]:
    """The runs of inline text of a note's blocks, one per paragraph (or line of verse)."""
    for block in nested_blocks(blocks):
        yield from inline_runs(block)


def _no_call(call: NoteCall) -> Markup:
    raise ValueError(f"a note cannot call another note ([^{call.key}])")
