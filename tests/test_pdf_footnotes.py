"""Finding misplaced notes and choosing how to mend the layout."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tarkbook.pdf_footnotes import Fixes, Placement, describe, mend, placements


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


def test_a_misplaced_note_gets_line_then_block_then_a_page_break() -> None:
    wrong = Placement(7, 3, 4)
    breaks: list[Placement] = []

    def find_break(placement: Placement) -> str:
        breaks.append(placement)
        return "#part-interview > :nth-child(12)"

    first = mend(Fixes(), [wrong], find_break)
    assert first == Fixes({7: "line"})
    second = mend(first, [wrong], find_break)
    assert second == Fixes({7: "block"})
    third = mend(second, [wrong], find_break)
    assert third == Fixes({7: "block"}, ("#part-interview > :nth-child(12)",))
    assert breaks == [wrong]
    # Nothing new left to try.
    assert mend(third, [wrong], find_break) is None
    assert third.css() == (
        "#note-7 { footnote-policy: block; }\n"
        "#part-interview > :nth-child(12) { break-before: page; }\n"
    )


def test_no_fixes_no_stylesheet() -> None:
    assert Fixes().css() == ""
    assert mend(Fixes(), [], lambda placement: None) is None
