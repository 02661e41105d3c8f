"""The spaces of French around its punctuation, in the text and in book.toml's strings, and
in both editions: a narrow no-break space before ; ! ? and inside « », a no-break space
before :, typed spaces replaced and missing ones added; no line of either edition begins
with ; : ! ? » ” (the PDF read back, the EPUB rendered on a phone-wide page in Chromium)."""

# ruff: noqa: RUF001 (the marks and spaces are the point)

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from epub_support import build_epub
from pdf_support import build_pdf
from preview_support import CHROMIUM, CHROMIUM_ARGS, needs_chromium
from tarkbook.manuscript import load_book
from tarkbook.manuscript.markdown import tokenize
from tarkbook.manuscript.text_options import TextOptions
from tarkbook.manuscript.typeset import typeset_plain

FRENCH = Path(__file__).parent / "books" / "french"
NNBSP, NBSP = "\u202f", "\u00a0"
OPENERS = tuple(";:!?»”")


def _inline(text: str, language: str = "fr", thin: bool = True) -> str:
    options = TextOptions(thin_spaces=thin)
    (inline,) = [t for t in tokenize(text, language, True, options) if t.type == "inline"]
    return "".join(c.content if c.type in ("text", "text_special") else "|"
                   for c in inline.children or [])


@pytest.mark.parametrize(("typed", "set_"), [
    ("Vraiment?", f"Vraiment{NNBSP}?"),  # added where missing
    ("Vraiment ?", f"Vraiment{NNBSP}?"),  # a typed space replaced
    ("Oui !", f"Oui{NNBSP}!"),
    ("un ; deux", f"un{NNBSP}; deux"),
    ("ainsi : voir", f"ainsi{NBSP}: voir"),
    ("ainsi: voir", f"ainsi{NBSP}: voir"),
    ("« Oui »", f"«{NNBSP}Oui{NNBSP}»"),
    ("«Oui»", f"«{NNBSP}Oui{NNBSP}»"),
    ('"Oui"', f"«{NNBSP}Oui{NNBSP}»"),
    ("Quoi ?!", f"Quoi{NNBSP}?!"),
    ("*Vraiment*?", f"|Vraiment|{NNBSP}?"),  # across the emphasis
    ("à 10:30 sur http://exemple.fr/?q=1", "à 10:30 sur http://exemple.fr/?q=1"),
    ("(?)", "(?)"),
    ("? au début", "? au début"),
])
def test_french_punctuation_gets_its_spaces(typed: str, set_: str) -> None:
    assert _inline(typed) == set_


def test_swiss_and_canadian_usage_sets_no_space_before_the_high_marks() -> None:
    assert _inline("Vraiment ? Oui! Ainsi : « non »", thin=False) == (
        f"Vraiment? Oui! Ainsi{NBSP}: «{NNBSP}non{NNBSP}»")


def test_other_languages_are_left_alone_but_never_break_before_a_closing_mark() -> None:
    assert _inline("Really? Yes: 10:30!", "en") == "Really? Yes: 10:30!"
    assert _inline("He said « no » then", "en") == f"He said « no{NBSP}» then"


def test_book_toml_strings_are_set_as_the_text_is() -> None:
    book = load_book(FRENCH)
    assert book.metadata.title == "La grève de l’Estran"
    assert book.metadata.subtitle == f"roman{NBSP}: extrait"
    assert book.metadata.publisher == "Éditions de l’Anse"
    assert book.metadata.rights.startswith(f"Texte écrit pour les essais de tarkbook{NNBSP};")
    assert [c.name for c in book.contributors] == ["Lise d’Arvor"]
    assert typeset_plain("A *b* [c] & d", "en") == "A *b* [c] & d"  # no markup in a string


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, bytes]:
    return build_epub(FRENCH, tmp_path_factory.mktemp("fr")), build_pdf(FRENCH)


def test_the_epub_and_its_imprint_have_the_spaces(french: tuple[Any, bytes]) -> None:
    epub, _ = french
    text = epub.entries()["EPUB/la-maree.xhtml"].decode()
    assert f"«{NNBSP}Tu l’as vu{NNBSP}?{NNBSP}»" in text
    assert f"Vraiment{NNBSP}?" in text and " ?" not in text and " :" not in text
    imprint = epub.entries()["EPUB/imprint.xhtml"].decode()
    assert f"Cette édition{NBSP}:" in imprint
    assert f"<em>La grève de l’Estran</em>{NBSP}: roman{NBSP}: extrait" in imprint
    package = epub.entries()["EPUB/package.opf"].decode()
    assert ">La grève de l’Estran</dc:title>" in package


def _pdf_lines(data: bytes) -> list[str]:
    """Every line of the PDF as PDFium reads it."""
    document = pdfium.PdfDocument(data)
    lines = []
    for page in document:
        lines += page.get_textpage().get_text_range().splitlines()
    return lines


def test_no_line_of_the_pdf_opens_with_closing_punctuation(french: tuple[Any, bytes]) -> None:
    _, pdf = french
    lines = [line.strip() for line in _pdf_lines(pdf) if line.strip()]
    assert any("Vraiment" in line for line in lines)
    assert [line for line in lines if line.startswith(OPENERS)] == []


LINE_OPENERS = """
() => {
  const marks = new Set([';', ':', '!', '?', '\\u00bb', '\\u201d']);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const rect = (node, i) => {
    const range = document.createRange();
    range.setStart(node, i); range.setEnd(node, i + 1);
    const rects = range.getClientRects();
    return rects.length ? rects[0] : null;
  };
  let previous = null;  // the last visible character: its box
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    for (let i = 0; i < text.length; i++) {
      if (/\\s/.test(text[i]) && text[i] !== '\\u00a0' && text[i] !== '\\u202f') continue;
      const box = rect(node, i);
      if (!box || box.width === 0) continue;
      if (marks.has(text[i]) && previous && box.top > previous.bottom - 2) {
        found.push(text.slice(Math.max(0, i - 20), i + 2));
      }
      previous = box;
    }
  }
  return found;
}
"""


@needs_chromium
@pytest.mark.parametrize("width", [280, 320, 360])
def test_no_line_of_the_epub_opens_with_closing_punctuation_on_a_phone(
    french: tuple[Any, bytes], tmp_path: Path, width: int
) -> None:
    from playwright.sync_api import sync_playwright

    epub, _ = french
    with zipfile.ZipFile(epub.path) as archive:
        archive.extractall(tmp_path / "epub")
    documents = sorted((tmp_path / "epub" / "EPUB").glob("la-*.xhtml")) + sorted(
        (tmp_path / "epub" / "EPUB").glob("le-*.xhtml"))
    assert documents
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 640})
        for document in documents:
            page.goto(document.as_uri())
            assert page.evaluate("document.body.innerText").count("\u202f") > 3
            assert page.evaluate(LINE_OPENERS) == [], (document.name, width)
        browser.close()


@needs_chromium
def test_the_browser_check_finds_a_mark_that_opens_a_line() -> None:
    """The check above is not blind: a '?' after a breakable space, in a measure too
    narrow for the line, opens the next line and is found; after U+202F it is not."""
    from playwright.sync_api import sync_playwright

    page_html = ('<p style="font: 20px monospace; width: 7ch; margin: 0">aaaaaaa{space}?</p>')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 400, "height": 300})
        page.set_content(page_html.format(space=" "))
        assert page.evaluate(LINE_OPENERS) == ["aaaaaaa ?"]
        page.set_content(page_html.format(space=NNBSP))
        assert page.evaluate(LINE_OPENERS) == []
        browser.close()
