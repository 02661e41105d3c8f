"""Editions asked for by default are independent: each is put in place, and said to be, as
soon as it is made, and one that fails does not stop the others. Editions named with
--format stay all or nothing. A long PDF shows what it does on one line of a terminal,
and nothing anywhere else."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from epub_support import FIXTURE_MANUSCRIPT, STYLES
from pdf_support import FIXTURE_MANUSCRIPT as PDF_MANUSCRIPT
from pdf_support import REAL_MANUSCRIPT
from tarkbook.build import EditionFailed, Output, PartialBuild, Renderer, build
from tarkbook.build import pipeline as build_module
from tarkbook.cli import main
from tarkbook.edition import Context
from tarkbook.manuscript import load_book
from tarkbook.model import Book
from tarkbook.pdf.edition import render_pdf

TIMEOUT = 120


def _pdf_is(monkeypatch: pytest.MonkeyPatch, render: Renderer) -> None:
    editions = dict(build_module.EDITIONS)
    editions["pdf"] = build_module.Edition("PDF", ".pdf", lambda: render)
    monkeypatch.setattr(build_module, "EDITIONS", editions)


def _fails(book: Book, context: Context) -> bytes:
    raise EditionFailed("the PDF edition failed: a character is not in the book face")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder with an old PDF in it, made by hand."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a-small-conversation.pdf").write_bytes(b"the last good PDF")
    return folder


def test_by_default_the_edition_that_succeeded_is_written(
    monkeypatch: pytest.MonkeyPatch, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _pdf_is(monkeypatch, _fails)
    assert main(["build", str(FIXTURE_MANUSCRIPT), "--out", str(out), "--styles",
                 str(STYLES)]) == 1
    captured = capsys.readouterr()
    epub = out / "a-small-conversation.epub"
    assert captured.out.startswith(f"wrote {epub} (")
    assert captured.err.splitlines() == [
        "tarkbook: the PDF edition failed: a character is not in the book face",
        f"tarkbook: the build is incomplete: only {epub} is up to date",
    ]
    assert epub.is_file()
    assert (out / "a-small-conversation.pdf").read_bytes() == b"the last good PDF"
    # The failed edition is made again next time; the one written is reused.
    outputs: list[Output] = []
    with pytest.raises(PartialBuild) as failed:
        build(FIXTURE_MANUSCRIPT, out, None, STYLES, done=outputs.append)
    assert [(o.path, o.reused) for o in outputs] == [(epub, True)]
    assert failed.value.reasons == [
        "the PDF edition failed: a character is not in the book face"]


def test_editions_named_with_format_are_all_or_nothing(
    monkeypatch: pytest.MonkeyPatch, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _pdf_is(monkeypatch, _fails)
    assert main(["build", str(FIXTURE_MANUSCRIPT), "--out", str(out), "--styles",
                 str(STYLES), "--format", "epub", "--format", "pdf"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("tarkbook: cannot build: the PDF edition failed: a character is "
                            "not in the book face; nothing was written\n")
    assert sorted(p.name for p in out.iterdir()) == ["a-small-conversation.pdf"]


def test_when_every_edition_fails_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch, out: Path
) -> None:
    _pdf_is(monkeypatch, _fails)
    editions = dict(build_module.EDITIONS)
    editions["epub"] = build_module.Edition("EPUB", ".epub", lambda: _fails)
    monkeypatch.setattr(build_module, "EDITIONS", editions)
    with pytest.raises(EditionFailed) as failed:
        build(FIXTURE_MANUSCRIPT, out, None, STYLES)
    assert not isinstance(failed.value, PartialBuild)
    assert sorted(p.name for p in out.iterdir()) == ["a-small-conversation.pdf"]


SLOW_PDF = """
import sys, time
from pathlib import Path
from tarkbook import cli
from tarkbook.build import pipeline

EPUB = Path(sys.argv[sys.argv.index("--out") + 1]) / "a-small-conversation.epub"

def render(book, context):
    for page in range(1, 13):
        context.status(f"laying out page {page}")
        time.sleep(0.25)
    # It ends 2 s after the EPUB is in the output folder, however busy the machine (or
    # after a minute, when the build puts the EPUB there only at its end).
    deadline = time.monotonic() + 60
    while not EPUB.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(2.0)
    return b"%PDF- a slow one"

