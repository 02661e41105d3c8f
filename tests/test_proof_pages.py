"""The proof's checks of lines and page breaks, each on a few pages of lines shaped to
break exactly its rule (pages of a justified book: text block 42.5 to 311.8 pt, 10 pt
type on a 13.6 pt leading, a folio at the foot)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from tarkbook.proof import breaks, lines
from tarkbook.proof.findings import Finding
from tarkbook.proof.pages import Line, Page, PrintedBook

LEFT, RIGHT, STEP, TOP = 42.5, 311.8, 13.6, 50.0
WORDS = "the running text of the page set full and justified to the edge of its block"


def text(count: int, first: int = 0, indent: tuple[int, ...] = (), short: tuple[int, ...] = (),
         ending: str = "") -> list[Line]:
    """``count`` lines of running text; ``indent``: the lines that begin a paragraph,
    ``short``: those that end one, ``ending``: what every line ends with."""
    made = []
    for index in range(count):
        top = TOP + (first + index) * STEP
        x0 = LEFT + 12 if index in indent else LEFT
        x1 = 200.0 if index in short else RIGHT
        made.append(Line(f"{WORDS[: 40 if index in short else 70]}{ending}", x0, x1, top,
                         top + 10, 10.0))
    return made


def book(*pages: list[Line], destinations: dict[str, tuple[int, float]] | None = None
         ) -> PrintedBook:
    made = []
    for number, found in enumerate(pages, start=1):
        folio = Line(str(number), 175.0, 179.0, 526.0, 534.5, 8.5)
        made.append(Page(number, str(number), 365.7, 561.3, (*found, folio)))
    return PrintedBook(Path("book.pdf"), tuple(made), destinations or {})


def found(findings: list[Finding]) -> list[tuple[str, int | None]]:
    return [(f.check, f.page) for f in findings]


def test_a_well_made_spread_gives_nothing() -> None:
    pages = book(text(30, short=(9,), indent=(10,)), text(30, short=(29,)))
    assert list(breaks.check(pages)) == [] and list(lines.check(pages)) == []


def test_an_orphan_a_first_line_alone_at_the_foot() -> None:
    pages = book(text(30, short=(28,), indent=(29,)), text(30, short=(5,), indent=(6,)))
    assert found(list(breaks.check(pages))) == [("orphan", 1)]


def test_a_widow_a_last_line_alone_at_the_top() -> None:
    pages = book(text(30), text(30, short=(0,), indent=(1,)))
    assert found(list(breaks.check(pages))) == [("widow", 2)]


def test_a_heading_alone_at_the_foot() -> None:
    heading = Line("A Heading", 120.0, 240.0, TOP + 30 * STEP, TOP + 30 * STEP + 11, 11.0)
    pages = book([*text(29, short=(28,)), heading], text(30, indent=(0,), short=(29,)))
    assert found(list(breaks.check(pages))) == [("heading-at-foot", 1)]


def test_a_page_three_lines_shorter_than_its_facing_page() -> None:
    pages = book(text(30), text(30, short=(29,)), text(27, short=(26,)), text(30))
    (short,) = breaks.check(pages)
    assert (short.check, short.page) == ("short-page", 3)
    assert short.box == (LEFT, TOP + 26 * STEP, 200.0, TOP + 26 * STEP + 10)  # its last line
    pages = book(text(30), text(30, short=(29,)), text(28, short=(27,)), text(30))
    assert found(list(breaks.check(pages))) == []


def test_the_books_last_page_may_be_short() -> None:
    """The last page of the book ends its last part: it is no short page."""
    pages = book(text(30), text(30, short=(29,)), text(12, short=(11,)))
    assert found(list(breaks.check(pages))) == []


def test_three_lines_ending_in_a_hyphen_but_not_two() -> None:
    hyphens = [*text(3, ending="-"), *text(3, first=3), *text(2, first=6, ending="-")]
    findings = list(lines.check(book(hyphens)))
    assert found(findings) == [("stacked-hyphens", 1)]
    assert findings[0].message.startswith("3 lines in a row end in a hyphen")


def test_a_line_opening_with_a_closing_mark_or_an_em_dash() -> None:
    opening = text(4)
    opening[1] = Line("\u2014 it would seem \u2014 of no significance", LEFT, RIGHT,
                      opening[1].top, opening[1].bottom, 10.0)
    opening[2] = Line(", and more", LEFT, RIGHT, opening[2].top, opening[2].bottom, 10.0)
    findings = list(lines.check(book(opening)))
    assert [f.message[:21] for f in findings] == ["a line opens with '\u2014'",
                                                  "a line opens with ','"]


def test_a_call_alone_on_a_line() -> None:
    alone = text(4)
    alone[2] = Line("12", LEFT, LEFT + 6, alone[2].top, alone[2].bottom, 10.0)
    findings = list(lines.check(book(alone, destinations={"call-12": (1, alone[2].top)})))
    assert [f.message for f in findings] == ["the call of note 12 stands alone on a line"]


def test_a_question_at_the_foot_with_its_answer_over_the_page() -> None:
    from types import SimpleNamespace

    from tarkbook.proof import turns

    speakers = (SimpleNamespace(label="Q", role="interviewer"),
                SimpleNamespace(label="Tarkovsky", role="interviewee"))
    interview = cast(Any, SimpleNamespace(speakers=speakers))

    def spread(question_lines: int) -> PrintedBook:
        first = text(28 - question_lines, short=(27 - question_lines,))
        question = text(question_lines, first=29 - question_lines,
                        short=(question_lines - 1,))
        question[0] = Line("Q " + question[0].text, LEFT, RIGHT, question[0].top,
                           question[0].bottom, 10.0)
        answer = text(30, short=(29,))
        answer[0] = Line("TARKOVSKY " + answer[0].text, LEFT, RIGHT, answer[0].top,
                         answer[0].bottom, 10.0)
        return book([*first, *question], answer)

    findings = list(turns.check(spread(2), interview))
    assert [(f.check, f.page) for f in findings] == [("question-at-foot", 1)]
    assert findings[0].message.startswith("the question 'Q the running text")
    answered = book(text(30, short=(29,)), text(30, short=(29,)))
    assert list(turns.check(answered, interview)) == []


def _page(number: int, lines: list[Line]) -> Page:
    return Page(number, str(number), 365.7, 561.3, tuple(lines))


def test_a_head_in_the_texts_own_size_is_a_head_where_it_recurs() -> None:
    """Three pages with the same head above the text, in the text's size: heads; the
    folio alone at the foot: a folio; the text: neither."""
    head = TOP - 2.5 * STEP
    pages = [_page(n, [Line("The Keepers", 150.0, 220.0, head, head + 10, 10.0), *text(30),
                       Line(str(n), 175.0, 179.0, 526.0, 534.5, 10.0)])
             for n in range(1, 4)]
    printed = PrintedBook(Path("book.pdf"), tuple(pages), {})
    assert {(n, line.text) for n, line in printed.furniture} == {
        (n, text) for n in range(1, 4) for text in ("The Keepers", str(n))}
    assert all(len(printed.body_lines(page)) == 30 for page in pages)
    once = PrintedBook(Path("book.pdf"), (pages[0],), {})  # a head on one page only
    assert {line.text for _, line in once.furniture} == {"1"}


def test_a_note_of_one_line_at_the_foot_is_no_head_though_it_recurs() -> None:
    """'Ibid.' alone at the foot of three pages, at the same place: the notes' own
    destinations say they are notes, not a head at the foot."""
    note = TOP + 31.5 * STEP
    pages = tuple(_page(n, [*text(30), Line("7 Ibid.", LEFT, 90.0, note, note + 8, 8.0)])
                  for n in range(1, 4))
    notes = {f"note-{n}": (n, note) for n in range(1, 4)}
    assert PrintedBook(Path("book.pdf"), pages, notes).furniture == frozenset()
    assert len(PrintedBook(Path("book.pdf"), pages, {}).furniture) == 3  # without them


def test_a_chapters_label_on_its_first_page_is_not_the_folio() -> None:
    """'Chapter 1' above the title on p. 1 ends with the folio, but stands in the part
    the page opens (its ``part-`` destination is above it)."""
    label = TOP
    page = _page(1, [Line("Chapter 1", 150.0, 220.0, label, label + 10, 10.0),
                     *text(20, first=4), Line("1", 175.0, 179.0, 526.0, 534.5, 8.5)])
    printed = PrintedBook(Path("book.pdf"), (page,), {"part-one": (1, label - 5)})
    assert {line.text for _, line in printed.furniture} == {"1"}


def test_a_page_before_a_question_kept_with_its_answer_may_fall_short_by_it() -> None:
    """An interview's question opens the next page with its answer's first lines (the
    layout keeps them together): the page before may be short by those lines, no more."""
    question = [Line("Q Why did you come back to the island after so long away from it",
                     LEFT, RIGHT, TOP, TOP + 10, 10.0),
                *text(29, first=1, indent=(0,))]
    pages = book(text(30), text(30), text(26, short=(25,)), question)
    assert found(list(breaks.check(pages, frozenset({"q"})))) == []
    assert found(list(breaks.check(pages))) == [("short-page", 3)]
    pages = book(text(30), text(30), text(22, short=(21,)), question)
    assert found(list(breaks.check(pages, frozenset({"q"})))) == [("short-page", 3)]
