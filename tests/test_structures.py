"""Tables, places named with {#id} and references to them, captions with their markup,
and links' addresses in print: the book of essays in tests/books/structures, written as
a stranger would write it, read back from both finished editions.

(tests/test_books.py runs EPUBCheck on it, and finds no word outside the text block and
every note on the page of its call, as for every book of tests/books.)
"""

from __future__ import annotations

import itertools
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import write_files
from epub_support import NS
from pdf_support import STYLES, destination_pages
from preview_support import CHROMIUM, CHROMIUM_ARGS, needs_chromium
from tarkbook.build import build
from tarkbook.manuscript import load_book, read_manuscript
from tarkbook.model import (
    Book,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LanguageSpan,
    Link,
    NoteCall,
    Reference,
    Table,
    Text,
    inline_runs,
    nested_blocks,
)
from tarkbook.pdf.markup import book_html
from tarkbook.pdf.table_width import COLUMN_GAP_EM, TABLE_SIZE_PT, text_mm
from tarkbook.proof.additions import additions, without_additions
from tarkbook.proof.ebook import read_epub
from tarkbook.proof.pages import read_pdf
from tarkbook.proof.run import check_editions
from tarkbook.proof.text import epub_text, pdf_text
from tarkbook.render.inlines import plain_text
from tarkbook.render.places import section_blocks
from test_books import BOOKS, Editions, editions, pdf_pages

BOOK = BOOKS / "structures"
HEADER = "Port Country Spring range (m) First record"
ZWSP = "\u200b"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    return editions("structures", tmp_path_factory)


def _table(book: Book) -> Table:
    (table,) = [block for section in book.sections for block in section_blocks(section)
                if isinstance(block, Table)]
    return table


def _walk(nodes: tuple[Inline, ...]) -> Iterator[Inline]:
    for node in nodes:
        yield node
        if isinstance(node, Emphasis | LanguageSpan | Link | Reference):
            yield from _walk(node.children)


def _inlines(book: Book) -> Iterator[Inline]:
    blocks = [block for section in book.sections for block in section_blocks(section)]
    blocks += [block for note in book.notes for block in nested_blocks(note.blocks)]
    for block in blocks:
        for run in inline_runs(block):
            yield from _walk(run)


def _references(book: Book) -> list[Reference]:
    return [node for node in _inlines(book) if isinstance(node, Reference)]


