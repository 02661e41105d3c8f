"""The proof as a gate. The clean corpus — the real book, the starter books of ``tarkbook
new``, the books of the tests and the books of tests/proof_books/ (each made to meet a
case that once gave a false alarm) — passes with no error and no warning the book has
not accepted; the faulty corpus — books and doctored editions that each break one rule —
gives each fault's finding at its page and manuscript line; and editions that are not
what a build makes are error findings, never a traceback."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from epub_support import with_page_list
from proof_support import (
    CORPUS,
    LANGUAGE_BOOKS,
    LONG_NUMBER_BOOK,
    LONG_WORD_BOOK,
    REAL_MANUSCRIPT,
    ROOT,
    Editions,
    destinations,
    doctored_epub,
    doctored_pdf,
    editions_once,
)
from tarkbook.cli import main
from tarkbook.manuscript.index_marks import index_marks
from tarkbook.proof import Level, Report, page_list
from tarkbook.proof.files import MAX_DOCUMENT_BYTES, MAX_PDF_PAGES
from tarkbook.proof.pages import read_pdf
from tarkbook.proof.run import check_editions
from tarkbook.render.index_ids import mark_id

PROOF_BOOKS = sorted(p.parent for p in (ROOT / "tests" / "proof_books").glob("*/book.toml"))
CHECKS = 13
"""The checks of a proof without the tools, for a book whose EPUB has the page list (one
fewer without it)."""

_starters: dict[str, Path] = {}


def _starter(kind: str, factory: pytest.TempPathFactory) -> Path:
    """The starter book of ``tarkbook new --kind KIND``, as a new user gets it; its odd
    page count accepted, as its author would once the print shop has said so."""
    if kind not in _starters:
        folder = factory.mktemp("starter") / kind
        assert main(["new", str(folder), "--kind", kind]) == 0
        with (folder / "book.toml").open("a", encoding="utf-8") as toml:
            toml.write('\n[proof]\naccept = [{check = "page-count"}]\n')
        _starters[kind] = folder
    return _starters[kind]


def _clean(name: str, factory: pytest.TempPathFactory) -> Editions:
    if name.startswith("starter-"):
        return editions_once(_starter(name.removeprefix("starter-"), factory), factory)
    return editions_once(Path(name), factory)


def _unwaived(report: Report, level: Level) -> list[str]:
    return [str(f) for f in report.findings if f.level is level and not f.waived]


@pytest.mark.parametrize(
    "name", [str(REAL_MANUSCRIPT), "starter-prose", "starter-interview",
             *map(str, [*CORPUS, *LANGUAGE_BOOKS, *PROOF_BOOKS])],
    ids=lambda name: Path(name).name)
def test_the_clean_corpus_passes_with_no_warning_it_has_not_accepted(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = _clean(name, tmp_path_factory)
    report = check_editions(editions.book, editions.pdf, editions.epub, tools=False)
    assert _unwaived(report, Level.ERROR) == []
    assert _unwaived(report, Level.WARNING) == []
    paged = editions.book.metadata.epub_page_list
    assert report.pages > 0 and len(report.checks) == CHECKS - (not paged)
    print(f"{Path(name).name}: proof passed: {report.summary()}")


def _lines(editions: Editions) -> list[tuple[int, str]]:
    return [(page.number, line.text) for page in read_pdf(editions.pdf).pages
            for line in page.lines]


def test_the_clean_books_meet_the_cases_they_were_made_for(
    tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each book of tests/proof_books/ still lays out the case that once gave a false
    alarm (else its passing proves nothing)."""
    books = {path.name: editions_once(path, tmp_path_factory) for path in PROOF_BOOKS}
    # a numbered list whose first item stands alone, with its marker, at a page's foot
    printed = read_pdf(books["lists"].pdf)
    (page,) = [p for p in printed.pages if any("Slow the ship" in line.text for line in p.lines)]
    body = printed.body_lines(page)
    assert body[-1].text == "1. Slow the ship"
    assert "Reef the sails" in printed.body_lines(printed.pages[page.number])[0].text
    # a contents over two pages: the second page's marker at its first entry, in the nav
    markers = {m.label: m for m in page_list.read_page_list(books["contents"].epub).markers}
    assert (markers["v"].document, markers["v"].word) == ("nav.xhtml", "Contents")
    assert (markers["vi"].document, markers["vi"].word) == ("nav.xhtml", "A")
    first_line = read_pdf(books["contents"].pdf).pages[5].lines[0].text
    assert first_line.startswith("A Letter from ")
    # dialogue and a signature that open with a dash; a line broken after a slash; a
    # scene break's ornament
    lines = [text for _, text in _lines(books["dialogue"])]
    assert sum(text.startswith("\u2014 ") for text in lines) >= 20
    assert "\u2014 I. C." in lines
    assert any(re.search(r"\w/$", text) for text in lines)
    assert any(text.replace("\u00a0", " ").split() == ["*", "*", "*"] for text in lines)
    starter = _clean("starter-prose", tmp_path_factory)
    assert any(text.replace("\u00a0", " ").split() == ["*", "*", "*"]
               for _, text in _lines(starter))


