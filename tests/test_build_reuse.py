"""Nothing changed, nothing done: a rebuild reuses editions whose inputs are the same, and
never serves a stale one."""

from __future__ import annotations

import shutil
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
