"""The index, on tests/books/index (a walk through the Baltic islands, 65 marks: some in
notes, some in Cyrillic and Greek, sub-entries, ``see``s (one to a sub-entry) and
``seealso``s, one of two words right before a note call): every
locator of the printed index, read back from the PDF, is the folio of the page it leads
to, and that page holds the marked words; every locator of the EPUB's index leads to the
marked words and shows the same folio; the entries are in the collation of the book's
language; the editions are the same bytes when built again."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from lxml import etree
from pypdf import PdfReader

from tarkbook.build import build
from tarkbook.cli import main
from tarkbook.manuscript import load_book, read_manuscript
from tarkbook.manuscript.index_marks import index_marks
from tarkbook.model import Book
from tarkbook.proof import index_locators
from tarkbook.proof.index_locators import marked_words
from tarkbook.proof.pages import read_pdf
from tarkbook.render.index_entries import Place, index_groups, locators
from tarkbook.theme import THEME

BOOK = Path(__file__).resolve().parent / "books" / "index"
STYLES = THEME
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
BROKEN = re.compile(r"[-\u2010\u00ad]\n")


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Book, Path, Path]:
    out = tmp_path_factory.mktemp("index")
    paths = {o.path.suffix: o.path for o in build(BOOK, out, ["epub", "pdf"], STYLES)}
    return load_book(BOOK), paths[".pdf"], paths[".epub"]


def _page_text(pdf: Path, page: int) -> str:
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    return " ".join(BROKEN.sub("", text).split())


def _printed_locators(pdf: Path) -> list[tuple[str, int, str]]:
    """Each link of the PDF to an index mark: the mark's id, the page it leads to (1-based)
    and the words the link covers, read by PDFium inside the link's rectangle."""
    reader = PdfReader(pdf)
    pages = {page.indirect_reference.idnum: number
             for number, page in enumerate(reader.pages, start=1)}
    named = {name: pages[dest.page.idnum] for name, dest in reader.named_destinations.items()
             if name.startswith("ix-")}
    found = []
    document = pypdfium2.PdfDocument(str(pdf))
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", []) or []:
            link = annotation.get_object()
            name = str(link.get("/Dest", ""))
            if link.get("/Subtype") != "/Link" or name not in named:
                continue
            left, bottom, right, top = (float(v) for v in link["/Rect"])
            text = document[number - 1].get_textpage().get_text_bounded(left, bottom, right,
                                                                         top)
            found.append((name, named[name], " ".join(text.split())))
    document.close()
    return found


def test_the_book_marks_what_the_index_is_tested_on() -> None:
    book = load_book(BOOK)
    marks = list(index_marks(book))
    words = marked_words(book)
    assert len(marks) >= 60
    assert sum(in_note for _, in_note in words.values()) >= 8
    assert any(re.search("[\u0400-\u04ff]", mark.terms[0]) for mark, _ in marks)  # Cyrillic
    assert any(re.search("[\u0370-\u03ff]", mark.terms[0]) for mark, _ in marks)  # Greek
    assert any(len(mark.terms) == 2 for mark, _ in marks)
    assert any(mark.see for mark, _ in marks) and any(mark.see_also for mark, _ in marks)


def test_every_printed_locator_is_the_folio_of_a_page_holding_the_marked_words(
    editions: tuple[Book, Path, Path],
) -> None:
    book, pdf, _ = editions
    words = marked_words(book)
    labels = PdfReader(pdf).page_labels
    read = _printed_locators(pdf)
    assert len(read) >= 40
    for name, page, text in read:
        marked, in_note = words[name]
        assert text == labels[page - 1] + ("n" if in_note else ""), (name, text)
        page_text = _page_text(pdf, page)
        first = marked.split()[0]
        assert marked in page_text or first in page_text, (name, marked, page)


def test_the_printed_index_joins_ranges_and_marks_notes(
    editions: tuple[Book, Path, Path],
) -> None:
    _, pdf, _ = editions
    index = " ".join(_page_text(pdf, page) for page in range(1, len(PdfReader(pdf).pages) + 1))
    index = index[index.rindex("INDEX"):] if "INDEX" in index else index
    assert re.search(r"Gotland, 1, 3\u20135, 7, 11, 12n, 13\u201314\b", index), index
    assert "Faro, see Fårö" in index
    assert "windmills, see Öland: windmills" in index  # a sub-entry, as the index sets it
    assert "rauk, 3, 12; see also Gotland" in index
    for line in ("Linnaeus, Carl", "journal of 1741, 1n, 13", "on Gotland, 1, 3", "on Öland, 8",
                 "Кронштадт, 4, 12\u201313", "Πυθέας, 10, 10n"):
        assert line in index


