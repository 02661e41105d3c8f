"""Verse (``::: verse``): every source line a line, blank lines between stanzas, leading
spaces an indent; a dedication or an epigraph needs no title; chapters are numbered."""

from __future__ import annotations

from pathlib import Path

from conftest import write_files
from tarkbook.manuscript import read_manuscript
from tarkbook.model import BlockQuote, Book, NoteCall, ProseSection, Verse
from tarkbook.render.epigraph import is_epigraph
from tarkbook.render.inlines import plain_text

BOOK = """\
[book]
title = "T"
language = "en"
identifier = "urn:x"
date = "2026-11-25"
{extra}
[[sections]]
kind = "chapter"
file = "poem.md"
"""

POEM = """\
# Poem

::: verse
The first line,
  the second, indented,
    the third, indented twice,[^a]
	a tab is four spaces.

A "new" stanza.
:::

After the poem.

[^a]: A note.
"""


def read(tmp_path: Path, files: dict[str, str], extra: str = "") -> Book:
    folder = write_files(tmp_path / "ms", {"book.toml": BOOK.format(extra=extra), **files})
    reading = read_manuscript(folder)
    assert reading.book is not None, [str(d) for d in reading.diagnostics]
    assert reading.diagnostics == ()
    return reading.book


def test_every_source_line_is_a_line_and_blank_lines_part_stanzas(tmp_path: Path) -> None:
    section = read(tmp_path, {"poem.md": POEM}).sections[0]
    assert isinstance(section, ProseSection)
    verse, after = section.blocks
    assert isinstance(verse, Verse)
    lines = [[(plain_text(line.children), line.indent, line.pos.line, line.pos.column)
              for line in stanza.lines] for stanza in verse.stanzas]
    assert lines == [
        [("The first line,", 0, 4, 1), ("the second, indented,", 1, 5, 3),
         ("the third, indented twice,", 2, 6, 5), ("a tab is four spaces.", 2, 7, 2)],
        [("A “new” stanza.", 0, 9, 1)],
    ]
    assert isinstance(verse.stanzas[0].lines[2].children[-1], NoteCall)
    assert plain_text(after.children) == "After the poem."  # type: ignore[union-attr]


def test_dedication_needs_no_title_and_chapters_are_numbered(tmp_path: Path) -> None:
    extra = '\n[print]\nnumber_chapters = true\n\n[[sections]]\nkind = "dedication"\n' \
            'file = "for.md"\n'
    book_toml = BOOK.format(extra=extra)
    # The dedication comes first in [[sections]]; the chapter after it.
    head, chapter = book_toml.split("[[sections]]\nkind = \"chapter\"\nfile = \"poem.md\"\n")
    folder = write_files(tmp_path / "ms", {
        "book.toml": head + chapter + '\n[[sections]]\nkind = "chapter"\nfile = "poem.md"\n'
                     '\n[[sections]]\nkind = "chapter"\nfile = "two.md"\n',
        "for.md": "For A.\n", "poem.md": POEM, "two.md": "# Two\n\nText.\n",
    })
    reading = read_manuscript(folder)
    assert reading.book is not None, [str(d) for d in reading.diagnostics]
    kinds = [(s.kind, plain_text(s.title), s.show_title, s.number) for s in reading.book.sections]
    assert kinds == [("dedication", "", False, 0), ("chapter", "Poem", True, 1),
                     ("chapter", "Two", True, 2)]
    assert reading.book.body_start == 1


def test_verse_in_a_block_quote_is_an_epigraph_read_without_its_markers(
    tmp_path: Path,
) -> None:
    poem = ("# Poem\n\n> ::: verse\n> The snow falls\n>   on the just,\n>\n"
            "> and the unjust.\n> :::\n>\n> --- a proverb\n\nText.\n")
    section = read(tmp_path, {"poem.md": poem}).sections[0]
    assert isinstance(section, ProseSection)
    quote = section.blocks[0]
    assert isinstance(quote, BlockQuote) and is_epigraph(quote)
    verse = quote.blocks[0]
    assert isinstance(verse, Verse)
    lines = [[(plain_text(line.children), line.indent, line.pos.line, line.pos.column)
              for line in stanza.lines] for stanza in verse.stanzas]
    assert lines == [[("The snow falls", 0, 4, 3), ("on the just,", 1, 5, 5)],
                     [("and the unjust.", 0, 7, 3)]]
