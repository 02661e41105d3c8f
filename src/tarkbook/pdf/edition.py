"""The print edition: the book laid out by WeasyPrint and written as a PDF."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from tarkbook.diagnostics import Diagnostic, make
from tarkbook.edition import Context, EditionFailed, style_sheet
from tarkbook.model import Book
from tarkbook.pdf.boxes import note_shares
from tarkbook.pdf.fetcher import FolderFetcher
from tarkbook.pdf.finish import finisher
from tarkbook.pdf.fonts import folders, font_face_css, instances_dated, stray_fonts
from tarkbook.pdf.footnotes import Fixes, note_anchor
from tarkbook.pdf.index_pages import index_ends_book, with_folios
from tarkbook.pdf.layout import lay_out
from tarkbook.pdf.log import collected_warnings
from tarkbook.pdf.numbering import in_book_digits
from tarkbook.pdf.page_starts import page_starts
from tarkbook.pdf.print_standard import (
    BLEED_MM,
    MARKS_MM,
    PROFILE,
    profile_css,
    profile_folder,
    variant,
)
from tarkbook.pdf.weasyprint.actual_text import clusters_with_their_text
from tarkbook.pdf.weasyprint.black_ink import black_as_ink
from tarkbook.pdf.weasyprint.compression import usual_compression
from tarkbook.pdf.weasyprint.font_names import fonts_named_after_their_files
from tarkbook.pdf.weasyprint.keep_notes import notes_stay_with_calls
from tarkbook.pdf.weasyprint.linebreak import hanging_trailing_spaces
from tarkbook.pdf.weasyprint.note_area import notes_measured_alone
from tarkbook.pdf.weasyprint.page_references import page_references_made_once
from tarkbook.pdf.weasyprint.split_notes import linebox_change, notes_split_over_pages
from tarkbook.render.index_entries import has_index
from tarkbook.theme import right_to_left

STYLESHEET = "print.css"
ONE_COLUMN = ".index-entries { columns: auto; }"
"""The index's first layout, when the index is laid out again alone (``render_pdf``)."""


def render_pdf(book: Book, context: Context) -> bytes:
    """The PDF of ``book``; raises EditionFailed, with the reason, if it cannot be made well.

    Nothing is read but the manuscript folder, the styles folder and the font packages.
    Every note is checked to stand on the page of its call; where it does not, the
    layout is mended and done again (see pdf_footnotes).
    """
    marks = book.print_settings.marks or context.marks
    chain = book.print_settings.chain
    fetcher = FolderFetcher(
        {"manuscript": context.manuscript, "styles": context.style_folder(STYLESHEET),
         "profiles": profile_folder(), **folders(chain)}
    )
    fonts = FontConfiguration()
    profiles: dict[str, Any] = {}  # the colour profiles the style sheets declare
    with (collected_warnings() as warnings, hanging_trailing_spaces(),
          notes_stay_with_calls(linebox_change()), notes_split_over_pages(),
          notes_measured_alone(), fonts_named_after_their_files()):
        try:
            prepared = context.prepared if isinstance(context.prepared, str) else None
            markup = prepared or _markup(book)
            sheets = _stylesheets(book, context, fetcher, fonts, marks, frozenset(markup),
                                  profiles)
            mended: list[Fixes] = []  # a layout again (the index's) starts mended

            def laid_out(markup: str, extra: tuple[Any, ...] = ()) -> Any:
                html = HTML(string=markup, url_fetcher=fetcher,
                            base_url=fetcher.url("manuscript"))
                return lay_out(html, [*sheets, *extra], [note.number for note in book.notes],
                               context.progress, context.status, mended, font_config=fonts,
                               url_fetcher=fetcher, color_profiles=profiles,
                               **pdf_options(book, marks))

            # An index that ends the book is laid out again alone once its folios are known
            # (``with_folios``): its first layout, which only places it, takes one column,
            # not two balanced ones, which cost WeasyPrint a layout per try.
            document = laid_out(markup, (CSS(string=ONE_COLUMN, font_config=fonts),)
                                if index_ends_book(book) else ())
            first_arabic = _first_arabic_page(book, document)
            def rendered(markup: str, style: str) -> Any:
                html = HTML(string=markup, url_fetcher=fetcher,
                            base_url=fetcher.url("manuscript"))
                alone = CSS(string=style, font_config=fonts, url_fetcher=fetcher)
                # The faces (the first sheet) are the font configuration's since the
                # first layout: not loaded again.
                return html.render(stylesheets=[*sheets[1:], alone], font_config=fonts,
                                   color_profiles=profiles, **pdf_options(book, marks))

            if has_index(book):
                document = with_folios(book, markup, document, first_arabic, laid_out,
                                       rendered)
            context.paged(page_starts(document, book, first_arabic))
            data = b"" if context.layout_only else _write(book, context, document,
                                                        first_arabic, marks)
        except FatalURLFetchingError as exc:
            reason = fetcher.refused[-1] if fetcher.refused else str(exc)
            raise EditionFailed(f"the PDF edition failed: {reason}") from None
    if warnings:
        raise EditionFailed(
            "the PDF edition failed: WeasyPrint reported a problem: " + "; ".join(warnings)
        )
    assert isinstance(data, bytes)
    return data