def _harbour(tmp_path: Path) -> Path:
    """A chapter whose figure, too tall for what is left of its first page, stands on the
    next: the first page ends nine lines short."""
    folder = tmp_path / "harbour"
    (folder / "images").mkdir(parents=True)
    Image.new("RGB", (1500, 2000), (120, 140, 160)).save(folder / "images" / "harbour.png")
    (folder / "book.toml").write_text(
        '[book]\ntitle = "The Harbour"\nlanguage = "en"\n'
        'identifier = "urn:uuid:0b7d3c52-8a51-4f3e-9d0c-3f1f6a2e9b14"\ndate = "2026-11-30"\n\n'
        '[[contributors]]\nname = "Ada Reckoner"\nroles = ["aut"]\n\n'
        '[[sections]]\nkind = "chapter"\nfile = "harbour.md"\n', "utf-8")
    morning = ("The harbour was quiet in the early morning, and the boats lay still on the "
               "water while the gulls waited on the wall for the first of the fishermen. ")
    (folder / "harbour.md").write_text(
        "# The Harbour\n\n" + morning * 3 + "\n\n" + morning * 2 + "\n\n"
        '![The harbour at dawn](images/harbour.png "The harbour at dawn, from the wall.")\n\n'
        + "\n\n".join([morning * 3] * 8) + "\n", "utf-8")
    return folder


def _found(report: Report, check: str) -> list[tuple[Level, int | None, str | None, int | None]]:
    return [(f.level, f.page, Path(f.source.file).name if f.source else None,
             f.source.line if f.source else None)
            for f in report.findings if f.check == check]


