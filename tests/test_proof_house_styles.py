"""The proof reads a book set in a house style as it reads one set in the default theme:
running heads and folios are told from the running text by where they stand, not by
their size, so heads set at the text's own size, heads at the foot, folios at the top
in a larger size, or no heads and no folios at all, give no finding the default theme
does not give. Tried on the real book and on test books in other scripts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from proof_support import CORPUS, REAL_MANUSCRIPT, editions_once
from tarkbook.build import build
from tarkbook.proof.furniture import reads_as_folio, without_numbers
from tarkbook.proof.pages import read_pdf
from tarkbook.proof.run import check_editions, read_book
from tarkbook.render.inlines import plain_text
from tarkbook.theme import THEME

ROOT = Path(__file__).resolve().parent.parent
STYLES = THEME
BOOKS = {"real": REAL_MANUSCRIPT, "every-kind": ROOT / "tests" / "books" / "every-kind",
         "multi-script": ROOT / "tests" / "books" / "multi-script"}
BOOKS_OF_THE_TESTS = [REAL_MANUSCRIPT, *CORPUS]

HOUSE_STYLES = {
    # Heads in the text's own size and face; folios alone at the foot, outside, as the
    # default theme numbers them (none in the front matter before its parts, roman in
    # them, none on the pages that carry none).
    "heads-at-text-size": """
@page :left {
  @top-left { content: none; }
  @top-center { font: italic 400 10pt/1 book; }
  @bottom-left { content: counter(page); font: 400 10pt/1 book; }
}
@page :right {
  @top-right { content: none; }
  @top-center { font: italic 400 10pt/1 book; }
  @bottom-right { content: counter(page); font: 400 10pt/1 book; }
}
@page front-part:left {
  @top-left { content: none; } @bottom-left { content: counter(page, lower-roman); }
}
@page front-part:right {
  @top-right { content: none; } @bottom-right { content: counter(page, lower-roman); }
}
@page front { @bottom-left { content: none; } @bottom-right { content: none; } }
@page alone { @bottom-left { content: none; } @bottom-right { content: none; } }
@page :blank { @bottom-left { content: none; } @bottom-right { content: none; } }
""",
    # The heads at the foot, the folios at the top outside, larger than the text.
    "heads-at-the-foot": """
@page :left {
  @top-center { content: none; }
  @top-left { font: 700 12pt/1 book; }
  @bottom-center { content: string(book-title); font: 400 8pt/1 book; }
}
@page :right {
  @top-center { content: none; }
  @top-right { font: 700 12pt/1 book; }
  @bottom-center { content: string(part-title); font: 400 8pt/1 book; }
}
""",
}
"""Rules appended to the default print.css; "bare" is made from it instead: every
margin box's content taken out."""

_MARGIN_CONTENT = re.compile(r"content:\s*(?:counter\(page[^;]*\)|string\([^;]*\))\s*;")


def _house(style: str, folder: Path) -> Path:
    shutil.copytree(STYLES, folder)
    sheet = folder / "print.css"
    text = sheet.read_text("utf-8")
    if style == "bare":
        text, count = _MARGIN_CONTENT.subn("content: none;", text)
        assert count >= 4
    else:
        text += HOUSE_STYLES[style]
    sheet.write_text(text, "utf-8")
    return folder


CASES = [("heads-at-text-size", "real"), ("heads-at-text-size", "every-kind"),
         ("heads-at-text-size", "multi-script"), ("heads-at-the-foot", "real"),
         ("bare", "real")]


def _errors(manuscript: Path, styles: Path, out: Path) -> tuple[list[str], Path]:
    epub, pdf = (o.path for o in build(manuscript, out, ["epub", "pdf"], styles))
    report = check_editions(read_book(manuscript), pdf, epub, tools=False)
    return sorted(f"{f.check} {f.page}" for f in report.findings if f.level.value == "error"
                  ), pdf


@pytest.mark.parametrize(("style", "book"), CASES, ids=[f"{s}-{b}" for s, b in CASES])
def test_a_house_style_gives_the_proof_nothing_to_find(
    style: str, book: str, tmp_path: Path
) -> None:
    errors, pdf = _errors(BOOKS[book], _house(style, tmp_path / "house"), tmp_path / "out")
    assert errors == []
    printed = read_pdf(pdf)
    if style == "bare":
        assert printed.furniture == frozenset()
        return
    model = read_book(BOOKS[book])
    titles = {model.metadata.title, *(plain_text(section.title) for section in model.sections)}
    heads = {without_numbers(line.text) for page in printed.pages
             for line in page.lines if printed.is_furniture(page, line)}
    assert heads - {""} <= titles, heads - titles  # heads and folios, no line of text
    if style == "heads-at-text-size":  # at the foot: only folios ("1 1": two of them)
        feet = [(page, line) for page in printed.pages for line in page.lines
                if printed.is_furniture(page, line) and line.top > page.height / 2]
        assert feet and all(reads_as_folio(page, line) for page, line in feet), [
            (page.folio, line.text) for page, line in feet if not reads_as_folio(page, line)]
    bare = [page.folio for page in printed.pages if page.folio.isdigit() and page.lines
            and not any(printed.is_furniture(page, line) for line in page.lines)]
    assert bare == []  # every page of the body prints its folio, and it was found


def test_the_default_theme_and_the_house_style_find_the_same_warnings(
    tmp_path: Path,
) -> None:
    """The house style moves the heads and folios but not the text: the proof's warnings
    (a stack of hyphens, the odd page count) are the same."""
    found = []
    for name, styles in (("default", STYLES), ("house", tmp_path / "house")):
        if name == "house":
            _house("heads-at-text-size", styles)
        epub, pdf = (o.path for o in build(REAL_MANUSCRIPT, tmp_path / f"{name}-out",
                                           ["epub", "pdf"], styles))
        report = check_editions(read_book(REAL_MANUSCRIPT), pdf, epub, tools=False)
        found.append(sorted((f.check, f.page, f.message) for f in report.findings))
    assert found[0] == found[1]


@pytest.mark.parametrize("book", BOOKS_OF_THE_TESTS, ids=lambda path: path.name)
def test_in_the_default_theme_the_heads_are_the_small_lines_with_the_folio(
    book: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The default theme sets its heads and folios smaller than the text, each head with
    its folio: exactly those lines are the furniture, on every page."""
    printed = read_pdf(editions_once(book, tmp_path_factory).pdf)
    expected = {(page.number, line) for page in printed.pages for line in page.lines
                if line.size < printed.body_size and reads_as_folio(page, line)}
    assert printed.furniture == expected
    assert expected