def _lines(pdf: Path) -> list[list[str]]:
    """Each page's lines of text as pdftotext lays them out (a table's row is a line),
    white space squashed; its running head and folio among them."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [[" ".join(line.split()) for line in page.split("\n") if line.strip()]
            for page in text.split("\f")[:-1]]


def _running_text(pdf: Path) -> list[str]:
    """Each page's text as one line, a word broken at a line's end joined again."""
    texts = []
    for lines in _lines(pdf):
        text = ""
        for line in lines:
            if text.endswith("-") and line[:1].islower():
                text = text[:-1] + line
            else:
                text += (" " if text else "") + line
        texts.append(text.replace(ZWSP, ""))
    return texts


# ---------------------------------------------------------------- the manuscript


def test_the_manuscript_gives_a_table_its_rows_alignments_caption_and_id() -> None:
    book = load_book(BOOK)
    table = _table(book)
    assert [plain_text(cell) for cell in table.head] == [
        "Port", "Country", "Spring range (m)", "First record"]
    assert table.alignments == ("left", "left", "right", "center")
    assert len(table.rows) == 60
    assert [plain_text(row[0]) for row in table.rows[:3]] == ["Aberdeen", "Alicante", "Antwerp"]
    assert table.ident == "tbl-ports"
    assert plain_text(table.caption) == (
        "Spring ranges of sixty European ports, after the Admiralty Tide Tables")
    assert isinstance(table.caption[-1], Emphasis)  # the caption keeps its italics
    cells = [node for row in table.rows for cell in row for node in _walk(cell)]
    assert any(isinstance(node, NoteCall) and node.key == "severn" for node in cells)
    assert any(isinstance(node, LanguageSpan) and node.lang == "it" for node in cells)
    assert any(isinstance(node, Emphasis) for node in cells)


def test_the_manuscript_names_its_places_and_its_references_lead_to_them() -> None:
    book = load_book(BOOK)
    assert [section.anchor for section in book.sections] == ["preface", "tides", "harbours", ""]
    blocks = [block for section in book.sections for block in section_blocks(section)]
    headings = [block.ident for block in blocks if isinstance(block, Heading) and block.ident]
    assert headings == ["pull", "leaves-out"]
    (figure,) = [block for block in blocks if isinstance(block, Figure)]
    assert figure.ident == "fig-chart"
    assert isinstance(figure.caption[-1], Emphasis)
    assert plain_text(figure.caption).endswith("after the chart in The Pilot\u2019s Companion")
    targets = [reference.target for reference in _references(book)]
    # forward and backward, to a chapter, a heading, a figure and a table, from the text
    # and from a note, one without words of its own
    assert set(targets) == {"tides", "harbours", "preface", "fig-chart", "tbl-ports",
                            "leaves-out"}
    assert any(not reference.children for reference in _references(book))


def test_a_table_follows_a_caption_after_it_and_a_table_without_one(tmp_path: Path) -> None:
    book = write_files(tmp_path / "ms", {
        "book.toml": (BOOK / "book.toml").read_text().split("[[sections]]")[0]
        + '[[sections]]\nkind = "chapter"\nfile = "a.md"\n',
        "a.md": "# A\n\n| a | b |\n|---|:-:|\n| 1 | *2* |\n\nTable: After, *in italics*. "
                "{#after}\n\n| c |\n|---|\n| 3 |\n\nSee [](#after).\n",
    })
    reading = read_manuscript(book)
    assert reading.diagnostics == ()
    assert reading.book is not None
    first, second, paragraph = reading.book.sections[0].blocks  # type: ignore[union-attr]
    assert isinstance(first, Table) and isinstance(second, Table)
    assert (first.ident, plain_text(first.caption)) == ("after", "After, in italics.")
    assert first.alignments == ("", "center")
    assert (second.ident, second.caption) == ("", ())
    assert plain_text(paragraph.children) == "See ."  # type: ignore[union-attr]


# ---------------------------------------------------------------- the print edition


def test_every_row_of_the_table_is_printed_and_its_header_repeats(made: Editions) -> None:
    check_table(made.book, made.pdf)


def check_table(book: Book, pdf: Path) -> None:
    """Every row of the essays' table is printed, in order, over two pages or more, each
    with the header above its rows; a continuation page opens with the header."""
    table = _table(book)
    ports = [plain_text(row[0]) for row in table.rows]
    pages = _lines(pdf)
    where: dict[str, int] = {}

    def row_of(port: str, line: str) -> bool:  # the port, its note's call, …, the year
        return re.fullmatch(re.escape(port) + r"\d? .* \d{4}", line) is not None

    for number, lines in enumerate(pages):
        for line in lines:
            for port in ports:
                if row_of(port, line) and port not in where:
                    where[port] = number
    assert list(where) == ports  # every row, in order
    spanned = sorted(set(where.values()))
    assert len(spanned) >= 2, "the table should cross a page"
    for number in spanned:
        lines = pages[number]
        head = next(index for index, line in enumerate(lines) if line == HEADER)
        first_row = next(index for index, line in enumerate(lines)
                         if any(row_of(port, line) for port in ports))
        assert head < first_row, f"page {number + 1}: no header above the rows"
    for number in spanned[1:]:  # a continuation page opens with the header
        running = [line for line in pages[number] if not re.fullmatch(
            r"\d+|\d+ .*|.* \d+|Harbours and Their Ledgers|Notes from the Tideline", line)]
        assert running[0] == HEADER, f"page {number + 1} opens {running[0]!r}"


def test_each_reference_prints_the_page_its_target_begins_on(made: Editions) -> None:
    check_references(made.book, made.pdf)


def check_references(book: Book, pdf: Path) -> None:
    """Each reference of the essays is followed by the printed page (the folio) its
    place begins on, and is a link to that place."""
    reader = PdfReader(pdf)
    labels = list(reader.page_labels)
    destinations = destination_pages(reader)
    texts = _running_text(pdf)
    whole = " ".join(texts)
    checked = 0
    for reference in _references(book):
        target = next(name for name in (f"ref-{reference.target}",
                                         f"part-{reference.target}") if name in destinations)
        page = labels[destinations[target]]
        words = plain_text(reference.children)
        printed = f"{words}, p. {page}" if words else f"(p. {page})"
        assert printed in whole, f"{printed!r} is not in the PDF"
        checked += 1
    assert checked == len(_references(book)) == 13
    # A place in the front matter has its page in roman numerals; one in the body in
    # arabic; the table's page is the page its caption begins on.
    assert "the preface, p. vii" in whole
    table_page = destinations["ref-tbl-ports"]
    assert "Spring ranges of sixty" in texts[table_page]


    internal = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            if "/Dest" in link:
                internal.append(str(link["/Dest"]))
    for name in ("ref-tbl-ports", "ref-fig-chart", "part-tides", "part-preface",
                 "ref-leaves-out"):
        assert name in destinations
        assert name in internal or f"/{name}" in internal


def test_a_links_address_follows_it_and_breaks_only_after_a_slash_or_a_dot(
    made: Editions,
) -> None:
    check_addresses(made.pdf)


def check_addresses(pdf: Path) -> None:
    """The address of each link of the essays follows it (in the text and in a note),
    broken over lines only after a '/' or a '.'."""
    whole = " ".join(_running_text(pdf))
    squashed = re.sub(r"(?<=[/.]) ", "", whole)  # a line's end after '/' or '.'
    for text, address in (
        ("the Admiralty\u2019s page on tidal prediction",  # in the text
         "https://www.admiralty.co.uk/publications/publications-and-reference-guides/"
         "tidal-prediction-explained"),
        ("its data portal", "https://psmsl.org/data/obtaining/"),
        ("the national archive",  # in a note
         "https://www.nationaalarchief.nl/onderzoeken/index/nt00444"),
    ):
        assert f"{text} ({address})" in squashed, address
    # Where an address is broken over two lines, the line ends after '/' or '.'.
    broken = 0
    for lines in _lines(pdf):
        for line, after in itertools.pairwise(lines):
            tail = line.replace(ZWSP, "").split(" ")[-1]
            if "://" in tail and not tail.endswith((")", ").", "),", ");")):
                assert tail.endswith(("/", ".")), f"{tail!r} | {after!r}"
                broken += 1
    assert broken >= 2


def test_the_addresses_are_left_out_when_the_book_asks(tmp_path: Path) -> None:
    copy = tmp_path / "structures"
    write_files(copy, {path.name: path.read_bytes() for path in BOOK.iterdir()
                       if path.is_file()})
    write_files(copy / "images", {"tide-chart.png": (BOOK / "images/tide-chart.png")
                                  .read_bytes()})
    toml = copy / "book.toml"
    toml.write_text(toml.read_text() + "\n[print]\nlink_addresses = false\n")
    book = load_book(copy)
    assert not book.print_settings.link_addresses
    html = book_html(book)
    assert 'class="link-address' not in html
    assert "tidal prediction</a>" in html
    assert 'class="page-ref' in html  # the pages of the references stay
    assert "link-address" in book_html(load_book(BOOK))


def test_link_addresses_must_be_true_or_false(tmp_path: Path) -> None:
    copy = write_files(tmp_path / "ms", {
        "book.toml": (BOOK / "book.toml").read_text().split("[[sections]]")[0]
        + '[print]\nlink_addresses = "no"\n\n[[sections]]\nkind = "chapter"\nfile = "a.md"\n',
        "a.md": "# A\n\nText.\n",
    })
    messages = [str(d) for d in read_manuscript(copy).diagnostics]
    assert messages == ["ms/book.toml:16:1: error C005: 'link_addresses' in [print] must be "
                        "true or false, not str"]


def test_a_table_that_check_accepts_is_printed_within_the_text_block(tmp_path: Path) -> None:
    # Words as long as the text block allows (within two millimetres of its 95 mm): the
    # widest table check accepts is built without a word outside the block; a longer
    # word in it is refused.
    words = ("Verkehrsgenehmigung", "Wasserstandsmessung", "Hafenmeister")
    chain = ("Source Serif 4", "Noto Serif", "Frank Ruhl Libre")
    least = sum(text_mm(word, chain, "normal") for word in (words[0] + "7", *words[1:])) \
        + 2 * COLUMN_GAP_EM * TABLE_SIZE_PT * 25.4 / 72
    assert 93 < least < 95
    rows = "\n".join(f"| {words[0]}{n} | {words[1]} | {words[2]} |" for n in range(8))
    copy = write_files(tmp_path / "ms", {
        "book.toml": (BOOK / "book.toml").read_text().split("[[sections]]")[0]
        + '[[sections]]\nkind = "chapter"\nfile = "a.md"\n',
        "a.md": f"# A\n\n| Begriff | Messung | Rechnung |\n|---|---|--:|\n{rows}\n",
    })
    assert read_manuscript(copy).diagnostics == ()
    quoted = copy.parent / "quoted"  # in a block quote, with less room
    write_files(quoted, {"book.toml": (copy / "book.toml").read_text(), "a.md": "# A\n\n" + "".join(
        f"> {line}\n" for line in (copy / "a.md").read_text().split("\n")[2:] if line)})
    (quote_too_wide,) = read_manuscript(quoted).diagnostics
    assert quote_too_wide.code == "B001"
    assert "wider than the 87 mm the text block leaves it" in quote_too_wide.message
    wider = copy.parent / "wider"
    write_files(wider, {"book.toml": (copy / "book.toml").read_text(), "a.md": (
        copy / "a.md").read_text().replace("Hafenmeister", "Hafenmeisterei")})
    assert [d.code for d in read_manuscript(wider).diagnostics] == ["B001"]
    (pdf,) = [o.path for o in build(copy, tmp_path / "out", ["pdf"], STYLES)]
    check_text_block(pdf)


def check_text_block(pdf: Path) -> None:
    """No word of ``pdf`` stands outside the default theme's text block."""
    inner, outer = 15 * 72 / 25.4, 19 * 72 / 25.4
    for number, page in enumerate(pdf_pages(pdf), start=1):
        left = inner if number % 2 else outer
        right = page.width - (outer if number % 2 else inner)
        for line in page.lines:
            for word in line:
                assert left - 0.5 <= word.x_min and word.x_max <= right + 0.5, (number, word)


