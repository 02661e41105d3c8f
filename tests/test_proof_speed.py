"""What keeps the proof of reused editions quick (docs/proof.md, "Speed"), each shown to
give the same answers as the slower way: PDFium's functions on a text page's characters
declared with plain addresses, a book's reading that loads no locale's data for text
without digits, and a proof that loads no renderer. Its times are the benchmark's
(``python benchmarks/bench.py --proof``)."""

from __future__ import annotations

import ctypes
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from proof_support import LANGUAGE_BOOKS, REAL_MANUSCRIPT, editions_once
from tarkbook.manuscript.digits import digits_of, set_digits
from tarkbook.proof import glyph_calls
from tarkbook.proof.bidi_order import FIRST_RIGHT_TO_LEFT, has_right_to_left

HEBREW = next(book for book in LANGUAGE_BOOKS if book.name == "he")


def _through_bindings(text: pypdfium2.PdfTextPage, index: int) -> tuple[object, ...]:
    """What pypdfium2's own bindings give of the character at ``index``."""
    loose, x, y = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    ink = [ctypes.c_double() for _ in range(4)]
    pdfium_c.FPDFText_GetLooseCharBox(text.raw, index, loose)
    pdfium_c.FPDFText_GetCharOrigin(text.raw, index, x, y)
    found = pdfium_c.FPDFText_GetCharBox(text.raw, index, *ink)
    return (pdfium_c.FPDFText_GetUnicode(text.raw, index),
            pdfium_c.FPDFText_GetFontSize(text.raw, index),
            (loose.left, loose.top, loose.right, loose.bottom), (x.value, y.value),
            pdfium_c.FPDFText_IsGenerated(text.raw, index),
            found, tuple(each.value for each in ink))


def _through_addresses(text: pypdfium2.PdfTextPage, index: int) -> tuple[object, ...]:
    """The same, through ``glyph_calls``."""
    loose, origin, ink = (ctypes.c_float * 4)(), (ctypes.c_double * 2)(), (ctypes.c_double * 4)()
    handle, double = glyph_calls.address(text.raw), ctypes.sizeof(ctypes.c_double)
    glyph_calls.loose_box(handle, index, ctypes.addressof(loose))
    glyph_calls.origin(handle, index, ctypes.addressof(origin),
                       ctypes.addressof(origin) + double)
    found = glyph_calls.ink_box(handle, index,
                                *(ctypes.addressof(ink) + at * double for at in range(4)))
    return (glyph_calls.unicode(handle, index), glyph_calls.size(handle, index),
            tuple(loose), tuple(origin), glyph_calls.generated(handle, index),
            found, tuple(ink))


@pytest.mark.parametrize("manuscript", [REAL_MANUSCRIPT, HEBREW], ids=lambda path: path.name)
def test_the_calls_by_address_give_what_the_bindings_give(
        manuscript: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    document = pypdfium2.PdfDocument(editions_once(manuscript, tmp_path_factory).pdf)
    try:
        compared = 0
        for page in document:
            text = page.get_textpage()
            for index in range(text.count_chars()):
                assert _through_addresses(text, index) == _through_bindings(text, index)
                compared += 1
            text.close()
            page.close()
    finally:
        document.close()
    assert compared > 500


def test_no_letter_before_the_first_right_to_left_block_is_written_right_to_left() -> None:
    assert not any(unicodedata.bidirectional(chr(code)) in ("R", "AL")
                   for code in range(ord(FIRST_RIGHT_TO_LEFT)))
    assert has_right_to_left("a line with \u05e9\u05dc\u05d5\u05dd in it")
    assert has_right_to_left("\u0627")  # Arabic alef
    assert not has_right_to_left("A line in Polish: \u017c\u00f3\u0142w, \u2014 1982")
    assert not has_right_to_left("")


def test_text_without_digits_loads_no_locale() -> None:
    digits_of.cache_clear()
    assert set_digits("no digit here", "fa") == "no digit here"
    assert digits_of.cache_info().misses == 0
    assert set_digits("in 1982", "fa") == "in \u06f1\u06f9\u06f8\u06f2"


def test_the_proof_of_reused_editions_loads_no_renderer(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """Jinja2, Pillow, python-stdnum and WeasyPrint are loaded when an edition is made,
    an image opened or an ISBN checked: the real book's proof, its editions reused,
    needs none of them."""
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    made = editions.pdf.stat().st_mtime_ns
    script = (
        "import json, sys\n"
        "from tarkbook.cli import main\n"
        f"code = main(['proof', {str(REAL_MANUSCRIPT)!r}, '--out', "
        f"{str(editions.pdf.parent)!r}, '--no-tools'])\n"
        "print(json.dumps([code, sorted({name.split('.')[0] for name in sys.modules})]))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    lines = done.stdout.strip().splitlines()
    code, loaded = json.loads(lines[-1])
    assert code == 0, done.stdout
    assert editions.pdf.stat().st_mtime_ns == made, "the editions were made again"
    assert {"pypdfium2", "lxml", "markdown_it"} <= set(loaded)
    assert not {"jinja2", "PIL", "stdnum", "weasyprint", "ebooklib"} & set(loaded)
