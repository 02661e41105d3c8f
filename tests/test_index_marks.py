"""Index marks on spans, ``[Ingmar Bergman]{index="Bergman, Ingmar"}``: read into the
model, and checked with the position of each mark that is wrong."""

from __future__ import annotations

from pathlib import Path

from tarkbook.cli import main
from tarkbook.manuscript import read_manuscript
from tarkbook.manuscript.index_marks import index_marks
from tarkbook.model import IndexMark

TEXT = """# Chapter

We met [Ingmar Bergman]{index="Bergman, Ingmar"} on [Fårö]{.index} in June.
He had seen [*Mirror*]{index="Tarkovsky, Andrei!Mirror"} twice, and the
[Zerkalo]{lang=ru index="Tarkovsky, Andrei!Mirror"} poster.[^poster]
The [island]{index="Gotland" seealso="Fårö"} and [Faro]{index="Faro" see="Fårö"}.
"""
NOTES = '[^poster]: A print of [Мосфильм]{lang=ru .index} from 1975.\n'
INDEXED = '\n[[sections]]\nkind = "index"\n'


def book(tmp_path: Path, text: str = TEXT, notes: str = NOTES, index: bool = True) -> Path:
    folder = tmp_path / "book"
    assert main(["new", str(folder), "--kind", "prose"]) == 0
    (folder / "chapter-1.md").write_text(text, encoding="utf-8")
    if notes:
        (folder / "notes.md").write_text(notes, encoding="utf-8")
    else:
        (folder / "notes.md").unlink()
    if index:
        with (folder / "book.toml").open("a", encoding="utf-8") as toml:
            toml.write(INDEXED)
    return folder


def test_marks_are_read_with_their_terms_and_cross_references(tmp_path: Path) -> None:
    reading = read_manuscript(book(tmp_path))
    assert reading.book is not None, reading.diagnostics
    assert not reading.diagnostics
    marks = [(mark, span.lang) for mark, span in index_marks(reading.book)]
    assert marks == [
        (IndexMark(("Bergman, Ingmar",)), ""),
        (IndexMark(("Fårö",)), ""),
        (IndexMark(("Tarkovsky, Andrei", "Mirror")), ""),
        (IndexMark(("Tarkovsky, Andrei", "Mirror")), "ru"),
        (IndexMark(("Gotland",), see_also="Fårö"), ""),
        (IndexMark(("Faro",), see="Fårö"), ""),
        (IndexMark(("Мосфильм",)), "ru"),  # in the note, after the text
    ]


def test_bad_marks_are_reported_at_their_spans(tmp_path: Path) -> None:
    text = ("# Chapter\n\n"
            '[a]{index=""} [b]{index="X!Y!Z"} [c]{index="X!"}\n'
            '[d]{see="X"} [e]{index="X" seealso=""} [f]{index="X" see="Bergmann"}\n'
            '[g]{.index .other} [Bergman]{.index}\n\n## [Heading]{.index}\n')
    reading = read_manuscript(book(tmp_path, text, ""))
    found = [(d.code, d.pos.line, d.pos.column) for d in reading.diagnostics]
    assert found == [
        ("X001", 3, 1), ("X002", 3, 15), ("X001", 3, 34),
        ("X003", 4, 1), ("X001", 4, 14), ("X004", 4, 40),
        ("A001", 5, 1),
        ("X005", 7, 4),
    ]
    messages = {d.code: d.message for d in reading.diagnostics}
    assert "did you mean 'Bergman'?" in messages["X004"]
    assert "3 levels" in messages["X002"]
    assert all(d.pos.file.endswith("chapter-1.md") for d in reading.diagnostics)


def test_a_cross_reference_may_name_a_sub_entry(tmp_path: Path) -> None:
    text = ('# Chapter\n\n[a]{index="Film!Mirror"} [b]{index="Zerkalo" see="Film!Mirror"}\n'
            '[c]{index="Zerkalo" seealso="Film ! Mirror"}\n')
    reading = read_manuscript(book(tmp_path, text, ""))
    assert reading.book is not None and not reading.diagnostics
    marks = [mark for mark, _ in index_marks(reading.book)]
    assert marks[2].see_also == "Film!Mirror"


def test_a_cross_reference_to_a_sub_entry_no_mark_makes_is_reported(tmp_path: Path) -> None:
    text = ('# Chapter\n\n[a]{index="Film!Mirror"} [b]{index="Mirror" see="Film!Mirorr"}\n'
            '[c]{index="Mirror" see="Film!"} [d]{index="Mirror" seealso="A!B!C"}\n')
    reading = read_manuscript(book(tmp_path, text, ""))
    found = [(d.code, d.pos.line, d.pos.column) for d in reading.diagnostics]
    assert sorted(found) == [("X001", 4, 1), ("X002", 4, 33), ("X004", 3, 26)]
    messages = {d.code: d.message for d in reading.diagnostics}
    assert "did you mean 'Film!Mirror'?" in messages["X004"]
    assert "empty see= sub-entry" in messages["X001"]


def test_marks_and_the_index_section_go_together(tmp_path: Path) -> None:
    reading = read_manuscript(book(tmp_path, index=False))
    assert [(d.code, d.severity.value) for d in reading.diagnostics] == [("X006", "warning")]
    assert reading.book is not None
    plain = read_manuscript(book(tmp_path / "plain", "# Chapter\n\nNo marks.\n", ""))
    assert [d.code for d in plain.diagnostics] == ["X007"]
    assert plain.diagnostics[0].pos.file.endswith("book.toml")
