"""A run of text that fits its line but for its trailing space is not broken after one word."""

from __future__ import annotations

from typing import Any

import pytest
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from tarkbook.pdf.fonts import folders, font_face_css
from tarkbook.pdf.weasyprint.linebreak import hanging_trailing_spaces

RUN = "Andrei Tarkovsky is one of the greatest filmmakers who died"
PARAGRAPH = (f"<p>{RUN} <em>young</em> in exile. He is often called the inventor of a new "
             "cinematic language, which is intimate, poetic, and often lyrical.</p>")
CHAIN = ("Source Serif Pro",)
BASE = ('html { font-family: book; font-size: 10pt; line-height: 14pt; } '
        "body { margin: 0 } p { margin: 0; text-align: justify; } @page { margin: 10mm }")


def _render(markup: str, css: str) -> Any:
    fonts = FontConfiguration()
    places = folders(CHAIN)
    faces = font_face_css(CHAIN, lambda folder, file: (places[folder] / file).as_uri())
    sheets = [CSS(string=faces, font_config=fonts),
              CSS(string=BASE + css, font_config=fonts)]
    return HTML(string=f'<html lang="en"><body>{markup}</body></html>').render(
        font_config=fonts, stylesheets=sheets)


def _text(box: Any) -> str:
    if isinstance(box, boxes.TextBox):
        return str(box.text)
    if isinstance(box, boxes.ParentBox):
        return "".join(_text(child) for child in box.children)
    return ""


def _boxes(box: Any, kind: type) -> list[Any]:
    found = [box] if isinstance(box, kind) else []
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            found += _boxes(child, kind)
    return found


def _lines(document: Any) -> list[str]:
    page = document.pages[0]._page_box
    return [" ".join(_text(line).split()) for line in _boxes(page, boxes.LineBox)]


@pytest.fixture(scope="module")
def critical_width() -> float:
    """A measure the run fits without its trailing space, but not with it."""
    document = _render(f'<p style="display: inline-block">{RUN}</p>', "")
    (block,) = [b for b in _boxes(document.pages[0]._page_box, boxes.InlineBlockBox)]
    return float(block.width) + 1


def test_the_run_keeps_its_words_on_the_first_line(critical_width: float) -> None:
    with hanging_trailing_spaces():
        lines = _lines(_render(PARAGRAPH, f"p {{ width: {critical_width}px }}"))
    assert lines[0] == RUN
    assert len(lines) >= 3


def test_weasyprint_is_restored_afterwards(critical_width: float) -> None:
    from weasyprint.layout import inline

    before = inline.split_first_line
    with hanging_trailing_spaces():
        assert inline.split_first_line is not before
    assert inline.split_first_line is before


def test_without_the_workaround_weasyprint_still_breaks_after_one_word(
    critical_width: float,
) -> None:
    lines = _lines(_render(PARAGRAPH, f"p {{ width: {critical_width}px }}"))
    if lines[0] == RUN:
        pytest.skip("this WeasyPrint sets the line well: the workaround may be removed")
    assert lines[0] == "Andrei"
