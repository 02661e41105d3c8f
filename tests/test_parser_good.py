"""Good manuscripts, one small folder per feature of the format (tests/fixtures/good/<feature>).

Each test reads a fixture and compares the model with the expected one, node by node, with
source positions. A position's file is shown relative to the folder that holds the manuscript,
so a fixture's files appear as ``<feature>/<file>``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from tarkbook.diagnostics import ManuscriptError, SourcePos
from tarkbook.manuscript import Reading, load_book, read_manuscript
from tarkbook.model import (
    BlockQuote,
    Book,
    Code,
    Contributor,
    Emphasis,
    Figure,
    Heading,
    InterviewSection,
    LanguageSpan,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Metadata,
    Note,
    NoteCall,
    Paragraph,
    PrintSettings,
    ProseSection,
    Speaker,
    Strong,
    Text,
    ThematicBreak,
    Turn,
)

GOOD = Path(__file__).parent / "fixtures" / "good"
FEATURES = (
    "block-quotes",
    "book-keys",
    "emphasis",
    "figure",
    "language-spans",
    "line-break",
    "links",
    "lists",
    "minimal",
    "notes",
    "section-kinds",
    "speaker-turns",
    "thematic-break",
)

Pos = Callable[[int, int], SourcePos]


def at(file: str) -> Pos:
    """Positions in one fixture file: ``at("minimal/text.md")(3, 1)``."""
    return lambda line, column: SourcePos(file, line, column)


def read(feature: str) -> Book:
    reading = read_manuscript(GOOD / feature)
    assert reading.diagnostics == ()
    assert reading.book is not None
    return reading.book


def only_section(feature: str) -> ProseSection:
    book = read(feature)
    assert len(book.sections) == 1
    section = book.sections[0]
    assert isinstance(section, ProseSection)
    return section


# ---------------------------------------------------------------- every fixture


def test_there_is_one_fixture_per_feature() -> None:
    assert tuple(sorted(p.name for p in GOOD.iterdir() if p.is_dir())) == FEATURES


@pytest.mark.parametrize("feature", FEATURES)
def test_good_manuscript_has_no_diagnostics(feature: str) -> None:
    reading = read_manuscript(GOOD / feature)
    assert isinstance(reading, Reading)
    assert reading.diagnostics == ()
    assert reading.errors == ()
    assert isinstance(reading.book, Book)
    assert load_book(GOOD / feature) == reading.book


# ---------------------------------------------------------------- book.toml


def test_minimal_book() -> None:
    p = at("minimal/text.md")
    assert read("minimal") == Book(
        metadata=Metadata(
            title="Minimal",
            subtitle="",
            language="en",
            identifier="urn:uuid:00000000-0000-4000-8000-000000000001",
            date=datetime.date(2026, 11, 25),
        ),
        contributors=(),
        speakers=(),
        sections=(
            ProseSection(
                kind="prose",
                ident="text",
                title=(Text("Minimal", p(1, 3)),),
                blocks=(Paragraph((Text("One paragraph.", p(3, 1)),), p(3, 1)),),
                pos=p(1, 1),
            ),
        ),
        notes=(),
    )


def test_every_book_toml_key() -> None:
    book = read("book-keys")
    assert book.metadata == Metadata(
        title="All the Keys",
        subtitle="A Manuscript That Uses Every Key",
        language="en-GB",
        identifier="urn:uuid:00000000-0000-4000-8000-000000000002",
        date=datetime.date(2026, 11, 25),  # a TOML date as well as a string
        publisher="Tark Press",
        rights="© 2026 the editors",
        description="A book.toml with every key the format knows.",
        subjects=("Tarkovsky, Andrei, 1932-1986 -- Interviews", "Test fixtures"),
        imprint="Notes by *the editors*.",
        sources=("A web page, https://example.org/conversation, consulted 1 November 2026.",),
    )
    assert book.contributors == (
        Contributor("Andrei Tarkovsky", "Tarkovsky, Andrei", ("ive",)),
        Contributor("Jerzy Illg", "Jerzy Illg", ("ivr", "edt")),  # file_as defaults to name
        Contributor("Anonymous", "Anonymous", ("aut",)),  # no roles: an author
    )
    assert book.contributors_with("ivr") == (book.contributors[1],)
    assert book.speakers == (
        Speaker("Q", "Jerzy Illg and Leonard Neuger", "Question", "interviewer"),
        Speaker("TARKOVSKY", "Andrei Tarkovsky", "TARKOVSKY", "interviewee"),  # label = key
        Speaker("VOICE", "A voice from the audience", "VOICE", "other"),  # role = other
    )
    assert book.speaker("Q").label == "Question"
    assert book.print_settings == PrintSettings(page_size="A5", marks=True)
    assert [s.ident for s in book.sections] == ["interview"]


def _without_positions(nodes: tuple[object, ...]) -> list[tuple[str, object]]:
    """Inline nodes as (type, text or children) pairs: book.toml values have no columns."""
    out: list[tuple[str, object]] = []
    for node in nodes:
        name = type(node).__name__
        if isinstance(node, Text):
            out.append((name, node.text))
        elif isinstance(node, NoteCall):
            out.append((name, node.key))
        elif isinstance(node, Emphasis):
            out.append((name, _without_positions(node.children)))
        else:  # pragma: no cover - the fixture has no other inline
            raise AssertionError(node)
    return out


def test_source_citation_and_imprint_are_inline_markdown() -> None:
    book = read("book-keys")
    assert _without_positions(book.source_citation) == [
        ("Text", "“A Conversation”, in "),
        ("Emphasis", [("Text", "Res Publica")]),
        ("Text", " (1), 1987."),
        ("NoteCall", "source"),
    ]
    # Positions inside a book.toml value are not asserted: they count from the value, not
    # from its line in book.toml. Diagnostics point at the key (see test_diagnostics_codes).
    assert all(node.pos.file == "book-keys/book.toml" for node in book.source_citation)
    assert _without_positions(book.imprint) == [
        ("Text", "Notes by "),
        ("Emphasis", [("Text", "the editors")]),
        ("Text", "."),
    ]


def test_citation_calls_come_first_in_the_numbering() -> None:
    book = read("book-keys")
    assert book.notes == (
        Note(
            key="source",
            number=1,
            blocks=(
                Paragraph(
                    (Text("The citation calls this note; it comes first.",
                          SourcePos("book-keys/notes.md", 1, 12)),),
                    SourcePos("book-keys/notes.md", 1, 1),
                ),
            ),
            pos=SourcePos("book-keys/notes.md", 1, 1),
        ),
    )


def test_every_declared_speaker_speaks() -> None:
    section = read("book-keys").sections[0]
    assert isinstance(section, InterviewSection)
    assert [(t.speaker, t.continued) for t in section.body if isinstance(t, Turn)] == [
        ("Q", False), ("TARKOVSKY", False), ("VOICE", False),
    ]


# ---------------------------------------------------------------- sections


def test_each_section_kind() -> None:
    book = read("section-kinds")
    assert [(type(s).__name__, s.kind, s.ident) for s in book.sections] == [
        ("ProseSection", "introduction", "introduction"),
        ("InterviewSection", "interview", "interview"),
        ("ProseSection", "references", "references"),
        ("ProseSection", "prose", "afterword"),
    ]
    intro, interview, references, afterword = book.sections
    p = at("section-kinds/introduction.md")
    assert intro == ProseSection(
        kind="introduction",
        ident="introduction",
        title=(Text("Introduction", p(1, 3)),),
        blocks=(
            Paragraph((Text("The introduction.", p(3, 1)),), p(3, 1)),
            Heading(2, (Text("A Subheading", p(5, 4)),), p(5, 1)),
            Heading(3, (Text("A Sub-subheading", p(7, 5)),), p(7, 1)),
            Paragraph((Text("More.", p(9, 1)),), p(9, 1)),
        ),
        pos=p(1, 1),
    )
    p = at("section-kinds/interview.md")
    assert interview == InterviewSection(
        ident="interview",
        title=(Text("The ", p(1, 3)), Emphasis((Text("Interview", p(1, 8)),), p(1, 7))),
        body=(Turn("Q", (Paragraph((Text("The only turn.", p(3, 4)),), p(3, 1)),), p(3, 1)),),
        pos=p(1, 1),
    )
    p = at("section-kinds/references.md")
    assert references == ProseSection(
        kind="references",
        ident="references",
        title=(Text("References", p(1, 3)),),
        blocks=(Paragraph((Text("A reference.", p(3, 1)),), p(3, 1)),),
        pos=p(1, 1),
    )
    p = at("section-kinds/afterword.md")
    assert afterword == ProseSection(  # setext headings are headings too
        kind="prose",
        ident="afterword",
        title=(Text("Afterword", p(1, 1)),),
        blocks=(
            Heading(2, (Text("Setext heading", p(4, 1)),), p(4, 1)),
            Paragraph((Text("The end.", p(7, 1)),), p(7, 1)),
        ),
        pos=p(1, 1),
    )


# ---------------------------------------------------------------- speaker turns


def test_speaker_turns() -> None:
    book = read("speaker-turns")
    section = book.sections[0]
    assert isinstance(section, InterviewSection)
    p = at("speaker-turns/interview.md")
    assert section.title == (Text("The Conversation", p(1, 3)),)
    assert section.body == (
        # A keyed paragraph opens a turn; the key and the space after it are not text.
        Turn("Q", (
            Paragraph((
                Text("In ", p(3, 4)),
                Emphasis((Text("Mirror", p(3, 8)),), p(3, 7)),
                Text(" you have presented your biography?", p(3, 15)),
            ), p(3, 1)),
        ), p(3, 1)),
        # Paragraphs (and other blocks) without a key continue the turn.
        Turn("TARKOVSKY", (
            Paragraph((Text("Cinema puts pieces together.", p(5, 12)),), p(5, 1)),
            Paragraph((Text("You are asking: what kind of mirror is it?", p(7, 1)),), p(7, 1)),
            BlockQuote((Paragraph((Text("A quotation inside the turn.", p(9, 3)),), p(9, 1)),),
                       p(9, 1)),
        ), p(5, 1)),
        Heading(2, (Text("Stalker", p(11, 4)),), p(11, 1)),
        # After a heading the same speaker goes on, without a key: a continued turn.
        # A backslash before a capitalised label keeps it as text, without the backslash.
        Turn("TARKOVSKY", (
            Paragraph((Text("The same speaker goes on after the heading.", p(13, 1)),), p(13, 1)),
            Paragraph((Text("NOTE: this stays text.", p(15, 1)),), p(15, 1)),
        ), p(13, 1), continued=True),
        ThematicBreak(p(17, 1)),
        Turn("TARKOVSKY", (
            Paragraph((Text("And on after the break.", p(19, 1)),), p(19, 1)),
        ), p(19, 1), continued=True),
        # No space is needed after the colon.
        Turn("Q", (
            Paragraph((
                Emphasis((Text("Emphasis", p(21, 4)),), p(21, 3)),
                Text(" right after the key.", p(21, 13)),
            ), p(21, 1)),
        ), p(21, 1)),
        # A key alone on its line: the text starts on the next line.
        Turn("TARKOVSKY", (
            Paragraph((Text("A key on a line of its own.", p(24, 1)),), p(23, 1)),
        ), p(23, 1)),
    )


# ---------------------------------------------------------------- notes


def test_notes_defined_in_the_same_file_another_file_and_notes_md() -> None:
    book = read("notes")
    first = at("notes/first.md")
    second = at("notes/second.md")
    notes = at("notes/notes.md")
    assert book.notes == (
        # Called first in first.md, defined in second.md.
        Note("elsewhere", 1, (
            Paragraph((Text("Defined in another section file than its first call.",
                            second(5, 15)),), second(5, 1)),
        ), second(5, 1)),
        Note("same-file", 2, (
            Paragraph((Text("Defined in the file that calls it.", first(5, 15)),), first(5, 1)),
        ), first(5, 1)),
        # Several paragraphs, a continuation line and a block quote in one definition.
        Note("in-notes-file", 3, (
            Paragraph((Text("Defined in notes.md,\nwith an indented continuation line.",
                            notes(1, 19)),), notes(1, 1)),
            Paragraph((Text("And a second paragraph.", notes(4, 5)),), notes(4, 5)),
            BlockQuote((Paragraph((Text("And a block quote.", notes(6, 7)),), notes(6, 5)),),
                       notes(6, 5)),
        ), notes(1, 1)),
        # Called twice: one note, one number.
        Note("twice", 4, (
            Paragraph((Text("Called twice, numbered once.", notes(8, 11)),), notes(8, 1)),
        ), notes(8, 1)),
    )
    assert [book.note_number(key) for key in ("elsewhere", "same-file", "in-notes-file",
                                               "twice")] == [1, 2, 3, 4]


def test_note_calls_stay_where_they_are_called() -> None:
    book = read("notes")
    first = at("notes/first.md")
    second = at("notes/second.md")
    assert [s.blocks for s in book.sections if isinstance(s, ProseSection)] == [
        (Paragraph((
            Text("Called here,", first(3, 1)),
            NoteCall("elsewhere", first(3, 13)),
            Text(" here", first(3, 25)),
            NoteCall("same-file", first(3, 30)),
            Text(" and here.", first(3, 42)),
            NoteCall("in-notes-file", first(3, 52)),
        ), first(3, 1)),),
        # Definitions are not blocks of the section that holds them.
        (Paragraph((
            Text("Called again", second(3, 1)),
            NoteCall("elsewhere", second(3, 13)),
            Text(" and", second(3, 25)),
            NoteCall("twice", second(3, 29)),
            Text(" once more.", second(3, 37)),
            NoteCall("twice", second(3, 48)),
        ), second(3, 1)),),
    ]


# ---------------------------------------------------------------- inline markup


def test_language_spans() -> None:
    p = at("language-spans/spans.md")
    assert only_section("language-spans").blocks == (
        Paragraph((
            Text("In Italy they say ", p(3, 1)),
            LanguageSpan((Text("cervellotico", p(3, 20)),), "it", p(3, 19)),
            Text(", ", p(3, 42)),
            LanguageSpan((Text("troppo cervellotico", p(3, 45)),), "it", p(3, 44)),
            Text(".", p(3, 74)),
        ), p(3, 1)),
        Paragraph((
            Emphasis((LanguageSpan((Text("Zerkalo", p(5, 3)),), "ru-Latn", p(5, 2)),), p(5, 1)),
            Text(" and ", p(5, 26)),
            LanguageSpan((Emphasis((Text("Offret", p(5, 33)),), p(5, 32)),), "sv", p(5, 31)),
            Text(".", p(5, 50)),
        ), p(5, 1)),
    )


def test_emphasis_and_strong() -> None:
    p = at("emphasis/emphasis.md")
    assert only_section("emphasis").blocks == (
        Paragraph((
            Text("In ", p(3, 1)),
            Emphasis((Text("Mirror", p(3, 5)),), p(3, 4)),
            Text(" and ", p(3, 12)),
            Emphasis((Text("Stalker", p(3, 18)),), p(3, 17)),
            Text(", ", p(3, 26)),
            Strong((Text("strong", p(3, 30)),), p(3, 28)),
            Text(" and ", p(3, 38)),
            Strong((Text("strong", p(3, 45)),), p(3, 43)),
            Text(".", p(3, 53)),
        ), p(3, 1)),
        Paragraph((
            Emphasis((Strong((Text("Both", p(5, 4)),), p(5, 2)),), p(5, 1)),
            Text(" and ", p(5, 11)),
            Emphasis((
                Text("a ", p(5, 17)),
                Strong((Text("nested", p(5, 21)),), p(5, 19)),
                Text(" title", p(5, 29)),
            ), p(5, 16)),
            Text(" and ", p(5, 36)),
            Code("code", p(5, 42)),
            Text(".", p(5, 47)),
        ), p(5, 1)),
    )


def test_links_http_https_mailto() -> None:
    p = at("links/links.md")
    assert only_section("links").blocks == (
        Paragraph((
            Link((Text("Plain", p(3, 2)),), "http://example.org/", "", p(3, 1)),
            Text(", ", p(3, 29)),
            Link((Emphasis((Text("secure", p(3, 33)),), p(3, 32)),),
                 "https://example.org/a?b=c", "Title", p(3, 31)),
            Text(" and ", p(3, 76)),
            Link((Text("write", p(3, 82)),), "mailto:editors@example.org", "", p(3, 81)),
            Text(".", p(3, 111)),
        ), p(3, 1)),
        Paragraph((
            Text("Autolinked: ", p(5, 1)),
            Link((Text("https://example.org/auto", p(5, 14)),), "https://example.org/auto", "",
                 p(5, 13)),
            Text(".", p(5, 39)),
        ), p(5, 1)),
    )


def test_line_breaks() -> None:
    p = at("line-break/verse.md")
    assert only_section("line-break").blocks == (
        Paragraph((
            Text("The time is out of joint:", p(3, 1)),
            LineBreak(p(3, 26)),  # two trailing spaces
            Text("O cursed spite,", p(4, 1)),
            LineBreak(p(4, 16)),  # a trailing backslash
            Text("That ever I was born\nto set it right.", p(5, 1)),  # a soft break stays text
        ), p(3, 1)),
    )


# ---------------------------------------------------------------- blocks


def test_block_quotes() -> None:
    p = at("block-quotes/quotes.md")
    assert only_section("block-quotes").blocks == (
        BlockQuote((
            Paragraph((
                Text("The time is ", p(3, 3)),
                Emphasis((Text("out of joint", p(3, 16)),), p(3, 15)),
                Text(".", p(3, 29)),
            ), p(3, 1)),
            BlockQuote((Paragraph((Text("A quote in a quote.", p(5, 5)),), p(5, 1)),), p(5, 1)),
        ), p(3, 1)),
        Paragraph((Text("After the quote.", p(7, 1)),), p(7, 1)),
    )


def test_lists_ordered_with_start_and_bullet() -> None:
    p = at("lists/lists.md")
    assert only_section("lists").blocks == (
        ListBlock(ordered=True, start=3, items=(
            ListItem((Paragraph((Emphasis((Text("Solaris", p(3, 5)),), p(3, 4)),
                                 Text(" (1972)", p(3, 13))), p(3, 1)),), p(3, 1)),
            ListItem((Paragraph((Emphasis((Text("Mirror", p(4, 5)),), p(4, 4)),
                                 Text(" (1975)", p(4, 12))), p(4, 1)),), p(4, 1)),
        ), pos=p(3, 1)),
        ListBlock(ordered=False, start=1, items=(
            ListItem((
                Paragraph((Emphasis((Text("Stalker", p(6, 4)),), p(6, 3)),), p(6, 1)),
                ListBlock(ordered=False, start=1, items=(
                    ListItem((
                        Paragraph((Emphasis((Text("Nostalghia", p(7, 6)),), p(7, 5)),), p(7, 3)),
                    ), p(7, 3)),
                ), pos=p(7, 3)),
            ), p(6, 1)),
            ListItem((
                Paragraph((Emphasis((Text("The Sacrifice", p(8, 4)),), p(8, 3)),), p(8, 1)),
                Paragraph((Text("Two paragraphs in one item.", p(10, 3)),), p(10, 3)),
            ), p(8, 1)),
        ), pos=p(6, 1)),
    )


def test_thematic_breaks() -> None:
    p = at("thematic-break/breaks.md")
    assert only_section("thematic-break").blocks == (
        Paragraph((Text("Before.", p(3, 1)),), p(3, 1)),
        ThematicBreak(p(5, 1)),  # ***
        Paragraph((Text("Between.", p(7, 1)),), p(7, 1)),
        ThematicBreak(p(9, 1)),  # - - -
        Paragraph((Text("After.", p(11, 1)),), p(11, 1)),
    )


def test_image_alone_in_its_paragraph_is_a_figure() -> None:
    p = at("figure/figure.md")
    assert only_section("figure").blocks == (
        Figure("images/pixel.png", "A single grey pixel",
               (Text("One pixel, enlarged", p(3, 42)),), p(3, 1)),
        Figure("images/pixel.png", "No caption", (), p(5, 1)),
    )
    assert (GOOD / "figure" / "images" / "pixel.png").read_bytes().startswith(b"\x89PNG\r\n")


# ---------------------------------------------------------------- load_book


def test_load_book_raises_with_every_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "book.toml").write_text(
        (GOOD / "minimal" / "book.toml").read_text("utf-8"), "utf-8"
    )
    (tmp_path / "text.md").write_text("No title[^a] here.\n", "utf-8")
    with pytest.raises(ManuscriptError) as raised:
        load_book(tmp_path)
    assert [d.code for d in raised.value.diagnostics] == ["S001", "N001"]
    assert str(raised.value) == "2 error(s) in the manuscript"
