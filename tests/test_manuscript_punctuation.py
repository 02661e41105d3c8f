"""Smart punctuation: quotes by the language of the text, dashes, ellipses; code untouched."""

# ruff: noqa: RUF001 (the quotation marks of each language are the point)

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_files
from tarkbook.manuscript import read_manuscript
from tarkbook.model import Code, Inline, Paragraph, ProseSection, Text

BOOK = """\
[book]
title = "T"
language = "{language}"
identifier = "urn:x"
date = "2026-11-25"
{extra}
[[sections]]
kind = "prose"
file = "text.md"
"""


def first_paragraph(tmp_path: Path, text: str, language: str = "en", extra: str = "") -> str:
    folder = write_files(tmp_path / "ms", {
        "book.toml": BOOK.format(language=language, extra=extra),
        "text.md": f"# Text\n\n{text}\n",
    })
    reading = read_manuscript(folder)
    assert reading.book is not None, reading.diagnostics
    section = reading.book.sections[0]
    assert isinstance(section, ProseSection)
    paragraph = section.blocks[0]
    assert isinstance(paragraph, Paragraph)
    return text_of(paragraph.children)


def text_of(nodes: tuple[Inline, ...]) -> str:
    """The characters of ``nodes`` as they are, spaces included."""
    return "".join(
        node.text if isinstance(node, Text | Code) else text_of(getattr(node, "children", ()))
        for node in nodes
    )


def test_english_quotes_apostrophes_dashes_and_ellipses(tmp_path: Path) -> None:
    text = "\"Hello,\" she said. It's 1990--1995 --- 'quite' so... (a), (b) and (c)."
    assert first_paragraph(tmp_path, text) == (
        "“Hello,” she said. It’s 1990–1995 — ‘quite’ so… (a), (b) and (c)."
    )


@pytest.mark.parametrize(("language", "expected"), [
    ("pl", "„Tak” i «nie»"),
    ("de", "„Ja“ und ‚nein‘"),
    ("fr", "«\u202fOui\u202f» et “non”"),
    ("ru", "«Да» и „нет“"),
    ("en-GB", "“Yes” and ‘no’"),
])
def test_each_language_has_its_own_quotation_marks(
    tmp_path: Path, language: str, expected: str
) -> None:
    yes, conj, no = {"pl": ("Tak", "i", "nie"), "de": ("Ja", "und", "nein"),
                     "fr": ("Oui", "et", "non"), "ru": ("Да", "и", "нет"),
                     "en-GB": ("Yes", "and", "no")}[language]
    assert first_paragraph(tmp_path, f"\"{yes}\" {conj} '{no}'", language) == expected


def test_a_language_span_gets_the_quotes_of_its_language(tmp_path: Path) -> None:
    text = "He said \"yes\": [\"Die Übersetzung\" kann lügen.]{lang=de}"
    assert first_paragraph(tmp_path, text) == "He said “yes”: „Die Übersetzung“ kann lügen."


def test_code_spans_and_escaped_quotes_are_untouched(tmp_path: Path) -> None:
    text = "Type `\"a\" -- 'b'...` or \\\"c\\\"."
    assert first_paragraph(tmp_path, text) == "Type \"a\" -- 'b'... or \"c\"."


def test_the_book_toml_switch_turns_it_off(tmp_path: Path) -> None:
    text = "\"Hello,\" it's 1990--1995..."
    extra = "\n[text]\nsmart_punctuation = false\n"
    assert first_paragraph(tmp_path, text, extra=extra) == text
