"""A note longer than the room left on its page runs on at the foot of the next pages,
active only during layout.

WeasyPrint 70 sets a note whole or not at all: a note that does not fit takes the line
of its call to the next page (``footnote-policy: line``), and a note longer than a page
is set off the page. Here, when a note does not fit under the line of its call, the
room under that line is more than ``SHORT`` lines of text and at least ``LEAST`` lines of
the note fit in it, the note is cut at a line: its first lines are set on the call's
page, the rest (as many lines at least as the widows of the note's paragraphs ask, two
in print.css) is carried to the next page, where it is set first in the notes' area,
above that page's own notes, without its number. A rest that does not fit there either
is cut again, leaving room for ``LEAST`` lines of text on the page, and so on.

The pieces of a note are copies of its box: the first piece is laid out with at most
so many lines (WeasyPrint's own ``max-lines`` machinery, with no ellipsis), a rest from
where the piece before it stopped (its skip stack, as WeasyPrint resumes any box on the
next page). The first piece carries the note's id, so the note's destination (and
every check of "note on its call's page") is its start; each later piece has an id of its
own (``note-7-part-2``), so that the PDF says where each piece stands. A book in which
no note is too long for its page meets none of this: the hook runs only where WeasyPrint
would move a note on, and the layout is the same, box for box.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import weasyprint.layout
from weasyprint.formatting_structure import boxes, build
from weasyprint.layout import LayoutContext, block, page

from tarkbook.pdf.recompile import recompiled
from tarkbook.pdf.weasyprint import keep_notes
from tarkbook.pdf.weasyprint.registry import applies

LEAST = 2
"""The fewest lines of a note set on a page: on its call's page, and carried over."""
SHORT = 3
"""A note is cut only where moving it whole, with its call's line, would leave its page
short by more than this many lines of text; a page a line or three short is the usual
give of a page's depth (widows and orphans make as much), and a short note stays whole."""

_HOOK = "_tarkbook_split_note"
_MOVED_ON = "                if overflow:\n                    context.report_footnote(footnote)"
LINEBOX_CHANGE = {
    _MOVED_ON: (f"                if overflow and not context.{_HOOK}(footnote, bottom_space, "
                "new_position_y + offset_y):\n                    "
                "context.report_footnote(footnote)"),
}
"""The change to ``_linebox_layout`` (made by keep_notes): a note that does not fit
under its call's line is first offered to be cut."""

_REPORTED = "_tarkbook_reported"
_PAGES_CHANGE = {
    "            reported_footnotes = None\n            yield pages[i]":
        f"            reported_footnotes = context.{_REPORTED}(i)\n            yield pages[i]",
}
"""The change to ``make_all_pages``: a page kept from the layout before (when pages are
made again for their counters) still says whether notes run on after it, so that the
pages after the text's end that hold only notes are kept (WeasyPrint forgets them)."""

_PIECE = "_tarkbook_piece"
_TRIES = 3
"""How many times a cut is tried a line shorter when the first piece does not fit."""
_SLACK = 0.01
"""Points added to a height measured, so that a line ending exactly there still fits."""


@dataclass(frozen=True)
class Piece:
    """Where a piece of a note starts (a skip stack, None at its start), how many lines
    it has (None: all that are left) and which piece of its note it is (1: the first)."""

    start: dict[int, Any] | None
    lines: int | None
    part: int = 1


@dataclass
class Splits:
    """The state of the cutting during one layout."""

    carried: list[Any] = field(default_factory=list)
    """The rests cut on the page being made, to be set first on the next one."""
    cut: dict[Any, tuple[Any, Any]] = field(default_factory=dict)
    """Each note cut on the page being made: its first piece and its rest."""
    reported: set[int] = field(default_factory=set)
    """The 0-based pages after which notes run on to the next page."""
    left: dict[int, list[Any]] = field(default_factory=dict)
    """The notes each page (1-based) left for the next, as its latest layout left them."""


def internals() -> str | None:
    missing = [name for name in ("layout_footnote", "unlayout_footnote", "_update_footnote_area")
               if not hasattr(LayoutContext, name)]
    if missing:
        return f"weasyprint.layout.LayoutContext has no {', '.join(missing)}"
    if not hasattr(page, "make_page") or not hasattr(block, "block_level_layout"):
        return "weasyprint.layout has no make_page or block_level_layout"
    if not applies("keep_notes"):
        return "it needs keep_notes, which is skipped"
    if recompiled(page.make_all_pages, _PAGES_CHANGE) is None:
        return "make_all_pages does not forget the notes after a page kept as it was"
    return keep_notes.internals(LINEBOX_CHANGE)


