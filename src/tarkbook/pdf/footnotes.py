"""Every note on the page of its call: where each landed, and how to mend the layout.

The note call renderer puts an empty anchor ``call-N`` just before the footnote element
``note-N``, so the laid-out pages (and the named destinations of the finished PDF) tell
on which page each call and each note text stands.

Every footnote has ``footnote-policy: line`` (print.css): a note that does not fit takes
the line of its call to the next page. WeasyPrint still moves notes to the next page to
make room for a line that widows and orphans keep on a page (upstream #1564, #2502). Such
a note is mended with a page break before the paragraph that the page break split (or,
failing that, before the paragraph of the call), and the book is laid out again. A break
moves everything after it, so each layout mends only the first misplaced note of each
part (a part opens on a recto: what happens before it does not move what is in it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class LaidOutPage(Protocol):
    """What is read from a laid-out page: its anchors, by name."""

    @property
    def anchors(self) -> Mapping[str, object]: ...


@dataclass(frozen=True, slots=True)
class Placement:
    """The 1-based pages of a note's call and of its text (None when not found)."""

    number: int
    call_page: int | None
    note_page: int | None

    @property
    def ok(self) -> bool:
        return self.call_page is not None and self.call_page == self.note_page


@dataclass(frozen=True, slots=True)
class Fixes:
    """The layout changes made so far: page breaks before blocks, by CSS selector."""

    breaks: tuple[str, ...] = ()

    def css(self) -> str:
        """The changes as a stylesheet."""
        return "".join(f"{selector} {{ break-before: page; }}\n" for selector in self.breaks)


Candidates = Callable[[Placement], Sequence[str]]
"""The blocks a page break may go before to mend a note, best first, as selectors."""

PartOf = Callable[[Placement], str | None]
"""The part (section) a note is called in."""


def call_anchor(number: int) -> str:
    return f"call-{number}"


def note_anchor(number: int) -> str:
    return f"note-{number}"


def placements(pages: Sequence[LaidOutPage], numbers: Iterable[int]) -> list[Placement]:
    """The placement of every note in ``numbers`` on the laid-out ``pages``."""
    where: dict[str, int] = {}
    for index, page in enumerate(pages, start=1):
        for name in page.anchors:
            where.setdefault(name, index)
    return [
        Placement(number, where.get(call_anchor(number)), where.get(note_anchor(number)))
        for number in numbers
    ]


def mend(
    fixes: Fixes, misplaced: Iterable[Placement], candidates: Candidates, part_of: PartOf
) -> Fixes | None:
    """The fixes for the next layout, or None when nothing new is left to try."""
    breaks = list(fixes.breaks)
    mended: set[str | None] = set()
    for placement in sorted(misplaced, key=lambda p: (p.call_page or 0, p.number)):
        part = part_of(placement)
        if part in mended:
            continue
        selector = next((s for s in candidates(placement) if s not in breaks), None)
        if selector is not None:
            breaks.append(selector)
            mended.add(part)
    return Fixes(tuple(breaks)) if len(breaks) > len(fixes.breaks) else None


def describe(placement: Placement) -> str:
    """'note 7: called on page 9, printed on page 10' for an error message."""
    call = placement.call_page if placement.call_page is not None else "no"
    note = placement.note_page if placement.note_page is not None else "no"
    return f"note {placement.number}: called on page {call}, printed on page {note}"
