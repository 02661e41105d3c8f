"""Hints for a name that is not known: the closest known one, or where a key belongs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_CONTRIBUTOR = 'a [[contributors]] table with name = "…" and roles = ["{role}"]'

ELSEWHERE = {
    "author": _CONTRIBUTOR.format(role="aut"),
    "authors": _CONTRIBUTOR.format(role="aut"),
    "creator": _CONTRIBUTOR.format(role="aut"),
    "editor": _CONTRIBUTOR.format(role="edt"),
    "translator": _CONTRIBUTOR.format(role="trl"),
    "illustrator": _CONTRIBUTOR.format(role="ill"),
    "cover": '[cover] image = "images/…"',
    "cover_image": '[cover] image = "images/…"',
    "cover-image": '[cover] image = "images/…"',
    "isbn": "[epub] isbn and [print] isbn, one for each edition",
    "copyright": 'rights = "…" in [book]',
    "lang": 'language = "…" in [book]',
}
"""Keys that other tools (Pandoc, Quarto, e-book editors) take, and where tarkbook has them."""


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name most like ``name``, if one is close enough to be a likely typo."""
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return matches[0] if matches else None


def key_hint(key: str, allowed: Iterable[str]) -> str:
    """The end of an unknown key's message: '; did you mean …?', or where the key belongs."""
    near = closest(key, allowed)
    if near is not None:
        return f"; did you mean '{near}'?"
    where = ELSEWHERE.get(key.lower())
    if where is not None:
        return f"; tarkbook takes it as {where}"
    return ""
