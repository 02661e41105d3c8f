"""tarkbook proof: each check on a book or a doctored edition that breaks exactly its
rule, and the real book and the test corpus with no errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfWriter

from proof_support import (
    LONG_NUMBER_BOOK,
    REAL_MANUSCRIPT,
    destinations,
    doctored_epub,
    doctored_pdf,
    editions_once,
)
from tarkbook.cli import main
from tarkbook.proof import Level, Report, epubtools
from tarkbook.proof.run import check_editions


def _checks(report: Report, level: Level) -> list[str]:
    return [f.check for f in report.findings if f.level is level]


def test_a_line_past_the_text_block_and_one_past_the_page(
    make_manuscript, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manuscript = make_manuscript(LONG_NUMBER_BOOK)
    code = main(["proof", str(manuscript), "--out", str(tmp_path / "out"), "--json",
                 "--no-tools"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["passed"] is False
    errors = [f for f in report["findings"] if f["level"] == "error"]
    assert [(f["check"], f["folio"], Path(f["source"]["file"]).name) for f in errors] == [
        ("outside-page", "1", "pi.md"),
        ("outside-text-block", "3", "e.md"),
    ]
    assert "314159265358979323846264338" in errors[0]["message"]
    assert "into the outer margin" in errors[1]["message"]
    x0, top, x1, bottom = errors[1]["box"]
    assert x1 > x0 and bottom > top


def test_a_layout_finding_is_placed_at_its_paragraph(
    make_manuscript, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chapter = ("# E\n\nThe reckoner kept her numbers in a book of squared paper.\n\n"
               "She wrote the digits of pi first, then those of e, as below.\n\n"
               "The first digits of e, as she wrote them under the others:\n"
               "2718281828459045235360287471352662497757247093699959574966 and no more.\n")
    manuscript = make_manuscript({**LONG_NUMBER_BOOK, "e.md": chapter,
                                  "pi.md": "# Pi\n\nThe digits of pi come later.\n"})
    main(["proof", str(manuscript), "--out", str(tmp_path / "out"), "--json", "--no-tools"])
    report = json.loads(capsys.readouterr().out)
    (finding,) = [f for f in report["findings"] if f["check"] == "outside-text-block"]
    # the third paragraph of e.md begins on the file's seventh line
    assert (Path(finding["source"]["file"]).name, finding["source"]["line"],
            finding["source"]["column"]) == ("e.md", 7, 1)


def test_a_note_moved_off_the_page_of_its_call(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)

    def move_note_9(writer: PdfWriter) -> None:
        names = destinations(writer)
        index = list(names).index("note-9")
        names[index + 1][0] = writer.pages[20].indirect_reference

    pdf = doctored_pdf(editions.pdf, tmp_path / "moved.pdf", move_note_9)
    report = check_editions(editions.book, pdf, editions.epub, tools=False)
    (finding,) = [f for f in report.findings if f.check == "note-page"]
    assert finding.level is Level.ERROR
    assert finding.message == ("note 9 is on PDF page 21 (p. 15), not on the page of its call")
    assert (finding.page, finding.folio) == (11, "5")
    assert finding.source == editions.book.notes[8].pos
    assert finding.source is not None and Path(finding.source.file).name == "notes.md"


def test_a_font_not_embedded_and_a_face_not_the_books(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)

    def strip_a_font(writer: PdfWriter) -> None:
        from pypdf.generic import NameObject

        fonts = writer.pages[10]["/Resources"]["/Font"]
        for reference in fonts.values():
            font = reference.get_object()
            if "Regular" in font["/BaseFont"]:
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                        descriptor.pop(key, None)
            else:  # its name, and that of the CID font under it, which PDFium reads
                for named in (font, *(d.get_object() for d in font["/DescendantFonts"])):
                    named[NameObject("/BaseFont")] = NameObject("/ABCDEF+Helvetica")

    pdf = doctored_pdf(editions.pdf, tmp_path / "fonts.pdf", strip_a_font)
    report = check_editions(editions.book, pdf, editions.epub, tools=False)
    found = sorted((f.check, f.message) for f in report.findings if f.check.startswith("font"))
    assert found == [
        ("font-embedded", "the font SourceSerifPro-Regular is not embedded"),
        ("font-face", "the font Helvetica is none of the book's faces (Source Serif Pro, "
                      "Noto Serif, Frank Ruhl Libre, Amiri)"),
    ]


def test_an_odd_page_count_is_a_warning_and_an_even_one_is_not(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    report = check_editions(editions.book, editions.pdf, editions.epub, tools=False)
    assert report.pages % 2 == 0
    assert [f for f in report.findings if f.check == "page-count"] == []
    odd = doctored_pdf(editions.pdf, tmp_path / "odd.pdf", lambda w: w.add_blank_page())
    report = check_editions(editions.book, odd, editions.epub, tools=False)
    assert [(f.level, f.page) for f in report.findings if f.check == "page-count"] \
        == [(Level.WARNING, 31)]


def test_a_note_that_differs_between_the_editions_is_shown_with_its_words(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    epub = doctored_epub(editions.epub, tmp_path / "changed.epub", "interview.xhtml",
                         "the narrator\u2019s own", "the author\u2019s own")
    report = check_editions(editions.book, editions.pdf, epub, tools=False)
    (finding,) = [f for f in report.findings if f.check == "editions-notes"]
    assert finding.message == ("note 10 differs: after '… the book, in the' the PDF has "
                               "'narrator\u2019s own voice.—Ed.', "
                               "the EPUB 'author\u2019s own voice.—Ed.'")
    assert (finding.page, finding.document) == (11, "interview.xhtml")


def test_sections_in_another_order_are_found(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    epub = doctored_epub(editions.epub, tmp_path / "renamed.epub", "films.xhtml",
                         'id="s-films"', 'id="s-feature-films"')
    report = check_editions(editions.book, editions.pdf, epub, tools=False)
    (finding,) = [f for f in report.findings if f.check == "editions-sections"]
    assert "the PDF has 'films index', the EPUB 'feature-films index'" in finding.message


def test_epub_tools_not_installed_are_skipped_with_how_to_install_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    monkeypatch.setattr(shutil, "which", lambda _: None)
    found = [*epubtools.epubcheck(editions.epub), *epubtools.ace(editions.epub)]
    assert [(f.check, f.level) for f in found] == [
        ("epubcheck", Level.SKIPPED), ("ace", Level.SKIPPED)]
    assert 'pip install "tarkbook[proof]"' in found[0].message
    assert "default-jre-headless" in found[0].message
    assert "tarkbook proof --install-ace" in found[1].message
    report = check_editions(editions.book, editions.pdf, editions.epub, tools=True)
    assert report.tools == {"EPUBCheck": "skipped", "DAISY Ace": "skipped"}
    assert report.tools_line() == "EPUBCheck skipped, DAISY Ace skipped"


def test_ace_installed_into_the_data_folder_is_found_there(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tarkbook.proof.ace_install import installed_ace

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("TARKBOOK_ACE", raising=False)
    monkeypatch.setattr(shutil, "which", lambda _: None)  # none on the PATH
    assert epubtools.ace_command() is None
    command = installed_ace()
    assert command == tmp_path / "data" / "tarkbook" / "ace" / "node_modules" / ".bin" \
        / "ace-cli"
    command.parent.mkdir(parents=True)
    command.write_text("#!/bin/sh\n")
    assert epubtools.ace_command() == str(command)


def test_install_ace_without_npm_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("TARKBOOK_ACE", raising=False)
    monkeypatch.setattr(shutil, "which", lambda _: None)
    assert main(["proof", str(tmp_path / "nowhere"), "--install-ace"]) == 1
    assert capsys.readouterr().err == (
        "tarkbook: DAISY Ace cannot be installed: npm is not installed (apt-get install "
        "nodejs npm, or see nodejs.org); Ace also needs Chromium (apt-get install "
        "chromium)\n")


@pytest.mark.skipif(shutil.which("java") is None, reason="EPUBCheck needs Java")
def test_epubcheck_runs_and_reports_what_it_finds(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    assert list(epubtools.epubcheck(editions.epub)) == []
    broken = doctored_epub(editions.epub, tmp_path / "broken.epub", "films.xhtml",
                           "</body>", "<bogus/></body>")
    found = list(epubtools.epubcheck(broken))
    assert found and {f.level for f in found} == {Level.ERROR}
    assert found[0].document == "films.xhtml" and "bogus" in found[0].message


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["proof", "--bogus"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_an_image_under_300_ppi_at_its_printed_size(
    make_manuscript, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from io import BytesIO

    from PIL import Image

    def png(size: tuple[int, int]) -> bytes:
        data = BytesIO()
        Image.new("RGB", size, (200, 60, 40)).save(data, format="PNG")
        return data.getvalue()

    toml = LONG_NUMBER_BOOK["book.toml"].partition('[[sections]]')[0]
    manuscript = make_manuscript({
        "book.toml": toml + '[[sections]]\nkind = "chapter"\nfile = "figures.md"\n',
        "figures.md": "# Figures\n\nA small one:\n\n![A red field](images/low.png \"Low\")\n\n"
                      "A large one:\n\n![A red field](images/high.png \"High\")\n",
        "images/low.png": png((120, 80)),
        "images/high.png": png((2400, 1600)),
    })
    editions = editions_once(manuscript, tmp_path_factory)
    report = check_editions(editions.book, editions.pdf, editions.epub, tools=False)
    found = [f for f in report.findings if f.check == "image-resolution"]
    assert [(f.level, f.message) for f in found] == [
        (Level.WARNING, "an image of 120 \u00d7 80 pixels is printed 32 \u00d7 21 mm: 96 ppi, "
                        "under 300")]
    assert found[0].source is not None and found[0].source.file.endswith("figures.md")
    assert [f for f in report.findings if f.check == "editions-text"] == []  # captions too


def test_a_signature_pads_the_book_with_blank_pages_and_the_proof_checks_it(
    make_manuscript, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    manuscript = make_manuscript({**LONG_NUMBER_BOOK, "book.toml": LONG_NUMBER_BOOK["book.toml"]
                                  + "\n[print]\nsignature = 16\n"})
    editions = editions_once(manuscript, tmp_path_factory)
    report = check_editions(editions.book, editions.pdf, editions.epub, tools=False)
    assert report.pages == 16 and editions.book.print_settings.signature == 16
    assert [f for f in report.findings if f.check == "page-count"] == []

    def cut_the_last_page(writer: PdfWriter) -> None:
        writer.remove_page(len(writer.pages) - 1)

    cut = doctored_pdf(editions.pdf, tmp_path / "cut.pdf", cut_the_last_page)
    report = check_editions(editions.book, cut, editions.epub, tools=False)
    (finding,) = [f for f in report.findings if f.check == "page-count"]
    assert (finding.level, finding.message) == (
        Level.ERROR, "the book has 15 pages, not a multiple of its signature of 16 pages")


@pytest.mark.parametrize(("value", "message"), [
    ("6", "error C006: invalid value for 'signature' in [print]: 6 is not a multiple of 4 "
          "from 4 to 64"),
    ("128", "error C006: invalid value for 'signature' in [print]: 128 is not a multiple of "
            "4 from 4 to 64"),
    ('"four"', "error C005:"),
])
def test_a_signature_that_is_no_signature_is_refused(
    make_manuscript, value: str, message: str
) -> None:
    from tarkbook.manuscript import read_manuscript

    manuscript = make_manuscript({**LONG_NUMBER_BOOK, "book.toml": LONG_NUMBER_BOOK["book.toml"]
                                  + f"\n[print]\nsignature = {value}\n"})
    reading = read_manuscript(manuscript, glyphs=False)
    assert reading.book is None
    (diagnostic,) = reading.diagnostics
    assert str(diagnostic).startswith("ms/book.toml:20:")
    assert message in str(diagnostic)


def test_proof_settings_make_a_check_an_error_a_warning_or_nothing(
    make_manuscript, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = '\n[proof]\noutside-page = "warning"\noutside-text-block = "off"\n' \
               'page-count = "error"\n'
    manuscript = make_manuscript({**LONG_NUMBER_BOOK,
                                  "book.toml": LONG_NUMBER_BOOK["book.toml"] + settings})
    code = main(["proof", str(manuscript), "--out", str(tmp_path / "out"), "--json",
                 "--no-tools"])
    report = json.loads(capsys.readouterr().out)
    assert [(f["check"], f["level"]) for f in report["findings"]] == [
        ("outside-page", "warning"), ("page-count", "error")]
    assert code == 1  # the odd page count is now an error


@pytest.mark.parametrize(("setting", "message"), [
    ('widows = "off"', "error C003: unknown key 'widows' in [proof]"),
    ('widow = "loud"', "error C006: invalid value for 'widow' in [proof]: 'loud' is not one "
                       "of 'error', 'warning', 'off'"),
])
def test_proof_settings_that_are_wrong_are_refused(
    make_manuscript, setting: str, message: str
) -> None:
    from tarkbook.manuscript import read_manuscript

    manuscript = make_manuscript({**LONG_NUMBER_BOOK, "book.toml": LONG_NUMBER_BOOK["book.toml"]
                                  + f"\n[proof]\n{setting}\n"})
    reading = read_manuscript(manuscript, glyphs=False)
    assert reading.book is None
    (diagnostic,) = reading.diagnostics
    assert str(diagnostic).startswith("ms/book.toml:20:") and message in str(diagnostic)


def test_every_check_of_the_proof_may_be_set_in_book_toml() -> None:
    from tarkbook.model import PROOF_CHECKS
    from tarkbook.proof import (
        agree,
        breaks,
        fonts,
        geometry,
        images,
        index_locators,
        lines,
        notes,
        page_list,
        pagecount,
        printer,
        running,
        turns,
    )

    names = {value for module in (agree, breaks, epubtools, fonts, geometry, images, lines,
                                  notes, page_list, pagecount, printer, running, turns,
                                  index_locators)
             for key, value in vars(module).items() if key.startswith("CHECK")}
    assert names == set(PROOF_CHECKS)
