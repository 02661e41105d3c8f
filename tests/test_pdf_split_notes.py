"""A note longer than the room left on its page runs on at the foot of the next pages
(pdf/weasyprint/split_notes.py), read back from the PDF of the essay collection in
tests/books/long-notes/ and of a book with a note three pages long."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfWriter
from weasyprint.layout import LayoutContext, block, page

from conftest import MakeManuscript
from proof_support import CORPUS, destinations, doctored_pdf, editions_once
from tarkbook.build import build
from tarkbook.manuscript import load_book
from tarkbook.pdf.weasyprint.split_notes import notes_split_over_pages
from tarkbook.proof import notes
from tarkbook.proof.pages import PrintedBook, read_pdf
from tarkbook.proof.run import check_editions

LONG_NOTES = next(book for book in CORPUS if book.name == "long-notes")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[-\u2010\u00ad]\s*", "", text).split())


def _page_text(printed: PrintedBook, number: int) -> str:
    return _words(" ".join(line.text for line in printed.pages[number - 1].lines))


def _last_words(book_folder: Path, key: str, count: int = 6) -> str:
    note = next(n for n in load_book(book_folder).notes if n.key == key)
    source = (book_folder / Path(note.pos.file).name).read_text(encoding="utf-8")
    definition = source.split(f"[^{key}]:", 1)[1].split("\n[^", 1)[0]
    return " ".join(definition.split()[-count:])


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> PrintedBook:
    return read_pdf(editions_once(LONG_NOTES, tmp_path_factory).pdf)


def test_each_note_starts_on_its_calls_page(printed: PrintedBook) -> None:
    numbers = notes.numbers(printed)
    assert numbers == list(range(1, 6))
    for number in numbers:
        assert printed.destinations[f"note-{number}"][0] == \
            printed.destinations[f"call-{number}"][0], number


@pytest.mark.parametrize(("key", "number"), [("white", 1), ("twice", 3)])
def test_a_long_notes_last_words_stand_on_a_later_page(
    printed: PrintedBook, key: str, number: int
) -> None:
    places = notes.pieces(printed)[number]
    call_page = printed.destinations[f"call-{number}"][0]
    assert len(places) >= 2 and places[0][0] == call_page
    assert [page for page, _ in places] == list(range(call_page, call_page + len(places)))
    last = _words(_last_words(LONG_NOTES, key))
    assert last in _page_text(printed, places[-1][0])
    assert last not in _page_text(printed, call_page)


def test_the_1200_word_note_runs_on_above_the_notes_of_its_last_page(
    printed: PrintedBook,
) -> None:
    places = notes.pieces(printed)[1]
    assert len(places) >= 3
    last_page, last_top = places[-1]
    # the note called on the page where note 1 ends is set below note 1's last piece
    own = [top for name, (page_number, top) in printed.destinations.items()
           if re.fullmatch(r"note-\d+", name) and page_number == last_page]
    assert own and all(top > last_top for top in own)


def test_the_proof_passes(tmp_path_factory: pytest.TempPathFactory) -> None:
    editions = editions_once(LONG_NOTES, tmp_path_factory)
    report = check_editions(editions.book, editions.pdf, editions.epub, tools=False)
    assert [str(f) for f in report.findings if f.level.value == "error"] == []


def test_the_proof_finds_a_piece_of_a_note_away_from_the_page_after_the_one_before(
    printed: PrintedBook, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(LONG_NOTES, tmp_path_factory)
    pieces = notes.pieces(printed)[1]
    last, page_number = len(pieces), pieces[-1][0]  # the last piece of note 1, its page

    def move_the_last_piece(writer: PdfWriter) -> None:
        names = destinations(writer)
        index = list(names).index(f"note-1-part-{last}")
        names[index + 1][0] = writer.pages[page_number].indirect_reference

    pdf = doctored_pdf(editions.pdf, tmp_path / "moved.pdf", move_the_last_piece)
    report = check_editions(editions.book, pdf, editions.epub, tools=False)
    (finding,) = [f for f in report.findings if f.check == "note-page"]
    assert finding.message == (f"note 1 runs on (part {last}) on PDF page {page_number + 1}, "
                               f"not on the page after its part {last - 1}")
    assert finding.source == editions.book.notes[0].pos


def _three_pages_book() -> dict[str, str]:
    """A book with one note about three pages long, called at the foot of a page."""
    source = (LONG_NOTES / "blank-spaces.md").read_text(encoding="utf-8")
    white = source.split("[^white]:", 1)[1].split("\n[^", 1)[0].strip()
    paragraphs = [p.strip() for p in white.split("\n\n")]
    note = "\n\n    ".join(paragraphs + paragraphs[1:5])
    text = "\n\n".join(p for p in source.split("\n\n")[1:4] if not p.startswith("[^"))
    return {
        "book.toml": (LONG_NOTES / "book.toml").read_text(encoding="utf-8").split(
            "[[sections]]")[0] + '[[sections]]\nkind = "chapter"\nfile = "essay.md"\n',
        "essay.md": f"# A Long Note\n\n{text.replace('[^white]', '').replace('[^dots]', '')}"
                    f" And so to the note.[^long]\n\nAfter the note, the essay goes on.\n\n"
                    f"[^long]: {note}\n",
    }


def test_a_note_three_pages_long_is_printed(
    make_manuscript: MakeManuscript, tmp_path: Path
) -> None:
    manuscript = make_manuscript(_three_pages_book())
    epub, pdf = (o.path for o in build(manuscript, tmp_path / "out", ["epub", "pdf"]))
    printed = read_pdf(pdf)
    places = notes.pieces(printed)[1]
    assert printed.destinations["call-1"][0] == places[0][0]
    assert len(places) >= 4
    assert [page for page, _ in places] == list(range(places[0][0],
                                                      places[0][0] + len(places)))
    report = check_editions(load_book(manuscript), pdf, epub, tools=False)
    assert [str(f) for f in report.findings if f.level.value == "error"] == []


def test_the_patch_is_undone_after_the_layout() -> None:
    saved = (block.block_level_layout, page.make_page, LayoutContext.layout_footnote,
             LayoutContext.unlayout_footnote)
    with notes_split_over_pages():
        assert block.block_level_layout is not saved[0]
        assert hasattr(LayoutContext, "_tarkbook_split_note")
    assert (block.block_level_layout, page.make_page, LayoutContext.layout_footnote,
            LayoutContext.unlayout_footnote) == saved
    assert not hasattr(LayoutContext, "_tarkbook_split_note")


def test_a_note_run_on_is_set_once_when_pages_are_made_again(tmp_path: Path) -> None:
    """The essays book's references make WeasyPrint lay pages out again for their page
    numbers; a note's rest, run on to the next page, must still be set on that page only
    (a page made again took the rest left by the last page made, and set it twice)."""
    import pypdfium2 as pdfium

    from tarkbook.build import build as build_book

    book = Path(__file__).parent / "books" / "structures"
    (pdf,) = (o.path for o in build_book(book, tmp_path / "out", ["pdf"], None))
    text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
    assert text.count("heights at each gauge") == 1
