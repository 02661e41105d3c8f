"""The content documents read back strictly: XHTML structure, languages, headings, typography."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from epub_support import (
    EPUB_TYPE,
    FIXTURE_MANUSCRIPT,
    MANUSCRIPT,
    NS,
    PACKAGE,
    XML_LANG,
    Built,
    built_once,
    strict_parser,
)

MANUSCRIPTS = pytest.mark.parametrize(
    "manuscript", [MANUSCRIPT, FIXTURE_MANUSCRIPT], ids=["book", "fixture"]
)


def _epub(manuscript: Path, factory: pytest.TempPathFactory) -> Built:
    return built_once(manuscript, factory)


def _documents(epub: Built) -> dict[str, Any]:
    return {name: epub.xml(name) for name in epub.documents()}


@MANUSCRIPTS
def test_every_markup_file_parses_with_a_strict_xml_parser(
    manuscript: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    entries = _epub(manuscript, tmp_path_factory).entries()
    markup = [n for n in entries if n.endswith((".xhtml", ".opf", ".ncx", ".xml"))]
    assert len(markup) >= 10
    for name in markup:
        root = etree.fromstring(entries[name], strict_parser())
        assert root is not None, name
        assert entries[name].startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n'), name
        if name.endswith(".xhtml"):
            assert root.tag == "{http://www.w3.org/1999/xhtml}html", name
            assert b"<!DOCTYPE html>" in entries[name][:100], name


@MANUSCRIPTS
def test_reading_order(manuscript: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    epub = _epub(manuscript, tmp_path_factory)
    sections = [Path(s.ident).name for s in epub.book.sections]
    assert epub.documents() == ["cover.xhtml", "title-page.xhtml", "imprint.xhtml",
                                "nav.xhtml", *(f"{s}.xhtml" for s in sections)]


@MANUSCRIPTS
def test_language_is_given_twice_wherever_it_is_given(
    manuscript: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    epub = _epub(manuscript, tmp_path_factory)
    spans = 0
    for name, root in _documents(epub).items():
        assert root.get("lang") == root.get(XML_LANG) == epub.book.metadata.language, name
        for element in root.iter():
            if element.get("lang") is not None or element.get(XML_LANG) is not None:
                assert element.get("lang") == element.get(XML_LANG), name
                spans += element is not root
    assert spans >= 2


@MANUSCRIPTS
def test_headings_are_in_order(manuscript: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name, root in _documents(_epub(manuscript, tmp_path_factory)).items():
        levels = [int(h.tag[-1]) for h in root.iter()
                  if isinstance(h.tag, str) and re.fullmatch(r"\{[^}]+\}h[1-6]", h.tag)]
        if name == "cover.xhtml" or name == "imprint.xhtml":
            assert levels == [], name
            continue
        assert levels[0] == 1, name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, name


@MANUSCRIPTS
def test_no_line_starts_with_an_em_dash_or_a_note_number(
    manuscript: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for name, root in _documents(_epub(manuscript, tmp_path_factory)).items():
        for element in root.iter():
            for text in (element.text, element.tail):
                assert not re.search(r"[ \t\n]—", text or ""), (name, text)
        for call in root.iterfind(".//x:a[@class='noteref']", NS):
            parent = call.getparent()
            assert parent.tag == f"{{{NS['x']}}}span" and parent.get("class") == "nobreak", name
            assert call.getprevious() is not None or (parent.text or "").strip(), name


@MANUSCRIPTS
def test_sections_have_semantics(
    manuscript: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    epub = _epub(manuscript, tmp_path_factory)
    expected = {"introduction": ("introduction", "doc-introduction"),
                "interview": ("chapter", "doc-chapter"),
                "references": ("bibliography", "doc-bibliography"),
                "prose": ("chapter", "doc-chapter"),
                "index": ("index", "doc-index")}
    for section, name in zip(epub.book.sections, epub.documents()[4:], strict=True):
        element = epub.xml(name).find(".//x:body/x:section", NS)
        assert (element.get(EPUB_TYPE), element.get("role")) == expected[section.kind]
        heading = element.find("x:h1", NS)
        assert element.get("aria-labelledby") == heading.get("id")
    cover = epub.xml("cover.xhtml").find(".//x:img", NS)
    assert (cover.get(EPUB_TYPE), cover.get("role")) == ("cover", "doc-cover")
    title_page = epub.xml("title-page.xhtml").find(".//x:section", NS)
    assert title_page.get(EPUB_TYPE) == "titlepage"
    imprint = epub.xml("imprint.xhtml").find(".//x:section", NS)
    assert imprint.get(EPUB_TYPE) == "copyright-page"


@MANUSCRIPTS
def test_interview_turns(manuscript: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    epub = _epub(manuscript, tmp_path_factory)
    keys = {speaker.key: speaker for speaker in epub.book.speakers}
    section = next(s for s in epub.book.sections if s.kind == "interview")
    root = epub.xml(f"{section.ident}.xhtml")
    turns = root.findall(".//x:div[@data-speaker]", NS)
    assert len(turns) == sum(1 for item in section.body if type(item).__name__ == "Turn")
    for turn in turns:
        speaker = keys[turn.get("data-speaker")]
        classes = turn.get("class").split()
        assert classes[:2] == ["turn", speaker.role]
        labels = turn.findall("x:p/x:span[@class='speaker']", NS)
        if "continued" in classes:
            assert labels == []
        else:
            assert [label.text for label in labels] == [speaker.label]
            assert turn.find("x:p", NS) is labels[0].getparent()


def test_the_real_book_keeps_the_source_punctuation(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    text = built_once(MANUSCRIPT, tmp_path_factory).entries()[PACKAGE + "interview.xhtml"]
    decoded = text.decode("utf-8")
    for mark in ("\u2019", "\u201c", "\u201d", "\u2026", "\u00a0\u2014"):
        assert mark in decoded
    assert "'" not in re.sub(r"<[^>]+>", "", decoded)
