"""The numbers the editions count themselves in the digits of the book's text (`[text]
digits`): a Persian book's folios, its contents' page numbers and its notes' numbers
(the call, the number before the note, the EPUB's link and backlink) in Persian digits;
an Arabic book's in Latin digits by default (CLDR's) and in Arabic-Indic ones with
`digits = "native"`. The ids and the PDF's page labels stay in Latin digits."""

# ruff: noqa: RUF001 (the digits of other scripts that look like Latin letters are the point)

from __future__ import annotations

import re
import shutil
from io import BytesIO
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from lxml import etree

from epub_support import build_epub
from pdf_support import build_pdf
from tarkbook.manuscript import load_book
from tarkbook.manuscript.digits import latin_digits
from tarkbook.pdf.markup import book_html
from tarkbook.pdf.numbering import RAISED_CALL, in_book_digits

BOOKS = Path(__file__).parent / "script_books"
ARABIC, PERSIAN = BOOKS / "arabic", BOOKS / "persian"
XHTML = "{http://www.w3.org/1999/xhtml}"
ASCII_DIGIT = re.compile(r"[0-9]")


def _native(tmp_path: Path) -> Path:
    folder = tmp_path / "ar"
    shutil.copytree(ARABIC, folder)
    toml = folder / "book.toml"
    toml.write_text(toml.read_text("utf-8") + '\n[text]\ndigits = "native"\n', "utf-8")
    return folder


def _pages(data: bytes) -> list[list[str]]:
    """Each page's lines of text, as PDFium reads them."""
    return [[line.strip() for line in page.get_textpage().get_text_range().splitlines()
             if line.strip()] for page in pdfium.PdfDocument(data)]


def _printed_numbers(data: bytes, contents_word: str, digits: str) -> None:
    """The contents' line, the folio and the note of the book's one chapter, in ``digits``
    (their one, the first note's number); no Latin digit but the identifier's."""
    pages = _pages(data)
    (contents,) = [page for page in pages if page and page[0] == contents_word]
    assert contents[1].endswith(digits[1]), contents  # p. 1, in the book's digits
    body = pages[-1]
    assert body[-1] == digits[1]  # the folio at the foot of the chapter's opening page
    # the note's number before it, once on the page
    assert len([line for line in body if digits[1] + "." in line or "." + digits[1] in line]
               ) == 1
    for page in pages:
        for line in page:
            assert not ASCII_DIGIT.search(line) or line.startswith("urn:uuid:"), line
    labels = pypdf.PdfReader(BytesIO(data)).page_labels
    assert labels[-1] == "1"  # the PDF's page labels: decimal, as PDF knows no other


def test_the_persian_book_prints_its_folios_contents_and_notes_in_persian_digits() -> None:
    data = build_pdf(PERSIAN)
    _printed_numbers(data, "فهرست", "۰۱۲۳۴۵۶۷۸۹")


def test_the_arabic_book_prints_arabic_indic_digits_when_it_asks(tmp_path: Path) -> None:
    data = build_pdf(_native(tmp_path))
    _printed_numbers(data, "المحتويات", "٠١٢٣٤٥٦٧٨٩")


def test_the_arabic_book_keeps_latin_digits_by_default() -> None:
    pages = _pages(build_pdf(ARABIC))
    (contents,) = [page for page in pages if page and page[0] == "المحتويات"]
    assert contents[1].endswith("1")
    assert pages[-1][-1] == "1"


def test_the_print_markup_numbers_the_notes_in_the_books_digits(tmp_path: Path) -> None:
    html = etree.HTML(book_html(load_book(PERSIAN)).encode("utf-8"))
    notes = html.xpath('//span[@class="footnote"]')
    assert [(note.get("id"), note.get("data-note")) for note in notes] == [("note-1", "۱")]


@pytest.mark.parametrize(("folder", "one"), [(PERSIAN, "۱"), (None, "١"), (ARABIC, "1")])
def test_the_epubs_note_links_are_in_the_books_digits(folder: Path | None, one: str,
                                                     tmp_path: Path) -> None:
    built = build_epub(folder or _native(tmp_path), tmp_path / "out")
    documents = [name for name in built.entries() if name.endswith(".xhtml")]
    calls, backs = [], []
    for name in documents:
        tree = etree.fromstring(built.entries()[name])
        calls += [a for a in tree.iter(f"{XHTML}a") if a.get("role") == "doc-noteref"]
        backs += [a for a in tree.iter(f"{XHTML}a") if a.get("role") == "doc-backlink"]
    assert calls and backs
    assert calls[0].text == one and calls[0].get("href").endswith("#note-1")
    assert backs[0].text == one and backs[0].get("href").endswith("#noteref-1")


def test_every_decimal_page_counter_of_a_style_sheet_follows_the_books_digits() -> None:
    sheet = ("@page { @top-left { content: counter(page); } }\n"
             ".contents a::after { content: leader('. ') target-counter(attr(href url), page); }\n"
             ".x::after { content: counter(page, decimal) target-counter(attr(href), page) }\n"
             ".front::after { content: target-counter(attr(href url), page, lower-roman); }\n"
             "ol { counter-reset: pages; } .y::after { content: counter(pages); }\n")
    persian = in_book_digits(sheet, load_book(PERSIAN)).removesuffix(RAISED_CALL)
    assert persian == sheet.replace("counter(page)", "counter(page, persian)").replace(
        "url), page)", "url), page, persian)").replace(
        "counter(page, decimal)", "counter(page, persian)").replace(
        "(attr(href), page)", "(attr(href), page, persian)")
    assert "lower-roman" in persian and "counter(pages)" in persian
    assert in_book_digits(sheet, load_book(ARABIC)) == sheet  # Latin digits: unchanged


def test_latin_digits_reads_any_decimal_digits() -> None:
    assert latin_digits("ص ۱۲ و ٣٤ and 56") == "ص 12 و 34 and 56"
