"""The files a print shop asks for: the interior as PDF/X, and the wrap cover with its
spine and bar code, sized from the print layout's page count and the paper."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from pdf_support import FIXTURE_MANUSCRIPT, MM, REAL_MANUSCRIPT, STYLES, build_pdf, reader
from tarkbook.build import build
from tarkbook.cover.barcode import ean5_modules, ean13_modules
from tarkbook.cover.edition import render_cover
from tarkbook.cover.geometry import SPINE_TEXT_MM
from tarkbook.cover.markup import spine_turn
from tarkbook.edition import Context
from tarkbook.manuscript import load_book, read_manuscript
from tarkbook.model import Book
from tarkbook.pdf.paper import printed_pages, spine_mm
from tarkbook.render.page_places import PageStart

PUBLISHER = Path(__file__).resolve().parent / "publisher_fixtures" / "manuscript"
PRINT_ISBN = "9780804429573"
BLEED = 3.0


def _cover(book: Book, pages: int, marks: bool = False, folder: Path = PUBLISHER) -> bytes:
    """The cover of ``book`` for an interior of ``pages`` pages, without laying it out."""
    starts = tuple(PageStart(str(n), "x") for n in range(pages))
    return render_cover(book, Context(folder, folder, marks, pages=lambda: starts))


def _mm(points: float) -> float:
    return float(points) / MM


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _with(book: Book, **settings: object) -> Book:
    return dataclasses.replace(book, print_settings=dataclasses.replace(
        book.print_settings, **settings))


def test_the_spine_for_120_and_400_pages() -> None:
    assert spine_mm(120, "white") == pytest.approx(6.864)
    assert spine_mm(400, "white") == pytest.approx(22.88)
    assert spine_mm(120, "cream") == pytest.approx(7.62)
    assert spine_mm(400, "cream") == pytest.approx(25.4)
    assert spine_mm(400, "0.1") == pytest.approx(20.0)  # a leaf of 0.1 mm is two pages
    assert printed_pages(27) == 28
    assert printed_pages(27, 16) == 32
    assert printed_pages(120) == 120


@pytest.mark.parametrize(("pages", "paper"), [(40, "white"), (120, "white"), (400, "cream"),
                                             (301, "0.12")])
def test_the_cover_is_two_pages_a_spine_and_the_bleed_wide(pages: int, paper: str) -> None:
    book = _with(load_book(PUBLISHER), paper=paper)
    pdf = reader(_cover(book, pages))
    assert len(pdf.pages) == 1
    page = pdf.pages[0]
    spine = spine_mm(printed_pages(pages), paper)
    assert _mm(page.trimbox.width) == pytest.approx(2 * 129 + spine, abs=0.1)
    assert _mm(page.trimbox.height) == pytest.approx(198, abs=0.1)
    for box in (page.bleedbox, page.mediabox):  # no marks: the sheet is the bleed
        assert _mm(box.width) == pytest.approx(2 * 129 + spine + 2 * BLEED, abs=0.1)
        assert _mm(box.height) == pytest.approx(198 + 2 * BLEED, abs=0.1)


def test_the_spine_carries_title_and_author_only_when_wide_enough(tmp_path: Path) -> None:
    book = load_book(PUBLISHER)  # its front is an image: the title is set on the spine only
    thin = _text(_cover(book, 100), tmp_path)  # 5.72 mm
    wide = _text(_cover(book, 120), tmp_path)  # 6.86 mm
    assert spine_mm(100, "white") < SPINE_TEXT_MM <= spine_mm(120, "white")
    assert "Lighthouse" not in thin
    assert "The Lighthouse Keeper" in wide
    assert "Margaret Rowe".upper() in wide.upper()


def test_the_spine_reads_as_the_books_language_has_it() -> None:
    assert spine_turn("en-GB") == 90  # top to bottom
    assert spine_turn("de") == -90  # bottom to top
    assert spine_turn("pl") == -90


def _decoded(pdf: bytes, tmp_path: Path) -> list[str]:
    (tmp_path / "cover.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(tmp_path / "cover.pdf"),
                    str(tmp_path / "cover")], check=True, capture_output=True)
    found = subprocess.run(["zbarimg", "-q", "--raw", "-Sean5.enable", "-Sean2.disable",
                            str(tmp_path / "cover.png")], capture_output=True, text=True)
    return sorted(found.stdout.split())


def test_the_bar_code_scans_as_the_isbn(tmp_path: Path) -> None:
    assert _decoded(_cover(load_book(PUBLISHER), 200), tmp_path) == [PRINT_ISBN]


def test_the_bar_code_scans_with_its_price_add_on(tmp_path: Path) -> None:
    book = _with(load_book(PUBLISHER), price="51995")
    assert _decoded(_cover(book, 200, marks=True), tmp_path) == ["51995", PRINT_ISBN]


def test_the_bar_code_modules() -> None:
    # EAN-13 of 978-0-306-40615-7: guards 101, 01010, 101 around twelve 7-module digits.
    modules = ean13_modules("9780306406157")
    assert len(modules) == 95
    assert modules[:3] == modules[-3:] == "101" and modules[45:50] == "01010"
    # The add-on of 52495: checksum (5+4+5)*3 + (2+9)*9 = 141, 1: the sets B A B A A.
    b5, a2, b4, a9, a5 = "0111001", "0010011", "0011101", "0001011", "0110001"
    assert ean5_modules("52495") == "1011" + "01".join([b5, a2, b4, a9, a5])


def test_the_cover_edition_is_sized_from_the_print_layout(tmp_path: Path) -> None:
    """Built as the build makes it, with the PDF: the spine counts the PDF's pages."""
    outputs = build(PUBLISHER, tmp_path, ["pdf", "cover"], STYLES)
    interior, cover = (reader(o.path.read_bytes()) for o in outputs)
    assert outputs[1].path.name == "the-lighthouse-keeper-cover.pdf"
    spine = spine_mm(printed_pages(len(interior.pages)), "white")
    assert _mm(cover.pages[0].bleedbox.width) == pytest.approx(2 * 129 + spine + 6, abs=0.1)


