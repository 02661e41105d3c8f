"""What each edition adds to the manuscript's words by design, described once for every
check that compares the editions' text (``text``, ``running``, ``passages``).

- a thematic break's ornament: the PDF sets ``* * *`` (the theme's ``hr.section-break``),
  the EPUB a rule with no words;
- a list item's marker: the PDF sets ``1.`` or a bullet before the item (PDFium gives it
  apart from the item's words, or in one line with them when the item stands alone at a
  page's foot), the EPUB's ``<ol>`` numbers its items with no words;
- a note's number and a speaker's label are read apart by the checks of the notes and of
  the interviews (``text`` leaves the raised calls and the notes' asides out).

A word is cut after a slash or a dash that joins it to the next (``and/or``, ``yes—no``,
two years joined by an en dash): print may break a line there, and the EPUB never does,
so both editions' words are cut at the same places and a line break there changes
none."""

from __future__ import annotations

import re
from collections.abc import Iterable

BULLETS = frozenset("\u2022\u25e6\u25aa\u25ab\u2023\u2043\u2219\u00b7")
"""A bulleted list's markers."""

ORNAMENTS = frozenset("*\u2042\u2051\u204e\u2055\u2723\u2726\u2727\u2731\u2733\u2736"
                      "\u273b\u2740\u2741\u2766\u2767\u2619~\u00b7\u2022\u25c6\u25c7")
"""The characters a thematic break's ornament is made of (the theme's ``* * *``, and a
house style's asterism, fleuron or dinkus)."""

MARKER = re.compile("[" + "".join(sorted(BULLETS)) + "]"
                    r"|\d+[.)]|[a-zA-Z][.)]|[ivxlcdmIVXLCDM]+[.)]")
"""A list item's marker, which the PDF sets on its own (a style sheet's ``::marker``)."""

_JOINS = re.compile(r"(?<=[^\s/\u2013\u2014])([/\u2013\u2014]+)(?=\S)")
"""A slash or a dash between two characters of a word: print may break a line after it."""


def words(text: str) -> list[str]:
    """The words of ``text``: cut at spaces, and after a slash or dash inside a word."""
    return _JOINS.sub(r"\1 ", text).split()


def is_ornament(word: str) -> bool:
    """Whether ``word`` is made of an ornament's characters only (``*``, ``⁂``, ``❧``)."""
    return bool(word) and all(char in ORNAMENTS for char in word)


def is_marker(word: str) -> bool:
    """Whether ``word`` reads as a list item's marker (``1.``, ``b)``, ``iv.``, ``•``)."""
    return bool(MARKER.fullmatch(word))


def by_design(found: Iterable[str]) -> bool:
    """Whether every word of ``found`` (words that one edition has and the other has not,
    in one place) is something an edition adds by design: an ornament or a list marker.
    An empty run is none."""
    found = list(found)
    return bool(found) and all(is_ornament(word) or is_marker(word) for word in found)
