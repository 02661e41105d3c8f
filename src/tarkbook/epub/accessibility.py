"""The EPUB Accessibility 1.1 metadata of the package: what is true of every tarkbook EPUB."""

from __future__ import annotations

from tarkbook.model import Book

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


def accessibility_metadata(book: Book, figures: int) -> list[tuple[str, list[str]]]:
    """``(property, values)`` pairs for the package's metadata, in a fixed order.

    ``figures`` counts the images in the text; the cover is an image too. Every image has
    a text alternative (the manuscript requires one), so text alone is sufficient.
    """
    images = "The cover and the images in the text have" if figures else "The cover has"
    summary = (
        "A reflowable text whose typography follows the reader's own font, size and margin "
        "settings. Headings are in order, with a table of contents and landmarks; the reading "
        "order is that of the book. Each footnote is linked from its call and back. In the "
        "interview each turn begins with the speaker's name. Phrases in other languages are "
        f"marked with their language. {images} a text alternative. This publication meets "
        "WCAG 2.1 Level AA."
    )
    metadata = [
        ("schema:accessMode", ["textual", "visual"]),
        ("schema:accessModeSufficient", ["textual"]),
        ("schema:accessibilityFeature", [
            "alternativeText", "ARIA", "displayTransformability", "readingOrder",
            "structuralNavigation", "tableOfContents",
        ]),
        ("schema:accessibilityHazard", ["none"]),
        ("schema:accessibilitySummary", [summary]),
        ("dcterms:conformsTo", [CONFORMANCE]),
    ]
    if book.metadata.publisher:
        metadata.append(("a11y:certifiedBy", [book.metadata.publisher]))
    return metadata