# ---------------------------------------------------------------- the EPUB


def _document(made: Editions, name: str) -> etree._Element:
    with zipfile.ZipFile(made.epub.path) as archive:
        return etree.fromstring(archive.read(f"EPUB/{name}"))


def test_the_epub_has_a_real_table(made: Editions) -> None:
    root = _document(made, "harbours.xhtml")
    (table,) = root.iter(f"{{{NS['x']}}}table")
    assert table.get("id") == "ref-tbl-ports"
    assert table.getparent().get("class") == "table"  # the box that scrolls on a phone
    caption = table.find("x:caption", NS)
    assert caption is not None and caption.find("x:em", NS).text == "Admiralty Tide Tables"
    heads = table.findall("x:thead/x:tr/x:th", NS)
    assert [th.get("scope") for th in heads] == ["col"] * 4
    assert [th.get("class") for th in heads] == ["left", "left", "right", "center"]
    assert len(table.findall("x:tbody/x:tr", NS)) == 60
    calls = table.findall(".//x:a[@role='doc-noteref']", NS)
    assert [call.text for call in calls] == ["3"]


def test_the_epubs_references_lead_to_their_document_and_place(made: Editions) -> None:
    def links(name: str) -> dict[str, str]:
        return {"".join(a.itertext()): a.get("href", "")
                for a in _document(made, name).iter(f"{{{NS['x']}}}a")}

    tides = links("tides.xhtml")
    assert tides["the essay on harbours"] == "harbours.xhtml#s-harbours"
    assert tides["the table of spring ranges"] == "harbours.xhtml#ref-tbl-ports"
    assert tides["the one of the inner harbour"] == "#ref-fig-chart"
    afterword = links("afterword.xhtml")
    assert afterword["the preface"] == "preface.xhtml#s-preface"
    # a reference without words shows its place's, the caption
    assert afterword["Spring ranges of sixty European ports, after the Admiralty Tide "
                     "Tables"] == "harbours.xhtml#ref-tbl-ports"
    figure = _document(made, "tides.xhtml").find(".//x:figure", NS)
    assert figure is not None and figure.get("id") == "ref-fig-chart"
    assert figure.find("x:figcaption/x:em", NS).text == "The Pilot\u2019s Companion"
    heading = _document(made, "tides.xhtml").find(".//x:h2[@id='ref-leaves-out']", NS)
    assert heading is not None


