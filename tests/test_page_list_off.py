"""A book whose EPUB carries no print edition's pages (``[epub] page_list = false``): its
EPUB has no markers and no page list, is built alone without a print layout and is the
same bytes built with the PDF, and the proof leaves out its page-list check. Tried on a
book of the tests in several scripts."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path

import pytest

from epub_support import STYLES
from tarkbook.build import Renderer, build, cache, pipeline
from tarkbook.diagnostics import ManuscriptError
from tarkbook.proof.run import check_editions, read_book

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "tests" / "books" / "multi-script"
PAGE_LIST_CHECK = "the EPUB's page list against the PDF's pages"


def _copy(tmp_path: Path, setting: str = "false") -> Path:
    manuscript = tmp_path / "book"
    shutil.copytree(BOOK, manuscript)
    toml = manuscript / "book.toml"
    assert "[epub]" not in toml.read_text("utf-8")
    with toml.open("a", encoding="utf-8") as file:
        file.write(f"\n[epub]\npage_list = {setting}\n")
    return manuscript


def _texts(epub: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith((".xhtml", ".opf", ".ncx"))}


def test_the_epub_has_no_page_list_and_is_made_without_a_print_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manuscript = _copy(tmp_path)
    epub, pdf = (o.path for o in build(manuscript, tmp_path / "both", ["epub", "pdf"], STYLES))
    texts = _texts(epub)
    assert not any("pagebreak" in text for text in texts.values())
    assert "page-list" not in texts["EPUB/nav.xhtml"]
    assert "pageList" not in texts["EPUB/toc.ncx"]
    for feature in ("pageBreakSource", "pageBreakMarkers", "pageNavigation"):
        assert feature not in texts["EPUB/package.opf"]

    laid_out: list[str] = []

    def layout() -> Renderer:
        laid_out.append("print layout")
        raise AssertionError("an EPUB without a page list needs no print layout")

    monkeypatch.setattr(pipeline, "LAYOUT", dataclasses.replace(pipeline.LAYOUT, loader=layout))
    said: list[str] = []
    (alone,) = build(manuscript, tmp_path / "alone", ["epub"], STYLES, say=said.append,
                     processes=False)
    assert laid_out == [] and said == []
    assert alone.path.read_bytes() == epub.read_bytes()

    report = check_editions(read_book(manuscript), pdf, epub, tools=False)
    assert PAGE_LIST_CHECK not in report.checks
    assert not [f for f in report.findings if f.check == "page-list"]
    assert report.passed, [str(f) for f in report.findings]


def test_a_page_list_that_is_not_true_or_false_is_an_error_at_its_place(
    tmp_path: Path,
) -> None:
    manuscript = _copy(tmp_path, '"no"')
    lines = (manuscript / "book.toml").read_text("utf-8").splitlines()
    line = lines.index('page_list = "no"') + 1
    with pytest.raises(ManuscriptError) as raised:
        build(manuscript, tmp_path / "out", ["epub"], STYLES)
    message = "\n".join(str(d) for d in raised.value.diagnostics)
    assert f"book.toml:{line}:1: error C005: 'page_list' in [epub] must be true or false" \
        in message, message
    assert not (tmp_path / "out" / "multi-script.epub").exists()


def test_the_build_reads_book_toml_within_the_manuscripts_limit() -> None:
    """The build reads ``[epub] page_list`` before the book: no more of book.toml than
    the manuscript's reader would."""
    from tarkbook.manuscript import limits

    assert cache.MAX_BOOK_BYTES == limits.MAX_FILE_BYTES
    assert cache.MAX_IMAGE_BYTES == limits.MAX_IMAGE_BYTES
