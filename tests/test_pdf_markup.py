"""The HTML the print edition hands to WeasyPrint: golden file and its promises.

Run with TARKBOOK_REGENERATE=1 to rewrite the golden file after an intended change, then
review the difference before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pdf_support import FIXTURE_MANUSCRIPT, GOLDEN, REAL_MANUSCRIPT
from tarkbook.manuscript import load_book
from tarkbook.model import Book
from tarkbook.pdf.markup import book_html
from tarkbook.render import plain_text

REGENERATE = os.environ.get("TARKBOOK_REGENERATE") == "1"
GOLDEN_HTML = GOLDEN / "book.html"


@pytest.fixture(scope="module")
def fixture_book() -> Book:
    return load_book(FIXTURE_MANUSCRIPT)


def test_html_matches_its_golden_file(fixture_book: Book) -> None:
    markup = book_html(fixture_book)
    if REGENERATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        GOLDEN_HTML.write_text(markup, encoding="utf-8")
    assert markup == GOLDEN_HTML.read_text(encoding="utf-8"), (
        "the print HTML changed; rerun with TARKBOOK_REGENERATE=1 and review the difference"
    )


def test_html_is_the_same_every_time(fixture_book: Book) -> None:
    assert book_html(fixture_book) == book_html(fixture_book)


def test_every_note_is_a_footnote_at_its_call_with_the_books_number() -> None:
    book = load_book(REAL_MANUSCRIPT)
    tree = lxml_html.fromstring(book_html(book))
    footnotes = tree.xpath('//span[@class="footnote"]')
    assert [int(f.get("data-note")) for f in footnotes] == list(range(1, len(book.notes) + 1))
    for footnote in footnotes:
        number = int(footnote.get("data-note"))
        note = next(n for n in book.notes if n.number == number)
        assert book.note_number(note.key) == number
        assert footnote.get("id") == f"note-{number}"
        anchor = footnote.getprevious()
        assert anchor is not None and anchor.get("id") == f"call-{number}"
        # The call stays with the word before it.
        assert footnote.getparent().get("class") == "nobreak"
        text = " ".join(footnote.text_content().split())
        assert text.startswith(" ".join(plain_text(note.blocks[0].children).split())[:40])


def test_note_paragraphs_are_inline_elements_inside_the_footnote(fixture_book: Book) -> None:
    tree = lxml_html.fromstring(book_html(fixture_book))
    (tired,) = tree.xpath('//span[@class="footnote"][@data-note="3"]')
    parts = tired.xpath('./span[@class="note-p"]')
    assert [p.text_content() for p in parts] == [
        "She said so twice.", "The second time she laughed."]
    assert not tired.xpath(".//p | .//div")


def test_language_metadata_and_foreign_phrases_are_tagged(fixture_book: Book) -> None:
    markup = book_html(fixture_book)
    tree = lxml_html.fromstring(markup)
    assert tree.get("lang") == "en"
    assert tree.xpath('//span[@lang="it"]/text()') == ["capolavori", "capolavori"]
    meta = {m.get("name"): m.get("content") for m in tree.xpath("//meta[@name]")}
    assert meta["description"] == fixture_book.metadata.description
    assert meta["keywords"] == "Interviews, Typesetting"
    assert meta["dcterms.created"] == meta["dcterms.modified"] == "2025-06-01"
    assert tree.xpath("//meta[@name='author']/@content") == ["Anna Speaker", "Ben Asker"]


def test_structure_front_matter_contents_and_parts(fixture_book: Book) -> None:
    tree = lxml_html.fromstring(book_html(fixture_book))
    body = tree.xpath("//body")[0]
    assert [child.get("class") for child in body] == [
        "half-title", "title-leaf", "imprint-leaf", "contents",
        "part introduction opening", "part interview with-titles", "part references",
        "part prose",
    ]
    targets = tree.xpath('//nav[@class="contents"]/ol/li/a/@href')
    assert targets == [f"#part-{section.ident}" for section in fixture_book.sections]
    for target in targets:
        assert tree.xpath(f'//*[@id="{target[1:]}"]/h1[@class="part-title"]')
    # the interview's ## title, under its line of the contents and leading to it
    (title,) = tree.xpath('//nav[@class="contents"]/ol/li/ol/li[@class="title"]/a')
    (heading,) = tree.xpath(f'//*[@id="{title.get("href")[1:]}"]')
    assert heading.tag == "h2" and heading.text_content() == title.text_content()


def test_no_character_the_book_face_lacks_is_introduced() -> None:
    # Word joiner, narrow and thin spaces and ornaments are not in Source Serif Pro.
    markup = book_html(load_book(REAL_MANUSCRIPT))
    assert not re.search("[\u2060\u202f\u2009\u200a\u200b\u2766\u2042]", markup)


def test_a_note_called_again_is_printed_again_with_ids_of_its_own(make_manuscript) -> None:
    folder = make_manuscript({
        "book.toml": '[book]\ntitle = "T"\nlanguage = "en"\nidentifier = "urn:x"\n'
                     'date = "2026-11-25"\n\n[[sections]]\nkind = "prose"\nfile = "text.md"\n',
        "text.md": "# Text\n\nOnce.[^a] Twice.[^a]\n\nAnother.[^b] Thrice.[^a]\n\n"
                   "[^a]: Note a.\n\n[^b]: Note b.\n",
    })
    tree = lxml_html.fromstring(book_html(load_book(folder)))
    footnotes = tree.xpath('//span[@class="footnote"]')
    assert [(f.get("id"), f.get("data-note")) for f in footnotes] == [
        ("note-1", "1"), ("note-1-2", "1"), ("note-2", "2"), ("note-1-3", "1")]
    assert [f.getprevious().get("id") for f in footnotes] == [
        "call-1", "call-1-2", "call-2", "call-1-3"]
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_a_note_written_on_two_lines_flows_as_one_paragraph(tmp_path: Path) -> None:
    # Laid out as a footnote, a newline inside a note ended its line in print.
    from tarkbook.cli import main

    assert main(["new", str(tmp_path / "book")]) == 0
    assert "\n    of their calls" in (tmp_path / "book" / "notes.md").read_text("utf-8")
    html = book_html(load_book(tmp_path / "book"))
    (note,) = re.findall(r'<span class="footnote"[^>]*>(.*?)</span></span>', html, re.S)
    assert "\n" not in note and "in the order of their calls" in note