def linebox_change() -> dict[str, str]:
    """The change keep_notes makes to ``_linebox_layout`` for this patch, if it applies."""
    return dict(LINEBOX_CHANGE) if applies("split_notes") else {}


def is_continuation(box: Any) -> bool:
    """Whether ``box`` (a note's box in a notes' area) is a note's rest, carried over."""
    piece = getattr(box, _PIECE, None)
    return piece is not None and piece.start is not None


@contextmanager
def notes_split_over_pages() -> Iterator[Splits]:
    """Lay out with long notes cut over pages; WeasyPrint is restored afterwards.
    Yields the counts of what was cut."""
    splits = Splits()
    if not applies("split_notes"):
        yield splits
        return
    saved = {
        (block, "block_level_layout"): block.block_level_layout,
        (weasyprint.layout, "make_all_pages"): weasyprint.layout.make_all_pages,
        (page, "make_page"): page.make_page,
        (LayoutContext, "layout_footnote"): LayoutContext.layout_footnote,
        (LayoutContext, "unlayout_footnote"): LayoutContext.unlayout_footnote,
    }
    replacements = _replacements(splits, saved)
    for (owner, name), function in replacements.items():
        setattr(owner, name, function)
    try:
        yield splits
    finally:
        for (owner, name), function in saved.items():
            setattr(owner, name, function)
        delattr(LayoutContext, _HOOK)
        delattr(LayoutContext, _REPORTED)


def _replacements(splits: Splits, saved: dict[tuple[Any, str], Any]) -> dict[Any, Any]:
    block_level_layout = saved[block, "block_level_layout"]
    make_page = saved[page, "make_page"]
    layout_footnote = saved[LayoutContext, "layout_footnote"]
    unlayout_footnote = saved[LayoutContext, "unlayout_footnote"]

    def piece_layout(context: Any, box: Any, bottom_space: float, skip_stack: Any,
                     *args: Any, **kwargs: Any) -> Any:
        piece = getattr(box, _PIECE, None)
        if piece is not None:
            if skip_stack is None:
                skip_stack = piece.start
            if piece.lines is not None:
                args, kwargs = _with_max_lines(args, kwargs, piece.lines)
        return block_level_layout(context, box, bottom_space, skip_stack, *args, **kwargs)

    def split_note(context: Any, note: Any, bottom_space: float, text_bottom: float) -> bool:
        if context.reported_footnotes or context.in_column or is_continuation(note):
            return False
        room = SHORT * _line_height(context.current_footnote_area.page)
        return _cut(context, note, bottom_space, text_bottom, splits, None, room)

    def laid_out_footnote(context: Any, note: Any) -> bool:
        overflow = bool(layout_footnote(context, note))
        first = context.current_page_footnotes[0] is note
        if not (first and is_continuation(note)):
            return overflow
        area = context.current_footnote_area
        text_bottom = area.page.content_box_y() + LEAST * _line_height(area.page)
        if overflow or context.overflows_page(0, text_bottom):
            _cut(context, note, 0, text_bottom, splits, getattr(note, _PIECE))
            return False
        return overflow

    def unlaid_footnote(context: Any, note: Any) -> None:
        if note in splits.cut:
            first, rest = splits.cut.pop(note)
            if first in context.current_page_footnotes:
                context.current_page_footnotes.remove(first)
            if rest in splits.carried:
                splits.carried.remove(rest)
        unlayout_footnote(context, note)

    def made_page(context: Any, *args: Any, **kwargs: Any) -> Any:
        number = args[3] if len(args) > 3 else kwargs["page_number"]
        if number - 1 in splits.left:
            # A page made again (for its counters) after one kept as it was: it starts with
            # the notes that page left in its latest layout, not with whatever the last
            # page made left (which would set a note's rest twice).
            context.reported_footnotes[:] = splits.left[number - 1]
        splits.carried.clear()
        splits.cut.clear()
        made = make_page(context, *args, **kwargs)
        context.reported_footnotes[:0] = splits.carried
        splits.left[number] = list(context.reported_footnotes)
        if context.reported_footnotes:
            splits.reported.add(number - 1)
        else:
            splits.reported.discard(number - 1)
        splits.carried.clear()
        splits.cut.clear()
        return made

    def reported_after(context: Any, index: int) -> bool:
        return index in splits.reported

    setattr(LayoutContext, _HOOK, split_note)
    setattr(LayoutContext, _REPORTED, reported_after)
    return {
        (block, "block_level_layout"): piece_layout,
        (weasyprint.layout, "make_all_pages"): recompiled(saved[weasyprint.layout,
                                                                "make_all_pages"],
                                                          _PAGES_CHANGE),
        (page, "make_page"): made_page,
        (LayoutContext, "layout_footnote"): laid_out_footnote,
        (LayoutContext, "unlayout_footnote"): unlaid_footnote,
    }


