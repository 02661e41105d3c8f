"""Nothing changed, nothing done: a rebuild reuses editions whose inputs are the same, and
never serves a stale one."""

from __future__ import annotations

import hashlib
import json
import shutil
import tracemalloc
from importlib import metadata
from pathlib import Path

import pytest

from epub_support import FIXTURE_MANUSCRIPT, STYLES
from tarkbook import versions
from tarkbook.build import Output, build
from tarkbook.build import cache as build_cache
from tarkbook.cli import main


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the fixture manuscript and of the styles, and an output folder."""
    manuscript = tmp_path / "manuscript"
    styles = tmp_path / "styles"
    shutil.copytree(FIXTURE_MANUSCRIPT, manuscript)
    shutil.copytree(STYLES, styles)
    return manuscript, styles, tmp_path / "build"


def _epub(manuscript: Path, styles: Path, out: Path, **options: object) -> Output:
    (output,) = build(manuscript, out, ["epub"], styles, **options)  # type: ignore[arg-type]
    return output


def test_a_rebuild_with_nothing_changed_reuses_the_edition(
    folders: tuple[Path, Path, Path],
) -> None:
    manuscript, styles, out = folders
    first = _epub(manuscript, styles, out)
    made = first.path.stat().st_mtime_ns
    again = _epub(manuscript, styles, out)
    assert (first.reused, again.reused) == (False, True)
    assert again.path == first.path
    assert again.path.stat().st_mtime_ns == made


@pytest.mark.parametrize("change", [
    "a section file", "notes.md", "book.toml", "a new file", "the stylesheet",
    "the edition file", "the edition file deleted", "the record", "a package version",
])
def test_any_change_to_an_input_or_an_output_rebuilds(
    folders: tuple[Path, Path, Path], change: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    manuscript, styles, out = folders
    first = _epub(manuscript, styles, out)
    good = first.path.read_bytes()
    if change == "a section file":
        path = next(p for p in sorted(manuscript.glob("*.md")) if p.name != "notes.md")
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                        encoding="utf-8")
    elif change == "notes.md":
        path = manuscript / "notes.md"
        lines = path.read_text(encoding="utf-8").split("\n")
        first = next(n for n, line in enumerate(lines) if line.startswith("[^"))
        lines[first] += " One more sentence."
        path.write_text("\n".join(lines), encoding="utf-8")
    elif change == "book.toml":
        path = manuscript / "book.toml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            'subtitle = "', 'subtitle = "New: ', 1), encoding="utf-8")
    elif change == "a new file":
        (manuscript / "images").mkdir(exist_ok=True)
        (manuscript / "images" / "unused.png").write_bytes(b"not used yet")
    elif change == "the stylesheet":
        path = styles / "epub.css"
        path.write_text(path.read_text(encoding="utf-8") + "\np { color: #111; }\n",
                        encoding="utf-8")
    elif change == "the edition file":
        first.path.write_bytes(good[:-10] + b"0123456789")
    elif change == "the edition file deleted":
        first.path.unlink()
    elif change == "the record":
        (out / build_cache.RECORD).write_text("{not json", encoding="utf-8")
    else:
        real = build_cache.installed_versions
        monkeypatch.setattr(build_cache, "installed_versions",
                            lambda: {**real(), "jinja2": "99.0"})
    second = _epub(manuscript, styles, out)
    assert second.reused is False
    if change in ("the edition file", "the edition file deleted", "the record",
                  "a package version", "a new file"):
        assert second.path.read_bytes() == good  # the same inputs make the same bytes
    else:
        assert second.path.read_bytes() != good


def test_rebuild_makes_the_edition_again(folders: tuple[Path, Path, Path]) -> None:
    manuscript, styles, out = folders
    _epub(manuscript, styles, out)
    assert _epub(manuscript, styles, out, reuse=False).reused is False


def test_the_command_says_when_it_keeps_an_edition(
    folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str],
) -> None:
    manuscript, styles, out = folders
    args = ["build", str(manuscript), "--out", str(out), "--styles", str(styles),
            "--format", "epub"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    assert main(args) == 0
    assert "its inputs have not changed" in capsys.readouterr().out
    assert main([*args, "--rebuild"]) == 0
    assert capsys.readouterr().out.startswith("wrote ")


def test_warnings_are_said_again_when_an_edition_is_kept(
    folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str],
) -> None:
    manuscript, styles, out = folders
    book = manuscript / "book.toml"
    book.write_text(book.read_text(encoding="utf-8") + '\n[speakers.SILENT]\nname = "Nobody"\n'
                    'label = "Nobody"\nrole = "other"\n', encoding="utf-8")
    args = ["build", str(manuscript), "--out", str(out), "--styles", str(styles),
            "--format", "epub"]
    assert main(args) == 0
    first = capsys.readouterr().err
    assert "warning T003" in first
    assert main(args) == 0
    assert capsys.readouterr().err == first


def test_the_installed_versions_are_those_importlib_metadata_gives() -> None:
    from packaging.version import Version  # pip names a dist-info folder by 4.4, not 4.004

    installed = versions.installed_versions()
    for name in build_cache.RENDERING_PACKAGES:
        assert Version(installed[versions.normalized(name)]) == Version(metadata.version(name))


# ------------------------------------------------ the inputs: only the files the book uses


def test_a_build_inside_the_book_folder_reuses_its_editions(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``cd book && tarkbook build .`` twice: the output folder (build/, the default) and
    what git keeps there (.git/) are not inputs."""
    manuscript, styles, _ = folders
    (manuscript / ".git" / "objects").mkdir(parents=True)
    (manuscript / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (manuscript / ".gitignore").write_text("build/\n", encoding="utf-8")
    monkeypatch.chdir(manuscript)
    args = ["build", ".", "--styles", str(styles), "--format", "epub"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("wrote build/")
    (manuscript / ".git" / "objects" / "ab").write_bytes(b"a commit of the build")
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("kept build/")


def test_a_file_the_book_does_not_use_is_not_an_input(
    folders: tuple[Path, Path, Path],
) -> None:
    manuscript, styles, out = folders
    first = _epub(manuscript, styles, out)
    with (manuscript / "backup.mkv").open("wb") as video:  # 6 GiB, and no disk used
        video.truncate(6 * 1024**3)
    (manuscript / "draft.md").write_text("# A section not in book.toml\n", encoding="utf-8")
    (manuscript / "book.toml~").write_text("an editor's backup\n", encoding="utf-8")
    again = _epub(manuscript, styles, out)
    assert (first.reused, again.reused) == (False, True)


def test_the_inputs_are_hashed_a_piece_at_a_time(folders: tuple[Path, Path, Path]) -> None:
    manuscript, styles, _ = folders
    (manuscript / "images").mkdir(exist_ok=True)
    with (manuscript / "images" / "huge.png").open("wb") as image:
        image.truncate(256 * 1024**2)
    tracemalloc.start()
    try:
        build_cache.inputs_digest(manuscript, styles)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024**2


# ------------------------------------------------ the record is checked, not trusted


def _tampered(out: Path, **changes: object) -> None:
    record = out / build_cache.RECORD
    data = json.loads(record.read_text(encoding="utf-8"))
    data["editions"]["epub"].update(changes)
    record.write_text(json.dumps(data), encoding="utf-8")


def test_a_record_naming_a_file_outside_the_output_folder_is_not_trusted(
    folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str],
) -> None:
    manuscript, styles, out = folders
    args = ["build", str(manuscript), "--out", str(out), "--styles", str(styles),
            "--format", "epub"]
    assert main(args) == 0
    secret = out.parent / "secret.txt"
    secret.write_bytes(b"a secret")
    _tampered(out, file="../secret.txt", sha256=hashlib.sha256(b"a secret").hexdigest())
    capsys.readouterr()
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"wrote {out}/"), printed
    assert "secret" not in printed
    assert secret.read_bytes() == b"a secret"


