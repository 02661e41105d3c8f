"""The limits of docs/manuscript.md: at a limit a manuscript is fine; big input stays fast.

"A manuscript over a limit gets a diagnostic, never a crash or a runaway build." The exact
diagnostics over each limit are in test_diagnostics_codes (F004, F005, F006, S005); here are
the boundaries and the cost of large but valid input. The time budgets are generous (each
reading takes a few seconds); work that grows with the square of the input blows them.
"""

from __future__ import annotations

import pickle
import time
from pathlib import Path

from tarkbook.diagnostics import SourcePos
from tarkbook.manuscript import limits, read_manuscript
from tarkbook.manuscript.size import estimated_pages
from tarkbook.model import InterviewSection, Paragraph, Text, Turn

BOOK = """\
[book]
title = "T"
language = "en"
identifier = "urn:x"
date = "2026-11-25"

[speakers.Q]
name = "Interviewer"
role = "interviewer"

[[sections]]
kind = "interview"
file = "interview.md"
"""


def interview_of(make_manuscript, body: str) -> InterviewSection:
    reading = read_manuscript(make_manuscript({"book.toml": BOOK, "interview.md": body}))
    assert [str(d) for d in reading.diagnostics] == []
    assert reading.book is not None
    section = reading.book.sections[0]
    assert isinstance(section, InterviewSection)
    return section


def test_nesting_at_the_limit_is_allowed(make_manuscript) -> None:
    depth = limits.MAX_NESTING
    section = interview_of(
        make_manuscript,
        "# Interview\n\nQ: " + "[" * depth + "deep" + "]{lang=it}" * depth + "\n\n"
        + ">" * depth + " Quoted.\n",
    )
    (turn,) = section.body
    assert isinstance(turn, Turn)
    assert len(turn.blocks) == 2


