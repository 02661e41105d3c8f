"""Measuring the notes' area one note at a time, active only during layout.

Each time WeasyPrint places a note on a page, it lays out the page's whole notes area
again to learn its height, so that the text stops above it: on a page with six notes the
first is laid out six times, and these areas took a third of the book's layout time.
Where the notes stack simply (no bottom margins, top margins that cannot collapse through
the area's top, no height limits on the area), the area's height is the sum of the
heights each note has alone in it. Here each note is laid out alone once and the sums
are used; the area that is drawn is still laid out whole, once, when its page is
finished. Anything else (and a WeasyPrint without this function) is left to WeasyPrint.
The heights agree with WeasyPrint's to the last bits of a float, which its page-break
tests (relative tolerance 1e-9) do not see: the book's PDF is the same, byte for byte.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure import build
from weasyprint.layout import LayoutContext, block_level_layout

from tarkbook.pdf.weasyprint.registry import applies

_NAME = "_update_footnote_area"


@dataclass
class Measures:
    """How the notes' areas were measured during one layout."""

    alone: int = 0
    """Notes laid out alone, once each."""
    summed: int = 0
    """Areas whose height was the sum of their notes' heights."""
    whole: int = 0
    """Areas left to WeasyPrint, laid out whole."""


def internals() -> str | None:
    if getattr(LayoutContext, _NAME, None) is None:
        return f"weasyprint.layout.LayoutContext has no {_NAME}"
    if not hasattr(build, "create_anonymous_boxes"):
        return "weasyprint.formatting_structure.build has no create_anonymous_boxes"
    needed = ("current_footnote_area", "current_page_footnotes", "page_bottom", "in_column")
    source = inspect.getsource(LayoutContext.__init__)
    missing = [n for n in needed if f"self.{n} " not in source]
    return f"LayoutContext has no {', '.join(missing)}" if missing else None


@contextmanager
def notes_measured_alone() -> Iterator[Measures]:
    """Lay out with each notes' area measured from its notes' heights; WeasyPrint is
    restored afterwards. Yields the counts of what was measured how."""
    original = getattr(LayoutContext, _NAME, None)
    measures = Measures()
    if original is None or not applies("note_area"):
        yield measures
        return
    heights: dict[tuple[Any, float], float | None] = {}

    def height_alone(context: Any, area: Any, note: Any) -> float | None:
        key = (note, area.width)
        if key not in heights:
            measures.alone += 1
            heights[key] = _height_alone(context, area, note)
        return heights[key]

    def update_footnote_area(context: Any) -> bool:
        area, notes = context.current_footnote_area, context.current_page_footnotes
        if not notes or context.in_column:
            return bool(original(context))
        each = [height_alone(context, area, note) for note in notes]
        if any(height is None for height in each):
            measures.whole += 1
            return bool(original(context))
        measures.summed += 1
        if area.height != "auto":
            context.page_bottom += area.margin_height()
        area.children = notes
        area.height = sum(height for height in each if height is not None)
        context.page_bottom -= area.margin_height()
        return False  # an area with no height limit never overflows

    setattr(LayoutContext, _NAME, update_footnote_area)
    try:
        yield measures
    finally:
        setattr(LayoutContext, _NAME, original)


def _height_alone(context: Any, area: Any, note: Any) -> float | None:
    """The height of ``area`` holding only ``note``, or None when notes do not stack
    simply in it (their heights would not add up)."""
    children = area.children
    area.children = [note]
    try:
        laid = block_level_layout(
            context, build.create_anonymous_boxes(area.deepcopy()), -math.inf, None, area.page
        )[0]
    finally:
        area.children = children
    if len(laid.children) != 1:
        return None
    (child,) = laid.children
    stacks = (
        child.margin_bottom == 0 and child.margin_top >= 0
        and (laid.padding_top > 0 or laid.border_top_width > 0)
        and laid.max_height == math.inf and laid.min_height == 0
    )
    return float(laid.height) if stacks else None
