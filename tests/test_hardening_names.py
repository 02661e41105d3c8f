"""Names the system refuses and titles too long for a file name: a diagnostic from
``tarkbook check`` and ``tarkbook build`` before any rendering, never a traceback.

A path part over 255 bytes (ENAMETOOLONG) in the manuscript path or in a section's
``file``; a title over its documented maximum; and a title at that maximum, whose
edition's file name is cut to a bounded slug.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tarkbook.build import slug
from tarkbook.manuscript import limits
from tarkbook.theme import THEME

ROOT = Path(__file__).resolve().parent.parent
STYLES = THEME
FIXTURE = ROOT / "tests" / "fixtures" / "good" / "figure"
TIMEOUT = 300
LONG = "m" * 300


def tarkbook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tarkbook", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)


@pytest.fixture
def ms(tmp_path: Path) -> Path:
    manuscript = tmp_path / "ms"
    shutil.copytree(FIXTURE, manuscript)
    return manuscript


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("path", [LONG, f"{LONG}/ms"], ids=["the-folder", "a-parent"])
def test_a_manuscript_path_too_long_is_a_diagnostic(
    tmp_path: Path, command: str, path: str
) -> None:
    result = tarkbook(command, path, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{Path(path).name}:1:1: error M003: cannot open the manuscript folder {path}: "
        "File name too long")
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_section_file_name_too_long_is_a_diagnostic(ms: Path, command: str) -> None:
    book = ms / "book.toml"
    book.write_text(book.read_text(encoding="utf-8").replace(
        '"figure.md"', f'"{LONG}.md"'), encoding="utf-8")
    result = tarkbook(command, "ms", "--styles", str(STYLES), cwd=ms.parent) \
        if command == "build" else tarkbook(command, "ms", cwd=ms.parent)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert f"error C009: section file '{LONG}.md' must be the name of a .md file" \
        in result.stderr
    assert not (ms.parent / "build").exists()


def _titled(ms: Path, title: str) -> None:
    book = ms / "book.toml"
    text = book.read_text(encoding="utf-8")
    start = text.index('title = "') + len('title = "')
    book.write_text(text[:start] + title + text[text.index('"', start):], encoding="utf-8")


def test_a_title_too_long_stops_the_build_before_rendering(ms: Path) -> None:
    _titled(ms, "A very long title " * 5000)  # 90,000 characters, within a line's limit
    started = time.monotonic()
    result = tarkbook("build", "ms", "--styles", str(STYLES), "--format", "epub",
                      cwd=ms.parent)
    assert time.monotonic() - started < 60
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].endswith(
        f"error C012: the title is 90000 characters long, over the limit of "
        f"{limits.MAX_TITLE_CHARS}")
    assert result.stderr.endswith("the build stopped; nothing was written\n")
    check = tarkbook("check", "ms", cwd=ms.parent)
    assert check.returncode == 1
    assert "C012" in check.stderr


def test_a_title_at_its_maximum_makes_a_file_name_of_a_bounded_length(ms: Path) -> None:
    title = ("The Truth of Memory, " * 20)[: limits.MAX_TITLE_CHARS]
    _titled(ms, title)
    result = tarkbook("build", "ms", "--styles", str(STYLES), "--format", "epub",
                      cwd=ms.parent)
    assert result.returncode == 0, result.stderr
    (epub,) = (ms.parent / "build").glob("*.epub")
    assert epub.name == slug(title) + ".epub"
    assert len(epub.name) <= 100 + len(".epub")
    assert epub.name.startswith("the-truth-of-memory-the-truth-of-memory-")


@pytest.mark.parametrize("title", [
    "The Truth of Memory", "word " * 60, "a" * 300, "-" * 300 + "x", "Ünïcödé " * 40,
    "語" * 300, "a-" * 150,
])
def test_a_slug_is_short_plain_and_never_empty(title: str) -> None:
    made = slug(title)
    assert 1 <= len(made) <= 100
    assert made == made.strip("-")
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in made)
    assert "--" not in made


@pytest.mark.parametrize(("title", "expected"), [
    ("Wszystko płynie", "wszystko-plynie"), ("Łódź", "lodz"), ("Straße", "strasse"),
    ("Ærø", "aero"), ("Čapek\u2019s R.U.R.", "capeks-r-u-r"),
])
def test_a_slug_keeps_the_letters_of_latin_scripts(title: str, expected: str) -> None:
    assert slug(title) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Правда памяти", "pravda-pamyati"), ("זיכרון", "zykhrvn"),
    ("記憶の真実", "ji-yi-no-zhen-shi"), ("Μνήμη και αλήθεια", "mnimi-kai-alitheia"),
])
def test_a_title_in_another_script_is_transliterated(title: str, expected: str) -> None:
    assert slug(title, "urn:uuid:5a1c7e02-8f3b-4c6d-9e2a-7b4d1f0c9e61") == expected


def test_a_title_of_no_letters_takes_the_identifiers_short_form() -> None:
    assert slug("\u2605 \u2605 \u2605", "urn:uuid:5a1c7e02-8f3b-4c6d") == "book-5a1c7e02"
    assert slug("\u2605", "isbn:9780306406157") == "book-9780306406157"
    assert slug("\u2605") == "book"


def test_a_book_with_a_russian_title_is_written_under_its_transliteration(ms: Path) -> None:
    _titled(ms, "Правда памяти")
    result = tarkbook("build", "ms", "--styles", str(STYLES), "--format", "epub",
                      cwd=ms.parent)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (ms.parent / "build").glob("*.epub")] == ["pravda-pamyati.epub"]
