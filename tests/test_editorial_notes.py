"""The editorial apparatus of the real book, in the manuscript and in both editions:
how many notes, each called once, numbered without a gap, signed as the editors', short
enough for the foot of a page, and the note on the text and the references in both."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdf_support import REAL_MANUSCRIPT, STYLES, page_texts, reader, real_book_pdf
from tarkbook.diagnostics import SourcePos
from tarkbook.manuscript import load_book
from tarkbook.model import (
    Book,
    Emphasis,
    Inline,
    LanguageSpan,
    Link,
    NoteCall,
    Paragraph,
    Signature,
    Strong,
)

MINIMUM_NOTES = 45
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def book() -> Book:
    return load_book(REAL_MANUSCRIPT)


@pytest.fixture(scope="module")
def epub(tmp_path_factory: pytest.TempPathFactory) -> object:
    from epub_support import built_once

    return built_once(REAL_MANUSCRIPT, tmp_path_factory)


def _calls(nodes: tuple[Inline, ...]) -> list[str]:
    found = []
    for node in nodes:
        if isinstance(node, NoteCall):
            found.append(node.key)
        elif isinstance(node, Emphasis | Strong | LanguageSpan | Link):
            found.extend(_calls(node.children))
    return found


def _manuscript_calls() -> list[str]:
    """Every note call in the section files, in book order, read from the Markdown."""
    calls = []
    for name in ("introduction", "note-on-the-text", "interview", "references", "films"):
        text = (REAL_MANUSCRIPT / f"{name}.md").read_text(encoding="utf-8")
        calls += re.findall(r"\[\^([^\]\s]+)\](?!:)", text)
    return calls


def test_the_book_has_at_least_thirty_notes_each_called_once(book: Book) -> None:
    calls = _manuscript_calls()
    assert len(book.notes) >= MINIMUM_NOTES
    assert len(calls) == len(set(calls)) == len(book.notes)
    assert [note.key for note in book.notes] == calls


def test_notes_are_numbered_one_to_n_in_the_order_of_their_calls(book: Book) -> None:
    assert [note.number for note in book.notes] == list(range(1, len(book.notes) + 1))


def test_every_note_is_one_to_four_sentences(book: Book) -> None:
    for note in book.notes:
        (paragraph,) = note.blocks
        assert isinstance(paragraph, Paragraph)
        text = "".join(getattr(n, "text", "") for n in _flat(paragraph.children))
        sentences = re.findall(r"[.!?][”\u2019)]*(?=\s|$)", text.replace("c. ", "c "))
        assert 1 <= len(sentences) <= 5, (note.key, len(sentences))  # abbreviations count


def test_every_note_is_signed_as_the_editors(book: Book) -> None:
    for note in book.notes:
        last = note.blocks[-1]
        assert isinstance(last, Paragraph)
        assert last.children[-1] == Signature("Ed.", last.pos), note.key


def _flat(nodes: tuple[Inline, ...]) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Emphasis | Strong | LanguageSpan | Link):
            out.extend(_flat(node.children))
        else:
            out.append(node)
    return out


# ---------------------------------------------------------------- the EPUB


def _epub_notes(epub: object) -> tuple[list[int], list[int], list[str]]:
    """Note numbers of the calls and of the notes, in reading order, and the notes' texts."""
    calls: list[int] = []
    notes: list[int] = []
    texts: list[str] = []
    for name in epub.documents():  # type: ignore[attr-defined]
        root = epub.xml(name)  # type: ignore[attr-defined]
        for element in root.iter(f"{XHTML}a", f"{XHTML}aside"):
            if element.tag == f"{XHTML}a" and element.get("role") == "doc-noteref":
                calls.append(int("".join(element.itertext())))
            elif element.tag == f"{XHTML}aside":
                notes.append(int(element.get("id").removeprefix("note-")))
                texts.append(" ".join("".join(element.itertext()).split()))
    return calls, notes, texts


def test_the_epub_calls_every_note_once_and_in_order(book: Book, epub: object) -> None:
    calls, notes, texts = _epub_notes(epub)
    everything = list(range(1, len(book.notes) + 1))
    assert calls == everything
    assert notes == everything
    assert all(text.endswith("—Ed.") for text in texts)


def test_the_epub_holds_the_note_on_the_text_and_the_references(epub: object) -> None:
    entries = epub.entries()  # type: ignore[attr-defined]
    text = entries["EPUB/note-on-the-text.xhtml"].decode()
    assert "A Note on the Text" in text
    assert "speaker labels" in text and "word for word" in text
    references = entries["EPUB/references.xhtml"].decode()
    assert "Res Publica" in references and 'epub:type="bibliography"' in references
    nav = entries["EPUB/nav.xhtml"].decode()
    assert "note-on-the-text.xhtml" in nav and "references.xhtml" in nav


