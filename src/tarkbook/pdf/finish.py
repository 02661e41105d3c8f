"""Last touches on the PDF before it is written: page labels, title display, bleed box,
and the print ISBN in the XMP metadata."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

import pydyf

from tarkbook.pdf.print_standard import finish_pdf_x
from tarkbook.pdf.xmp import metadata_stream

POINTS_PER_MM = 72 / 25.4

Finisher = Callable[[Any, Any], None]


def finisher(first_arabic_page: int, bleed_mm: float, isbn: str = "",
             signature: int = 0, pdf_x_seed: str = "") -> Finisher:
    """A WeasyPrint finisher for this book.

    Page labels number the front matter i, ii, iii … and the pages from index
    ``first_arabic_page`` (0-based) 1, 2, 3 …, as the printed folios do. Viewers show
    the title rather than the file name (as PDF/UA asks). With a bleed, the BleedBox of
    every page is set to the trim box plus ``bleed_mm``. The print edition's ``isbn`` (13
    digits) goes into the XMP metadata. With a ``signature`` (pages to a folded sheet),
    blank pages at the end make the page count a multiple of it. A PDF/X (``pdf_x_seed``,
    the book's identifier and date) gets its output intent named and its XMP identifier
    made from the seed.
    """

    def finish(document: Any, pdf: Any) -> None:
        if signature:
            _pad(pdf, signature)
        pdf.catalog["PageLabels"] = _page_labels(first_arabic_page)
        pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        if isbn:
            _add_to_xmp(pdf, isbn_xmp(isbn))
        if bleed_mm:
            bleed_boxes(pdf, bleed_mm)
        if pdf_x_seed:
            finish_pdf_x(pdf, pdf_x_seed)

    return finish


def isbn_xmp(isbn: str) -> bytes:
    """An XMP description of the print edition's ISBN (13 digits): the ``dc:identifier``
    ``urn:isbn:…`` and PRISM's ``prism:isbn``, which catalogues and print workflows read."""
    text = escape(isbn)
    return (
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:prism="http://prismstandard.org/namespaces/basic/3.0/">'
        f"<dc:identifier>urn:isbn:{text}</dc:identifier>"
        f"<prism:isbn>{text}</prism:isbn>"
        "</rdf:Description>"
    ).encode()


def _add_to_xmp(pdf: Any, description: bytes) -> None:
    """``description`` inside the one rdf:RDF of the XMP stream WeasyPrint wrote (a second
    rdf:RDF would be ignored by readers that take the first)."""
    stream, packet = metadata_stream(pdf)
    end = packet.index(b"</rdf:RDF>")
    stream.stream = [packet[:end] + description + packet[end:]]


def bleed_boxes(pdf: Any, bleed_mm: float) -> None:
    """Each page's BleedBox: its TrimBox grown by ``bleed_mm`` on every side."""
    for page in _pages(pdf):
        page["BleedBox"] = _grown(page["TrimBox"], bleed_mm * POINTS_PER_MM)


def _page_labels(first_arabic_page: int) -> pydyf.Dictionary:
    numbers = pydyf.Array()
    if first_arabic_page > 0:
        numbers.extend([0, pydyf.Dictionary({"S": "/r"})])
    numbers.extend([first_arabic_page, pydyf.Dictionary({"S": "/D", "St": 1})])
    return pydyf.Dictionary({"Nums": numbers})


def _pad(pdf: Any, signature: int) -> None:
    """Blank pages, of the last page's size, until the count is a multiple of ``signature``."""
    pages = _pages(pdf)
    last = pages[-1]
    for _ in range(-len(pages) % signature):
        blank = pydyf.Dictionary({
            "Type": "/Page", "Parent": pdf.pages.reference,
            "MediaBox": last["MediaBox"], "Resources": pydyf.Dictionary({}),
        })
        if "TrimBox" in last:
            blank["TrimBox"] = last["TrimBox"]
        pdf.add_page(blank)


def _pages(pdf: Any) -> list[Any]:
    return [pdf.objects[number] for number in pdf.pages["Kids"][::3]]


def _grown(box: Any, by: float) -> pydyf.Array:
    x1, y1, x2, y2 = (float(value) for value in box)
    return pydyf.Array([round(min(x1, x2) - by, 3), round(min(y1, y2) - by, 3),
                        round(max(x1, x2) + by, 3), round(max(y1, y2) + by, 3)])
