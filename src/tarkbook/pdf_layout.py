"""Laying the book out until every note stands on the page of its call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from weasyprint import CSS, HTML

from tarkbook.build import EditionFailed
from tarkbook.pdf_boxes import block_of, split_block
from tarkbook.pdf_footnotes import Fixes, Placement, call_anchor, describe, mend, placements

MAX_LAYOUTS = 8

Render = Callable[[Sequence[Any]], Any]
"""Lays the book out with these extra stylesheets and returns WeasyPrint's Document."""


def lay_out(html: HTML, sheets: Sequence[Any], numbers: Sequence[int], **options: Any) -> Any:
    """The laid-out Document of ``html``, every note ``numbers`` on its call's page.

    Each misplaced note is mended (see pdf_footnotes) and the book laid out again, up to
    MAX_LAYOUTS times; raises EditionFailed if some note is still misplaced.
    """
    fonts = options.pop("font_config")
    fetcher = options.pop("url_fetcher")
    fixes = Fixes()
    misplaced: list[Placement] = []
    for _ in range(MAX_LAYOUTS):
        mending = CSS(string=fixes.css(), font_config=fonts, url_fetcher=fetcher)
        document = html.render(font_config=fonts, stylesheets=[*sheets, mending], **options)
        misplaced = [p for p in placements(document.pages, numbers) if not p.ok]
        if not misplaced:
            return document
        updated = mend(fixes, misplaced, _break_finder(document.pages))
        if updated is None:
            break
        fixes = updated
    raise EditionFailed(
        "the PDF edition failed: some notes could not be set on the page of their call ("
        + "; ".join(describe(placement) for placement in misplaced) + ")"
    )


def _break_finder(pages: Sequence[Any]) -> Callable[[Placement], str | None]:
    """The block to break before: the one split at the foot of the call's page, if any,
    else the paragraph of the call."""

    def find(placement: Placement) -> str | None:
        if placement.call_page is not None:
            selector = split_block(pages, placement.call_page - 1)
            if selector is not None:
                return selector
        return block_of(pages, call_anchor(placement.number))

    return find
