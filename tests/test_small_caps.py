"""A span in small capitals, ``[Unesco]{.smallcaps}``: read, checked, and set in small
capitals in both editions."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree, html

from tarkbook.build import build
from tarkbook.cli import main
from tarkbook.manuscript import read_manuscript
from tarkbook.model import LanguageSpan, Paragraph
from tarkbook.pdf.coverage import _runs
from tarkbook.pdf.markup import book_html

TEXT = ("# Chapter\n\nThe [Unesco]{.smallcaps} list and [Sobornost]{.smallcaps lang=ru-Latn}, "
        "and [*Zerkalo*]{lang=ru}.\n")


def book(tmp_path: Path, text: str = TEXT) -> Path:
    folder = tmp_path / "book"
    assert main(["new", str(folder), "--kind", "prose"]) == 0
    (folder / "chapter-1.md").write_text(text, encoding="utf-8")
    (folder / "notes.md").unlink()
    return folder


def test_a_span_in_small_caps_is_read_with_or_without_a_language(tmp_path: Path) -> None:
    reading = read_manuscript(book(tmp_path))
    assert reading.book is not None and not reading.diagnostics
    paragraph = reading.book.sections[1].blocks[0]
    assert isinstance(paragraph, Paragraph)
    spans = [node for node in paragraph.children if isinstance(node, LanguageSpan)]
    assert [(s.lang, s.small_caps) for s in spans] == [
        ("", True), ("ru-Latn", True), ("ru", False)]
    styles = {text: style.small_caps for text, _, style in _runs(reading.book)}
    assert styles["Unesco"] and styles["Sobornost"] and not styles["Zerkalo"]


def test_another_class_or_no_language_is_still_an_error(tmp_path: Path) -> None:
    reading = read_manuscript(book(tmp_path, "# Chapter\n\n[A]{.title} and [B]{dir=rtl}.\n"))
    assert [d.code for d in reading.diagnostics] == ["A001", "A003", "A003"]


def test_both_editions_set_the_span_in_small_caps(tmp_path: Path) -> None:
    folder = book(tmp_path)
    reading = read_manuscript(folder)
    assert reading.book is not None
    tree = html.fromstring(book_html(reading.book))
    assert tree.xpath('//span[@class="smallcaps"]/text()') == ["Unesco", "Sobornost"]
    assert tree.xpath('//span[@class="smallcaps"]/@lang') == ["ru-Latn"]
    (epub,) = (o.path for o in build(folder, tmp_path / "out", ["epub"], None))
    package = zipfile.ZipFile(epub)
    chapter = next(n for n in package.namelist() if n.endswith(".xhtml")
                   and b"Unesco" in package.read(n))
    root = etree.fromstring(package.read(chapter))
    spans = root.xpath('//x:span[@class="smallcaps"]',
                       namespaces={"x": "http://www.w3.org/1999/xhtml"})
    assert ["".join(s.itertext()) for s in spans] == ["Unesco", "Sobornost"]
    css = next(package.read(n) for n in package.namelist() if n.endswith("style.css"))
    assert b".smallcaps {\n  font-variant: small-caps;" in css
