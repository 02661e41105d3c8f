"""tarkbook as a new user gets it: the wheel, installed into a fresh virtual environment
outside the checkout, starts a book in a temporary folder and builds both editions there,
with nothing from the checkout. The EPUB passes EPUBCheck, and the PDF's only fonts are
the default theme's: Source Serif 4 and its fallbacks for other scripts.

The wheel is built from a copy of the files a source distribution holds, so that the build
leaves nothing in the checkout; the environment gets the pinned packages of
requirements.lock and then the wheel, without its dependencies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from epub_support import epubcheck

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 900

pytestmark = pytest.mark.wheel


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh virtual environment with the wheel installed, and the environment variables
    to run it with (no PYTHONPATH, no virtual environment of the tests)."""
    place = tmp_path_factory.mktemp("wheel")
    source = place / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    wheels = place / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", wheels,
          source], place, env)
    (wheel,) = wheels.glob("tarkbook-*.whl")
    venv = place / "venv"
    _run([sys.executable, "-m", "venv", venv], place, env)
    python = venv / "bin" / "python"
    # The lock pins every package the wheel needs: --no-deps keeps pip from resolving an
    # extra (weasyprint's fonttools[woff]) again, which an older pip pins no more.
    _run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--require-hashes", "-r",
          ROOT / "requirements.lock"], place, env)
    _run([python, "-m", "pip", "install", "--quiet", "--no-deps", wheel], place, env)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return venv, env


def test_the_installed_tarkbook_is_the_wheels(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    venv, env = installed
    where = _run([venv / "bin" / "python", "-c", "import tarkbook; print(tarkbook.__file__)"],
                 tmp_path, env)
    assert Path(where.strip()).is_relative_to(venv)
    assert not Path(where.strip()).resolve().is_relative_to(ROOT)


@pytest.mark.parametrize("kind", ["interview", "prose"])
def test_a_new_book_builds_both_editions_from_the_wheel_alone(
    installed: tuple[Path, dict[str, str]], tmp_path: Path, kind: str
) -> None:
    venv, env = installed
    tarkbook = venv / "bin" / "tarkbook"
    made = _run([tarkbook, "new", "my-book", "--kind", kind], tmp_path, env)
    assert made.startswith(f"made a new book ({kind}) in my-book: book.toml, ")
    assert _run([tarkbook, "check", "my-book"], tmp_path, env).endswith(": ok\n")
    result = subprocess.run([tarkbook, "build", "my-book", "--out", "out", "--verbose"],
                            cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=TIMEOUT, check=False)
    assert result.returncode == 0, result.stderr
    theme = venv / "lib"
    for edition, sheet in (("EPUB", "epub.css"), ("PDF", "print.css")):
        (line,) = [line for line in result.stderr.splitlines()
                   if f"] {edition}: style sheet " in line]
        assert line.endswith(f"/tarkbook/theme/{sheet} (the default theme)")
        assert f" {theme}" in line
    written = sorted(line.split()[1] for line in result.stdout.splitlines())
    assert written == ["out/my-book.epub", "out/my-book.pdf"]

    report = epubcheck(tmp_path / "out" / "my-book.epub", tmp_path / "report.json")
    problems = [m for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert problems == [], problems

    fonts = subprocess.run(["pdffonts", tmp_path / "out" / "my-book.pdf"], capture_output=True,
                           text=True, timeout=60, check=True).stdout.splitlines()[2:]
    names = {line.split()[0].split("+", 1)[1] for line in fonts}
    assert names, fonts
    assert all(name.startswith(("SourceSerif4", "NotoSerif", "FrankRuhlLibre"))
               for name in names), names
    assert any(name.startswith("SourceSerif4") for name in names), names


def test_the_print_shops_files_from_the_wheel_alone(
    installed: tuple[Path, dict[str, str]], tmp_path: Path,
) -> None:
    """The wrap cover and the PDF/X interior need the colour profile, the cover's template
    and python-barcode; the proof's --printer its printers.toml: all from the wheel."""
    venv, env = installed
    tarkbook = venv / "bin" / "tarkbook"
    _run([tarkbook, "new", "my-book"], tmp_path, env)
    written = _run([tarkbook, "build", "my-book", "--out", "out", "--format", "pdf",
                    "--format", "cover", "--marks"], tmp_path, env)
    assert "out/my-book-cover.pdf" in written
    for name in ("my-book.pdf", "my-book-cover.pdf"):
        assert b"PDF/X-4" in (tmp_path / "out" / name).read_bytes()
    result = subprocess.run([tarkbook, "proof", "my-book", "--out", "out", "--no-tools",
                             "--printer", "kdp"], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=TIMEOUT, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    assert "proof " in result.stdout, result.stdout


def test_the_essays_book_builds_from_the_wheel_with_its_tables_and_references(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    # The book of essays (tests/books/structures) copied outside the checkout and built
    # with no folder named, from inside its own folder: its table, references and links'
    # addresses read back from the PDF as from the checkout's build.
    from tarkbook.manuscript import load_book
    from test_structures import (
        BOOK,
        check_addresses,
        check_references,
        check_table,
        check_text_block,
    )

    venv, env = installed
    book = tmp_path / "essays"
    shutil.copytree(BOOK, book)
    _run([venv / "bin" / "tarkbook", "build", "--out", "out"], book, env)
    pdf, epub = (book / "out" / f"notes-from-the-tideline.{suffix}" for suffix in ("pdf", "epub"))
    model = load_book(book)
    check_table(model, pdf)
    check_references(model, pdf)
    check_addresses(pdf)
    check_text_block(pdf)
    report = epubcheck(epub, tmp_path / "report.json")
    problems = [m for m in report["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert problems == [], problems
