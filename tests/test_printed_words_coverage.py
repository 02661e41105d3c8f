"""The words the print edition makes itself (the edition's date in the book's language,
the labels) are looked up in its faces before layout, as the manuscript's text is: a
character none of them has is G001 at the key of book.toml the words come from, and a book
that ``check`` accepts makes its PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import write_files
from pdf_support import STYLES
from tarkbook.build import build
from tarkbook.manuscript import read_manuscript
from tarkbook.pdf.coverage import generated_words
from tarkbook.render.labels import names

BOOK = """\
[book]
title = "One"
language = "{language}"
identifier = "urn:x-words"
date = "2026-11-25"
publisher = "Press"

[[contributors]]
name = "Ann Author"
roles = ["aut", "trl"]

[[sections]]
kind = "prose"
file = "text.md"
{labels}"""


def _book(tmp_path: Path, language: str, labels: str = "") -> Path:
    return write_files(tmp_path / language, {
        "book.toml": BOOK.format(language=language, labels=labels),
        "text.md": "# One\n\nPlain words.\n",
    })


def _errors(folder: Path) -> list[str]:
    return [str(d) for d in read_manuscript(folder).errors]


@pytest.mark.parametrize(("language", "letter"), [
    ("ja", "月"), ("ko", "월"), ("zh-Hant-TW", "月"), ("hi", "न"),
])
def test_the_date_in_a_language_the_faces_cannot_set_is_g001_at_the_date(
    tmp_path: Path, language: str, letter: str
) -> None:
    errors = _errors(_book(tmp_path, language))
    assert errors, "check accepted a date the faces cannot set"
    # Line 5 is `date = …`: every character of the date that no face has, once.
    assert all(re.match(rf"{re.escape(language)}/book.toml:5:1: error G001: ", e)
               for e in errors), errors
    assert any(f"'{letter}'" in e for e in errors), errors
    assert len(errors) == len(set(errors))


def test_an_arabic_date_is_set_in_amiri(tmp_path: Path) -> None:
    """Arabic has a face among the fallbacks: its date is no G001, and the PDF is made."""
    folder = _book(tmp_path, "ar")
    assert _errors(folder) == []
    outputs = build(folder, tmp_path / "out", ["pdf"], STYLES)
    assert outputs[0].path.read_bytes().startswith(b"%PDF")


def test_a_date_written_in_digits_lets_the_same_book_build_its_pdf(tmp_path: Path) -> None:
    folder = _book(tmp_path, "ja", '\n[labels]\ndate_format = "y-MM-dd"\n')
    assert _errors(folder) == []
    outputs = build(folder, tmp_path / "out", ["pdf"], STYLES)
    assert outputs[0].path.read_bytes().startswith(b"%PDF")


def test_a_label_of_the_book_is_g001_at_its_key(tmp_path: Path) -> None:
    # The contents' title is set in small capitals; a Cyrillic label is in Noto Serif.
    folder = _book(tmp_path, "en", '\n[labels]\ncontents = "目次"\n'
                   'translated_by = "\u041f\u0435\u0440. {names}"\n')
    faces = ("Source Serif 4 Small Caps, Noto Serif Small Caps, Frank Ruhl Libre Small Caps, "
             "Amiri Small Caps")
    assert _errors(folder) == [
        "en/book.toml:17:1: error G001: '目' (U+76EE CJK UNIFIED IDEOGRAPH-76EE) is in no "
        f"font of the print edition ({faces}); add a font that has it",
        "en/book.toml:17:1: error G001: '次' (U+6B21 CJK UNIFIED IDEOGRAPH-6B21) is in no "
        f"font of the print edition ({faces}); add a font that has it",
    ]


def test_the_words_checked_are_those_the_print_edition_sets(tmp_path: Path) -> None:
    """Every label the imprint, title page, contents and chapter openings print is among
    the words checked, with the date; the EPUB's own labels (landmarks, back links) are
    not, since print never sets them."""
    folder = _book(tmp_path, "en")
    reading = read_manuscript(folder)
    assert reading.book is not None
    checked = {text for text, _, _ in generated_words(reading.book)}
    assert "25 November 2026" in checked
    assert {"Contents", "CONTENTS", "This edition: .", "Published by .", "Translated by ",
            "by "} <= checked
    assert "Landmarks" not in checked and "Pages of the print edition" not in checked
    assert "Landmarks" in names() or "landmarks" in names()


FIXTURES = Path(__file__).resolve().parent


@pytest.mark.parametrize("folder", sorted(
    [*(FIXTURES / "publisher_fixtures").glob("*/book.toml"),
     *(FIXTURES / "language_fixtures").glob("*/book.toml"),
     FIXTURES.parent / "manuscript" / "book.toml"]), ids=lambda path: path.parent.name)
def test_every_character_print_sets_in_its_front_matter_is_one_check_looks_up(
    folder: Path,
) -> None:
    """The title page, the imprint, the contents' title and the chapter labels of the
    print edition's HTML hold no character that the coverage check does not look up."""
    from lxml import html

    from tarkbook.pdf import coverage
    from tarkbook.pdf.markup import book_html

    book = read_manuscript(folder.parent).book
    assert book is not None
    looked_up = {char for text, _, _ in generated_words(book) for char in text}
    looked_up |= {char for text, _, _ in coverage._runs(book) for char in text}
    settings = coverage._settings_runs(book, "book.toml", coverage._Sources(folder.parent))
    looked_up |= {char for text, _, _ in settings for char in text}
    document = html.fromstring(book_html(book))
    printed = "".join(
        "".join(element.itertext())
        for element in document.xpath(
            '//section[@class="title-leaf" or @class="imprint-leaf"]'
            ' | //h2[@class="contents-title"] | //span[@class="chapter-label"]'))
    missing = {char for char in printed if not char.isspace()} - looked_up
    assert missing == set()