@pytest.mark.parametrize("warning", [
    {"code": "T003", "message": "\x1b[2Jthe screen is cleared\x07", "file": "ms/book.toml",
     "line": 1, "column": 1},
    {"code": "X999", "message": "not a code of tarkbook's", "file": "ms/book.toml",
     "line": 1, "column": 1},
    {"code": "T003", "message": "speaker 'X' is declared but never speaks",
     "file": "ms/\x1b]0;title\x07", "line": 1, "column": 1},
    {"code": "T003", "message": "speaker 'X' is declared but never speaks", "file": "ms/x",
     "line": "1", "column": 1},
])
def test_a_record_with_a_bad_warning_is_not_trusted(
    folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str],
    warning: dict[str, object],
) -> None:
    manuscript, styles, out = folders
    args = ["build", str(manuscript), "--out", str(out), "--styles", str(styles),
            "--format", "epub"]
    assert main(args) == 0
    _tampered(out, warnings=[warning])
    capsys.readouterr()
    assert main(args) == 0
    printed, said = capsys.readouterr()
    assert printed.startswith("wrote ")
    assert "\x1b" not in said and "X999" not in said


@pytest.mark.parametrize("change", [
    {"file": "/etc/hostname"}, {"file": "the-book.pdf"}, {"file": ".tarkbook-build.json"},
    {"file": "a/b.epub"}, {"key": 12}, {"sha256": "not a hash"},
])
def test_a_record_with_a_bad_entry_is_not_trusted(
    folders: tuple[Path, Path, Path], change: dict[str, object],
) -> None:
    manuscript, styles, out = folders
    _epub(manuscript, styles, out)
    _tampered(out, **change)
    assert _epub(manuscript, styles, out).reused is False


