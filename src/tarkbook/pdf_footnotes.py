"""Every note on the page of its call: where each landed, and how to mend the layout.

The note call renderer puts an empty anchor ``call-N`` just before the footnote element
``note-N``, so the laid-out pages (and the named destinations of the finished PDF) tell
on which page each call and each note text stands.

WeasyPrint sometimes moves a note to the next page: when the note does not fit, or when
it makes room for a line that widows and orphans keep on the page. A misplaced note is
mended step by step, each step tried in a new layout: ``footnote-policy: line`` (the
line of the call goes to the next page with the note), then ``footnote-policy: block``
(the paragraph goes), then a page break before the paragraph that the page break split
(or, if none was split, before the paragraph of the call).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

Policy = Literal["line", "block"]
POLICIES: tuple[Policy, ...] = ("line", "block")


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
    """The layout changes made so far: footnote policies by note, and forced page breaks."""

    policies: Mapping[int, Policy] = field(default_factory=dict)
    breaks: tuple[str, ...] = ()

    def css(self) -> str:
        """The changes as a stylesheet."""
        rules = [f"#{note_anchor(number)} {{ footnote-policy: {policy}; }}"
                 for number, policy in sorted(self.policies.items())]
        rules += [f"{selector} {{ break-before: page; }}" for selector in self.breaks]
        return "\n".join(rules) + "\n" if rules else ""


BreakFinder = Callable[[Placement], str | None]
"""Gives the selector of the block to break before, for a note that no policy could place."""


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


def mend(fixes: Fixes, misplaced: Iterable[Placement], find_break: BreakFinder) -> Fixes | None:
    """The fixes for the next layout, or None when nothing new is left to try."""
    policies = dict(fixes.policies)
    breaks = list(fixes.breaks)
    for placement in misplaced:
        current = policies.get(placement.number)
        if current != POLICIES[-1]:
            policies[placement.number] = POLICIES[POLICIES.index(current) + 1 if current else 0]
            continue
        selector = find_break(placement)
        if selector is not None and selector not in breaks:
            breaks.append(selector)
    updated = replace(fixes, policies=policies, breaks=tuple(breaks))
    return None if updated == fixes else updated


def describe(placement: Placement) -> str:
    """'note 7: called on page 9, printed on page 10' for an error message."""
    call = placement.call_page if placement.call_page is not None else "no"
    note = placement.note_page if placement.note_page is not None else "no"
    return f"note {placement.number}: called on page {call}, printed on page {note}"
