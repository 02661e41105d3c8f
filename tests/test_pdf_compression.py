"""The PDF's streams at zlib's usual level while it is written (pdf_compression)."""

from __future__ import annotations

import contextlib
import zlib
from io import BytesIO

import pydyf
import pytest
from pypdf import PdfReader

from pdf_support import FIXTURE_MANUSCRIPT, STYLES
from tarkbook.edition import Context
from tarkbook.manuscript import load_book
from tarkbook.pdf import edition as pdf
from tarkbook.pdf.weasyprint.compression import LEVEL, usual_compression


def _streams(data: bytes) -> dict[int, bytes]:
    """Every stream object of a PDF, decompressed, by object number; but the
    cross-reference stream, which holds the other objects' places in the file."""
    reader = PdfReader(BytesIO(data))
    found = {}
    for number in range(1, int(reader.trailer["/Size"])):
        item = reader.get_object(number)
        if hasattr(item, "get_data") and item.get("/Type") != "/XRef":
            found[number] = item.get_data()
    return found


SAMPLE = b"The truth of memory. " * 400


def test_streams_are_deflated_at_level_6_and_zlib_is_pydyfs_own_again_afterwards() -> None:
    with usual_compression() as active:
        assert active
        made = pydyf.zlib.compressobj(level=9)  # as pydyf asks
        deflated = made.compress(SAMPLE) + made.flush()
    usual = zlib.compressobj(LEVEL)
    assert deflated == usual.compress(SAMPLE) + usual.flush()
    assert zlib.decompress(deflated) == SAMPLE
    assert pydyf.zlib is zlib


def test_the_pdf_holds_the_same_content_in_a_little_more_room(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = load_book(FIXTURE_MANUSCRIPT)
    ours = pdf.render_pdf(book, Context(FIXTURE_MANUSCRIPT, STYLES))
    assert pdf.render_pdf(book, Context(FIXTURE_MANUSCRIPT, STYLES)) == ours  # reproducible
    monkeypatch.setattr(pdf, "usual_compression", lambda: contextlib.nullcontext(False))
    highest = pdf.render_pdf(book, Context(FIXTURE_MANUSCRIPT, STYLES))
    assert ours != highest
    assert _streams(ours) == _streams(highest)
    assert len(_streams(ours)) > 10
    assert len(highest) < len(ours) < len(highest) * 1.05  # about 2% bigger
