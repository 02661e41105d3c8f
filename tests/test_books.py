"""The corpus of test books in tests/books/: each is built as a stranger would build it, and
its editions are read back.

Every book: EPUBCheck has nothing to report; in the PDF no word's box crosses the text
block's left or right edge on any page, every note is on the page of its call, every
bullet of the manuscript is printed, and every line of verse starts a line of print (a
stanza shorter than a page kept on one page).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from epub_support import EPUB_TYPE, NS, Built, epubcheck
from pdf_support import MM, destination_pages
from tarkbook.build import build
from tarkbook.manuscript import load_book
from tarkbook.model import (
    Block,
    BlockQuote,
    Book,
    InterviewSection,
    ListBlock,
    Turn,
    Verse,
)
from tarkbook.render.inlines import plain_text
from tarkbook.theme import THEME

ROOT = Path(__file__).resolve().parent.parent
BOOKS = Path(__file__).resolve().parent / "books"
STYLES = THEME
NAMES = sorted(p.name for p in BOOKS.iterdir() if (p / "book.toml").is_file())

# The text block of styles/print.css: 15 mm inside, 19 mm outside; the first page is a recto.
INNER, OUTER = 15 * MM, 19 * MM
TOLERANCE = 0.5  # points: pdftotext's boxes are rounded


@dataclass(frozen=True)
class Editions:
    book: Book
    epub: Built
    pdf: Path


_built: dict[str, Editions] = {}


def editions(name: str, factory: pytest.TempPathFactory) -> Editions:
    """Both editions of the book ``name``, built once per test session."""
    if name not in _built:
        folder = BOOKS / name
        out = factory.mktemp(name)
        paths = {o.path.suffix: o.path for o in build(folder, out, ["epub", "pdf"], STYLES)}
        book = load_book(folder)
        _built[name] = Editions(book, Built(paths[".epub"], book), paths[".pdf"])
    return _built[name]


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    x_max: float


@dataclass(frozen=True)
class Page:
    width: float
    lines: list[list[Word]]


def pdf_pages(pdf: Path) -> list[Page]:
    """Every page's lines of words with their boxes, as pdftotext reads them."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                           capture_output=True).stdout
    root = etree.fromstring(xhtml, etree.XMLParser(recover=True))
    pages = []
    for page in root.iter("{*}page"):
        lines = [
            [Word(w.text or "", float(w.get("xMin")), float(w.get("xMax")))
             for w in line.iter("{*}word")]
            for line in page.iter("{*}line")
        ]
        pages.append(Page(float(page.get("width")), lines))
    return pages


