"""A workaround for a WeasyPrint line-breaking bug, active only while the book is laid out.

WeasyPrint measures a run of text before an inline element (``died <em>young</em>``)
with its trailing space. When the run fits the line but its trailing space does not,
the run is treated as too long and the line is broken after its first word: a
paragraph then opens with a line holding one word. Trailing spaces hang at the end
of a line, so such a run is measured here without them, as any line would be.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from weasyprint.layout import inline
from weasyprint.text import line_break

from tarkbook.pdf.weasyprint.registry import applies

_COLLAPSING = ("normal", "nowrap", "pre-line")

SplitFirstLine = Callable[..., Any]

_PARAMETERS = ["text", "style", "context", "max_width", "justification_spacing",
               "is_line_start", "minimum"]


def internals() -> str | None:
    original = getattr(inline, "split_first_line", None)
    if original is None:
        return "weasyprint.layout.inline has no split_first_line"
    if list(inspect.signature(original).parameters) != _PARAMETERS:
        return "split_first_line takes other parameters"
    missing = [n for n in ("create_layout", "line_size") if not hasattr(line_break, n)]
    if missing:
        return f"weasyprint.text.line_break has no {', '.join(missing)}"
    return None


def _hanging_spaces(original: SplitFirstLine) -> SplitFirstLine:
    def split_first_line(
        text: str, style: Any, context: Any, max_width: float | None,
        justification_spacing: float, is_line_start: bool = True, minimum: bool = False,
    ) -> Any:
        first = original(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        if first[2] is None:  # no resume index: the whole run fits, trailing spaces and all
            return first
        if _fits_without_trailing_spaces(text, style, context, max_width, justification_spacing):
            return original(
                text, style, context, math.inf, justification_spacing, is_line_start, minimum
            )
        return first

    return split_first_line


def _fits_without_trailing_spaces(
    text: str, style: Any, context: Any, max_width: float | None, spacing: float
) -> bool:
    if max_width is None or max_width == math.inf or style["white_space"] not in _COLLAPSING:
        return False
    stripped = text.rstrip(" ")
    if stripped == text or not stripped:
        return False
    layout = line_break.create_layout(stripped, style, context, None, spacing)
    try:
        line, resume = layout.get_first_line()
        width, _ = line_break.line_size(line, style)
    finally:
        layout.deactivate()
    return resume is None and bool(width <= max_width)


@contextmanager
def hanging_trailing_spaces() -> Iterator[None]:
    """Lay out with trailing spaces hanging; WeasyPrint is restored afterwards.

    A WeasyPrint without the functions this relies on is left as it is.
    """
    original = getattr(inline, "split_first_line", None)
    if original is None or not applies("linebreak"):
        yield
        return
    inline.split_first_line = _hanging_spaces(original)
    try:
        yield
    finally:
        inline.split_first_line = original
