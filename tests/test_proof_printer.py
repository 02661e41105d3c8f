"""`tarkbook proof --printer`: each rule of a print service, and a book that breaks it.

The rules of printers.toml are checked on PDFs the proof reads back: a book laid out by
tarkbook where the layout can break the rule (the trim size, the margins), and a printed
book made here, page by page, where a real one would take hundreds of pages (the gutter
of a 200-page book, the page count's bounds) or a doctored PDF (a font not embedded).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pdf_support import FIXTURE_MANUSCRIPT, REAL_MANUSCRIPT, STYLES, build_pdf
from tarkbook import cli
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import Line, Page, PrintedBook, read_pdf
from tarkbook.proof.pdf_objects import FontUse, ImageUse
from tarkbook.proof.printer import check, printers
from tarkbook.proof.run import prove

INCH = 72.0
WIDTH, HEIGHT = 6 * INCH, 9 * INCH  # a trim KDP takes


def _page(number: int, inside: float = 0.8 * INCH, images: tuple[ImageUse, ...] = (),
          fonts: tuple[FontUse, ...] = (), bleed: float = 0.0) -> Page:
    """A page of a 6 x 9 in book whose text block stands ``inside`` from the gutter."""
    left = inside if number % 2 else 0.7 * INCH
    right = WIDTH - (0.7 * INCH if number % 2 else inside)
    lines = (Line("A line of the book", left, right, INCH, INCH + 12, 10.0),
             Line("Its last line", left, right, HEIGHT - INCH - 12, HEIGHT - INCH, 10.0))
    return Page(number, str(number), WIDTH, HEIGHT, lines, fonts, images, bleed)


def _book(pages: list[Page]) -> PrintedBook:
    return PrintedBook(Path("book.pdf"), tuple(pages), {})


def _found(printed: PrintedBook, printer: str = "kdp") -> list[Finding]:
    return list(check(printed, printers()[printer]))


def test_every_service_names_its_source_and_date() -> None:
    for service in printers().values():
        assert service.source and service.checked == "2026-12-06"
        assert service.gutter == tuple(sorted(service.gutter))
    assert set(printers()) == {"kdp", "ingram", "generic"}


def test_a_clean_book_has_no_finding() -> None:
    assert _found(_book([_page(n) for n in range(1, 101)])) == []


def test_the_gutter_follows_the_page_count() -> None:
    """0.45 in is enough for KDP at 150 pages (0.375 in), not at 152 (0.5 in)."""
    assert _found(_book([_page(n, inside=0.45 * INCH) for n in range(1, 151)])) == []
    (finding,) = _found(_book([_page(n, inside=0.45 * INCH) for n in range(1, 153)]))
    assert finding.check == "printer-margin" and finding.level is Level.ERROR
    assert "the gutter (inside margin) is 0.450 in (11.4 mm)" in finding.message
    assert "at least 0.500 in (12.7 mm) for 152 pages" in finding.message
    assert finding.page in (1, 2)  # the first page at the least margin


def test_the_page_count_within_the_services_bounds() -> None:
    (few,) = _found(_book([_page(n) for n in range(1, 21)]))
    assert few.check == "printer-page-count" and few.level is Level.ERROR
    assert "the book has 20 pages; Kindle Direct Publishing (paperback) prints 24 to 828" \
        in few.message
    assert _found(_book([_page(n) for n in range(1, 21)]), "ingram") == []  # 18 and up
    (odd,) = _found(_book([_page(n) for n in range(1, 26)]))
    assert odd.level is Level.WARNING and "an odd count" in odd.message


def test_an_image_under_300_ppi() -> None:
    small = ImageUse(600, 400, (2 * INCH, 3 * INCH, 5 * INCH, 5 * INCH))  # 200 ppi
    (finding,) = _found(_book([_page(1, images=(small,)), *(_page(n) for n in range(2, 25))]))
    assert finding.check == "printer-images" and "200 ppi, under 300" in finding.message


def test_an_image_at_the_trim_needs_bleed() -> None:
    """A picture to the outer edge: without a bleed box it is an error, and with one, an
    image that stops at the trim instead of running into it is one too."""
    to_edge = ImageUse(3000, 3000, (2 * INCH, 3 * INCH, WIDTH, 5 * INCH))
    rest = [_page(n) for n in range(2, 25)]
    (none,) = _found(_book([_page(1, images=(to_edge,)), *rest]))
    assert none.check == "printer-bleed"
    assert "reaches the trim (right) but the page has 0.000 in (0.0 mm) of bleed" in none.message
    bled = [_page(n, bleed=0.125 * INCH) for n in range(2, 25)]
    (short,) = _found(_book([_page(1, images=(to_edge,), bleed=0.125 * INCH), *bled]))
    assert "stops there instead of running 0.125 in" in short.message
    into = ImageUse(3000, 3000, (2 * INCH, 3 * INCH, WIDTH + 0.125 * INCH, 5 * INCH))
    assert _found(_book([_page(1, images=(into,), bleed=0.125 * INCH), *bled])) == []


def test_fonts_must_be_embedded() -> None:
    fonts = (FontUse("ABCDEF+SourceSerif4-Regular", True), FontUse("Helvetica", False))
    (finding,) = _found(_book([_page(1, fonts=fonts), *(_page(n) for n in range(2, 25))]))
    assert finding.check == "printer-fonts" and "Helvetica is not" in finding.message


def test_a_trim_size_the_service_does_not_take(tmp_path: Path) -> None:
    manuscript = shutil.copytree(FIXTURE_MANUSCRIPT, tmp_path / "ms")
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        'page_size = "129mm 198mm"', 'page_size = "150mm 230mm"'), "utf-8")
    (tmp_path / "book.pdf").write_bytes(build_pdf(manuscript))
    printed = read_pdf(tmp_path / "book.pdf")
    trims = [f for f in _found(printed) if f.check == "printer-trim"]
    assert [f.message for f in trims] == [
        "the trim size 150.0 \u00d7 230.0 mm is none that Kindle Direct Publishing (paperback) "
        "takes; the nearest is 6 \u00d7 9 in (152.4 \u00d7 228.6 mm)"]
    assert not [f for f in _found(printed, "generic") if f.check == "printer-trim"]


def test_the_real_book_against_each_service(tmp_path: Path) -> None:
    """129 x 198 mm is KDP's 5.06 x 7.81 in; the running heads and folios stand closer to
    the trim than IngramSpark's 0.5 in."""
    kdp = prove(REAL_MANUSCRIPT, tmp_path, STYLES, tools=False, printer="kdp")
    ours = [f for f in kdp.findings if f.check.startswith("printer-")]
    assert ours == []  # 30 pages: an even count within KDP's bounds
    ingram = prove(REAL_MANUSCRIPT, tmp_path, STYLES, tools=False, printer="ingram")
    margins = {f.message.split(" is ")[0] for f in ingram.findings
               if f.check == "printer-margin"}
    assert margins == {"the top margin", "the bottom margin"}
    assert any("IngramSpark" in name for name in ingram.checks)


def test_an_unknown_printer_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["proof", str(REAL_MANUSCRIPT), "--printer", "lulu", "--no-tools"]) == 2
    assert "--printer lulu is none of the services tarkbook knows: kdp, ingram, generic" \
        in capsys.readouterr().err


def test_crop_marks_are_for_a_press_that_takes_them(tmp_path: Path) -> None:
    (tmp_path / "marked.pdf").write_bytes(build_pdf(FIXTURE_MANUSCRIPT, marks=True))
    printed = read_pdf(tmp_path / "marked.pdf")
    (marked,) = [f for f in _found(printed) if f.check == "printer-marks"]
    assert marked.level is Level.WARNING and "crop marks outside its bleed" in marked.message
    assert not [f for f in _found(printed, "generic") if f.check == "printer-marks"]
    (tmp_path / "plain.pdf").write_bytes(build_pdf(FIXTURE_MANUSCRIPT))
    assert not [f for f in _found(read_pdf(tmp_path / "plain.pdf"))
                if f.check == "printer-marks"]