def test_every_epub_locator_leads_to_the_marked_words_with_the_print_folio(
    editions: tuple[Book, Path, Path],
) -> None:
    book, pdf, epub = editions
    words = marked_words(book)
    printed = {name: text for name, _, text in _printed_locators(pdf)}
    with zipfile.ZipFile(epub) as archive:
        trees = {name.removeprefix("EPUB/"): etree.fromstring(archive.read(name))
                 for name in archive.namelist() if name.endswith(".xhtml")}
    index = trees["index.xhtml"]
    assert index.find(".//{*}section").get(OPS_TYPE) == "index"
    links = [a for a in index.iter("{*}a") if a.get(OPS_TYPE) == "index-locator"]
    assert len(links) == len(printed)
    for link in links:
        document, _, ident = link.get("href").rpartition("#")
        target = trees[document].find(f".//*[@id='{ident}']")
        assert target is not None, link.get("href")
        assert _words_from(target).startswith(words[ident][0])
        assert link.text == printed[ident]
    nav = trees["nav.xhtml"]
    landmarks = [a for a in nav.iter("{*}a") if a.get(OPS_TYPE) == "index"]
    assert [a.get("href") for a in landmarks] == ["index.xhtml"]
    assert "index.xhtml" in [a.get("href") for a in nav.find(".//{*}nav").iter("{*}a")]


def _words_from(element: etree._Element) -> str:
    """The text of ``element`` and of what follows it in its document, spaces made one."""
    after = "".join(element.xpath("following::text()"))
    return " ".join(("".join(element.itertext()) + after).split())


def test_a_mark_of_words_before_a_note_call_is_one_place_in_both_editions(
    editions: tuple[Book, Path, Path],
) -> None:
    """The last word of "[the windmills]{…}[^lichen]" is set with the call, apart from the
    first; the mark is one place: one destination in the PDF (the build makes it), one id in
    the EPUB, on the first word, from which the marked words run on."""
    book, pdf, epub = editions
    (ident,) = [name for name, (words, _) in marked_words(book).items()
                if words == "the windmills"]
    assert ident in PdfReader(pdf).named_destinations
    with zipfile.ZipFile(epub) as archive:
        text = archive.read("EPUB/oland.xhtml")
    assert text.count(f'id="{ident}"'.encode()) == 1
    (element,) = etree.fromstring(text).xpath(f"//*[@id='{ident}']")
    assert "".join(element.itertext()) == "the "
    assert _words_from(element).startswith("the windmills4. She")
    assert ident in {name for name, _, _ in _printed_locators(pdf)}


def test_without_the_page_list_the_epub_counts_its_places(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    subprocess.run(["cp", "-r", str(BOOK), str(folder)], check=True)
    toml = folder / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace("page_list = true", "page_list = false"),
                    "utf-8")
    (epub,) = (o.path for o in build(folder, tmp_path / "out", ["epub"], STYLES))
    with zipfile.ZipFile(epub) as archive:
        index = etree.fromstring(archive.read("EPUB/index.xhtml"))
    texts = [a.text for a in index.iter("{*}a") if a.get(OPS_TYPE) == "index-locator"]
    assert len(texts) == len(set(texts)) == 65 - 2  # every mark but the "see"s, its ordinal
    assert sum(text.endswith("n") for text in texts) == 10  # the marks of the notes
    assert {int(text.removesuffix("n")) for text in texts} < set(range(1, 66))


