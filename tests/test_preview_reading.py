"""The reading view read again on each save: only changed files parsed again, only changed
documents turned into the page again, and a half-written, deleted or renamed file shown
as a problem above the last good text until the next save mends it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tarkbook.build.styles import find_style_sheets
from tarkbook.manuscript import read_manuscript
from tarkbook.manuscript.parse_cache import ParseCache
from tarkbook.preview.reading import Reader

BOOKS = Path(__file__).resolve().parent / "books"
MANUSCRIPT = Path(__file__).resolve().parent.parent / "manuscript"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BOOKS / "panel", tmp_path / "panel"))


def test_only_the_file_saved_is_parsed_again(book: Path) -> None:
    parses = ParseCache()
    first = read_manuscript(book, glyphs=False, parses=parses)
    assert (parses.hits, parses.misses) == (0, 4)  # three sections and notes.md
    again = read_manuscript(book, glyphs=False, parses=parses)
    assert (parses.hits, parses.misses) == (4, 0)
    assert again == first
    path = book / "works.md"
    path.write_text(path.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    changed = read_manuscript(book, glyphs=False, parses=parses)
    assert (parses.hits, parses.misses) == (3, 1)
    assert changed != first
    assert changed == read_manuscript(book, glyphs=False)  # the same book as without a cache


def test_a_cached_parse_reports_its_diagnostics_again(book: Path) -> None:
    path = book / "works.md"
    path.write_text(path.read_text("utf-8") + "\n#### Too deep\n", "utf-8")
    parses = ParseCache()
    first = read_manuscript(book, glyphs=False, parses=parses)
    assert "S003" in {d.code for d in first.diagnostics}
    again = read_manuscript(book, glyphs=False, parses=parses)
    assert parses.misses == 0
    assert again.diagnostics == first.diagnostics


def test_the_cache_keeps_only_the_parses_of_the_last_reading(book: Path) -> None:
    parses = ParseCache()
    path = book / "works.md"
    for n in range(5):
        path.write_text(path.read_text("utf-8") + f"\nLine {n}.\n", "utf-8")
        read_manuscript(book, glyphs=False, parses=parses)
    assert len(parses.entries) == 4


def test_a_changed_image_folder_parses_again(book: Path) -> None:
    parses = ParseCache()
    read_manuscript(book, glyphs=False, parses=parses)
    (book / "images").mkdir()
    (book / "images" / "new.png").write_bytes(b"\x89PNG")
    read_manuscript(book, glyphs=False, parses=parses)
    assert parses.misses == 4


def test_only_changed_documents_are_turned_into_the_page_again(book: Path) -> None:
    reader = Reader(book)
    view = reader.refresh()
    assert reader.renders == len(view.passages)
    assert not view.stale and view.problems == ()
    path = book / "works.md"
    path.write_text(path.read_text("utf-8") + "\nA new closing line.\n", "utf-8")
    view = reader.refresh()
    assert reader.renders == 1 and reader.documents.rendered == ("works.xhtml",)
    assert "A new closing line." in str(view.passages[-1].markup)


@pytest.mark.parametrize("damage", [
    pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    pytest.param(lambda p: p.write_bytes(p.read_bytes() + "ł".encode()[:1]),
                 id="partial-utf-8"),
    pytest.param(lambda p: p.unlink(), id="deleted"),
    pytest.param(lambda p: p.rename(p.with_name("panel-old.md")), id="renamed"),
])
def test_a_damaged_file_is_a_problem_over_the_last_good_text_until_mended(
    book: Path, damage: object
) -> None:
    reader = Reader(book)
    good = reader.refresh()
    path = book / "panel.md"
    saved = path.read_bytes()
    assert callable(damage)
    damage(path)
    bad = reader.refresh()
    assert bad.stale
    assert bad.passages == good.passages
    errors = [p for p in bad.problems if p.severity == "error"]
    assert errors and all(p.where.startswith("panel/") for p in errors)
    assert any("panel.md" in p.where + p.message for p in errors)
    path.write_bytes(saved)
    mended = reader.refresh()
    assert not mended.stale and mended.problems == ()
    assert mended.passages == good.passages


def test_a_book_never_good_shows_its_problems_and_no_text(book: Path) -> None:
    (book / "panel.md").write_bytes(b"")
    view = Reader(book).refresh()
    assert view.stale and view.passages == ()
    assert view.problems


def test_the_real_book_is_read_into_the_reading_view() -> None:
    reader = Reader(MANUSCRIPT)
    view = reader.refresh()
    assert view.title == "The Truth of Memory"
    assert view.problems == () and not view.stale
    text = "".join(str(p.markup) for p in view.passages)
    assert 'class="noteref"' in text and "aside" in text
    assert all(href.startswith("#doc-") for href, _ in view.contents)
    assert reader.style_sheet() == find_style_sheets(MANUSCRIPT, None, ["epub"])["epub"]


def test_each_problem_links_to_the_passage_at_its_line(book: Path) -> None:
    reader = Reader(book)
    reader.refresh()
    works = book / "works.md"
    lines = works.read_text("utf-8").splitlines()
    assert lines[5].startswith("- ")  # the list's second item, on line 6
    lines[5] += "[^absent]"
    works.write_text("\n".join(lines) + "\n", "utf-8")
    panel = book / "panel.md"
    panel.write_text(panel.read_text("utf-8").replace("stop there;", "stop[^gone] there;"),
                     "utf-8")
    notes = book / "notes.md"
    notes.write_text(notes.read_text("utf-8").replace("1957.", "1957.[^goethe]"), "utf-8")
    toml = book / "book.toml"
    toml.write_text(toml.read_text("utf-8").replace('date = "2026-11-25"', 'date = "soon"'),
                    "utf-8")
    view = reader.refresh()
    assert view.stale
    anchors = {p.where.rsplit(":", 1)[0]: p.anchor for p in view.problems}
    assert anchors["panel/works.md:6"] == "src-works-6"  # the list item, not the list
    assert anchors["panel/panel.md:29"] == "src-panel-29"
    nic = next(p for p in view.problems if p.where.startswith("panel/notes.md"))
    number = reader._places.anchor(nic.where.split(":")[0], 19)
    assert nic.anchor == number and number.startswith("noteref-")
    text = "".join(str(p.markup) for p in view.passages)
    assert f'id="{nic.anchor}"' in text
    assert any(p.anchor == "doc-title-page" for p in view.problems
               if p.where.startswith("panel/book.toml"))


def test_the_anchors_follow_lines_inserted_above(book: Path) -> None:
    reader = Reader(book)
    view = reader.refresh()
    promised = 'id="{}">\n<p><span class="speaker">Weiss</span> While we wait, let me read'
    assert promised.format("src-panel-27") in "".join(str(p.markup) for p in view.passages)
    panel = book / "panel.md"
    text = panel.read_text("utf-8")
    panel.write_text(text.replace("\n\n", "\n\n\n\n", 1), "utf-8")  # two lines more above
    view = reader.refresh()
    markup = "".join(str(p.markup) for p in view.passages)
    assert promised.format("src-panel-29") in markup
    assert reader.documents.rendered == ("panel.xhtml",)


def test_the_reading_view_runs_the_glyph_check_like_check(book: Path) -> None:
    reader = Reader(book)
    reader.refresh()
    works = book / "works.md"
    works.write_text(works.read_text("utf-8") + "\nThe Ethiopic letter \u1200 ends it.\n", "utf-8")
    view = reader.refresh()
    assert view.stale
    problem = next(p for p in view.problems if p.code == "G001")
    assert problem.where.startswith("panel/works.md:16:")
    assert problem.anchor == "src-works-14"  # the last good text ends on line 14
    expected = [d for d in read_manuscript(book).diagnostics if d.code == "G001"]
    assert [p.where for p in view.problems if p.code == "G001"] == [str(d.pos) for d in expected]
