"""A right-to-left line's text in reading order, from its characters as they stand on the
page: PDFium gives the characters of a right-to-left run in an order of its own, which
puts a full stop or a number at the wrong end of the run, and a bracket as the glyph the
page shows."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from bidi import algorithm as bidi

FIRST_RIGHT_TO_LEFT = "\u0590"
"""No character before this one (the first of the Hebrew block) is written from right to
left: a line of characters all before it has none to look for."""

_OPENING, _CLOSING = "([{<\u00ab\u2039", ")]}>\u00bb\u203a"
_MIRRORED = str.maketrans(_OPENING + _CLOSING, _CLOSING + _OPENING)


def reading_order(chars: Sequence[tuple[str, float, float]], rtl: bool = True) -> str:
    """The text of a line from its characters (spaces too), each with the left and right
    of its box: ordered as they stand from left to right, and read back by the Unicode
    bidirectional algorithm, the line's own direction right to left (``rtl``) or left to
    right, without the algorithm's last step (the mirroring of brackets, which the page's
    glyphs have done already)."""
    shown = _as_shown(chars, rtl)
    visual = " ".join("".join(c[0] for c in shown).split())
    storage = bidi.get_empty_storage()
    storage["base_level"], storage["base_dir"] = (1, "R") if rtl else (0, "L")
    bidi.get_embedding_levels(visual, storage, False, False)
    bidi.explicit_embed_and_overrides(storage, False)
    bidi.resolve_weak_types(storage, False)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    bidi.reorder_resolved_levels(storage, False)
    return _balanced("".join(char["ch"] for char in storage["chars"]).strip())


STACKED = 0.5
"""Points between the middles of two glyphs' boxes under which they stand one over the
other (Amiri's meem over a hah, a mark over its letter) rather than side by side."""


def _as_shown(chars: Sequence[tuple[str, float, float]], rtl: bool
              ) -> list[tuple[str, float, float]]:
    """``chars`` from left to right by the middle of each one's box; two that stand one
    over the other keep PDFium's order, which is the order they are read in (the first
    read on the right of a right-to-left line)."""
    shown = sorted(enumerate(chars), key=lambda c: c[1][1] + c[1][2])
    for i in range(len(shown) - 1):
        (a, first), (b, second) = shown[i], shown[i + 1]
        if (second[1] + second[2]) - (first[1] + first[2]) >= 2 * STACKED:
            continue
        # which is read first: a letter before the mark over it, else as PDFium has them
        first_mark, second_mark = (unicodedata.category(c[0]) == "Mn" for c in (first, second))
        first_read = second_mark if first_mark != second_mark else a < b
        if first_read == rtl:  # the one read first stands on the right of a rtl line
            shown[i], shown[i + 1] = shown[i + 1], shown[i]
    return [char for _, char in shown]


def has_right_to_left(text: str) -> bool:
    """Whether ``text`` has a letter written from right to left."""
    if not text or max(text) < FIRST_RIGHT_TO_LEFT:  # most lines: no need to look closer
        return False
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _pairs(text: str) -> bool:
    depth = 0
    for char in text:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _balanced(text: str) -> str:
    """``text`` with its brackets turned the way they pair: which run a bracket belongs
    to is not always what the algorithm finds ("(3)" in a Hebrew line)."""
    turned = text.translate(_MIRRORED)
    return turned if not _pairs(text) and _pairs(turned) else text
