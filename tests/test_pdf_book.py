"""The real book's PDF, read back: pages, fonts, metadata, outline, notes, contents, heads."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest
from pypdf import PdfReader

from pdf_support import (
    MM,
    REAL_MANUSCRIPT,
    build_pdf,
    destination_pages,
    page_texts,
    reader,
    real_book_pdf,
    squash,
)
from tarkbook.manuscript import load_book
from tarkbook.model import Book
from tarkbook.render import plain_text

pytestmark = pytest.mark.slow

FONT_NAME = re.compile(r"^/[A-Z]{6}\+SourceSerifPro-(Regular|It|Semibold|SemiboldIt|Bold"
                       r"|BoldIt)$")


@pytest.fixture(scope="module")
def book() -> Book:
    return load_book(REAL_MANUSCRIPT)


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    return reader(real_book_pdf())


@pytest.fixture(scope="module")
def texts(pdf: PdfReader) -> list[str]:
    return page_texts(pdf)


@pytest.fixture(scope="module")
def dests(pdf: PdfReader) -> dict[str, int]:
    return destination_pages(pdf)


def test_every_page_has_the_trim_size(pdf: PdfReader) -> None:
    for page in pdf.pages:
        for box in (page.mediabox, page.trimbox, page.bleedbox):
            assert float(box.width) == pytest.approx(129 * MM, abs=0.01)
            assert float(box.height) == pytest.approx(198 * MM, abs=0.01)


def _fonts(pdf: PdfReader) -> dict[str, Any]:
    fonts: dict[str, Any] = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def test_every_font_is_source_serif_pro_embedded_and_subset(pdf: PdfReader) -> None:
    fonts = _fonts(pdf)
    assert fonts
    for name, font in fonts.items():
        assert FONT_NAME.match(name), f"{name} is not a subset face of Source Serif Pro"
        descriptor = (
            font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/DescendantFonts" in font else font["/FontDescriptor"]
        ).get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) missing")
def test_pdffonts_lists_only_the_book_face_embedded_and_subset(tmp_path: Any) -> None:
    path = tmp_path / "book.pdf"
    path.write_bytes(real_book_pdf())
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        name, *_rest = line.split()
        assert FONT_NAME.match("/" + name), line
        assert re.search(r"\byes yes yes\b", line), f"not embedded and subset: {line}"


def test_polish_letters_of_the_source_are_set_in_the_book_face(pdf: PdfReader) -> None:
    found: list[str] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if "rozmawiają" in text and font is not None:
            found.append(str(font["/BaseFont"]))

    for page in pdf.pages[:8]:
        page.extract_text(visitor_text=visit)
    assert found
    assert all(FONT_NAME.match(name) for name in found)


def test_metadata(pdf: PdfReader, book: Book) -> None:
    info = pdf.metadata
    assert info is not None
    assert info.title == "The Truth of Memory"
    assert info.author == ("Andrei Tarkovsky, Jerzy Illg, Leonard Neuger, Jan, Janina Ludawska, "
                           "Wacław Mucha, Tarkbook Editors")
    assert info.subject == book.metadata.description
    assert info["/Keywords"] == ", ".join(book.metadata.subjects)
    assert info["/CreationDate"].startswith("D:20261130")
    assert info["/ModDate"].startswith("D:20261130")
    assert pdf.trailer["/Root"]["/Lang"] == "en"


def test_pdf_is_tagged_as_pdf_ua(pdf: PdfReader) -> None:
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_outline_lists_the_parts_and_nothing_else(
    pdf: PdfReader, book: Book, dests: dict[str, int]
) -> None:
    outline = pdf.outline
    assert all(not isinstance(entry, list) for entry in outline), "nested entries"
    assert [entry.title for entry in outline] == [plain_text(s.title) for s in book.sections]
    for entry, section in zip(outline, book.sections, strict=True):
        assert pdf.get_destination_page_number(entry) == dests[f"part-{section.ident}"]


def test_every_note_is_on_the_page_of_its_call(
    book: Book, dests: dict[str, int], texts: list[str]
) -> None:
    for note in book.notes:
        call = dests[f"call-{note.number}"]
        assert dests[f"note-{note.number}"] == call, f"note {note.number}"
        first_words = " ".join(plain_text(note.blocks[0].children).split()[:2])
        assert f"{note.number}. {first_words}" in squash(texts[call]), f"note {note.number}"


def test_each_part_opens_on_a_recto_without_running_head(
    pdf: PdfReader, book: Book, dests: dict[str, int], texts: list[str]
) -> None:
    for section in book.sections:
        index = dests[f"part-{section.ident}"]
        assert index % 2 == 0, f"{plain_text(section.title)} opens on a verso"
        assert book.metadata.title not in texts[index]
        # The page before an opener is a blank verso, or the end of the previous part.
        assert texts[index - 1].strip() or (index - 1) % 2 == 1


def _labels(pdf: PdfReader) -> list[str]:
    return list(pdf.page_labels)


def test_front_matter_is_roman_and_the_introduction_is_page_one(
    pdf: PdfReader, dests: dict[str, int], book: Book
) -> None:
    labels = _labels(pdf)
    first = dests[f"part-{book.sections[0].ident}"]
    assert labels[:first] == ["i", "ii", "iii", "iv", "v", "vi"][:first]
    assert labels[first:] == [str(n) for n in range(1, len(labels) - first + 1)]


def test_contents_page_numbers_are_the_pages_of_the_headings(
    pdf: PdfReader, book: Book, dests: dict[str, int], texts: list[str]
) -> None:
    labels = _labels(pdf)
    (contents,) = [i for i, text in enumerate(texts) if text.startswith("CONTENTS\n")]
    entries = dict(re.findall(r"^(.+?)[ .]*\. (\d+)$", texts[contents], re.MULTILINE))
    entries = {squash(title.rstrip(". ")): number for title, number in entries.items()}
    assert list(entries) == [plain_text(section.title) for section in book.sections]
    for section in book.sections:
        page = dests[f"part-{section.ident}"]
        assert entries[plain_text(section.title)] == labels[page]
        assert plain_text(section.title).upper() in texts[page].upper()


def test_running_heads_and_folios(
    book: Book, dests: dict[str, int], texts: list[str], pdf: PdfReader
) -> None:
    labels = _labels(pdf)
    openers = {dests[f"part-{s.ident}"]: s for s in book.sections}
    first = min(openers)
    current = None
    heads = 0
    for index in range(first, len(texts)):
        text = texts[index]
        if index in openers:
            current = openers[index]
            assert labels[index] in text.split("\n")[-1], "drop folio on the opener"
            continue
        if not text.strip():
            continue  # a blank page: no head, no folio
        assert current is not None
        # Heads and folios are drawn after the page's text: they are its last line.
        head = plain_text(current.title) if index % 2 == 0 else book.metadata.title
        margin = squash(text.split("\n")[-1])
        expected = f"{head} {labels[index]}" if index % 2 == 0 else f"{labels[index]} {head}"
        assert margin == expected, f"page {index + 1}: {margin!r}"
        heads += 1
    assert heads > 10


def test_blank_pages_carry_nothing(texts: list[str]) -> None:
    blanks = [index for index, text in enumerate(texts) if not text.strip()]
    assert blanks, "the book has blank versos before its rectos"
    assert all(index % 2 == 1 for index in blanks)


def test_no_line_starts_with_an_em_dash(texts: list[str]) -> None:
    for index, text in enumerate(texts):
        for line in text.split("\n"):
            assert not line.startswith("—"), f"page {index + 1}: {line!r}"


def test_two_builds_are_byte_identical() -> None:
    assert build_pdf(REAL_MANUSCRIPT) == real_book_pdf()