def test_a_page_left_short_by_a_figure_pushed_on_is_found(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(_harbour(tmp_path), tmp_path_factory)
    report = check_editions(editions.book, editions.pdf, editions.epub, tools=False)
    # p. 1 (its facing page is the blank verso before the chapter): against the text
    # block's foot; the paragraph it ends begins on line 5 of harbour.md
    assert _found(report, "short-page") == [(Level.WARNING, 7, "harbour.md", 5)]
    (finding,) = [f for f in report.findings if f.check == "short-page"]
    assert finding.message == "the page is 9 lines shorter than the text block's foot"


def test_a_short_page_accepted_in_book_toml_is_waived(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _harbour(tmp_path)
    with (folder / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[proof]\naccept = [{check = "short-page", page = 7}]\n')
    code = main(["proof", str(folder), "--out", str(tmp_path / "out"), "--no-tools"])
    out = capsys.readouterr().out
    assert code == 0
    assert "PDF page 7 (p. 1), harbour/harbour.md:5:1: waived warning short-page: " in out
    assert out.splitlines()[-1] == (
        "proof passed: 10 pages, 12 checks: 0 error(s), 0 warning(s), 0 skipped, 1 waived")


@pytest.mark.parametrize(("entry", "message"), [
    ('{check = "short-pages", page = 12}',
     "book.toml:8:49: error C006: invalid value for 'check' in [proof] accept: "
     "'short-pages' is not a check of the proof; did you mean 'short-page'?"),
    ('{check = "short-page", page = 0}',
     "book.toml:8:70: error C006: invalid value for 'page' in [proof] accept: 0 is not a "
     "page of the PDF (a whole number from 1)"),
    ('{check = "widow", pages = 3}',
     "book.toml:8:58: error C003: unknown key 'pages' in [proof] accept; did you mean "
     "'page'?"),
    ('"short-page"',
     "book.toml:8:1: error C005: 'accept' in [proof] must be a list of tables such as "
     "{check = \"short-page\", page = 12}, not a list with a str"),
])
def test_an_acceptance_that_is_wrong_is_an_error_at_its_place(
    make_manuscript, entry: str, message: str
) -> None:
    from tarkbook.manuscript import read_manuscript

    manuscript = make_manuscript({**LONG_NUMBER_BOOK, "book.toml": LONG_NUMBER_BOOK[
        "book.toml"].replace('date = "2026-11-30"\n', 'date = "2026-11-30"\n\n[proof]\n'
                             f'accept = [{{check = "widow", page = 2}}, {entry}]\n', 1)})
    reading = read_manuscript(manuscript, glyphs=False)
    assert reading.book is None
    (diagnostic,) = reading.diagnostics
    assert str(diagnostic).startswith("ms/" + message), str(diagnostic)


def test_each_fault_of_the_faulty_corpus_gives_its_finding(
    make_manuscript, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Fault -> finding, at its PDF page and manuscript line: the table of docs/proof.md
    ("The proof as a gate"). The faults of the lines' shapes (widow, orphan, a line that
    opens with a closing mark), which the layout never makes, are proven on pages shaped
    to break them in test_proof_pages.py."""
    real = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    found: dict[str, list[tuple[Level, int | None, str | None, int | None]]] = {}

    # glyphs past the text block and past the page: digits that cannot be broken
    numbers = editions_once(make_manuscript(LONG_NUMBER_BOOK), tmp_path_factory)
    report = check_editions(numbers.book, numbers.pdf, numbers.epub, tools=False)
    found["outside-page"] = _found(report, "outside-page")
    found["outside-text-block"] = _found(report, "outside-text-block")

    # a note moved off the page of its call
    def move_note_9(writer: PdfWriter) -> None:
        names = destinations(writer)
        names[list(names).index("note-9") + 1][0] = writer.pages[20].indirect_reference

    moved = doctored_pdf(real.pdf, tmp_path / "moved.pdf", move_note_9)
    found["note-page"] = _found(check_editions(real.book, moved, real.epub, tools=False),
                                "note-page")

    # lines in a row ending in a hyphen: a paragraph of long words in a narrow measure
    words = editions_once(make_manuscript(LONG_WORD_BOOK, "long-words"), tmp_path_factory)
    report = check_editions(words.book, words.pdf, words.epub, tools=False)
    found["stacked-hyphens"] = _found(report, "stacked-hyphens")
    # and an odd page count: its seven pages
    found["page-count"] = _found(report, "page-count")

    # a font not embedded (the fonts of p. 5, which the book sets from its first page on)
    def strip_fonts(writer: PdfWriter) -> None:
        for reference in writer.pages[10]["/Resources"]["/Font"].values():
            font = reference.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    descriptor.pop(key, None)

    stripped = doctored_pdf(real.pdf, tmp_path / "fonts.pdf", strip_fonts)
    report = check_editions(real.book, stripped, real.epub, tools=False)
    found["font-embedded"] = sorted(set(_found(report, "font-embedded")),
                                    key=lambda f: f[1] or 0)[:1]

    # a page-list marker moved one word on (in the EPUB of the book asking for its page
    # list: the same PDF), and the editions differing by a word
    paged = editions_once(with_page_list(REAL_MANUSCRIPT, tmp_path / "paged"),
                          tmp_path_factory)
    with zipfile.ZipFile(paged.epub) as archive:
        text = archive.read("EPUB/interview.xhtml").decode()
    marker = re.search(r'(<span [^>]*id="page-7"[^>]*/>)(\S+ )', text)
    assert marker is not None
    shifted = doctored_epub(paged.epub, tmp_path / "shifted.epub", "interview.xhtml",
                            marker[0], marker[2] + marker[1])
    listed = [f for f in check_editions(paged.book, paged.pdf, shifted, tools=False).findings
              if f.check == "page-list"]
    found["page-list"] = [(f.level, f.page, f.document, None) for f in listed]
    assert all(f.box is not None for f in listed)  # the page's first line, outlined
    changed = doctored_epub(real.epub, tmp_path / "changed.epub", "interview.xhtml",
                            "like a mosaic", "like a mosaik")
    found["editions-text"] = _found(check_editions(real.book, real.pdf, changed, tools=False),
                                    "editions-text")

    assert found == {
        "outside-page": [(Level.ERROR, 7, "pi.md", 3)],
        "outside-text-block": [(Level.ERROR, 9, "e.md", 3)],
        "note-page": [(Level.ERROR, 11, "notes.md", real.book.notes[8].pos.line)],
        "stacked-hyphens": [(Level.WARNING, 7, "words.md", 3)],
        "page-count": [(Level.WARNING, 7, None, None)],
        "font-embedded": [(Level.ERROR, 1, None, None)],  # the first page set in it
        "page-list": [(Level.ERROR, 13, "interview.xhtml", None)],
        "editions-text": [(Level.ERROR, 11, "interview.md", 5)],
    }


def test_an_index_locator_that_leads_elsewhere_is_found_in_either_edition(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The index book with its mark of Eketorp (p. 9) moved to p. 3 in the PDF, and the
    EPUB's locator of Eketorp led to the mark of Kalmar."""
    book = editions_once(ROOT / "tests" / "books" / "index", tmp_path_factory)
    marks = {mark.terms[0]: mark_id(span.pos) for mark, span in index_marks(book.book)}

    def move_eketorp(writer: PdfWriter) -> None:
        names = destinations(writer)
        names[list(names).index(marks["Eketorp"]) + 1][0] = writer.pages[8].indirect_reference

    moved = doctored_pdf(book.pdf, tmp_path / "moved.pdf", move_eketorp)
    found = [(f.level, f.page, f.folio, f.message)
             for f in check_editions(book.book, moved, book.epub, tools=False).findings
             if f.check == "index-locator"]
    assert found == [(Level.ERROR, 21, "15", "the index locator '9' leads to p. 3 (PDF page "
                      "9), where it should read '3'")]
    led = doctored_epub(book.epub, tmp_path / "led.epub", "index.xhtml",
                        f'#{marks["Eketorp"]}"', f'#{marks["Kalmar"]}"')
    found = [(f.level, f.document, f.message)
             for f in check_editions(book.book, book.pdf, led, tools=False).findings
             if f.check == "index-locator"]
    assert found == [(Level.ERROR, "index.xhtml",
                      f"the index locator '9' of 'Eketorp' leads to oland.xhtml#"
                      f"{marks['Kalmar']}, whose text 'Kalmar' is not a mark of that entry")]


def _bomb(epub: Path, out: Path) -> Path:
    """``epub`` with one document that decompresses to more than the proof reads."""
    with zipfile.ZipFile(epub) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("interview.xhtml"):
                with target.open(item.filename, "w", force_zip64=True) as entry:
                    entry.write(data[:200])
                    spaces = b" " * 2**20
                    for _ in range(MAX_DOCUMENT_BYTES // 2**20 + 1):
                        entry.write(spaces)
                continue
            target.writestr(item, data)
    return out


def _pages(out: Path, count: int) -> Path:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(300, 400)
    writer.write(out)
    return out


def test_editions_that_are_not_what_a_build_makes_are_errors_not_tracebacks(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    real = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(real.pdf.read_bytes()[: real.pdf.stat().st_size // 2])
    not_zip = tmp_path / "not-zip.epub"
    not_zip.write_bytes(b"PK but no more than that")
    cases = [
        (truncated, real.epub, "the PDF truncated.pdf cannot be read: "),
        (_pages(tmp_path / "many.pdf", MAX_PDF_PAGES + 1), real.epub,
         f"the PDF many.pdf has {MAX_PDF_PAGES + 1} pages: a book has 1 to {MAX_PDF_PAGES}"),
        (real.pdf, not_zip, "the EPUB not-zip.epub is not a zip archive: "),
        (real.pdf, _bomb(real.epub, tmp_path / "bomb.epub"),
         "the EPUB bomb.epub: EPUB/interview.xhtml is larger than 64 MiB decompressed"),
    ]
    for pdf, epub, message in cases:
        report = check_editions(real.book, pdf, epub, tools=False)
        (finding,) = report.findings
        assert (finding.check, finding.level) == ("edition-file", Level.ERROR)
        assert finding.message.startswith(message), finding.message
        assert not report.passed and report.pages == 0


def test_each_line_of_a_dialogue_that_repeats_itself_is_placed_at_its_own_line(
    tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A finding on a line of dialogue ('— Oui.', said many times) names the manuscript
    line of that very reply: the occurrences before it are counted."""
    from tarkbook.proof.findings import Finding
    from tarkbook.proof.passages import Passages
    from tarkbook.proof.run import place, sections_by_page

    book_folder = ROOT / "tests" / "proof_books" / "dialogue"
    editions = editions_once(book_folder, tmp_path_factory)
    printed, passages = read_pdf(editions.pdf), Passages(editions.book)
    sections = sections_by_page(printed, editions.book)
    source = (book_folder / "le-quai.md").read_text("utf-8").splitlines()
    expected = [number for number, text in enumerate(source, start=1)
                if text.startswith("\u2014 ")]
    placed = []
    for page in printed.pages:
        for line in printed.body_lines(page):
            if line.text.startswith("\u2014 ") and sections.get(page.number) == 0:
                finding = Finding("line-opening", Level.WARNING, "", page.number, page.folio,
                                  box=(line.x0, line.top, line.x1, line.bottom))
                pos = place(finding, printed, editions.book, passages, 0)
                placed.append(pos.line if pos else None)
    assert len(expected) == 48 and placed == expected