def test_the_real_books_cover_alone_and_as_a_print_shop_pdf(tmp_path: Path) -> None:
    """The cover built alone lays the book out for its page count (the print layout), and
    with --marks is a PDF/X with crop marks outside its bleed."""
    cover = build(REAL_MANUSCRIPT, tmp_path, ["cover"], STYLES, marks=True)[0].path
    pages = len(reader(build_pdf(REAL_MANUSCRIPT)).pages)
    page = reader(cover.read_bytes()).pages[0]
    spine = spine_mm(printed_pages(pages), "white")
    assert _mm(page.bleedbox.width) == pytest.approx(2 * 129 + spine + 6, abs=0.1)
    assert _mm(page.mediabox.width) > _mm(page.bleedbox.width) + 10  # the marks' room
    assert b"PDF/X-4" in _xmp(cover.read_bytes())


def _xmp(pdf: bytes) -> bytes:
    data: bytes = reader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data()
    return data


def test_the_print_shop_pdf_is_pdf_x4_with_an_output_intent() -> None:
    pdf = build_pdf(FIXTURE_MANUSCRIPT, marks=True)
    root = reader(pdf).trailer["/Root"]
    xmp = _xmp(pdf)
    assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert re.search(rb"xmpMM:DocumentID>xmp\.did:[0-9a-f-]{36}<", xmp)
    assert pdf.startswith(b"%PDF-1.6")
    (intent,) = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "CGATS TR 001"
    profile = intent["/DestOutputProfile"].get_object().get_data()
    assert profile[36:40] == b"acsp" and profile[16:20] == b"CMYK"
    assert "/StructTreeRoot" not in root  # PDF/X carries no tags
    contents = b"".join(page.get_contents().get_data() for page in reader(pdf).pages)
    assert b"0 0 0 1 scn" in contents  # the text in black ink alone
    assert not re.search(rb"\b0 0 0 (rg|RG)\b", contents)  # no black in DeviceRGB
    for page in reader(pdf).pages:
        assert "/TrimBox" in page and "/BleedBox" in page
        assert reader(pdf).trailer["/Info"]["/Trapped"] == "/False"


def test_the_readers_pdf_stays_pdf_ua() -> None:
    pdf = build_pdf(FIXTURE_MANUSCRIPT)
    root = reader(pdf).trailer["/Root"]
    assert b"pdfuaid:part=\"1\"" in _xmp(pdf)
    assert "/StructTreeRoot" in root and "/OutputIntents" not in root


def test_pdf_x_1a_when_the_book_asks(tmp_path: Path) -> None:
    manuscript = shutil.copytree(FIXTURE_MANUSCRIPT, tmp_path / "ms")
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        'page_size = "129mm 198mm"', 'page_size = "129mm 198mm"\npdf_x = "x-1a"'), "utf-8")
    pdf = build_pdf(manuscript, marks=True)
    assert pdf.startswith(b"%PDF-1.4")
    assert reader(pdf).trailer["/Info"]["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
    assert build_pdf(manuscript, marks=True) == pdf  # the same bytes on every build


@pytest.mark.parametrize(("line", "reason"), [
    ('pdf_x = "x-5"', "'x-5' is not one of 'x-4', 'x-1a', 'x-3'"),
    ('paper = "glossy"', "'glossy' is neither 'white', 'cream' nor a leaf's thickness"),
    ('paper = "3"', "'3' is neither 'white', 'cream' nor a leaf's thickness"),
    ('price = "19.99"', "'19.99' is not the five digits of a price add-on"),
])
def test_bad_print_shop_settings_are_c006(tmp_path: Path, line: str, reason: str) -> None:
    manuscript = shutil.copytree(PUBLISHER, tmp_path / "ms")
    toml = manuscript / "book.toml"
    text = toml.read_text("utf-8")
    toml.write_text(text.replace("[print]\n", f"[print]\n{line}\n"), "utf-8")
    number = text.split("\n").index("[print]") + 2
    errors = [str(d) for d in read_manuscript(manuscript).diagnostics]
    assert any(f"book.toml:{number}:" in e and "C006" in e and reason in e for e in errors), \
        errors


def test_a_note_on_the_back_cover_is_refused(tmp_path: Path) -> None:
    manuscript = shutil.copytree(PUBLISHER, tmp_path / "ms")
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        "[cover]\n", '[cover]\nback = "A memoir[^winter]."\n'), "utf-8")
    errors = [str(d) for d in read_manuscript(manuscript).diagnostics]
    assert any("C006" in e and "a note cannot be called on the back cover" in e
               for e in errors), errors


