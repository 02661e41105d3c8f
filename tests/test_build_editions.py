"""Which editions `tarkbook build` makes when one of them cannot be made."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tarkbook import cli
from tarkbook.build import Edition, EditionUnavailable, Renderer
from tarkbook.build import pipeline as build_module
from tarkbook.theme import THEME

ROOT = Path(__file__).resolve().parent.parent


def _unavailable() -> Renderer:
    raise EditionUnavailable("the test edition needs a library that is not installed")


@pytest.fixture
def with_unavailable_edition(monkeypatch: pytest.MonkeyPatch) -> None:
    editions = dict(build_module.EDITIONS)
    editions["zzz"] = Edition("ZZZ", ".zzz", _unavailable)
    monkeypatch.setattr(build_module, "EDITIONS", editions)
    monkeypatch.setattr(cli, "EDITIONS", editions)


@pytest.mark.usefixtures("with_unavailable_edition")
def test_default_build_skips_an_unavailable_edition_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manuscript = tmp_path / "manuscript"
    shutil.copytree(ROOT / "manuscript", manuscript)
    assert cli.main(["build", str(manuscript), "--out", str(tmp_path / "out"),
                     "--styles", str(THEME)]) == 0
    err = capsys.readouterr().err
    assert ("tarkbook: skipping the ZZZ edition: the test edition needs a library that is "
            "not installed") in err
    assert not list((tmp_path / "out").glob("*.zzz"))


@pytest.mark.usefixtures("with_unavailable_edition")
def test_an_unavailable_edition_asked_for_by_name_fails_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = cli.main(["build", str(ROOT / "manuscript"), "--out", str(out), "--format", "epub",
                     "--format", "zzz", "--styles", str(THEME)])
    assert code == 1
    assert "cannot build: the test edition needs a library" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())


def test_build_prints_the_manuscripts_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manuscript = tmp_path / "ms"
    shutil.copytree(ROOT / "manuscript", manuscript)
    with (manuscript / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[speakers.SILENT]\nname = "Nobody"\n')
    line = len((manuscript / "book.toml").read_text("utf-8").splitlines()) - 1
    assert cli.main(["build", str(manuscript), "--out", str(tmp_path / "out"),
                     "--format", "epub", "--styles", str(THEME)]) == 0
    err = capsys.readouterr().err
    assert f"ms/book.toml:{line}:1: warning T003: speaker 'SILENT' is declared but never speaks" \
        in err
