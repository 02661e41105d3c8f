"""What the proof reads of a PDF besides its glyphs, all with PDFium: each page's printed
folio (the PDF's page labels), the fonts its text is set in and the images it shows (in
its content and in the forms it draws), and where each id of the book landed (the PDF's
named destinations, which WeasyPrint makes from the ids of the markup)."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from tarkbook.proof.files import MAX_DESTINATIONS, Unreadable


@dataclass(frozen=True, slots=True)
class FontUse:
    """A font the page's text is set in."""

    name: str
    """Its base font name, as the PDF gives it (a subset's has its six-letter tag)."""
    embedded: bool
    """Its glyphs are in the PDF: a font file, or a Type 3 font that draws them."""


@dataclass(frozen=True, slots=True)
class ImageUse:
    """An image the page shows."""

    across: int
    down: int
    """Its pixels."""
    box: tuple[float, float, float, float]
    """Left, top, right, bottom of the box it fills, from the page's top left corner."""


MAX_DEPTH = 8
"""How deep the proof looks into forms drawn inside forms."""


def _font_name(font: pdfium_c.FPDF_FONT) -> str:
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    if size <= 1:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("utf-8", "replace")


def page_objects(
    page: pypdfium2.PdfPage, known: dict[int, FontUse], left: float = 0.0, top: float = 0.0,
) -> tuple[tuple[FontUse, ...], tuple[ImageUse, ...]]:
    """The fonts (each once, in the order the page first uses them) and the images of
    ``page``, their places measured from ``left`` and ``top`` (the trimmed page's edges).
    ``known``: the fonts already read, by PDFium's handle, which the document's pages
    share; new ones are added to it."""
    fonts: dict[int, FontUse] = {}
    images: list[ImageUse] = []
    x0, y0, x1, y1 = (ctypes.c_float() for _ in range(4))
    across, down = ctypes.c_uint(), ctypes.c_uint()

    def walk(count: int, get: object, parent: object, depth: int) -> None:
        for index in range(count):
            item = get(parent, index)  # type: ignore[operator]
            kind = pdfium_c.FPDFPageObj_GetType(item)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                font = pdfium_c.FPDFTextObj_GetFont(item)
                handle = ctypes.cast(font, ctypes.c_void_p).value
                if not handle or handle in fonts:
                    continue
                if handle not in known:
                    known[handle] = FontUse(_font_name(font),
                                            bool(pdfium_c.FPDFFont_GetIsEmbedded(font)))
                fonts[handle] = known[handle]
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                if (pdfium_c.FPDFPageObj_GetBounds(item, x0, y0, x1, y1)
                        and pdfium_c.FPDFImageObj_GetImagePixelSize(item, across, down)):
                    images.append(ImageUse(across.value, down.value, (
                        x0.value - left, top - y1.value, x1.value - left, top - y0.value)))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_DEPTH:
                walk(pdfium_c.FPDFFormObj_CountObjects(item), pdfium_c.FPDFFormObj_GetObject,
                     item, depth + 1)

    walk(pdfium_c.FPDFPage_CountObjects(page.raw), pdfium_c.FPDFPage_GetObject, page.raw, 0)
    return tuple(fonts.values()), tuple(images)


def page_labels(document: pypdfium2.PdfDocument) -> list[str]:
    """Each page's label, its index + 1 where the PDF gives none."""
    labels = []
    for index in range(len(document)):
        size = pdfium_c.FPDF_GetPageLabel(document.raw, index, None, 0)
        if size <= 2:
            labels.append(str(index + 1))
            continue
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDF_GetPageLabel(document.raw, index, buffer, size)
        labels.append(buffer.raw[:size - 2].decode("utf-16-le", "replace"))
    return labels


def named_destinations(document: pypdfium2.PdfDocument) -> Iterator[tuple[str, Any]]:
    """Every named destination of ``document``: its name and PDFium's handle of it (at
    most ``MAX_DESTINATIONS``: else Unreadable)."""
    raw = document.raw
    length = ctypes.c_long()
    count = pdfium_c.FPDF_CountNamedDests(raw)
    if count > MAX_DESTINATIONS:
        raise Unreadable(f"the PDF has {count} named destinations, more than "
                         f"{MAX_DESTINATIONS}")
    for index in range(count):
        length.value = 0
        pdfium_c.FPDF_GetNamedDest(raw, index, None, ctypes.byref(length))
        if length.value <= 2:
            continue
        buffer = ctypes.create_string_buffer(length.value)
        destination = pdfium_c.FPDF_GetNamedDest(raw, index, buffer, ctypes.byref(length))
        if destination:
            yield buffer.raw[:length.value - 2].decode("utf-16-le", "replace"), destination


def destinations(document: pypdfium2.PdfDocument,
                 edges: list[tuple[float, float]]) -> dict[str, tuple[int, float]]:
    """Name -> (1-based page, distance of its top from the page's top in points; 0 when
    the destination gives no top) of every named destination on one of the pages, whose
    trimmed pages' left and top edges are ``edges``."""
    found: dict[str, tuple[int, float]] = {}
    raw = document.raw
    has_x, has_y, has_zoom = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    x, y, zoom = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for name, destination in named_destinations(document):
        page = pdfium_c.FPDFDest_GetDestPageIndex(raw, destination)
        if not 0 <= page < len(edges):
            continue
        located = pdfium_c.FPDFDest_GetLocationInPage(destination, has_x, has_y, has_zoom,
                                                      x, y, zoom)
        top = edges[page][1] - y.value if located and has_y.value else 0.0
        found[name] = (page + 1, top)
    return found
