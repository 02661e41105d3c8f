"""The wrap cover's edition: its HTML laid out by WeasyPrint in the book's faces."""

from __future__ import annotations

import time
from typing import Any

from PIL import Image
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from tarkbook.cover.geometry import Wrap, wrap
from tarkbook.cover.markup import cover_html
from tarkbook.diagnostics import SourcePos, make
from tarkbook.edition import Context, EditionFailed
from tarkbook.epub.cover import cover_text
from tarkbook.model import Book
from tarkbook.pdf.edition import pdf_options, pdf_seed
from tarkbook.pdf.fetcher import FolderFetcher
from tarkbook.pdf.finish import bleed_boxes
from tarkbook.pdf.fonts import folders, font_face_css, instances_dated, stray_fonts
from tarkbook.pdf.log import collected_warnings
from tarkbook.pdf.print_standard import (
    BLEED_MM,
    PROFILE,
    finish_pdf_x,
    profile_css,
    profile_folder,
)
from tarkbook.pdf.weasyprint.black_ink import black_as_ink
from tarkbook.pdf.weasyprint.font_names import fonts_named_after_their_files
from tarkbook.render.labels import direction

PRINT_PPI = 300
"""The resolution print asks of an image at its printed size."""


def render_cover(book: Book, context: Context) -> bytes:
    """The wrap cover's PDF; raises EditionFailed when the print layout's page count is
    not known or the cover cannot be made well."""
    pages = context.pages()
    if not pages:
        raise EditionFailed("the cover edition failed: its spine needs the print edition's "
                            "page count, and the print edition could not be laid out")
    marks = book.print_settings.marks or context.marks
    sheet = wrap(book, len(pages), direction(book.metadata.language) == "rtl")
    context.progress(f"{sheet.pages} pages on {book.print_settings.paper} paper: "
                     f"a spine of {sheet.spine:.2f} mm, a sheet of {sheet.bled_width:.1f} \u00d7 "
                     f"{sheet.bled_height:.1f} mm with its bleed")
    chain = book.print_settings.chain
    fetcher = FolderFetcher({"manuscript": context.manuscript, "profiles": profile_folder(),
                             **folders(chain)})
    image = ""
    if book.cover_image:
        _check_resolution(book, context, sheet)
        image = fetcher.url("manuscript", book.cover_image)
    markup = cover_html(book, sheet, marks, image, book.cover_alt or cover_text(book))
    fonts = FontConfiguration()
    profiles: dict[str, Any] = {}
    faces = font_face_css(chain, fetcher.url, frozenset(markup))
    if marks:
        faces += profile_css(fetcher.url("profiles", PROFILE))
    start = time.perf_counter()
    with collected_warnings() as warnings, fonts_named_after_their_files():
        try:
            sheets = [CSS(string=faces, font_config=fonts, url_fetcher=fetcher,
                          color_profiles=profiles)]
            html = HTML(string=markup, url_fetcher=fetcher, base_url=fetcher.url("manuscript"))
            options = pdf_options(book, marks)
            document = html.render(stylesheets=sheets, font_config=fonts,
                                   color_profiles=profiles, **options)
            seed = pdf_seed(book)

            def finish(_document: Any, pdf: Any) -> None:
                bleed_boxes(pdf, BLEED_MM)
                if marks:
                    finish_pdf_x(pdf, seed + " cover")

            with instances_dated(book.metadata.date), black_as_ink(marks):
                data = document.write_pdf(finisher=finish, **options)
        except FatalURLFetchingError as exc:
            reason = fetcher.refused[-1] if fetcher.refused else str(exc)
            raise EditionFailed(f"the cover edition failed: {reason}") from None
    if warnings:
        raise EditionFailed("the cover edition failed: WeasyPrint reported a problem: "
                            + "; ".join(warnings))
    strays = stray_fonts(document.fonts.values())
    if strays:
        raise EditionFailed("the cover edition failed: some characters were set in fonts the "
                            f"book does not declare: {', '.join(strays)}")
    context.progress(f"written in {time.perf_counter() - start:.2f} s")
    assert isinstance(data, bytes)
    return data


def _check_resolution(book: Book, context: Context, sheet: Wrap) -> None:
    """A warning when the front image has fewer than 300 pixels an inch at the front
    panel's printed size (its bleed included)."""
    with Image.open(context.manuscript / book.cover_image) as picture:
        width, height = picture.size
    printed = (sheet.page_width + BLEED_MM, sheet.bled_height)
    ppi = min(width / (printed[0] / 25.4), height / (printed[1] / 25.4))
    if ppi < PRINT_PPI:
        needed = [round(side / 25.4 * PRINT_PPI) for side in printed]
        where = book.cover_image_pos or SourcePos("book.toml")
        context.warn(make("I018", where, src=book.cover_image, width=width, height=height,
                          ppi=round(ppi), size=f"{printed[0]:.0f} \u00d7 {printed[1]:.0f} mm",
                          need=f"{needed[0]}\u00d7{needed[1]}"))