pipeline.EDITIONS["pdf"] = pipeline.Edition("PDF", ".pdf", lambda: render)
sys.exit(cli.main(sys.argv[1:]))
"""


def _slow_build(out: Path, *options: str, **streams: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_PDF, "build", str(FIXTURE_MANUSCRIPT), "--out", str(out),
         "--styles", str(STYLES), *options],
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"}, **streams)  # type: ignore[call-overload]


def test_the_epub_is_said_to_be_written_as_soon_as_it_is(tmp_path: Path) -> None:
    process = _slow_build(tmp_path / "out", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    start = time.monotonic()
    first = process.stdout.readline().decode()
    seen = time.monotonic() - start
    rest, err = process.communicate(timeout=TIMEOUT)
    total = time.monotonic() - start
    assert first.startswith(f"wrote {tmp_path / 'out' / 'a-small-conversation.epub'} (")
    assert rest.decode().startswith(f"wrote {tmp_path / 'out' / 'a-small-conversation.pdf'}")
    assert total - seen > 1.5  # the PDF ends 2 s after the EPUB is in place: its line came first
    assert err == b""  # not a terminal: no status line, nothing else
    assert process.returncode == 0


def test_on_a_terminal_a_long_pdf_shows_what_it_does_on_one_line(tmp_path: Path) -> None:
    ours, theirs = pty.openpty()
    process = _slow_build(tmp_path / "out", stdout=subprocess.DEVNULL, stderr=theirs)
    os.close(theirs)
    seen = b""
    while True:
        ready, _, _ = select.select([ours], [], [], TIMEOUT)
        if not ready:
            break
        try:
            chunk = os.read(ours, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(ours)
    assert process.wait(timeout=TIMEOUT) == 0
    text = seen.decode("utf-8", "replace")
    assert not re.search(r"laying out page [1-3](?!\d)", text)  # the first second: nothing
    assert "PDF: laying out page 11" in text
    assert "\x1b[" in text  # the line is redrawn in place, then cleared


def test_quiet_prints_no_lines_of_editions(tmp_path: Path) -> None:
    process = _slow_build(tmp_path / "out", "--quiet", stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=TIMEOUT)
    assert (out, err, process.returncode) == (b"", b"", 0)
    assert (tmp_path / "out" / "a-small-conversation.pdf").is_file()


def test_the_pdf_reports_each_page_laid_out_and_its_writing() -> None:
    lines: list[str] = []
    book = load_book(PDF_MANUSCRIPT)
    render_pdf(book, Context(PDF_MANUSCRIPT, STYLES, status=lines.append))
    pages = [line for line in lines if line.startswith("laying out page ")]
    assert pages[:3] == ["laying out page 1", "laying out page 2", "laying out page 3"]
    assert lines[-1].startswith("writing ") and lines[-1].endswith(" pages")


@pytest.mark.slow
def test_the_real_book_reports_the_pages_laid_out_again_for_its_page_references() -> None:
    lines: list[str] = []
    render_pdf(load_book(REAL_MANUSCRIPT), Context(REAL_MANUSCRIPT, STYLES, status=lines.append))
    again = [line for line in lines if line.endswith(" again, for the references to pages")]
    assert again and all(line.startswith("laying out page ") for line in again)
    assert lines.index(again[0]) > lines.index("laying out page 2")


def test_a_layout_made_again_for_misplaced_notes_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    from tarkbook.pdf import layout
    from tarkbook.pdf.footnotes import Fixes, Placement

    found = iter([[Placement(1, 1, 2)], [Placement(1, 1, 1)]])
    monkeypatch.setattr(layout, "placements", lambda pages, numbers: next(found))
    monkeypatch.setattr(layout, "mend", lambda fixes, misplaced, *readers: Fixes())
    lines: list[str] = []
    layout.lay_out(HTML(string="<p>A page.</p>"), [], [1], lambda _: None, lines.append,
                   font_config=FontConfiguration(), url_fetcher=URLFetcher())
    assert lines == ["laying out page 1",
                     "placing 1 note(s) on their pages, layout 2: page 1"]
