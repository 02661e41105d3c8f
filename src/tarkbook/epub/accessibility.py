"""The EPUB Accessibility 1.1 metadata of the package, said of the book it is in: the
summary names only what the book has (notes, an interview's speakers, other languages,
images, the print edition's pages), and conformance is claimed only when the publisher
claims it in book.toml."""

from __future__ import annotations

from tarkbook.model import Book, InterviewSection, LanguageSpan
from tarkbook.render.credits import book_labels
from tarkbook.render.places import book_nodes


def has_other_languages(book: Book) -> bool:
    """Whether any passage of the titles, text or notes is marked as another language."""
    return any(span.lang for span in book_nodes(book, LanguageSpan))


def summary(book: Book, figures: int, paged: bool) -> str:
    """The accessibility summary, in the book's language, of what this book has."""
    labels = book_labels(book)
    parts = [labels("accessibility_summary")]
    if book.notes:
        parts.append(labels("summary_notes"))
    if any(isinstance(section, InterviewSection) for section in book.sections):
        parts.append(labels("summary_interview"))
    if has_other_languages(book):
        parts.append(labels("summary_languages"))
    parts.append(labels("images_all" if figures else "images_cover"))
    if paged:
        parts.append(labels("summary_page_list"))
    if book.metadata.epub_conforms_to:
        parts.append(labels("summary_conforms", standard=book.metadata.epub_conforms_to))
    return " ".join(parts)


def accessibility_metadata(
    book: Book, figures: int, paged: bool = False
) -> list[tuple[str, list[str]]]:
    """``(property, values)`` pairs for the package's metadata, in a fixed order.

    ``figures`` counts the images in the text; the cover is an image too. Every image has
    a text alternative (the manuscript requires one), so text alone is sufficient.
    ``paged``: the EPUB has the print edition's page-break markers and page list, and
    ``pageBreakSource`` names the print edition: its ISBN, else the book's identifier.
    """
    metadata = [
        ("schema:accessMode", ["textual", "visual"]),
        ("schema:accessModeSufficient", ["textual"]),
        ("schema:accessibilityFeature", [
            "alternativeText", "ARIA", "displayTransformability",
            *(["pageBreakMarkers", "pageNavigation"] if paged else []), "readingOrder",
            "structuralNavigation", "tableOfContents",
        ]),
        ("schema:accessibilityHazard", ["none"]),
        ("schema:accessibilitySummary", [summary(book, figures, paged)]),
    ]
    conforms_to = book.metadata.epub_conforms_to
    if conforms_to:
        metadata.append(("dcterms:conformsTo", [conforms_to]))
    if paged:
        isbn = book.print_settings.isbn
        metadata.append(("pageBreakSource",
                         [f"urn:isbn:{isbn}" if isbn else book.metadata.identifier]))
    if conforms_to and book.metadata.epub_certified_by:
        metadata.append(("a11y:certifiedBy", [book.metadata.epub_certified_by]))
    return metadata