def all_blocks(book: Book) -> Iterator[Block]:
    """Every block of the book's sections and notes, nested ones included."""
    def walk(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Block]:
        for block in blocks:
            yield block
            if isinstance(block, BlockQuote):
                yield from walk(block.blocks)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield from walk(item.blocks)

    for section in book.sections:
        if isinstance(section, InterviewSection):
            for item in section.body:
                yield from walk(item.blocks if isinstance(item, Turn) else [item])
        else:
            yield from walk(section.blocks)
    for note in book.notes:
        yield from walk(note.blocks)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_epubcheck_reports_nothing(
    name: str, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    report = epubcheck(editions(name, tmp_path_factory).epub.path, tmp_path / "report.json")
    assert [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]] == []


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_no_word_crosses_the_text_block(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    crossings = []
    for number, page in enumerate(pdf_pages(editions(name, tmp_path_factory).pdf), start=1):
        left = INNER if number % 2 else OUTER
        right = page.width - (OUTER if number % 2 else INNER)
        for line in page.lines:
            for word in line:
                if word.x_min < left - TOLERANCE or word.x_max > right + TOLERANCE:
                    crossings.append(f"page {number}: {word.text!r} at {word.x_min:.1f}-"
                                     f"{word.x_max:.1f}, the block is {left:.1f}-{right:.1f}")
    assert crossings == []


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_note_is_on_the_page_of_its_call(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    built = editions(name, tmp_path_factory)
    pages = destination_pages(PdfReader(built.pdf))
    for note in built.book.notes:
        assert pages[f"note-{note.number}"] == pages[f"call-{note.number}"], note.key


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_bullet_is_printed(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    built = editions(name, tmp_path_factory)
    items = sum(len(block.items) for block in all_blocks(built.book)
                if isinstance(block, ListBlock) and not block.ordered)
    text = subprocess.run(["pdftotext", str(built.pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert text.count("•") == items


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_verse_line_starts_a_line(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    built = editions(name, tmp_path_factory)
    printed = [(number, " ".join(w.text for w in line))
               for number, page in enumerate(pdf_pages(built.pdf), start=1)
               for line in page.lines]
    cursor = 0
    for verse in (b for b in all_blocks(built.book) if isinstance(b, Verse)):
        for stanza in verse.stanzas:
            pages = set()
            for line in stanza.lines:
                start = " ".join(plain_text(line.children).split()[:3])
                start = re.sub(r"\d+$", "", start)  # a note call's number, if it is there
                while cursor < len(printed) and not printed[cursor][1].startswith(start):
                    cursor += 1
                assert cursor < len(printed), f"no line of print starts with {start!r}"
                pages.add(printed[cursor][0])
                cursor += 1
            assert len(pages) == 1, f"a stanza split across pages {sorted(pages)}"


# ------------------------------------------------------------------ the book of every kind


def test_every_kind_has_its_semantics_contents_and_landmarks(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    built = editions("every-kind", tmp_path_factory).epub
    types = {}
    for name in built.documents()[4:]:
        section = built.xml(name).find(".//x:section", NS)
        types[name] = (section.get(EPUB_TYPE), section.get("role"),
                       section.find("x:h1", NS) is not None)
    assert types == {
        "dedication.xhtml": ("dedication", "doc-dedication", False),
        "epigraph.xhtml": ("epigraph", "doc-epigraph", False),
        "foreword.xhtml": ("foreword", "doc-foreword", True),
        "preface.xhtml": ("preface", "doc-preface", True),
        "the-light.xhtml": ("chapter", "doc-chapter", True),
        "the-keepers.xhtml": ("chapter", "doc-chapter", True),
        "the-storm.xhtml": ("chapter", "doc-chapter", True),
        "interlude.xhtml": ("chapter", "doc-chapter", False),
        "afterword.xhtml": ("afterword", "doc-afterword", True),
        "appendix.xhtml": ("appendix", "doc-appendix", True),
        "acknowledgements.xhtml": ("acknowledgments", "doc-acknowledgments", True),
        "bibliography.xhtml": ("bibliography", "doc-bibliography", True),
        "about-the-author.xhtml": ("backmatter", None, True),
        "colophon.xhtml": ("colophon", "doc-colophon", True),
    }
    nav = built.xml("nav.xhtml")
    toc = [a.get("href") for a in nav.findall(".//x:nav[@id='toc']//x:a", NS)]
    assert "dedication.xhtml" not in toc and "epigraph.xhtml" not in toc
    assert toc[0] == "foreword.xhtml" and "interlude.xhtml" in toc
    marks = {a.get(EPUB_TYPE): a.get("href")
             for a in nav.findall(".//x:nav[@id='landmarks']//x:a", NS)}
    assert marks["bodymatter"] == "the-light.xhtml"
    assert marks["bibliography"] == "bibliography.xhtml"
    chapter = built.xml("the-light.xhtml")
    assert "".join(chapter.find(".//x:h1", NS).itertext()) == "Chapter 1 The Light"
    epigraph = chapter.find(".//x:blockquote", NS)
    assert (epigraph.get("class"), epigraph.get("role")) == ("epigraph", "doc-epigraph")
    assert epigraph.find("x:p[@class='attribution']", NS) is not None


@pytest.mark.slow
def test_every_kind_prints_the_dedication_and_epigraph_alone(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    built = editions("every-kind", tmp_path_factory)
    pdf = PdfReader(built.pdf)
    pages = destination_pages(pdf)
    dedication, epigraph = pages["part-dedication"], pages["part-epigraph"]
    # Each on a recto of its own, with nothing else on it: no heading, head or folio.
    assert dedication % 2 == 0 and epigraph % 2 == 0  # 0-based: even is a recto
    assert pdf.pages[dedication].extract_text().split() == (
        ["For", "my", "mother,", "who", "kept", "the", "light."])
    assert pdf.pages[epigraph].extract_text().split() == (
        ["The", "sea", "has", "neither", "meaning", "nor", "pity.", "—", "Anton", "Chekhov"])
    # Roman folios before the first chapter, Arabic from 1 with it.
    text = [page.extract_text().split() for page in pdf.pages]
    assert text[pages["part-foreword"]][-1] == "xi"
    assert text[pages["part-the-light"]][-1] == "1"
    labels = pdf.page_labels
    assert (labels[pages["part-foreword"]], labels[pages["part-the-light"]]) == ("xi", "1")
    contents = " ".join(text[pages["contents"]])
    assert "Foreword . " in contents and "1 The Light" in contents
    assert "Dedication" not in contents and "Chekhov" not in contents


# ------------------------------------------------------------------ the panel


def test_the_panel_opens_with_an_epigraph_and_binds_calls_to_last_words(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    built = editions("panel", tmp_path_factory).epub
    panel = built.xml("panel.xhtml")
    section = panel.find(".//x:section", NS)
    first = section.find("x:h1", NS).getnext()
    assert (first.tag, first.get("class"), first.get("role")) == (
        f"{{{NS['x']}}}blockquote", "epigraph", "doc-epigraph")
    bound = ["".join(span.itertext())
             for span in panel.iterfind(".//x:span[@class='nobreak']", NS)]
    assert "Version2" in bound and "lügt.3" in bound and "siècle5" in bound
    assert not any(" " in text.strip() for text in bound)  # one word, never a phrase
