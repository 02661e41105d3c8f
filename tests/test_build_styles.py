"""Which style sheet each edition uses: ``--styles DIR``, then ``[style] dir`` in book.toml,
then ``styles/`` inside the book, then ``styles/`` beside it, then the default theme, each
sheet on its own; and the sheet used is part of the inputs' fingerprint."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from epub_support import FIXTURE_MANUSCRIPT
from tarkbook.build import StylesError, build
from tarkbook.build.styles import find_style_sheets
from tarkbook.cli import main
from tarkbook.theme import THEME

RULES = ["--styles", "[style] dir", "inside", "beside", "theme"]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A copy of the fixture manuscript, in a folder of its own with nothing beside it."""
    folder = tmp_path / "shelf" / "book"
    shutil.copytree(FIXTURE_MANUSCRIPT, folder)
    return folder


def _sheets(folder: Path, *names: str, mark: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(f"/* {mark or folder.name} */\n", encoding="utf-8")
    return folder


def _with_style_dir(book: Path, folder: str) -> None:
    toml = book / "book.toml"
    toml.write_text(toml.read_text("utf-8") + f'\n[style]\ndir = "{folder}"\n', "utf-8")


def _every_rule(book: Path) -> dict[str, Path | None]:
    """A folder with both sheets for each rule of the order; the theme is always there."""
    _with_style_dir(book, "../house")
    return {
        "--styles": _sheets(book.parent / "flag", "epub.css", "print.css"),
        "[style] dir": _sheets(book.parent / "house", "epub.css", "print.css"),
        "inside": _sheets(book / "styles", "epub.css", "print.css"),
        "beside": _sheets(book.parent / "styles", "epub.css", "print.css"),
        "theme": THEME,
    }


@pytest.mark.parametrize("rule", RULES)
def test_each_sheet_comes_from_the_first_folder_in_the_order(book: Path, rule: str) -> None:
    folders = _every_rule(book)
    for earlier in RULES[1:RULES.index(rule)]:  # the folders before this rule are gone
        shutil.rmtree(folders[earlier])  # type: ignore[arg-type]
    flag = folders["--styles"] if rule == "--styles" else None
    sheets = find_style_sheets(book, flag, ["epub", "pdf"])
    assert {e: s.folder.resolve() for e, s in sheets.items()} == {
        "epub": folders[rule].resolve(), "pdf": folders[rule].resolve()}  # type: ignore[union-attr]


def test_a_folder_with_one_sheet_leaves_the_other_to_the_theme(book: Path) -> None:
    _sheets(book / "styles", "print.css")
    sheets = find_style_sheets(book, None, ["epub", "pdf"])
    assert sheets["pdf"].folder == book / "styles"
    assert sheets["pdf"].origin == "styles/ inside the book"
    assert sheets["epub"].folder == THEME
    assert sheets["epub"].origin == "the default theme"


def test_the_real_book_is_set_in_the_default_theme() -> None:
    """The default theme is kept once, in the package: the real book brings no style sheet
    of its own (its face is named in book.toml), and no copy of the theme lies beside it."""
    manuscript = Path(__file__).resolve().parent.parent / "manuscript"
    sheets = find_style_sheets(manuscript, None, ["epub", "pdf"])
    assert {e: (s.folder, s.origin) for e, s in sheets.items()} == {
        e: (THEME, "the default theme") for e in ("epub", "pdf")}


def test_the_epub_carries_the_sheet_that_was_found(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (output,) = build(book, out, ["epub"])
    with zipfile.ZipFile(output.path) as epub:
        assert epub.read("EPUB/style.css") == (THEME / "epub.css").read_bytes()
    _sheets(book.parent / "styles", "epub.css", mark="the shelf's own")
    (again,) = build(book, out, ["epub"])
    assert not again.reused  # the sheet used is one of the inputs
    with zipfile.ZipFile(again.path) as epub:
        assert epub.read("EPUB/style.css") == b"/* the shelf's own */\n"
    (third,) = build(book, out, ["epub"])
    assert third.reused


def test_a_sheet_the_edition_does_not_use_is_not_one_of_its_inputs(
    book: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(book, out, ["pdf"])
    _sheets(book.parent / "styles", "epub.css")  # the PDF still takes the theme's
    (again,) = build(book, out, ["pdf"])
    assert again.reused


def test_the_print_sheet_is_one_of_the_epub_inputs(book: Path, tmp_path: Path) -> None:
    """The EPUB's page list comes from the print layout: a print.css that changes the
    pages makes a new EPUB, whose markers follow the new pages."""
    out = tmp_path / "out"
    (first,) = build(book, out, ["epub"])
    before = first.path.read_bytes()
    _sheets(book / "styles", "print.css")  # an empty sheet: other pages, other places
    (again,) = build(book, out, ["epub"])
    assert not again.reused
    assert again.path.read_bytes() != before


def test_verbose_says_which_sheet_each_edition_used(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sheets(book / "styles", "epub.css")
    assert main(["build", str(book), "--out", str(tmp_path / "out"), "--format", "epub",
                 "--verbose"]) == 0
    err = capsys.readouterr().err
    assert f"EPUB: style sheet {book / 'styles' / 'epub.css'} (styles/ inside the book)" in err


@pytest.mark.parametrize(("styles", "formats", "message"), [
    ("missing", [], "--styles {styles}: there is no such folder"),
    ("print-only", [], "--styles {styles}: the folder has no epub.css"),
    ("print-only", ["--format", "epub"], "--styles {styles}: the folder has no epub.css"),
])
def test_a_sheet_missing_from_the_styles_flag_is_an_error_that_names_it(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], styles: str,
    formats: list[str], message: str,
) -> None:
    folder = tmp_path / styles
    if styles == "print-only":
        _sheets(folder, "print.css")
    out = tmp_path / "out"
    assert main(["build", str(book), "--out", str(out), "--styles", str(folder),
                 *formats]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tarkbook: " + message.format(styles=folder))
    assert err.rstrip().endswith("nothing was written")
    assert not out.exists()


def test_the_styles_flag_needs_only_the_sheets_of_the_editions_asked_for(
    book: Path, tmp_path: Path
) -> None:
    folder = _sheets(tmp_path / "print-only", "print.css")
    with pytest.raises(StylesError):
        find_style_sheets(book, folder, ["epub"])
    assert find_style_sheets(book, folder, ["pdf"])["pdf"].origin == "--styles"


def test_a_sheet_that_links_outside_its_folder_fails_the_edition(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _sheets(tmp_path / "elsewhere", "epub.css")
    (book / "styles").mkdir()
    (book / "styles" / "epub.css").symlink_to(secret / "epub.css")
    out = tmp_path / "out"
    assert main(["build", str(book), "--out", str(out), "--format", "epub"]) == 1
    assert "leads outside the styles folder" in capsys.readouterr().err
    assert not out.exists()


def test_a_style_dir_above_the_book_stops_the_build_before_any_sheet_is_read(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sheets(book.parent, "epub.css")  # a sheet there would open the book's neighbours
    _with_style_dir(book, "..")
    assert find_style_sheets(book, None, ["epub"])["epub"].folder == THEME
    out = tmp_path / "out"
    assert main(["build", str(book), "--out", str(out), "--format", "epub"]) == 1
    assert ("error C006: invalid value for 'dir' in [style]: the folder '..' holds the "
            "book's folder") in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("folder", ["../../elsewhere", "../" * 40 + "usr", "../link"])
def test_a_style_dir_neither_in_nor_beside_the_book_stops_check_build_and_preview(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    from tarkbook.preview.reading import Reader
    from tarkbook.preview.watcher import watched_folders

    _sheets(tmp_path / "elsewhere", "epub.css", "print.css")  # beside the book's shelf
    (book.parent / "link").symlink_to(tmp_path / "elsewhere")  # beside, but only as a link
    _with_style_dir(book, folder)
    assert find_style_sheets(book, None, ["epub"])["epub"].folder == THEME
    expected = (f"error C006: invalid value for 'dir' in [style]: the folder '{folder}' is "
                "neither inside the book's folder nor beside it; move it there, or name it "
                "with --styles")
    assert main(["check", str(book)]) == 1
    assert f"book.toml:{_line_of(book, 'dir = ')}:1: {expected}" in capsys.readouterr().err
    out = tmp_path / "out"
    assert main(["build", str(book), "--out", str(out), "--format", "epub"]) == 1
    assert expected in capsys.readouterr().err
    assert not out.exists()
    view = Reader(book).refresh()
    assert view.stale and any(p.code == "C006" for p in view.problems)
    assert all(not f.resolve().is_relative_to(Path("/usr")) for f in watched_folders(book, None))
    # the same folder named on the command line is taken
    flagged = tmp_path / "elsewhere"
    assert find_style_sheets(book, flagged, ["epub"])["epub"].folder == flagged


def test_a_style_dir_beside_the_book_is_taken(book: Path) -> None:
    _sheets(book.parent / "house", "epub.css")
    _with_style_dir(book, "../house")
    assert find_style_sheets(book, None, ["epub"])["epub"].folder == book / "../house"


def _line_of(book: Path, start: str) -> int:
    lines = (book / "book.toml").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def test_a_styles_folder_that_links_far_from_the_book_is_not_watched(
    book: Path, tmp_path: Path
) -> None:
    from tarkbook.preview.watcher import watched_folders

    far = _sheets(tmp_path / "far" / "away", "epub.css")
    (book / "styles").symlink_to(far)
    watched = [f.resolve() for f in watched_folders(book, None)]
    assert far not in watched and book.resolve() in watched
    assert far in [f.resolve() for f in watched_folders(book, far)]  # named with --styles


def test_a_styles_folder_name_too_long_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    styles = tmp_path / ("s" * 300)
    assert main(["build", str(FIXTURE_MANUSCRIPT), "--out", str(tmp_path / "out"),
                 "--styles", str(styles)]) == 2
    assert capsys.readouterr().err == (f"tarkbook: --styles {styles}: File name too long; "
                                       "nothing was written\n")
    assert not (tmp_path / "out").exists()
