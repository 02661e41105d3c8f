"""A PDF for a print shop (``[print] marks = true``: 3 mm of bleed and crop marks around
each page) is measured from its trim box, as the printed page will be: its lines, notes
and findings are those of the same book without marks, a glyph set past the trim into
the bleed is outside the page, and its thumbnails show the trimmed page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tarkbook.build import build
from tarkbook.proof.pages import read_pdf
from tarkbook.proof.run import check_editions, read_book
from tarkbook.proof.thumbnails import render

DIGITS = "3141592653589793238462643383279502884197169399375105820974944592307816406286"


def _book(marks: bool) -> dict[str, str]:
    numbers = "\n\n".join(f"The first {n} digits, as the reckoner wrote them: {DIGITS[:n]} "
                          f"and no more." for n in (58, 64, 68, 72, 76))
    return {
        "book.toml": '[book]\ntitle = "Trimmed Numbers"\nlanguage = "en"\n'
                     'identifier = "urn:uuid:6a1f0d7e-2c3b-4e5f-8a9b-0c1d2e3f4a5b"\n'
                     'date = "2026-11-30"\n\n[[contributors]]\nname = "Ada Reckoner"\n'
                     f'roles = ["aut"]\n\n[print]\nmarks = {str(marks).lower()}\n\n'
                     '[[sections]]\nkind = "chapter"\nfile = "pi.md"\n',
        "pi.md": "# Pi\n\n" + numbers + "\n",
    }


def _findings(make_manuscript: object, tmp_path: Path, marks: bool
              ) -> tuple[list[tuple[str, str | None, tuple[float, ...]]], Path]:
    manuscript = make_manuscript(_book(marks), f"marks-{marks}")  # type: ignore[operator]
    epub, pdf = (o.path for o in build(manuscript, tmp_path / f"out-{marks}", ["epub", "pdf"]))
    report = check_editions(read_book(manuscript), pdf, epub, tools=False)
    return [(f.check, f.folio, tuple(round(v, 1) for v in f.box or ()))
            for f in report.findings if f.check != "page-count"], pdf


def test_a_pdf_with_marks_gives_the_findings_of_the_pdf_without(
    make_manuscript: object, tmp_path: Path
) -> None:
    plain, plain_pdf = _findings(make_manuscript, tmp_path, False)
    marked, marked_pdf = _findings(make_manuscript, tmp_path, True)
    assert marked == plain
    checks = [check for check, _, _ in plain]
    assert "outside-page" in checks and "outside-text-block" in checks
    printed, whole = read_pdf(marked_pdf), read_pdf(plain_pdf)
    assert (printed.pages[0].width, printed.pages[0].height) == pytest.approx(
        (whole.pages[0].width, whole.pages[0].height))
    # A number ends past the trim but inside the sheet of the PDF with marks: only the
    # trim box tells that it is cut off.
    sheet = 25.5  # 3 mm of bleed and 6 mm of marks, in points
    ends = [line.x1 for page in printed.pages for line in page.lines if DIGITS[:50] in line.text]
    assert any(printed.pages[0].width < end < printed.pages[0].width + sheet for end in ends)


def test_the_thumbnail_of_a_pdf_with_marks_is_the_trimmed_page(
    make_manuscript: object, tmp_path: Path
) -> None:
    _, pdf = _findings(make_manuscript, tmp_path, True)
    (thumbnail,) = render(pdf, [1], width=240).values()
    page = read_pdf(pdf).pages[0]
    assert (thumbnail.width, thumbnail.height) == pytest.approx((page.width, page.height))
    image = Image.open(io.BytesIO(thumbnail.png))
    assert image.size[0] == 240
    assert image.size[1] == pytest.approx(240 * page.height / page.width, abs=1.5)
