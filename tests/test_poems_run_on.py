"""A collection of short poems, one section each: by default each opens on a recto, as a
chapter does; with `[print] poems = "run-on"` they follow one another on the page, each
whole on one page with its title, and the book is a third of the length."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pdf_support import build_pdf

TITLES = ("Lighthouse", "Frost", "Harbour Wall", "The Ferry", "Salt", "Night Watch")


def _collection(folder: Path, poems: str | None) -> Path:
    folder.mkdir(parents=True)
    sections = "".join(f'\n[[sections]]\nkind = "chapter"\nfile = "poem-{i}.md"\n'
                       for i in range(len(TITLES)))
    setting = f'\n[print]\npoems = "{poems}"\n' if poems else ""
    (folder / "book.toml").write_text(
        '[book]\ntitle = "Six Short Poems"\nlanguage = "en"\nidentifier = "urn:x:six"\n'
        'date = "2026-12-01"\n\n[[contributors]]\nname = "Ann Reed"\n' + setting + sections,
        "utf-8")
    for i, title in enumerate(TITLES):
        lines = "\n".join(f"{title} line {n}: the sea and the stone keep time" if n % 2 else
                          f"  {title} line {n}, indented, as the poet set it"
                          for n in range(1, 7))
        (folder / f"poem-{i}.md").write_text(f"# {title}\n\n::: verse\n{lines}\n:::\n", "utf-8")
    return folder


def _pages(data: bytes) -> list[str]:
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(data)]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str]]:
    root = tmp_path_factory.mktemp("poems")
    recto = _pages(build_pdf(_collection(root / "recto", None)))
    run_on = _pages(build_pdf(_collection(root / "run-on", "run-on")))
    return recto, run_on


def _page_of(pages: list[str], text: str) -> int:
    (found,) = [i for i, page in enumerate(pages) if text in page]
    return found


def test_each_poem_opens_a_recto_by_default(both: tuple[list[str], list[str]]) -> None:
    recto, _ = both
    starts = [_page_of(recto, f"{title} line 1:") for title in TITLES]
    assert len(set(starts)) == len(TITLES)
    assert all(index % 2 == starts[0] % 2 for index in starts)  # every one on a recto


def test_run_on_poems_share_pages_each_whole_with_its_title(
    both: tuple[list[str], list[str]]
) -> None:
    recto, run_on = both
    for title in TITLES:
        first = _page_of(run_on, f"{title} line 1:")
        assert _page_of(run_on, f"{title} line 6,") == first  # not split
        heading = [i for i, page in enumerate(run_on) if title.upper() in page.upper()
                   and f"{title} line" in page]
        assert heading == [first]  # its title with its first lines
    pages = {_page_of(run_on, f"{title} line 1:") for title in TITLES}
    assert len(pages) <= 3
    assert len(run_on) < len(recto) - 6


def test_a_poems_setting_other_than_the_two_is_an_error(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    from tarkbook.cli import main

    folder = _collection(tmp_path / "book", "continuous")
    assert main(["check", str(folder)]) == 1
    assert "invalid value for 'poems' in [print]: 'continuous' is not \"recto\" or " \
           "\"run-on\"" in capsys.readouterr().err
