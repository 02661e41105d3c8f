"""DAISY Ace through the proof: found where TARKBOOK_ACE names it or on the PATH, run on a
well-made book (no finding) and on an EPUB with an image without its text alternative (an
error at its document). Skipped, with the reason, where Ace or Chromium is missing: `nox -s
tests` reuses the Ace that `nox -s accessibility` installs, which runs the proof with Ace
on the real book and the test corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proof_support import CORPUS, REAL_MANUSCRIPT, doctored_epub, editions_once
from tarkbook.cli import main
from tarkbook.proof import Level, epubtools

needs_ace = pytest.mark.skipif(
    epubtools.ace_command() is None or epubtools.chromium() is None,
    reason=f"needs DAISY Ace and Chromium: {epubtools.ACE_INSTALL}")


def test_ace_named_by_the_variable_but_missing_is_skipped_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TARKBOOK_ACE", str(tmp_path / "no-such-ace"))
    (finding,) = epubtools.ace(tmp_path / "book.epub")
    assert finding.level is Level.SKIPPED
    assert finding.message.startswith(f"TARKBOOK_ACE names {tmp_path / 'no-such-ace'}, "
                                      "which is no command: tarkbook proof --install-ace")


def test_ace_is_found_where_the_variable_names_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ace = tmp_path / "bin" / "my-ace"
    ace.parent.mkdir()
    ace.write_text("#!/bin/sh\nexit 3\n")
    ace.chmod(0o755)
    monkeypatch.setenv("TARKBOOK_ACE", str(ace))
    monkeypatch.setenv("PUPPETEER_EXECUTABLE_PATH", str(ace))  # any command will do here
    assert epubtools.ace_command() == str(ace)
    (finding,) = epubtools.ace(tmp_path / "book.epub")  # it ran, and wrote no report
    assert (finding.level, finding.message) == (
        Level.SKIPPED, "DAISY Ace did not run (exit status 3)")


@needs_ace
def test_ace_runs_through_the_proof_on_a_well_made_book(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    verse = next(book for book in CORPUS if book.name == "verse")
    code = main(["proof", str(verse), "--out", str(tmp_path / "out"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert "DAISY Ace" in report["checks"]
    assert [f for f in report["findings"] if f["check"] == "ace"] == []
    assert code == 0 and report["passed"] is True


@needs_ace
def test_an_image_without_its_text_alternative_is_an_error(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    editions = editions_once(REAL_MANUSCRIPT, tmp_path_factory)
    epub = doctored_epub(editions.epub, tmp_path / "no-alt.epub", "cover.xhtml",
                         ' alt="Cover:', ' data-alt="Cover:')
    found = list(epubtools.ace(epub))
    assert found, "Ace found nothing"
    assert {(f.level, f.document) for f in found} == {(Level.ERROR, "cover.xhtml")}
    assert any("image-alt" in f.message for f in found), [f.message for f in found]
