"""Verse set as verse: a quotation that runs across the lines of a stanza is paired there,
and a turnover (the rest of a line too long for the measure) stands further in than any
indent step of the poet's, in print and in the EPUB (Chromium, phone-wide), so that a
reader never takes it for an indented line."""

# ruff: noqa: RUF001 (quotation marks are the point)

from __future__ import annotations

import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pdf_support import build_pdf
from preview_support import CHROMIUM, CHROMIUM_ARGS, needs_chromium
from tarkbook.build import build
from tarkbook.manuscript import load_book
from tarkbook.model import Text, Verse

LONG = ("Long is the road that runs along the harbour wall past the boats and the nets "
        "and the gulls to the lighthouse")
POEM = f"""# The Harbour

::: verse
Zero, the first line of the stanza,
  One, a line indented one step,
    Two, a line indented two steps,
      Three, a line indented three steps,
        Four, a line indented four steps,
{LONG}
and then a short line.

She said, "Come down
to the water with me,"
and I went; the 'old man' stayed.
:::
"""


@pytest.fixture(scope="module")
def book_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("verse") / "book"
    folder.mkdir()
    (folder / "book.toml").write_text(
        '[book]\ntitle = "Harbour Lines"\nlanguage = "en"\nidentifier = "urn:x:harbour"\n'
        'date = "2026-12-01"\n\n[[contributors]]\nname = "Ann Reed"\n\n'
        '[[sections]]\nkind = "chapter"\nfile = "harbour.md"\n', "utf-8")
    (folder / "harbour.md").write_text(POEM, "utf-8")
    return folder


def _line_texts(verse: Verse) -> list[list[str]]:
    return [["".join(n.text for n in line.children if isinstance(n, Text))
             for line in stanza.lines] for stanza in verse.stanzas]


def test_a_quotation_across_lines_is_paired(book_folder: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from tarkbook.cli import main

    assert main(["check", str(book_folder)]) == 0
    assert "Q001" not in capsys.readouterr().err
    book = load_book(book_folder)
    (verse,) = [b for b in book.sections[0].blocks if isinstance(b, Verse)]
    second = _line_texts(verse)[1]
    assert second == ["She said, “Come down", "to the water with me,”",
                      "and I went; the ‘old man’ stayed."]


def _pdf_line_starts(data: bytes) -> dict[str, float]:
    """The left edge of each printed line of the poem, by its first word; the line that
    follows the long line, its turnover, as "turnover"."""
    document = pdfium.PdfDocument(data)
    starts: dict[str, float] = {}
    for page in document:
        text = page.get_textpage()
        lines: dict[int, list[tuple[float, str]]] = {}
        for index in range(text.count_chars()):
            char = text.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, _, _ = text.get_charbox(index, loose=True)  # the font's box
            lines.setdefault(round(bottom), []).append((left, char))
        for _, chars in sorted(lines.items(), reverse=True):
            chars.sort()
            word = "".join(c for _, c in chars[:6])
            starts[word] = chars[0][0]
    return starts


def test_a_turnover_stands_further_in_than_any_indent_in_print(book_folder: Path) -> None:
    starts = _pdf_line_starts(build_pdf(book_folder))
    indents = [starts[word] for word in ("Zero,t", "One,al", "Two,al", "Three,", "Four,a")]
    assert indents == sorted(indents) and len(set(indents)) == 5  # one step each
    long_line = starts["Longis"]
    assert long_line == pytest.approx(indents[0], abs=0.5)
    turnovers = [x for word, x in starts.items()
                 if not word.startswith(("Zero", "One", "Two", "Three", "Four", "Long",
                                         "and", "She", "to", "THE", "The", "Harb", "Ann"))
                 and x > indents[0] + 1]
    assert turnovers, starts
    for turnover in turnovers:
        assert turnover > indents[-1] + 4  # further in than the deepest step
        assert all(abs(turnover - x) > 4 for x in indents)


TURNOVER = """
() => {
  const lines = Array.from(document.querySelectorAll('.verse .line'));
  const lefts = lines.map((line) => {
    const range = document.createRange();
    range.selectNodeContents(line);
    return Array.from(range.getClientRects()).map((r) => r.left);
  });
  return lefts;
}
"""


@needs_chromium
@pytest.mark.parametrize("width", [320, 480])
def test_a_turnover_stands_further_in_than_any_indent_in_the_epub(
    book_folder: Path, tmp_path: Path, width: int
) -> None:
    from playwright.sync_api import sync_playwright

    (written,) = (o.path for o in build(book_folder, tmp_path / "out", ["epub"]))
    with zipfile.ZipFile(written) as archive:
        archive.extractall(tmp_path / "epub")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto((tmp_path / "epub" / "EPUB" / "harbour.xhtml").as_uri())
        lefts = page.evaluate(TURNOVER)
        browser.close()
    firsts = [min(rects) for rects in lefts[:5]]  # the five indent steps
    assert firsts == sorted(firsts) and len(set(firsts)) == 5
    long_rects = lefts[5]
    assert len(long_rects) > 1  # it turns over at this width
    turnover = max(long_rects)
    assert turnover > firsts[-1] + 4
    assert all(abs(turnover - x) > 4 for x in firsts)