def _write(book: Book, context: Context, document: Any, first_arabic: int, marks: bool) -> bytes:
    """The PDF of the laid-out ``document``, checked for its fonts and its notes' lengths."""
    context.status(f"writing {len(document.pages)} pages")
    start = time.perf_counter()
    with (page_references_made_once(), usual_compression(),
          instances_dated(book.metadata.date), black_as_ink(marks),
          clusters_with_their_text()):
        data = document.write_pdf(
            finisher=finisher(first_arabic, BLEED_MM if marks else 0,
                              book.print_settings.isbn, book.print_settings.signature,
                              pdf_seed(book) if marks else ""),
            **pdf_options(book, marks),
        )
    context.progress(f"written in {time.perf_counter() - start:.2f} s")
    _check_fonts(document)
    _check_note_lengths(book, document, context.warn)
    assert isinstance(data, bytes)
    return data


def subsets_fonts() -> bool:
    """Whether WeasyPrint loaded HarfBuzz's subsetter, without which it embeds the fonts
    through fontTools and warns (a build that would then fail)."""
    from weasyprint.text import ffi

    return getattr(ffi, "harfbuzz_subset", True) is not None


def _markup(book: Book) -> str:
    from tarkbook.pdf.markup import book_html  # the build usually made it: see build.py

    return book_html(book)


def _stylesheets(
    book: Book, context: Context, fetcher: FolderFetcher, fonts: FontConfiguration, marks: bool,
    used: frozenset[str] | None = None, profiles: dict[str, Any] | None = None,
) -> list[Any]:
    """The sheets of the print edition: the faces, print.css, the page size. ``used`` (the
    characters of the print markup) keeps out the fallback faces the book has no use for,
    which WeasyPrint would otherwise load. The colour profiles the sheets declare (the
    print-shop PDF's output intent) go into ``profiles``, which the layout is given."""
    data = style_sheet(context, STYLESHEET, "PDF")
    page = f"@page {{ size: {book.print_settings.page_size}; }}\n"
    if marks:
        page += (
            f"@page {{ bleed: {BLEED_MM + MARKS_MM:g}mm; marks: crop; "
            "background: device-cmyk(0 0 0 0); }\n"
        ) + profile_css(fetcher.url("profiles", PROFILE))
    sheet = in_book_digits(
        _sheet_text(data, context) + right_to_left(STYLESHEET, book.metadata.language), book)
    return [
        CSS(string=font_face_css(book.print_settings.chain, fetcher.url, used),
            font_config=fonts, url_fetcher=fetcher),
        CSS(string=sheet, base_url=fetcher.url("styles", STYLESHEET),
            font_config=fonts, url_fetcher=fetcher),
        CSS(string=page, font_config=fonts, url_fetcher=fetcher, color_profiles=profiles),
    ]


def _sheet_text(data: bytes, context: Context) -> str:
    """print.css as text; EditionFailed when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        path = context.style_folder(STYLESHEET) / STYLESHEET
        raise EditionFailed(f"the PDF edition failed: the style sheet {path} is not UTF-8 "
                            f"(byte {exc.start})") from None


MAX_NOTE_SHARE = 1 / 3
"""The most of a page's text area that one note may fill."""


def _check_note_lengths(book: Book, document: Any, warn: Callable[[Diagnostic], None]) -> None:
    """A warning for each note that fills more than a third of a page."""
    shares = note_shares(document.pages)
    for note in book.notes:
        share = shares.get(note_anchor(note.number), 0.0)
        if share > MAX_NOTE_SHARE:
            warn(make("N007", note.pos, number=note.number, percent=round(share * 100)))


def _check_fonts(document: Any) -> None:
    """Every glyph must come from the declared faces (WeasyPrint knows its fonts once
    written). The check before layout (G001) finds the characters; this is its guard."""
    strays = stray_fonts(document.fonts.values())
    if strays:
        raise EditionFailed(
            "the PDF edition failed: some characters were set in fonts the book does not "
            f"declare: {', '.join(strays)}; choose the face with [print] font in book.toml, "
            "and keep print.css setting text in the family 'book'"
        )


def _first_arabic_page(book: Book, document: Any) -> int:
    anchor = f"part-{book.sections[book.body_start].ident}"  # the opening of the body
    for index, page in enumerate(document.pages):
        if anchor in page.anchors:
            return index
    return 0


def pdf_seed(book: Book) -> str:
    """What the PDF's identifiers are made from: the book's identifier and date."""
    return f"{book.metadata.identifier} {book.metadata.date.isoformat()}"


def pdf_options(book: Book, marks: bool) -> dict[str, Any]:
    """WeasyPrint's options: PDF/UA-1 for the reader, the book's PDF/X for the print shop
    (``marks``), and an identifier the same on every build."""
    return {
        "pdf_variant": variant(book.print_settings.pdf_x, marks),
        "pdf_identifier": hashlib.sha256(pdf_seed(book).encode()).hexdigest()[:32].encode(),
    }