def test_a_line_at_the_length_limit_is_allowed(make_manuscript) -> None:
    words = "word " * ((limits.MAX_LINE_CHARS - 3) // 5)
    line = "Q: " + words + "x" * (limits.MAX_LINE_CHARS - 3 - len(words))
    assert len(line) == limits.MAX_LINE_CHARS
    section = interview_of(make_manuscript, "# Interview\n\n" + line + "\n")
    (turn,) = section.body
    assert isinstance(turn, Turn)
    assert turn.blocks[0] == Paragraph((Text(line[3:], SourcePos(turn.pos.file, 3, 4)),), turn.pos)


def test_a_run_at_the_run_limit_is_allowed(make_manuscript) -> None:
    run = "x" * limits.MAX_RUN_CHARS
    section = interview_of(make_manuscript, f"# Interview\n\nQ: {run} {run}\n")
    (turn,) = section.body
    assert isinstance(turn, Turn)


def test_a_paragraph_of_many_lines_is_read_in_linear_time(make_manuscript) -> None:
    lines = 50_000
    started = time.perf_counter()
    section = interview_of(make_manuscript, "# Interview\n\nQ: " + "word\n" * lines)
    elapsed = time.perf_counter() - started
    (turn,) = section.body
    assert isinstance(turn, Turn)
    (paragraph,) = turn.blocks
    assert isinstance(paragraph, Paragraph)
    (text,) = paragraph.children
    assert isinstance(text, Text)
    assert text.text == "\n".join(["word"] * lines)
    assert elapsed < 60, f"{elapsed:.1f}s for {lines} lines"


def test_a_turn_of_many_paragraphs(make_manuscript) -> None:
    paragraphs = 20_000
    started = time.perf_counter()
    section = interview_of(make_manuscript, "# Interview\n\nQ: Go on.\n\n" + "And on.\n\n"
                           * paragraphs)
    elapsed = time.perf_counter() - started
    (turn,) = section.body
    assert isinstance(turn, Turn)
    assert len(turn.blocks) == paragraphs + 1
    assert turn.blocks[-1].pos.line == 3 + 2 * paragraphs
    assert elapsed < 60, f"{elapsed:.1f}s for {paragraphs} paragraphs"


# The cost of a book (manuscript/size.py): at each limit a book is fine, one more is not.

PROSE = """\
[book]
title = "T"
language = "en"
identifier = "urn:x"
date = "2026-11-25"

[[sections]]
kind = "prose"
file = "text.md"
"""


def codes_of(make_manuscript, text: str, name: str) -> list[str]:
    reading = read_manuscript(make_manuscript({"book.toml": PROSE, "text.md": text}, name))
    return [d.code for d in reading.diagnostics]


def test_links_up_to_the_limit(make_manuscript) -> None:
    def text(count: int) -> str:
        return "# Links\n\n" + "".join(
            f"See [page {n}](https://example.org/{n}).\n\n" for n in range(count))

    assert codes_of(make_manuscript, text(limits.MAX_LINKS), "at") == []
    assert codes_of(make_manuscript, text(limits.MAX_LINKS + 1), "over") == ["L002"]


def test_inline_markup_up_to_the_limit(make_manuscript) -> None:
    def text(count: int) -> str:
        return "# Markup\n\n" + "".join(
            "*a* " * min(25, count - start) + "\n\n" for start in range(0, count, 25))

    assert codes_of(make_manuscript, text(limits.MAX_INLINE_MARKUP), "at") == []
    assert codes_of(make_manuscript, text(limits.MAX_INLINE_MARKUP + 1), "over") == ["S008"]


def test_a_book_of_markup_that_would_take_gigabytes_to_print_is_refused_by_check(
    make_manuscript,
) -> None:
    """1.5 MiB of ``*a* `` (385,500 emphasised words, some 9 GB to lay out) and a few
    thousand spans over the limit: refused before anything is laid out."""
    emphasis = "# Emphasis\n\n" + ("*a* " * 25 + "\n\n") * 15_500
    assert len(emphasis.encode()) > 1.5 * 1024 * 1024
    reading = read_manuscript(make_manuscript({"book.toml": PROSE, "text.md": emphasis},
                                              "emphasis"))
    assert [(d.code, d.pos.line) for d in reading.diagnostics] == [("S008", 1603)]
    spans = "# Spans\n\n" + ("[ab]{lang=it} " * 7 + "\n\n") * 3_000
    assert codes_of(make_manuscript, spans, "spans") == ["S008"]


def test_calls_of_one_note_up_to_the_limit(make_manuscript) -> None:
    def text(count: int) -> str:
        return "# Calls\n\n" + "Again.[^n] " * count + "\n\n[^n]: The note.\n"

    assert codes_of(make_manuscript, text(limits.MAX_CALLS_PER_NOTE), "at") == []
    assert codes_of(make_manuscript, text(limits.MAX_CALLS_PER_NOTE + 1), "over") == ["N008"]


def test_note_calls_up_to_the_limit(make_manuscript) -> None:
    def text(count: int) -> str:
        keys = range(count)
        return ("# Notes\n\n" + "".join(f"Called.[^n{k}]\n\n" for k in keys)
                + "".join(f"[^n{k}]: Note.\n\n" for k in keys))

    assert codes_of(make_manuscript, text(limits.MAX_NOTE_CALLS), "at") == []
    assert codes_of(make_manuscript, text(limits.MAX_NOTE_CALLS + 1), "over") == ["N009"]


def test_pages_up_to_the_limit(make_manuscript) -> None:
    # One-line paragraphs: a page of text holds 30, the front matter and the section's
    # opening take seven pages.
    def text(count: int) -> str:
        return "# Pages\n\n" + "A line.\n\n" * count

    fit = (limits.MAX_PAGES - 7) * 30
    assert codes_of(make_manuscript, text(fit), "at") == []
    assert codes_of(make_manuscript, text(fit + 1), "over") == ["S007"]


def test_the_page_estimate_is_near_the_printed_pages() -> None:
    # The real book prints on 30 pages with its index (tests/test_pdf_book.py lays it out).
    book = read_manuscript(Path(__file__).resolve().parent.parent / "manuscript").book
    assert book is not None
    pages, crossed = estimated_pages(book, limits.MAX_PAGES)
    assert crossed is None
    assert 26 <= pages <= 34, pages


def test_notes_are_looked_up_by_key() -> None:
    book = read_manuscript(Path(__file__).resolve().parent.parent / "manuscript").book
    assert book is not None
    assert [book.note(note.key) for note in book.notes] == list(book.notes)
    assert book.note_number(book.notes[-1].key) == len(book.notes)
    clone = pickle.loads(pickle.dumps(book))  # as it goes to the process of an edition
    assert clone == book
    assert clone.note(book.notes[0].key) == book.notes[0]


def test_a_smaller_page_holds_fewer_lines(make_manuscript) -> None:
    # The text of 600 pages at the default trim size fills more than 1,200 pages of
    # 100 mm by 140 mm (the smallest trim size allowed), whose text block is less than
    # half as large.
    text = "# Pages\n\n" + "A line.\n\n" * ((600 - 7) * 30)
    assert codes_of(make_manuscript, text, "default") == []
    small = PROSE.replace("[[sections]]", '[print]\npage_size = "100mm 140mm"\n\n[[sections]]')
    reading = read_manuscript(make_manuscript({"book.toml": small, "text.md": text}, "small"))
    assert [d.code for d in reading.diagnostics] == ["S007"]
    assert "about 1350 pages in print" in reading.diagnostics[0].message


ROOT = Path(__file__).resolve().parent.parent
BOOKS = [ROOT / "manuscript", *sorted(p.parent for p in (ROOT / "tests").glob("*/*/book.toml"))]


def test_inline_markup_read_a_paragraph_at_a_time_is_read_as_a_whole_file_is(
    monkeypatch,
) -> None:
    """Every book of the repository reads to the same book and diagnostics whether its
    files' inline tokens are parsed as the reader reaches them or all at once."""
    import tarkbook.manuscript as reading
    from tarkbook.manuscript.markdown import parser
    from tarkbook.manuscript.punctuation import text_env

    lazily = [read_manuscript(folder, glyphs=False) for folder in BOOKS]

    def whole_file(text: str, language: str = "en", smart: bool = True, options=None):  # type: ignore[no-untyped-def]
        tokens = parser(smart).parse(text, text_env(language, options))
        return tokens, lambda token: token.children or []

    monkeypatch.setattr(reading, "block_tokens", whole_file)
    at_once = [read_manuscript(folder, glyphs=False) for folder in BOOKS]
    assert lazily == at_once
    assert sum(reading.book is not None for reading in lazily) >= 8


def test_reading_a_file_of_markup_holds_a_paragraph_of_tokens_at_a_time(
    make_manuscript,
) -> None:
    import tracemalloc

    text = "# Markup\n\n" + ("*a* " * 25 + "\n\n") * 2_570  # 256 KiB, 64,250 pieces
    folder = make_manuscript({"book.toml": PROSE, "text.md": text}, "markup")
    tracemalloc.start()
    try:
        reading = read_manuscript(folder, glyphs=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.code for d in reading.diagnostics] == ["S008"]
    # The whole file's tokens at once came to 113 MB; a paragraph's at a time, 33 MB.
    assert peak < 60 * 1024 * 1024
