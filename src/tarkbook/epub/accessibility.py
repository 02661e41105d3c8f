"""The EPUB Accessibility 1.1 metadata of the package: what is true of every tarkbook EPUB."""

from __future__ import annotations

from tarkbook.model import Book
from tarkbook.render.credits import book_labels

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def accessibility_metadata(
    book: Book, figures: int, paged: bool = False
) -> list[tuple[str, list[str]]]:
    """``(property, values)`` pairs for the package's metadata, in a fixed order.

    ``figures`` counts the images in the text; the cover is an image too. Every image has
    a text alternative (the manuscript requires one), so text alone is sufficient.
    ``paged``: the EPUB has the print edition's page-break markers and page list, and
    ``pageBreakSource`` names the print edition: its ISBN, else the book's identifier.
    """
    labels = book_labels(book)
    images = labels("images_all" if figures else "images_cover")
    summary = labels("accessibility_summary", images=images)
    metadata = [
        ("schema:accessMode", ["textual", "visual"]),
        ("schema:accessModeSufficient", ["textual"]),
        ("schema:accessibilityFeature", [
            "alternativeText", "ARIA", "displayTransformability",
            *(["pageBreakMarkers", "pageNavigation"] if paged else []), "readingOrder",
            "structuralNavigation", "tableOfContents",
        ]),
        ("schema:accessibilityHazard", ["none"]),
        ("schema:accessibilitySummary", [summary]),
        ("dcterms:conformsTo", [CONFORMANCE]),
    ]
    if paged:
        isbn = book.print_settings.isbn
        metadata.append(("pageBreakSource",
                         [f"urn:isbn:{isbn}" if isbn else book.metadata.identifier]))
    if book.metadata.publisher:
        metadata.append(("a11y:certifiedBy", [book.metadata.publisher]))
    return metadata
