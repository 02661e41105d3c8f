"""Which EPUBs carry the print edition's page list: those of books that name their print
edition (``[print] isbn``) or ask for it (``[epub] page_list = true``). The rule is the
book's alone, so that an EPUB is the same bytes whatever editions a build makes; an EPUB
without a page list is built alone without WeasyPrint and without a print layout."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from epub_support import MANUSCRIPT, STYLES
from tarkbook.build import build, pipeline
from tarkbook.manuscript import load_book

ISBN = "978-0-306-40615-7"


def _book(tmp_path: Path, print_lines: str = "", epub_lines: str = "") -> Path:
    """The real book without its ``[epub]`` table (which asks for the page list), with lines
    added to its ``[print]`` table and an ``[epub]`` table of ``epub_lines``."""
    manuscript = tmp_path / "book"
    shutil.copytree(MANUSCRIPT, manuscript)
    toml = manuscript / "book.toml"
    text = re.sub(r"\n\[epub\]\n.*?(?=\n\[)", "", toml.read_text("utf-8"), count=1,
                  flags=re.DOTALL)
    assert "\n[print]\n" in text and "[epub]" not in text
    text = text.replace("\n[print]\n", f"\n[print]\n{print_lines}", 1)
    if epub_lines:
        text += f"\n[epub]\n{epub_lines}"
    toml.write_text(text, "utf-8")
    return manuscript


@pytest.mark.parametrize(("print_lines", "epub_lines", "listed"), [
    ("", "", False),
    (f'isbn = "{ISBN}"\n', "", True),
    (f'isbn = "{ISBN}"\n', "page_list = false\n", False),
    ("", "page_list = true\n", True),
    ("", "page_list = false\n", False),
    ("", 'conforms_to = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"\n', False),
], ids=["nothing said", "print ISBN", "print ISBN, no page list", "asked for",
        "refused", "an [epub] table that does not say"])
def test_the_book_says_whether_its_epub_lists_the_print_pages(
    tmp_path: Path, print_lines: str, epub_lines: str, listed: bool
) -> None:
    """The reading of the book and the build's early reading of book.toml (which decides,
    before the book is read, whether an EPUB built alone needs a print layout) agree."""
    manuscript = _book(tmp_path, print_lines, epub_lines)
    assert load_book(manuscript).metadata.epub_page_list is listed
    assert pipeline._wants_page_list(manuscript) is listed


def _pagebreaks(epub: Path) -> int:
    with zipfile.ZipFile(epub) as archive:
        return sum(archive.read(name).count(b"doc-pagebreak") for name in archive.namelist()
                   if name.endswith(".xhtml"))


def test_a_book_that_asks_for_none_lists_no_print_pages_and_is_the_same_epub_alone_or_with_the_pdf(
    tmp_path: Path,
) -> None:
    manuscript = _book(tmp_path)
    (alone,) = build(manuscript, tmp_path / "alone", ["epub"], STYLES)
    both = build(manuscript, tmp_path / "both", ["epub", "pdf"], STYLES)
    assert alone.path.read_bytes() == both[0].path.read_bytes()
    assert _pagebreaks(alone.path) == 0
    with zipfile.ZipFile(alone.path) as archive:
        assert b"page-list" not in archive.read("EPUB/nav.xhtml")


def test_a_book_with_a_print_isbn_lists_its_pages_alone_or_with_the_pdf(
    tmp_path: Path,
) -> None:
    manuscript = _book(tmp_path, f'isbn = "{ISBN}"\n')
    (alone,) = build(manuscript, tmp_path / "alone", ["epub"], STYLES)
    both = build(manuscript, tmp_path / "both", ["epub", "pdf"], STYLES)
    assert alone.path.read_bytes() == both[0].path.read_bytes()
    assert _pagebreaks(alone.path) > 0


BUILD_ALONE = """
import sys
from pathlib import Path
from tarkbook.build import build
build(Path(sys.argv[1]), Path(sys.argv[2]), ["epub"], Path(sys.argv[3]), processes=False)
loaded = [m for m in ("weasyprint", "pydyf", "tarkbook.pdf.layout", "tarkbook.pdf.edition")
          if m in sys.modules]
print(" ".join(loaded) or "none")
"""


def test_an_epub_built_alone_without_a_page_list_loads_no_print_layout(
    tmp_path: Path,
) -> None:
    """In a fresh process that renders the EPUB itself: neither WeasyPrint nor the print
    edition's layout is imported (nor, so, run)."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD_ALONE, str(_book(tmp_path)), str(tmp_path / "out"),
         str(STYLES)], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["none"], done.stderr
    assert list((tmp_path / "out").glob("*.epub"))
