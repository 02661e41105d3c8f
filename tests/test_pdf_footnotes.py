"""Finding misplaced notes and choosing how to mend the layout."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tarkbook.pdf.footnotes import Fixes, Placement, describe, mend, placements


@dataclass
class FakePage:
    anchors: Mapping[str, object] = field(default_factory=dict)


def test_placements_read_the_pages_of_calls_and_notes() -> None:
    pages = [
        FakePage({"call-1": (0, 0), "note-1": (0, 0), "call-2": (0, 0)}),
        FakePage({"note-2": (0, 0), "call-3": (0, 0), "note-3": (0, 0)}),
    ]
    found = placements(pages, [1, 2, 3, 4])
    assert found == [
        Placement(1, 1, 1), Placement(2, 1, 2), Placement(3, 2, 2), Placement(4, None, None),
    ]
    assert [p.ok for p in found] == [True, False, True, False]
    assert describe(found[1]) == "note 2: called on page 1, printed on page 2"
    assert describe(found[3]) == "note 4: called on page no, printed on page no"


CANDIDATES = {
    7: ["#part-a > :nth-child(12)", "#part-a > :nth-child(11)"],
    9: ["#part-a > :nth-child(30)"],
    12: ["#part-b > :nth-child(4)"],
}
PARTS = {7: "part-a", 9: "part-a", 12: "part-b"}


def _mend(fixes: Fixes, *misplaced: Placement) -> Fixes | None:
    return mend(fixes, misplaced, lambda p: CANDIDATES[p.number], lambda p: PARTS[p.number])


def test_only_the_first_misplaced_note_of_each_part_is_mended_at_a_time() -> None:
    first = _mend(Fixes(), Placement(9, 20, 21), Placement(7, 9, 10), Placement(12, 30, 31))
    assert first == Fixes(("#part-a > :nth-child(12)", "#part-b > :nth-child(4)"))
    assert first.css() == (
        "#part-a > :nth-child(12) { break-before: page; }\n"
        "#part-b > :nth-child(4) { break-before: page; }\n"
    )


def test_a_note_still_misplaced_gets_the_next_candidate_then_nothing_is_left() -> None:
    first = _mend(Fixes(), Placement(7, 9, 10))
    assert first is not None
    second = _mend(first, Placement(7, 9, 10))
    assert second == Fixes(("#part-a > :nth-child(12)", "#part-a > :nth-child(11)"))
    # The note is stuck; the next note of the part is tried.
    third = _mend(second, Placement(7, 9, 10), Placement(9, 20, 21))
    assert third is not None and third.breaks[-1] == "#part-a > :nth-child(30)"
    assert _mend(third, Placement(7, 9, 10), Placement(9, 20, 21)) is None


def test_no_fixes_no_stylesheet() -> None:
    assert Fixes().css() == ""
    assert _mend(Fixes()) is None
