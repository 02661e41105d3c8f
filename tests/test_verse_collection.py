"""A verse collection in one file, as a stranger would write it (tests/books/verse-collection:
Russian poems, each under its `## Title`): the titles reach both editions' contents under
their section, the print contents with the pages the poems are printed on, and each title
is kept with its poem's first lines."""

# ruff: noqa: RUF001 (Cyrillic letters that look like Latin ones are the point)

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from epub_support import Built, build_epub, built_once
from proof_support import editions_once
from tarkbook.cli import main
from tarkbook.manuscript import load_book
from tarkbook.model import Heading
from tarkbook.render.inlines import plain_text

BOOK = Path(__file__).resolve().parent / "books" / "verse-collection"
XHTML = "{http://www.w3.org/1999/xhtml}"
NCX = {"ncx": "http://www.daisy.org/z3986/2005/ncx/"}
LEADER = re.compile(r"^(?P<title>\S.*?)\s*(?:\.\s*)+(?P<page>\d+)$")


def _titles() -> list[str]:
    book = load_book(BOOK)
    (section,) = book.sections
    return [plain_text(block.children) for block in section.blocks
            if isinstance(block, Heading) and block.level == 2]


def _pages(pdf: Path) -> list[list[str]]:
    """Each page's lines as pdftotext reads them, stripped, blank lines left out."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()]
            for page in text.split("\f")]


def _word(line: str) -> str:
    """The first word of ``line``, without the quotes the typographer sets."""
    return line.split()[0].strip('"«»')


def test_the_collection_has_the_poems_the_test_expects() -> None:
    assert _titles() == ["Маяк", "Письмо", "Сети", "Зима в посёлке", "Колокол", "Отплытие",
                         "Утро", "Песок", "Прощание с берегом"]


def test_the_titles_are_nested_under_their_section_in_the_navigation(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    built: Built = built_once(BOOK, tmp_path_factory)
    nav = built.xml("nav.xhtml")
    (toc,) = [n for n in nav.iter(f"{XHTML}nav") if n.get("id") == "toc"]
    (outer,) = toc.findall(f"{XHTML}ol")
    (section,) = outer.findall(f"{XHTML}li")
    assert section.find(f"{XHTML}a").text == "Стихотворения"
    (inner,) = section.findall(f"{XHTML}ol")
    links = [li.find(f"{XHTML}a") for li in inner.findall(f"{XHTML}li")]
    assert [a.text for a in links] == _titles()
    for a in links:  # each leads to its title in the section's document
        document, _, fragment = a.get("href").partition("#")
        (heading,) = [h for h in built.xml(document).iter(f"{XHTML}h2")
                      if h.get("id") == fragment]
        assert "".join(heading.itertext()) == a.text
    ncx = built.xml("toc.ncx")
    assert ncx.find("ncx:head/ncx:meta[@name='dtb:depth']", NCX).get("content") == "2"
    (point,) = ncx.findall("ncx:navMap/ncx:navPoint", NCX)
    nested = point.findall("ncx:navPoint", NCX)
    assert [p.findtext("ncx:navLabel/ncx:text", namespaces=NCX) for p in nested] == _titles()
    orders = [int(p.get("playOrder")) for p in (point, *nested)]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_the_print_contents_list_each_title_indented_with_the_page_it_is_printed_on(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    pdf = editions_once(BOOK, tmp_path_factory).pdf
    pages = _pages(pdf)
    (contents,) = [i for i, page in enumerate(pages) if page and page[0] == "СОДЕРЖАНИЕ"]
    listed = {}
    for line in pages[contents][1:]:
        match = LEADER.match(line)
        assert match, line
        listed[match["title"].rstrip(" .")] = int(match["page"])
    assert list(listed) == ["Стихотворения", *_titles()]
    assert len(set(listed.values())) > 3  # the poems run over several pages
    # The titles stand indented under the section's line.
    raw = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(contents + 1), "-l",
                          str(contents + 1), str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    starts = {}
    for line in etree.fromstring(raw.encode()).iter("{http://www.w3.org/1999/xhtml}line"):
        words = [w.text for w in line]
        starts[words[0]] = float(line.get("xMin"))
    assert starts["Маяк"] - starts["Стихотворения"] > 8  # pt
    for title in _titles():
        assert starts[title.split()[0]] == pytest.approx(starts["Маяк"], abs=0.5)
    # Each page number is the folio of the page the title is printed on, alone on its line.
    for title, folio in listed.items():
        if title == "Стихотворения":
            title = "С Т И ХО Т В О Р Е Н И Я"  # the part's title, letter-spaced capitals
        found = [page for page in pages[contents + 1:] if title in page]
        assert found, title
        assert str(folio) in (found[0][0].split() + found[0][-1].split()), (title, found[0])


def test_each_title_is_kept_with_its_first_lines(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    pdf = editions_once(BOOK, tmp_path_factory).pdf
    text = (BOOK / "stikhi.md").read_text("utf-8")
    firsts = re.findall(r"^## (.+)\n\n::: verse\n(.+)\n(.+)\n", text, re.M)
    pages = _pages(pdf)
    (contents,) = [i for i, page in enumerate(pages) if page and page[0] == "СОДЕРЖАНИЕ"]
    assert len(firsts) == len(_titles())
    for title, first, second in firsts:
        (page,) = [page for page in pages[contents + 1:] if title in page]
        at = page.index(title)
        # the next two lines of print begin the poem's first two lines, on the same page
        for offset, line in ((1, first), (2, second)):
            assert _word(page[at + offset]) == _word(line), (title, page[at + offset])


def test_contents_depth_one_lists_the_sections_only(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    shutil.copytree(BOOK, folder)
    toml = folder / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        'poems = "run-on"', 'poems = "run-on"\ncontents_depth = 1'), "utf-8")
    built = build_epub(folder, tmp_path / "out")
    (toc,) = [n for n in built.xml("nav.xhtml").iter(f"{XHTML}nav") if n.get("id") == "toc"]
    assert [a.text for a in toc.iter(f"{XHTML}a")] == ["Стихотворения"]
    ncx = built.xml("toc.ncx")
    assert ncx.find("ncx:head/ncx:meta[@name='dtb:depth']", NCX).get("content") == "1"


@pytest.mark.parametrize("value", ["3", "0", '"2"'])
def test_another_contents_depth_is_an_error(tmp_path: Path, value: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "book"
    shutil.copytree(BOOK, folder)
    toml = folder / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        'poems = "run-on"', f'poems = "run-on"\ncontents_depth = {value}'), "utf-8")
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "book.toml:17:" in err and "contents_depth" in err
    assert ("C005" if value.startswith('"') else "C006") in err



def test_the_titles_are_bookmarks_under_their_section(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from pypdf import PdfReader

    outline = PdfReader(editions_once(BOOK, tmp_path_factory).pdf).outline
    assert [item.title for item in outline if not isinstance(item, list)] == ["Стихотворения"]
    (nested,) = [item for item in outline if isinstance(item, list)]
    assert [item.title for item in nested] == _titles()
