"""The words the editions add, in the book's language: shipped tables, [labels], dates.

A Polish and a German book (language_fixtures/) get their labels and dates in both
editions; a book's own [labels] override the shipped words; a language with no table gets
the English words and its dates from CLDR.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from lxml import etree

from conftest import MakeManuscript
from epub_support import STYLES, Built, epubcheck, strict_parser
from pdf_support import page_texts, reader, squash
from tarkbook.build import build
from tarkbook.epub.content import render_content
from tarkbook.manuscript import load_book
from tarkbook.proof.pages import read_pdf
from tarkbook.render.labels import (
    Labels,
    direction,
    fields,
    names,
    shipped,
    shipped_languages,
)

FIXTURES = Path(__file__).resolve().parent / "language_fixtures"


@dataclass(frozen=True)
class Expected:
    contents: str
    date_line: str
    credit: str
    backlink: str
    cover: str
    imprint: str
    summary_start: str


EXPECTED = {
    "pl": Expected("Spis treści", "Niniejsze wydanie: 25 listopada 2026.",
                   "Anna Kowalska w rozmowie z Piotr Zieliński",
                   "Powrót do przypisu 1 w tekście", "Okładka", "Strona redakcyjna",
                   "Tekst o płynnym układzie"),
    "he": Expected("תוכן העניינים", "מהדורה זו: 25 בנובמבר 2026.",
                   "רות כהן בשיחה עם דוד לוי",
                   "חזרה להערה 1 בטקסט", "כריכה", "דף הזכויות",
                   "טקסט בפריסה זורמת"),
    "de": Expected("Inhalt", "Diese Ausgabe: 25. November 2026.",
                   "Jürgen Weiß im Gespräch mit Grete Müller",
                   "Zurück zu Anmerkung 1 im Text", "Umschlag", "Impressum",
                   "Ein umfließender Text"),
}


@dataclass(frozen=True)
class Editions:
    epub: Built
    pdf: bytes


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def book(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Editions]:
    language: str = request.param
    manuscript = FIXTURES / language
    out = tmp_path_factory.mktemp(language)
    paths = {o.path.suffix: o.path for o in build(manuscript, out, ["epub", "pdf"], STYLES)}
    built = Built(paths[".epub"], load_book(manuscript))
    return language, Editions(built, paths[".pdf"].read_bytes())


def _text(xhtml: bytes) -> str:
    return squash(" ".join(etree.fromstring(xhtml, strict_parser()).itertext()))


def test_the_epub_speaks_the_books_language(book: tuple[str, Editions]) -> None:
    language, editions = book
    expected = EXPECTED[language]
    entries = editions.epub.entries()
    nav = _text(entries["EPUB/nav.xhtml"])
    assert expected.contents in nav
    imprint = entries["EPUB/imprint.xhtml"].decode()
    assert expected.date_line in _text(entries["EPUB/imprint.xhtml"])
    assert expected.credit in _text(entries["EPUB/imprint.xhtml"])
    assert f'aria-label="{expected.imprint}"' in imprint
    assert f'alt="{expected.cover}: ' in entries["EPUB/cover.xhtml"].decode()
    sections = [name for name in entries if name.endswith(".xhtml")
                and name.split("/")[-1] not in ("nav.xhtml", "imprint.xhtml", "cover.xhtml",
                                                 "title-page.xhtml")]
    assert any(f'aria-label="{expected.backlink}"' in entries[name].decode()
               for name in sections)
    package = entries["EPUB/package.opf"].decode()
    assert f'<meta property="schema:accessibilitySummary">{expected.summary_start}' in package
    words = " ".join(entry.decode() for name, entry in entries.items()
                     if name.endswith(".xhtml"))  # text and attributes alike
    for english in ("Contents", "Cover", "Imprint", "Title page", "This edition",
                    "in conversation with", "Back to note", "Landmarks"):
        assert english not in words


def test_the_pdf_speaks_the_books_language(book: tuple[str, Editions], tmp_path: Path) -> None:
    language, editions = book
    expected = EXPECTED[language]
    if direction(language) == "rtl":  # its lines read back in reading order, as the proof
        (tmp_path / "book.pdf").write_bytes(editions.pdf)  # reads them
        printed = read_pdf(tmp_path / "book.pdf", rtl=True)
        text = squash(" ".join(line.text for page in printed.pages for line in page.lines))
    else:
        text = squash(" ".join(page_texts(reader(editions.pdf))))
    assert expected.contents.upper() in text.upper()  # the style sheet sets it in capitals
    assert expected.date_line in text
    assert expected.credit in text
    assert "Contents".upper() not in text.upper()
    assert "This edition" not in text


@pytest.mark.slow
def test_epubcheck_reports_nothing(book: tuple[str, Editions], tmp_path: Path) -> None:
    _, editions = book
    report = epubcheck(editions.epub.path, tmp_path / "report.json")
    assert [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]] == []


def test_every_shipped_table_has_every_label_with_its_placeholders() -> None:
    assert shipped_languages() == ("ar", "de", "en", "es", "fa", "fr", "he", "it", "pl", "ru", "ur")
    english = shipped("en")
    for language in shipped_languages():
        table = shipped(language)
        assert list(table) == list(names()), language
        for name, text in table.items():
            assert fields(text) == fields(english[name]), (language, name)
            assert text.strip(), (language, name)


@pytest.mark.parametrize(("language", "date"), [
    ("en", "25 November 2026"),
    ("en-US", "25 November 2026"),  # the English table's pattern, whatever the region
    ("pl", "25 listopada 2026"),
    ("de", "25. November 2026"),
    ("fr", "25 novembre 2026"),
    ("ru", "25 ноября 2026\u202fг."),  # noqa: RUF001 (a narrow no-break space, as in CLDR)
    ("es", "25 de noviembre de 2026"),
    ("it", "25 novembre 2026"),
    ("he", "25 בנובמבר 2026"),
    ("cs", "25 listopadu 2026"),  # no table: English words, but CLDR's Czech months
    ("tlh", "25 November 2026"),  # unknown to CLDR: English
])
def test_dates_are_written_by_cldr_in_the_books_language(language: str, date: str) -> None:
    assert Labels(language).date(datetime.date(2026, 11, 25)) == date


def test_a_books_own_labels_override_the_shipped_ones(make_manuscript: MakeManuscript) -> None:
    folder = make_manuscript({
        "book.toml": (FIXTURES / "pl" / "book.toml").read_text("utf-8")
        + '\n[labels]\ncontents = "Zawartość"\nthis_edition = "Wydanie z {date}."\n'
          'date_format = "d.MM.y"\n',
        "rozmowa.md": (FIXTURES / "pl" / "rozmowa.md").read_text("utf-8"),
        "notes.md": (FIXTURES / "pl" / "notes.md").read_text("utf-8"),
    })
    book = load_book(folder)
    documents = {d.href: d.content.decode() for d in render_content(book).documents}
    assert "<h1 id=\"toc-title\">Zawartość</h1>" in documents["nav.xhtml"]
    assert "Wydanie z 25.11.2026." in documents["imprint.xhtml"]
    assert "Strona redakcyjna" in documents["imprint.xhtml"]  # not overridden: shipped
    english = render_content(replace(book, labels=()))
    assert "Spis treści" in english.documents[3].content.decode()


@pytest.mark.parametrize("language", shipped_languages())
def test_the_edition_line_ends_with_one_full_stop(language: str) -> None:
    labels = Labels(language)
    line = labels("this_edition", date=labels.date(datetime.date(2026, 11, 25)))
    stop = "\u06d4" if language == "ur" else "."  # Urdu's full stop, the Arabic script's own
    assert line.endswith(stop) and not line.endswith(stop * 2)  # a Russian date ends with one
