"""Page references made once per PDF while it is written (pdf_page_references)."""

from __future__ import annotations

import contextlib

import pydyf
import pytest

from pdf_support import REAL_MANUSCRIPT, STYLES
from tarkbook.edition import Context
from tarkbook.manuscript import load_book
from tarkbook.pdf import edition as pdf
from tarkbook.pdf.weasyprint.page_references import page_references_made_once


def _pdf_with_pages(count: int) -> pydyf.PDF:
    document = pydyf.PDF()
    for _ in range(count):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return document


def test_the_references_are_pydyfs_and_follow_added_pages() -> None:
    plain = _pdf_with_pages(3)
    expected = plain.page_references
    with page_references_made_once() as active:
        assert active
        document = _pdf_with_pages(3)
        first = document.page_references
        assert first == expected
        assert document.page_references is first  # kept, not made again
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
        plain.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert document.page_references == plain.page_references
        assert len(document.page_references) == 4
        assert _pdf_with_pages(2).page_references == expected[:2]  # each PDF its own
    assert isinstance(pydyf.PDF.page_references, property)
    assert plain.page_references is not plain.page_references  # pydyf's own again


def test_the_book_is_the_same_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    book = load_book(REAL_MANUSCRIPT)
    ours = pdf.render_pdf(book, Context(REAL_MANUSCRIPT, STYLES))
    monkeypatch.setattr(pdf, "page_references_made_once", lambda: contextlib.nullcontext(False))
    assert pdf.render_pdf(book, Context(REAL_MANUSCRIPT, STYLES)) == ours
