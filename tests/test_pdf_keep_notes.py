"""Notes stay on the page of their calls without a layout to mend them (pdf_keep_notes)."""

from __future__ import annotations

from pathlib import Path

from weasyprint.layout import block

from pdf_support import REAL_MANUSCRIPT, STYLES
from tarkbook.edition import Context
from tarkbook.manuscript import load_book
from tarkbook.pdf.edition import render_pdf
from tarkbook.pdf.weasyprint.keep_notes import notes_stay_with_calls


def test_the_workaround_applies_to_the_installed_weasyprint_and_is_undone() -> None:
    original = block._linebox_layout
    with notes_stay_with_calls() as active:
        assert active
        assert block._linebox_layout is not original
        assert block._linebox_layout.__code__.co_filename == original.__code__.co_filename
    assert block._linebox_layout is original


def test_the_book_needs_no_layout_to_mend_its_notes(tmp_path: Path) -> None:
    lines: list[str] = []
    render_pdf(load_book(REAL_MANUSCRIPT), Context(REAL_MANUSCRIPT, STYLES,
                                                   progress=lines.append))
    layouts = [line for line in lines if line.startswith("layout ")]
    # one layout of the whole book (the index, which ends it on a recto, is set again alone
    # with the folios read from it); no note is ever mended
    assert len(layouts) == 1
    assert all(layout.endswith(", 0 note(s) to mend") for layout in layouts), layouts
