"""Notes' areas measured one note at a time (pdf_note_area): the same PDF, less layout."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from weasyprint.layout import LayoutContext

from pdf_support import FIXTURE_MANUSCRIPT, REAL_MANUSCRIPT, STYLES
from tarkbook.edition import Context
from tarkbook.manuscript import load_book
from tarkbook.pdf import edition as pdf
from tarkbook.pdf.weasyprint.note_area import Measures, notes_measured_alone


def _render(manuscript: Path, styles: Path, alone: bool) -> tuple[bytes, Measures]:
    """The PDF of ``manuscript``, with the notes' areas measured by note or by WeasyPrint,
    and the counts of how they were measured."""
    measured: list[Measures] = []

    @contextlib.contextmanager
    def recording() -> Iterator[Measures]:
        with notes_measured_alone() as measures:
            measured.append(measures)
            yield measures

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "notes_measured_alone",
                      recording if alone else lambda: contextlib.nullcontext(Measures()))
        data = pdf.render_pdf(load_book(manuscript), Context(manuscript, styles))
    return data, (measured[0] if measured else Measures())


def test_the_workaround_is_undone_after_layout() -> None:
    original = LayoutContext._update_footnote_area
    with notes_measured_alone():
        assert LayoutContext._update_footnote_area is not original
    assert LayoutContext._update_footnote_area is original


def test_the_book_is_the_same_byte_for_byte_with_each_note_laid_out_alone_once() -> None:
    upstream, _ = _render(REAL_MANUSCRIPT, STYLES, alone=False)
    ours, measures = _render(REAL_MANUSCRIPT, STYLES, alone=True)
    assert ours == upstream
    # each note once (the index, set again alone with the folios read from the layout,
    # has none); every note of this book fits whole under its call, so none is offered to
    # be cut over pages (pdf/weasyprint/split_notes.py, tested on its own books)
    assert measures.alone == len(load_book(REAL_MANUSCRIPT).notes)
    assert measures.summed > measures.alone  # more areas measured than notes laid out
    assert measures.whole == 0


def test_notes_that_do_not_simply_stack_are_left_to_weasyprint(tmp_path: Path) -> None:
    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    with (styles / "print.css").open("a", encoding="utf-8") as sheet:
        sheet.write("\n.footnote { margin-bottom: 3pt; }\n")  # margins that collapse
    upstream, _ = _render(FIXTURE_MANUSCRIPT, styles, alone=False)
    ours, measures = _render(FIXTURE_MANUSCRIPT, styles, alone=True)
    assert ours == upstream
    assert measures.whole > 0
    assert measures.summed == 0