def test_an_index_before_the_colophon_is_laid_out_with_the_whole_book(tmp_path: Path) -> None:
    """An index that does not end the book is set with the book laid out again whole (the
    pages after it move with it); its locators are as right as those of an index set
    alone."""
    folder = tmp_path / "book"
    subprocess.run(["cp", "-r", str(BOOK), str(folder)], check=True)
    (folder / "colophon.md").write_text("# Colophon\n\nSet in Source Serif 4.\n", "utf-8")
    with (folder / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[[sections]]\nkind = "colophon"\nfile = "colophon.md"\n')
    (pdf,) = (o.path for o in build(folder, tmp_path / "out", ["pdf"], STYLES))
    book = load_book(folder)
    words = marked_words(book)
    labels = PdfReader(pdf).page_labels
    read = _printed_locators(pdf)
    assert len(read) >= 40
    for name, page, text in read:
        assert text == labels[page - 1] + ("n" if words[name][1] else "")
    assert "COLOPHON" in _page_text(pdf, len(labels))


def test_a_mark_with_a_hyphen_at_a_lines_end_stands_on_its_page(tmp_path: Path) -> None:
    """A hyphen of the text at a line's end ("Neuilly-" then "sur-Seine"), which PDFium reads
    as it reads one the layout added, is read as the proof reads all words: the marked
    words stand on the page the locator leads to."""
    folder = tmp_path / "book"
    subprocess.run(["cp", "-r", str(BOOK), str(folder)], check=True)
    north = folder / "north.md"
    north.write_text(north.read_text("utf-8") + "\nAnother director who loved islands died "
                     "in [Neuilly-sur-Seine]{.index}, outside Paris, far from the sea.\n",
                     "utf-8")
    (pdf,) = (o.path for o in build(folder, tmp_path / "out", ["pdf"], STYLES))
    document = pypdfium2.PdfDocument(str(pdf))
    texts = [document[number].get_textpage().get_text_range() for number in range(len(document))]
    document.close()
    assert any("Neuilly\ufffesur-Seine" in text for text in texts)  # broken after "Neuilly-"
    assert list(index_locators.check(read_pdf(pdf), pdf, load_book(folder))) == []


def test_the_editions_are_the_same_bytes_when_built_again(
    editions: tuple[Book, Path, Path], tmp_path: Path,
) -> None:
    _, pdf, epub = editions
    again = {o.path.suffix: o.path for o in build(BOOK, tmp_path, ["epub", "pdf"], STYLES)}
    assert again[".pdf"].read_bytes() == pdf.read_bytes()
    assert again[".epub"].read_bytes() == epub.read_bytes()


def _book(tmp_path: Path, language: str, terms: list[str]) -> Book:
    folder = tmp_path / language
    assert main(["new", str(folder), "--kind", "prose"]) == 0
    text = " ".join(f"[{term}]{{.index}}" for term in terms)
    (folder / "chapter-1.md").write_text(f"# Chapter\n\n{text}\n", encoding="utf-8")
    (folder / "notes.md").unlink()
    toml = (folder / "book.toml").read_text(encoding="utf-8")
    toml = re.sub(r'language = "\w+"', f'language = "{language}"', toml)
    (folder / "book.toml").write_text(toml + '\n[[sections]]\nkind = "index"\n', "utf-8")
    reading = read_manuscript(folder)
    assert reading.book is not None, reading.diagnostics
    return reading.book


TERMS = ["Zorn", "Öland", "Oslo", "Åre", "Ängelholm", "eagle", "Éclair", "Echo", "Мосфильм",
         "Ἀθῆναι", "1984"]


ALPHA, EM = "\u0391", "\u041c"  # the Greek and Cyrillic capitals, which look like A and M


@pytest.mark.parametrize(("language", "expected"), [
    ("en", [("", ["1984"]), ("A", ["Ängelholm", "Åre"]), ("E", ["eagle", "Echo", "Éclair"]),
            ("O", ["Öland", "Oslo"]), ("Z", ["Zorn"]), (ALPHA, ["Ἀθῆναι"]),
            (EM, ["Мосфильм"])]),
    # Swedish: Å, Ä and Ö are letters of their own, after Z
    ("sv", [("", ["1984"]), ("E", ["eagle", "Echo", "Éclair"]), ("O", ["Oslo"]),
            ("Z", ["Zorn"]), ("Å", ["Åre"]), ("Ä", ["Ängelholm"]), ("Ö", ["Öland"]),
            (ALPHA, ["Ἀθῆναι"]), (EM, ["Мосфильм"])]),
    # Russian: its own letters first
    ("ru", [("", ["1984"]), (EM, ["Мосфильм"]), ("A", ["Ängelholm", "Åre"]),
            ("E", ["eagle", "Echo", "Éclair"]), ("O", ["Öland", "Oslo"]), ("Z", ["Zorn"]),
            (ALPHA, ["Ἀθῆναι"])]),
])
def test_headings_are_sorted_and_grouped_in_the_books_language(
    tmp_path: Path, language: str, expected: list[tuple[str, list[str]]],
) -> None:
    groups = index_groups(_book(tmp_path, language, TERMS))
    assert [(g.letter, [e.term for e in g.entries]) for g in groups] == expected


def test_locators_join_consecutive_pages_and_keep_notes_apart() -> None:
    places = [Place(f"ix-{n}", n in (4, 6), n) for n in range(1, 9)]
    pages = {1: 40, 2: 41, 3: 42, 4: 41, 5: 42, 6: 45, 7: 47, 8: 48}

    def page_of(place: Place) -> tuple[int, str]:
        return pages[place.ordinal], str(pages[place.ordinal] - 39)

    found = [(one.start, one.end) for one in locators(places, page_of)]
    assert found == [("1", "3"), ("2n", ""), ("6n", ""), ("8", "9")]
    assert [one.start for one in locators(places, None)] == [
        "1", "2", "3", "4n", "5", "6n", "7", "8"]
