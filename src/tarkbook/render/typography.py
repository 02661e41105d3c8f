"""Typographic rules applied to text as it is rendered, the same in both editions.

The manuscript keeps the source's punctuation (curly quotes, dashes, ellipses); these
rules only decide where a line may break.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# A spaced em dash never starts a line: the space before it does not break.
_SPACE_BEFORE_DASH = re.compile(r"[ \t\n]+(?=—)")
# The word (with its punctuation) just before a note call, which must not be parted from it.
_LAST_WORD = re.compile(r"\S+$")


def join_dashes(text: str) -> str:
    """Spaces before an em dash become one no-break space."""
    return _SPACE_BEFORE_DASH.sub(NBSP, text)


def split_last_word(text: str) -> tuple[str, str]:
    """``text`` split before its last word: ('…the whole ', 'whole.') style."""
    match = _LAST_WORD.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], match.group()
