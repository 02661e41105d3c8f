"""Running heads and folios: the lines a page's margins carry, told from the running text
by where they stand rather than by their size or face, so that a house style's heads set
at the text's own size are still heads.

A line is a page's furniture when it stands at the page's top or foot (no line above it,
or none below), further from the nearest line than a line's step and a quarter, and

- it reads as the page's folio (the folio alone, or a head that begins or ends with it);
  or
- its place (top or foot, and its baseline) is one where such lines stand on three pages
  or more, and one of them reads as a folio or the same words stand there twice (the
  running heads of a house style that prints no folio beside them).

A part's title at the top of its first page and a note of one line at a page's foot are
never heads: they stand where the ``part-`` and ``note-`` destinations of the PDF put them
(a head at the foot stands below the notes, further from them than a line's step)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from tarkbook.manuscript.digits import latin_digits
from tarkbook.proof.page_lines import Line, Page

GAP = 1.25
"""Steps of the running text's leading by which a head stands off the nearest line."""

RECUR = 3
"""Pages on which a place must carry a head for the lines there to be heads."""

_NUMBER = re.compile(r"(?<!\S)(?:\d+|[ivxlcdm]+|[IVXLCDM]+)(?!\S)")


def without_numbers(text: str) -> str:
    """``text`` without its words that are numbers, arabic or roman: a running head's
    words without the folio printed beside them."""
    return " ".join(_NUMBER.sub("", text).split())


def reads_as_folio(page: Page, line: Line) -> bool:
    text = latin_digits(line.text.strip())  # a folio in the digits of the book's language
    folio = page.folio
    return text == folio or text.startswith(folio + " ") or text.endswith(" " + folio)


def _edges(page: Page) -> list[tuple[str, Line, float]]:
    """The page's lines at its top and its foot, each with its edge and its distance
    from the nearest other line (infinite when there is none)."""
    lines = [line for line in page.lines if line.text.strip()]
    if not lines:
        return []
    found = []
    for edge, base in (("top", min(line.base for line in lines)),
                       ("foot", max(line.base for line in lines))):
        at = [line for line in lines if abs(line.base - base) < 0.5]
        others = [line.base for line in lines if abs(line.base - base) >= 0.5]
        gap = min((abs(other - base) for other in others), default=float("inf"))
        found += [(edge, line, gap) for line in at]
    return found


def furniture_of(pages: Sequence[Page], destinations: Mapping[str, tuple[int, float]],
                 step: float) -> frozenset[tuple[int, Line]]:
    """(page number, line) of every running head and folio of the book of ``pages``, whose
    ``destinations`` are its ids' (page, top) and ``step`` its running text's leading."""
    part_tops: dict[int, float] = {}
    note_tops: dict[int, list[float]] = defaultdict(list)
    for name, (number, top) in destinations.items():
        if name.startswith("part-"):
            part_tops[number] = min(top, part_tops.get(number, top))
        elif name.startswith("note-"):
            note_tops[number].append(top)
    found: set[tuple[int, Line]] = set()
    folio_places: set[tuple[str, int]] = set()
    places: dict[tuple[str, int], list[tuple[int, Line]]] = defaultdict(list)
    for page in pages:
        for edge, line, gap in _edges(page):
            if gap <= step * GAP:
                continue
            if edge == "top" and line.top >= part_tops.get(page.number, float("inf")) - 1:
                continue  # the part's title ("Chapter 1" on p. 1 too)
            if edge == "foot" and any(top - 1 <= line.top < top + step
                                      for top in note_tops.get(page.number, ())):
                continue  # a note of one line at the foot, its number perhaps the folio
            if reads_as_folio(page, line):
                found.add((page.number, line))
                folio_places.add((edge, round(line.base)))
                continue
            places[(edge, round(line.base))].append((page.number, line))
    for place, lines in places.items():
        texts = [without_numbers(line.text) for _, line in lines]
        if len({number for number, _ in lines}) >= RECUR and (
                place in folio_places or len(set(texts)) < len(texts)):
            found.update(lines)
    return frozenset(found)