def _copy_of_the_book(folder: Path) -> Path:
    shutil.copytree(REAL_MANUSCRIPT, folder)
    return folder


def test_the_epub_contents_keep_italics(tmp_path: Path) -> None:
    from epub_support import build_epub

    folder = _copy_of_the_book(tmp_path / "ms")
    films = folder / "films.md"
    films.write_text(films.read_text(encoding="utf-8").replace(
        "# The Feature Films", "# The Films from *Ivan\u2019s Childhood* On", 1), encoding="utf-8")
    built = build_epub(folder, tmp_path / "out")
    nav = built.entries()["EPUB/nav.xhtml"].decode()
    assert "The Films from <em>Ivan\u2019s Childhood</em> On</a>" in nav
    ncx = built.entries()["EPUB/toc.ncx"].decode()
    assert "<text>The Films from Ivan\u2019s Childhood On</text>" in ncx


# ---------------------------------------------------------------- the PDF


def _pdf() -> PdfReader:
    return reader(real_book_pdf())


def test_the_pdf_sets_every_note_once_signed_and_in_order(book: Book) -> None:
    whole = " ".join(" ".join(page_texts(_pdf())).split())
    places = []
    for note in book.notes:
        (paragraph,) = note.blocks
        assert isinstance(paragraph, Paragraph)
        words = "".join(getattr(n, "text", "") for n in _flat(paragraph.children)).split()[:2]
        opening = f"{note.number}. {' '.join(words)}"
        assert whole.count(opening) == 1, opening
        places.append(whole.index(opening))
    assert places == sorted(places)
    assert whole.count("—Ed.") == len(book.notes)


def test_the_pdf_holds_the_note_on_the_text_and_the_references() -> None:
    texts = page_texts(_pdf())
    contents = next(text for text in texts if "CONTENTS" in text.upper())
    assert "A Note on the Text" in contents and "References" in contents
    whole = "\n".join(texts)
    assert "speaker labels" in whole and "word for word" in whole
    assert "Res Publica" in whole


def test_no_note_of_the_pdf_fills_more_than_a_third_of_a_page(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tarkbook.pdf.edition as pdf
    from tarkbook.edition import Context

    seen: dict[str, float] = {}
    measure = pdf.note_shares

    def spy(pages: object) -> dict[str, float]:
        seen.update(measure(pages))  # type: ignore[arg-type]
        return seen

    monkeypatch.setattr(pdf, "note_shares", spy)
    warnings: list[object] = []
    pdf.render_pdf(book, Context(REAL_MANUSCRIPT, STYLES, warn=warnings.append))
    assert warnings == []
    assert set(seen) == {f"note-{note.number}" for note in book.notes}
    assert 0.02 < max(seen.values()) <= 1 / 3


def test_a_note_longer_than_a_third_of_a_page_gets_a_warning(tmp_path: Path) -> None:
    from tarkbook.edition import Context
    from tarkbook.pdf.edition import render_pdf

    folder = _copy_of_the_book(tmp_path / "ms")
    notes = folder / "notes.md"
    long_text = " ".join(["Tarkovsky returned to this idea many times in his diaries."] * 30)
    notes.write_text(notes.read_text(encoding="utf-8").replace(
        "[^death]: ", f"[^death]: {long_text} ", 1), encoding="utf-8")
    warnings: list[object] = []
    render_pdf(load_book(folder), Context(folder, STYLES, warn=warnings.append))
    assert [str(w) for w in warnings] == [
        str(w) for w in warnings if "warning N007: note 1 fills" in str(w)
    ]
    assert len(warnings) == 1
    assert warnings[0].pos == SourcePos("ms/notes.md", _line_of(notes, "[^death]:"), 1)  # type: ignore[attr-defined]


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith(text):
            return number
    raise AssertionError(text)


EDITORS_FILES = ("introduction.md", "note-on-the-text.md", "films.md", "notes.md")
VARIANTS = {
    "Dostoevsky": "Dostoyevsky", "Chaadaev": "Chaadayev", "Tarkovskii": "Tarkovsky",
    "Achmatova": "Akhmatova", "Nostalgia": "Nostalghia", "Stalker (1980)": "Stalker (1979)",
}


def test_the_editors_spell_each_name_one_way() -> None:
    for name in EDITORS_FILES:
        text = (REAL_MANUSCRIPT / name).read_text(encoding="utf-8")
        for variant, spelling in VARIANTS.items():
            assert variant not in text, f"{name}: {variant!r}; this edition writes {spelling!r}"
        # "Rublov" is the published text's spelling: only the note on it may name it.
        others = [line for line in text.split("\n") if not line.startswith("[^rublov]:")]
        assert not any("Rublov" in line for line in others), name
