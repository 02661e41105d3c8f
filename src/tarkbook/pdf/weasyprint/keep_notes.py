"""A workaround for WeasyPrint moving a note away from its call, active only during layout.

When a line overflows the page and widows and orphans forbid breaking the paragraph
before it, WeasyPrint 70 makes room for the line by moving notes already on the page
to the next one, while their calls stay behind (upstream #1564, #2502). A book keeps
every note on the page of its call, so here that room is never made: the paragraph is
broken or moved as widows and orphans require, and its notes move with their calls.

The change is one condition in ``weasyprint.layout.block._linebox_layout``: the
function is compiled again from its own source with that condition false (and, where
``split_notes`` applies, with its hook where a note that does not fit is moved on). A
WeasyPrint whose source differs is left as it is; the layout check (pdf_footnotes) still
mends any note that lands on the wrong page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from weasyprint.layout import block

from tarkbook.pdf.recompile import recompiled
from tarkbook.pdf.weasyprint.registry import applies

_CONDITION = "report = not context.in_column and can_break_now and not could_break_before"
_NAME = "_linebox_layout"


def _patched(original: Any, changes: Mapping[str, str] | None = None) -> Any | None:
    """``original`` compiled again with notes never moved away to make room (and with
    ``changes``), or None when its source is not the one expected."""
    return recompiled(original, {_CONDITION: "report = False", **(changes or {})})


def internals(changes: Mapping[str, str] | None = None) -> str | None:
    original = getattr(block, _NAME, None)
    if original is None:
        return f"weasyprint.layout.block has no {_NAME}"
    if _patched(original, changes) is None:
        wanted = [_CONDITION, *(changes or {})]
        return f"{_NAME} does not hold " + " and ".join(f"'{w}'" for w in wanted) + " once"
    return None


@contextmanager
def notes_stay_with_calls(changes: Mapping[str, str] | None = None) -> Iterator[bool]:
    """Lay out with notes kept on their calls' pages (and ``changes`` made to the same
    function, see ``_patched``); WeasyPrint is restored afterwards.

    Yields whether the workaround is active.
    """
    original = getattr(block, _NAME, None)
    patched = (_patched(original, changes)
               if original is not None and applies("keep_notes") else None)
    if patched is None:
        yield False
        return
    setattr(block, _NAME, patched)
    try:
        yield True
    finally:
        setattr(block, _NAME, original)