@needs_chromium
@pytest.mark.parametrize("width", [360, 280])
def test_the_table_is_readable_on_a_phone(made: Editions, tmp_path: Path, width: int) -> None:
    # The EPUB's document at a phone's width in Chromium: the page never runs off the
    # screen; a table wider than the screen scrolls in its own box.
    from playwright.sync_api import sync_playwright

    with zipfile.ZipFile(made.epub.path) as archive:
        archive.extractall(tmp_path)
    document = tmp_path / "EPUB" / "harbours.xhtml"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 740})
        page.goto(document.as_uri())
        sizes = page.evaluate("""() => {
            const box = document.querySelector('div.table');
            const table = box.querySelector('table');
            return {page: document.documentElement.scrollWidth, screen: window.innerWidth,
                    box: box.getBoundingClientRect().right, boxWidth: box.clientWidth,
                    table: table.scrollWidth, scrolls: getComputedStyle(box).overflowX,
                    rows: table.querySelectorAll('tbody tr').length};
        }""")
        browser.close()
    assert sizes["page"] <= sizes["screen"], sizes
    assert sizes["box"] <= sizes["screen"], sizes
    assert sizes["rows"] == 60
    if sizes["table"] > sizes["boxWidth"]:
        assert sizes["scrolls"] == "auto", sizes
    if width == 280:
        assert sizes["table"] > sizes["boxWidth"], "the narrow screen should scroll the table"


