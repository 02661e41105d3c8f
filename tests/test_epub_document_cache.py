"""The EPUB's content documents rendered again only where their inputs changed (the
preview's reading view): a save in one chapter renders that chapter alone, a note added
early renders again the chapters whose calls it renumbers, and the bytes are always those
of a rendering from nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tarkbook.epub.content import DocumentCache, render_content
from tarkbook.manuscript import read_manuscript
from tarkbook.model import Book

CHAPTERS = 8
NOTED = (2, 5, 7)
"""The chapters that call a note."""


def _write_book(folder: Path) -> Path:
    """A book of eight chapters; chapters 2, 5 and 7 call a note each, 7 calls 5's again."""
    folder.mkdir()
    sections = "".join(f'\n[[sections]]\nkind = "chapter"\nfile = "chapter-{n}.md"\n'
                       for n in range(1, CHAPTERS + 1))
    (folder / "book.toml").write_text(
        '[book]\ntitle = "Eight Chapters"\nlanguage = "en"\n'
        'identifier = "urn:uuid:0d6f3a52-51b4-4a8e-9c3e-5f2f8d1b7a10"\n'
        f'date = "2026-11-30"\n{sections}', "utf-8")
    for n in range(1, CHAPTERS + 1):
        calls = ""
        if n in NOTED:
            calls = f" It has a note.[^n{n}]"
        if n == 7:
            calls += " It calls the note of chapter five again.[^n5]"
        (folder / f"chapter-{n}.md").write_text(
            f"# Chapter {n}\n\nThe text of chapter {n}.{calls}\n\nA second paragraph.\n", "utf-8")
    (folder / "notes.md").write_text(
        "".join(f"[^n{n}]: The note of chapter {n}.\n\n" for n in NOTED), "utf-8")
    return folder


def _read(folder: Path) -> Book:
    reading = read_manuscript(folder, glyphs=False)
    assert reading.book is not None, reading.diagnostics
    return reading.book


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return _write_book(tmp_path / "eight")


def _documents(book: Book, cache: DocumentCache | None = None) -> dict[str, bytes]:
    return {d.href: d.content for d in render_content(book, cache).documents}


def test_the_first_rendering_renders_every_document_and_an_unchanged_book_none(
    book: Path
) -> None:
    cache = DocumentCache()
    first = _documents(_read(book), cache)
    assert set(cache.rendered) == set(first)
    assert _documents(_read(book), cache) == first
    assert cache.rendered == ()


def test_a_save_in_one_chapter_renders_that_chapter_alone(book: Path) -> None:
    cache = DocumentCache()
    _documents(_read(book), cache)
    path = book / "chapter-4.md"
    path.write_text(path.read_text("utf-8") + "\nA new closing line.\n", "utf-8")
    changed = _read(book)
    documents = _documents(changed, cache)
    assert cache.rendered == ("chapter-4.xhtml",)
    assert b"A new closing line." in documents["chapter-4.xhtml"]
    assert documents == _documents(changed)  # the bytes of a rendering from nothing


def test_a_note_added_early_renders_again_the_chapters_it_renumbers(book: Path) -> None:
    cache = DocumentCache()
    before = _documents(_read(book), cache)
    assert b'href="#note-2"' in before["chapter-5.xhtml"]
    path = book / "chapter-1.md"
    path.write_text(path.read_text("utf-8").replace(
        "The text of chapter 1.", "The text of chapter 1.[^early]"), "utf-8")
    notes = book / "notes.md"
    notes.write_text("[^early]: A note added early.\n\n" + notes.read_text("utf-8"), "utf-8")
    changed = _read(book)
    documents = _documents(changed, cache)
    # chapter 1 has the new call; 2, 5 and 7 call notes now numbered one higher
    assert set(cache.rendered) == {"chapter-1.xhtml", "chapter-2.xhtml", "chapter-5.xhtml",
                                   "chapter-7.xhtml"}
    assert documents == _documents(changed)
    assert b'href="#note-3"' in documents["chapter-5.xhtml"]
    assert b'href="chapter-5.xhtml#note-3"' in documents["chapter-7.xhtml"]
    assert documents["chapter-3.xhtml"] == before["chapter-3.xhtml"]


def test_a_second_call_of_a_note_renders_again_the_chapter_of_its_backlinks(
    book: Path
) -> None:
    cache = DocumentCache()
    _documents(_read(book), cache)
    path = book / "chapter-6.md"
    path.write_text(path.read_text("utf-8") + "\nThe note of chapter five once more.[^n5]\n",
                    "utf-8")
    changed = _read(book)
    documents = _documents(changed, cache)
    # 6 has the call; 5 carries the note and its backlinks; 7's call of it is the third now
    assert set(cache.rendered) == {"chapter-5.xhtml", "chapter-6.xhtml", "chapter-7.xhtml"}
    assert documents == _documents(changed)
    assert b'id="noteref-2-3"' in documents["chapter-7.xhtml"]


def test_a_note_text_changed_renders_the_chapter_that_carries_it(book: Path) -> None:
    cache = DocumentCache()
    _documents(_read(book), cache)
    notes = book / "notes.md"
    notes.write_text(notes.read_text("utf-8").replace(
        "The note of chapter 7.", "The note of chapter seven, reworded."), "utf-8")
    changed = _read(book)
    documents = _documents(changed, cache)
    assert cache.rendered == ("chapter-7.xhtml",)
    assert documents == _documents(changed)


def test_a_new_language_renders_every_document_again(book: Path) -> None:
    cache = DocumentCache()
    _documents(_read(book), cache)
    toml = book / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace('language = "en"', 'language = "de"'),
                    "utf-8")
    changed = _read(book)
    documents = _documents(changed, cache)
    assert set(cache.rendered) == set(documents)
    assert all(b'lang="de"' in content for content in documents.values())
    assert documents == _documents(changed)