def _with_max_lines(args: tuple[Any, ...], kwargs: dict[str, Any],
                    lines: int) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of ``block_level_layout`` after ``skip_stack`` with ``max_lines``."""
    position = 8  # containing_block … first_line_style, discard, then max_lines
    if len(args) > position:
        given = args[position]
        lines = lines if given is None else min(lines, given)
        return (*args[:position], lines, *args[position + 1:]), kwargs
    given = kwargs.get("max_lines")
    return args, {**kwargs, "max_lines": lines if given is None else min(lines, given)}


def _line_height(page_box: Any) -> float:
    """The running text's line height, from the root element's style."""
    style = page_box.style
    height = style["line_height"]
    size = float(style["font_size"])
    if getattr(height, "unit", None) == "px":
        return float(height.value)
    if isinstance(height, (int, float)) and not isinstance(height, bool):
        return float(height) * size
    return 1.2 * size


def _cut(context: Any, note: Any, bottom_space: float, text_bottom: float,
         splits: Splits, piece: Piece | None, least_room: float = 0.0) -> bool:
    """Cut ``note`` (a whole note, or a piece starting at ``piece.start``), set on this
    page, so that the text still ends at ``text_bottom``: its first lines stay on the
    page, the rest is carried to the next. False (and nothing changed) when fewer than
    LEAST lines would stay, or the room under the text is less than ``least_room``.
    The note is laid out once, alone, in the room: where it stops (as any block stops at
    a page's foot, keeping its paragraphs' widows and orphans) is where it is cut."""
    start, part = (None, 1) if piece is None else (piece.start, piece.part)
    source = note if piece is None else getattr(note, "_tarkbook_note", note)
    context.current_page_footnotes.remove(note)
    context._update_footnote_area()
    room = context.page_bottom - bottom_space - text_bottom
    height = room if room >= least_room else 0.0
    for _ in range(_TRIES):
        resume_at, bottoms = _resume(context, note, height)
        if resume_at is None or len(bottoms) < LEAST:
            break
        first = _piece(source, Piece(start, len(bottoms), part))
        context.current_page_footnotes.append(first)
        context._update_footnote_area()
        if not context.overflows_page(bottom_space, text_bottom):
            rest = _piece(source, Piece(resume_at, None, part + 1))
            splits.carried.append(rest)
            splits.cut[note] = (first, rest)
            return True
        context.current_page_footnotes.remove(first)
        height = bottoms[-2]  # a line less
    context.current_page_footnotes.append(note)
    context._update_footnote_area()
    return False


def part_anchor(anchor: str, part: int) -> str:
    """The id of the ``part``-th piece of the note of id ``anchor``: its own id for the
    first, ``note-7-part-2`` for the second, and so on."""
    return anchor if part == 1 else f"{anchor}-part-{part}"


def _piece(note: Any, piece: Piece) -> Any:
    """A copy of ``note``'s box that is laid out as ``piece``, with the piece's id."""
    box = note.copy()
    setattr(box, _PIECE, piece)
    box._tarkbook_note = note
    anchor = note.style["anchor"]
    if piece.part > 1 and anchor:
        box.style = box.style.copy()
        box.style["anchor"] = part_anchor(anchor, piece.part)
    return box


def _alone(context: Any, note: Any, height: float = math.inf) -> Any:
    """The layout of the notes' area of the page with ``note`` alone in it, its content
    at most ``height`` high: the area and where it would resume (WeasyPrint's
    ``block_level_layout`` tuple). Widows and orphans are kept as in any block."""
    area = context.current_footnote_area
    children = area.children
    area.children = [note]
    try:
        laid_out = build.create_anonymous_boxes(area.deepcopy())
        bottom_space = -math.inf
        if height < math.inf:
            top = area.position_y + area.margin_top + area.border_top_width + area.padding_top
            bottom_space = context.page_bottom - (top + height + _SLACK)
        return block.block_level_layout(context, laid_out, bottom_space, None, area.page)
    finally:
        area.children = children


def _lines(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.LineBox):
            yield child
        else:
            yield from _lines(child)


def _resume(context: Any, note: Any, height: float) -> tuple[Any, list[float]]:
    """Where ``note`` (a note or a piece) resumes when its lines may fill ``height``
    (None when it all fits), and the bottom of each line that fits, from the top of the
    notes' area's content (the area's height with the note's lines up to that one)."""
    if height <= 0:
        return None, []
    laid, resume_at = _alone(context, note, height)[:2]
    top = laid.content_box_y()
    bottoms = [line.position_y + line.height - top for line in _lines(laid)]
    return (None if resume_at is None else resume_at[0]), bottoms