# ---------------------------------------------------------------- the proof


def test_the_proof_takes_the_prints_additions_for_no_difference(made: Editions) -> None:
    # The addresses, the references' pages and the repeated header are in the PDF's
    # words and not the EPUB's; taken out, the editions agree, and no page is flagged.
    printed = pdf_text(read_pdf(made.pdf), made.book.metadata.title)
    ebook = epub_text(read_epub(made.epub.path))
    assert [w.key for g in printed for w in g] != [w.key for g in ebook for w in g]
    added = additions(made.book)
    keys = [w.key for g in without_additions(printed, added, printed=True) for w in g]
    assert keys == [w.key for g in without_additions(ebook, added, printed=False) for w in g]
    assert keys.count("port") == 1  # the header row, once
    report = check_editions(made.book, made.pdf, made.epub.path, tools=False)
    # only the short page before the chart, which the book accepts
    assert [str(finding) for finding in report.findings if not finding.waived] == []


def test_a_caption_is_markdown_as_the_source_writes_it(tmp_path: Path) -> None:
    book = write_files(tmp_path / "ms", {
        "book.toml": (BOOK / "book.toml").read_text().split("[[sections]]")[0]
        + '[[sections]]\nkind = "chapter"\nfile = "a.md"\n',
        "a.md": '# A\n\n![A chart](images/tide-chart.png "A \\*star\\*, \\<b> and '
                '[*Ebbe*]{lang=de}[^n]"){#chart}\n\n[^n]: A note.\n',
        "images/tide-chart.png": (BOOK / "images" / "tide-chart.png").read_bytes(),
    })
    reading = read_manuscript(book)
    assert reading.diagnostics == ()
    assert reading.book is not None
    (figure,) = reading.book.sections[0].blocks  # type: ignore[union-attr]
    assert isinstance(figure, Figure) and figure.ident == "chart"
    text, span, call = figure.caption
    assert text == Text("A *star*, <b> and ", text.pos)
    assert isinstance(span, LanguageSpan) and isinstance(span.children[0], Emphasis)
    assert isinstance(call, NoteCall) and reading.book.notes[0].key == "n"


def test_the_glyphs_of_a_table_are_looked_up_in_the_faces_it_is_set_in(
    tmp_path: Path,
) -> None:
    # Ↄ (U+2183) is in Noto Serif's roman only: in a row it is set, in the header
    # (italic) not.
    book = write_files(tmp_path / "ms", {
        "book.toml": (BOOK / "book.toml").read_text().split("[[sections]]")[0]
        + '[[sections]]\nkind = "chapter"\nfile = "a.md"\n',
        "a.md": "# A\n\n| Word | \u2183 |\n|---|---|\n| \u2183 | a word |\n",
    })
    messages = [str(d) for d in read_manuscript(book).diagnostics]
    assert len(messages) == 1 and "error G001" in messages[0], messages
    assert messages[0].startswith("ms/a.md:3:") and "Italic" in messages[0]