def test_the_back_cover_carries_its_blurb(tmp_path: Path) -> None:
    manuscript = shutil.copytree(PUBLISHER, tmp_path / "ms")
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        "[cover]\n", '[cover]\nback = "Thirty winters on a *rock*."\n'), "utf-8")
    assert "Thirty winters on a rock." in _text(_cover(load_book(manuscript), 60, False,
                                                       manuscript), tmp_path)


def _warnings(manuscript: Path) -> list[str]:
    warnings: list[str] = []
    starts = tuple(PageStart(str(n), "x") for n in range(60))
    render_cover(load_book(manuscript), Context(manuscript, manuscript, pages=lambda: starts,
                                                warn=lambda d: warnings.append(str(d))))
    return warnings


def test_a_cover_image_under_300_ppi_is_warned_of(tmp_path: Path) -> None:
    assert _warnings(PUBLISHER) == []  # 1600 x 2560 pixels: 308 ppi on a 129 mm front
    manuscript = shutil.copytree(PUBLISHER, tmp_path / "ms")
    image = manuscript / "images" / "cover.jpg"
    with Image.open(image) as picture:
        picture.resize((1400, 2240)).save(image, "JPEG")
    (warning,) = _warnings(manuscript)
    assert "warning I018: the cover image 'images/cover.jpg' is 1400\u00d72240 pixels: 269 " \
        "pixels an inch" in warning
    assert "book.toml:" in warning and "at least 1559\u00d72409 pixels" in warning


def test_a_character_of_the_back_that_no_face_has_is_g001(tmp_path: Path) -> None:
    """What the check accepts, the cover can set: its back is read for the glyph check."""
    manuscript = shutil.copytree(PUBLISHER, tmp_path / "ms")
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        "[cover]\n", '[cover]\nback = "A keeper\'s \\u2603 winters."\n'), "utf-8")
    errors = [str(d) for d in read_manuscript(manuscript, glyphs=True).diagnostics]
    assert any("G001" in e and "U+2603" in e for e in errors), errors


def test_the_cover_is_an_edition_like_the_others(tmp_path: Path) -> None:
    """Reused when nothing changed, the same bytes on every build, and made for a book
    whose EPUB carries no page list (the cover still waits for the print layout)."""
    first = build(PUBLISHER, tmp_path / "a", ["cover"], STYLES, marks=True)[0]
    again = build(PUBLISHER, tmp_path / "a", ["cover"], STYLES, marks=True)[0]
    assert not first.reused and again.reused
    other = build(PUBLISHER, tmp_path / "b", ["cover"], STYLES, marks=True)[0]
    assert other.path.read_bytes() == first.path.read_bytes()
    manuscript = shutil.copytree(PUBLISHER, tmp_path / "ms")
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace("[epub]\n", "[epub]\npage_list = false\n"),
                    "utf-8")
    unpaged = build(manuscript, tmp_path / "c", ["cover"], STYLES, time_limit=120)[0]
    assert reader(unpaged.path.read_bytes()).pages[0].bleedbox.width > 0


def _word_x(pdf: bytes, word: str, tmp_path: Path) -> float:
    """Where ``word`` begins across the sheet, as a share of its width."""
    (tmp_path / "cover.pdf").write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "cover.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', html)[1])  # type: ignore[index]
    spelt = "|".join(re.escape(w) for w in (word, word[::-1]))  # Poppler's order, or ours
    found = re.search(r'<word xMin="([\d.]+)"[^>]*>(?:' + spelt + ")<", html)
    assert found is not None, word
    return float(found[1]) / width


def test_a_right_to_left_book_has_its_front_on_the_left(tmp_path: Path) -> None:
    """Bound on the right, a Hebrew book's wrap is front, spine, back; an English one's
    back, spine, front."""
    hebrew = Path(__file__).resolve().parent / "language_fixtures" / "he"
    book = load_book(hebrew)
    assert _word_x(_cover(book, 60, folder=hebrew), "שנשמר", tmp_path) < 0.5
    real = load_book(REAL_MANUSCRIPT)
    assert _word_x(_cover(real, 60, folder=REAL_MANUSCRIPT), "Truth", tmp_path) > 0.5
