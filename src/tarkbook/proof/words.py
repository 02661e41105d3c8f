"""The words the proof compares between the editions: how a text is cut into words, and
the ``key`` by which two editions' words are compared.

Words are compared by their key: in Unicode's compatibility form, without soft hyphens
and hyphens (a word broken at a line's end is whole again), case folded (a heading set in
capitals or small capitals by the style sheet is the same word). A word is cut after a
slash or a dash that joins it to the next (``proof/additions.py`` says why)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

_HYPHENS = re.compile(r"[-\u2010\u2011\u00ad]")
_JOINS = re.compile(r"(?<=[^\s/\u2013\u2014])([/\u2013\u2014]+)(?=\w)")
"""A slash or a dash between two characters of a word: print may break a line after it."""


def words(text: str) -> list[str]:
    """The words of ``text``: cut at spaces, and after a slash or dash inside a word."""
    return _JOINS.sub(r"\1 ", text).split()


@cache  # a book says most of its words many times, and the proof keys each edition's
def key(word: str) -> str:
    """The form in which two editions' words are compared: without soft hyphens and the
    invisible format characters (a zero-width non-joiner in a Persian word, a direction
    mark), which shape the letters around them and print nothing a PDF could give back."""
    normal = unicodedata.normalize("NFKC", word)
    if not normal.isascii():
        normal = "".join(char for char in normal if unicodedata.category(char) != "Cf")
    return _HYPHENS.sub("", normal).casefold()


def keys(text: str) -> list[str]:
    """The keys of the words of ``text``."""
    found = (key(word) for word in words(unicodedata.normalize("NFKC", text)))
    return [word for word in found if word]


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    """As the edition shows it."""
    key: str
    page: int = 0
    """The PDF page, 1-based; 0 for a word of the EPUB."""
    document: str = ""
    """The EPUB document; empty for a word of the PDF."""
    box: tuple[float, float, float, float] | None = None
    """The PDF line the word is on: x0, top, x1, bottom in points from the page's top left."""


Text = list[list[Word]]
"""The words of each group: the front matter (``text.FRONT``), then each section in turn."""