def test_a_record_of_an_unknown_edition_is_not_trusted(
    folders: tuple[Path, Path, Path],
) -> None:
    manuscript, styles, out = folders
    _epub(manuscript, styles, out)
    record = out / build_cache.RECORD
    data = json.loads(record.read_text(encoding="utf-8"))
    data["editions"]["zip"] = dict(data["editions"]["epub"])
    record.write_text(json.dumps(data), encoding="utf-8")
    assert build_cache.read_record(out, {"epub": ".epub", "pdf": ".pdf"}) == {}
    assert _epub(manuscript, styles, out).reused is False


def test_a_section_file_linked_to_another_file_of_the_book_is_an_input(
    folders: tuple[Path, Path, Path],
) -> None:
    manuscript, styles, out = folders
    (manuscript / "drafts").mkdir()
    shutil.move(manuscript / "afterword.md", manuscript / "drafts" / "afterword-v3.md")
    (manuscript / "afterword.md").symlink_to(Path("drafts") / "afterword-v3.md")
    good = _epub(manuscript, styles, out).path.read_bytes()
    assert _epub(manuscript, styles, out).reused is True
    with (manuscript / "drafts" / "afterword-v3.md").open("a", encoding="utf-8") as text:
        text.write("\nOne more sentence in the linked file.\n")
    again = _epub(manuscript, styles, out)
    assert again.reused is False
    assert again.path.read_bytes() != good


@pytest.mark.parametrize("book", [
    b"x = " + b"[" * 600 + b"]" * 600 + b"\n",  # deeper than tomllib's recursion
    b"[[sections]]\nfile = 3\n", b"sections = 'interview.md'\n", b"\xff not UTF-8",
    b'[[sections]]\nfile = "../../etc/passwd"\n',
    b'[[sections]]\nfile = "' + b"x" * 300 + b'.md"\n',
])
def test_a_book_toml_that_cannot_be_read_still_has_a_fingerprint(
    folders: tuple[Path, Path, Path], book: bytes,
) -> None:
    manuscript, styles, _ = folders
    before = build_cache.inputs_digest(manuscript, styles)
    (manuscript / "book.toml").write_bytes(book)
    assert build_cache.inputs_digest(manuscript, styles) != before


def test_a_build_with_nothing_to_do_loads_no_renderer(
    folders: tuple[Path, Path, Path],
) -> None:
    """The editions reused, the command loads neither the templates (jinja2) nor
    WeasyPrint: nothing to do costs Python's start-up and the hashing of the inputs."""
    import subprocess
    import sys

    manuscript, styles, out = folders
    build(manuscript, out, None, styles)
    probe = (
        "import sys\n"
        "from tarkbook.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(sorted(m for m in ('jinja2', 'weasyprint', 'lxml') if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "build", str(manuscript), "--out", str(out),
         "--styles", str(styles), "--quiet"],
        capture_output=True, text=True, check=True, timeout=120,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
