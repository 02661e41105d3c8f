"""The EPUB's accessibility metadata describes the book it is in: its summary names only
what the book has, and conformance to a standard, and who certified it, are stated only
when book.toml states them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from epub_support import MANUSCRIPT, NS, build_epub
from tarkbook.epub.accessibility import accessibility_metadata, summary
from tarkbook.manuscript import load_book
from tarkbook.model import Book

BOOKS = Path(__file__).parent / "books"
LANGUAGES = Path(__file__).parent / "language_fixtures"


def _values(book: Book, name: str, figures: int = 0, paged: bool = False) -> list[str]:
    return [v for key, values in accessibility_metadata(book, figures, paged) if key == name
            for v in values]


def test_a_prose_book_is_not_said_to_have_an_interview() -> None:
    prose = load_book(BOOKS / "every-kind")
    text = summary(prose, 0, False)
    assert "interview" not in text and "speaker" not in text
    assert text.startswith("A reflowable text whose typography follows")


def test_the_summary_names_what_the_book_has() -> None:
    real = load_book(MANUSCRIPT)
    text = summary(real, 0, True)
    assert "Each footnote is linked from its call and back." in text
    assert "In the interview each turn begins with the speaker's name." in text
    assert "Phrases in other languages are marked with their language." in text
    assert "The cover has a text alternative." in text
    assert "Page-break markers and a page list" in text
    bare = dataclasses.replace(real, notes=(), sections=tuple(
        s for s in real.sections if s.kind != "interview"))
    assert "footnote" not in summary(bare, 0, False)
    assert "interview" not in summary(bare, 0, False)
    assert "page list" not in summary(bare, 0, False)
    assert "images in the text" in summary(real, 2, False)


def test_a_book_without_other_languages_is_not_said_to_mark_them() -> None:
    verse = load_book(BOOKS / "verse")
    assert ("other languages" in summary(verse, 0, False)) == (
        "{lang=" in "".join(p.read_text(encoding="utf-8") for p in (BOOKS / "verse").glob("*.md")))


def test_the_summary_speaks_the_books_language() -> None:
    german = load_book(LANGUAGES / "de")
    text = summary(german, 0, False)
    assert text.startswith("Ein umfließender Text")
    assert "Im Gespräch beginnt jeder Redebeitrag" in text
    assert "WCAG" not in text


def test_no_conformance_or_certifier_is_claimed_by_default() -> None:
    for folder in [MANUSCRIPT, *sorted(p.parent for p in BOOKS.glob("*/book.toml"))]:
        book = load_book(folder)
        assert _values(book, "dcterms:conformsTo") == [], folder
        assert _values(book, "a11y:certifiedBy") == [], folder
        assert "WCAG" not in summary(book, 0, False), folder


def _with_claim(tmp_path: Path, claim: str) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "book.toml").write_text(
        '[book]\ntitle = "Tides"\nlanguage = "en"\nidentifier = "urn:x:tides"\n'
        f'date = "2026-12-01"\npublisher = "Harbour Press"\n\n[epub]\n{claim}\n'
        '[[sections]]\nkind = "chapter"\nfile = "tides.md"\n', encoding="utf-8")
    (folder / "tides.md").write_text("# Tides\n\nThe sea comes in twice a day.\n",
                                     encoding="utf-8")
    return folder


def test_a_claim_in_book_toml_reaches_the_package(tmp_path: Path) -> None:
    folder = _with_claim(tmp_path, 'conforms_to = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"\n'
                                   'certified_by = "Harbour Accessibility Desk"\n')
    built = build_epub(folder, tmp_path / "out")
    metadata = built.xml("package.opf").find("opf:metadata", NS)
    found = {m.get("property"): m.text for m in metadata.iterfind("opf:meta", NS)}
    assert found["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
    assert found["a11y:certifiedBy"] == "Harbour Accessibility Desk"
    assert found["schema:accessibilitySummary"].endswith(
        "This publication conforms to EPUB Accessibility 1.1 - WCAG 2.2 Level AA.")


@pytest.mark.parametrize(("claim", "message"), [
    ('conforms_to = "WCAG 2.1 AA"\n',
     "book.toml:9:1: error C006: invalid value for 'conforms_to' in [epub]: it is not a "
     "conformance statement of EPUB Accessibility 1.1, such as 'EPUB Accessibility 1.1 - "
     "WCAG 2.1 Level AA'"),
    ('certified_by = "Harbour Press"\n',
     "book.toml:9:1: error C006: invalid value for 'certified_by' in [epub]: a certifier "
     "certifies a claim: give conforms_to too"),
])
def test_a_claim_is_checked(tmp_path: Path, claim: str, message: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    from tarkbook.cli import main

    folder = _with_claim(tmp_path, claim)
    assert main(["check", str(folder)]) == 1
    assert message in capsys.readouterr().err
