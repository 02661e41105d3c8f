"""Which block quote is an epigraph: one that opens a section and ends with its source, a
paragraph that starts with a dash ("— Anna Akhmatova")."""

from __future__ import annotations

from typing import TypeGuard

from tarkbook.model import BlockQuote, Paragraph, Text

ATTRIBUTION_DASHES = ("\u2014", "\u2015", "\u2013")
"""An em dash, a quotation dash or an en dash (``---``, ``--`` with smart punctuation)."""


def is_epigraph(block: object) -> TypeGuard[BlockQuote]:
    """True for a block quote of at least two blocks whose last is an attribution line."""
    if not isinstance(block, BlockQuote) or len(block.blocks) < 2:
        return False
    last = block.blocks[-1]
    if not isinstance(last, Paragraph) or not last.children:
        return False
    first = last.children[0]
    return isinstance(first, Text) and first.text.lstrip().startswith(ATTRIBUTION_DASHES)
