"""The proof reads a PDF's folios, named destinations, fonts and images with PDFium; here
each is read again with pypdf, another reader, and the two must agree, on the real book
and on every book of the test corpus. A Type 3 font (its glyphs drawn by the PDF) counts
as embedded, and a page without a label takes its number."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from proof_support import CORPUS, REAL_MANUSCRIPT, editions_once
from tarkbook.proof.fonts import check as check_fonts
from tarkbook.proof.pages import read_pdf
from tarkbook.proof.run import read_book

BOOKS = [REAL_MANUSCRIPT, *CORPUS]


def _font_names(reader: PdfReader, index: int) -> set[str]:
    """The names of the fonts the page's content sets text in (a Tf operator)."""
    page = reader.pages[index]
    fonts = page["/Resources"].get_object().get("/Font", {})
    used = {operands[0] for operands, operator in page.get_contents().operations
            if operator == b"Tf"} if page.get_contents() is not None else set()
    names = set()
    for key in used:
        font = fonts[key].get_object()
        for descendant in font.get("/DescendantFonts", [font]):  # PDFium names the CID font
            names.add(str(descendant.get_object()["/BaseFont"])[1:])
    return names


@pytest.mark.parametrize("manuscript", BOOKS, ids=lambda path: path.name)
def test_pdfium_reads_what_pypdf_reads(manuscript: Path,
                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    editions = editions_once(manuscript, tmp_path_factory)
    printed, reader = read_pdf(editions.pdf), PdfReader(editions.pdf)
    assert [page.folio for page in printed.pages] == list(reader.page_labels)
    expected = {}
    for name, destination in reader.named_destinations.items():
        index = reader.get_destination_page_number(destination)
        top = reader.pages[index].mediabox.height - float(destination["/Top"])
        expected[str(name)] = (index + 1, top)
    assert printed.destinations.keys() == expected.keys()
    assert any(name.startswith("part-") for name in expected)
    for name, (page, top) in expected.items():
        assert printed.destinations[name][0] == page, name
        assert printed.destinations[name][1] == pytest.approx(top, abs=0.01), name
    for index, page in enumerate(printed.pages):
        assert {font.name for font in page.fonts} == _font_names(reader, index), page.number
        assert all(font.embedded for font in page.fonts)
        # only the book of essays has a figure (its images are tested in test_proof.py)
        assert page.images == () or manuscript.name == "structures"


def _type3_pdf(path: Path) -> Path:
    """One page of text in a Type 3 font (one glyph, a square), without page labels."""
    content = b"BT /F1 12 Tf 50 100 Td (aaa) Tj ET"
    glyph = b"1000 0 0 0 1000 1000 d1 0 0 1000 1000 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] "
        b"/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 6 0 R >> "
        b"/Encoding << /Type /Encoding /Differences [97 /a] >> /FirstChar 97 /LastChar 97 "
        b"/Widths [1000] /Resources << >> >>",
        *(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(s), s) for s in (content, glyph)),
    ]
    made, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(made))
        made += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(made)
    made += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    made += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    made += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, table)
    path.write_bytes(bytes(made))
    return path


def test_a_type3_font_is_embedded_and_a_page_without_a_label_has_its_number(
    tmp_path: Path,
) -> None:
    printed = read_pdf(_type3_pdf(tmp_path / "type3.pdf"))
    (page,) = printed.pages
    assert page.folio == "1" and [line.text for line in page.lines] == ["aaa"]
    assert [(font.name, font.embedded) for font in page.fonts] == [("", True)]
    assert printed.destinations == {}
    assert list(check_fonts(printed, read_book(REAL_MANUSCRIPT))) == []
