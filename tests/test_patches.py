"""The registry of tarkbook's patches of WeasyPrint and pydyf, and the pinned versions.

Every patch applies on the versions of requirements.lock (a patch skipped there fails
here); each one's check of the internals it touches notices when they change; a
WeasyPrint outside the versions the patches were written for gives a warning at build
time, and the PDF is still made, without them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pdf_support import FIXTURE_MANUSCRIPT, STYLES
from tarkbook.build import build
from tarkbook.pdf.weasyprint import registry
from tarkbook.versions import version_of

ROOT = Path(__file__).resolve().parent.parent


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return dict(re.findall(r"^([a-z0-9_.-]+)==([^\s;\\]+)", text, re.MULTILINE))


@pytest.mark.parametrize("patch", registry.PATCHES, ids=lambda p: p.name)
def test_every_patch_applies_on_the_pinned_versions(patch: registry.Patch) -> None:
    locked = _locked()[patch.versions.package]
    assert version_of(patch.versions.package) == locked, "install from requirements.lock"
    assert patch.versions.admits(locked)
    found = registry.status(patch)
    assert found.active, found.reason


def test_every_patch_module_is_registered() -> None:
    folder = ROOT / "src" / "tarkbook" / "pdf" / "weasyprint"
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "registry"}
    assert modules == set(registry.BY_NAME)
    for patch in registry.PATCHES:
        assert patch.replaces and patch.why


def test_the_project_caps_what_the_patches_were_checked_against() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {re.split(r"[<>=]", d, maxsplit=1)[0]: d for d in project["project"]["dependencies"]}
    assert wanted["weasyprint"].endswith(",<71") and wanted["pydyf"].endswith(",<0.14")
    assert str(registry.WEASYPRINT) == "weasyprint >=70.0,<71"
    assert str(registry.PYDYF) == "pydyf >=0.11,<0.14"


def test_version_lists_each_patch_as_active() -> None:
    result = subprocess.run([sys.executable, "-m", "tarkbook", "--version"],
                            capture_output=True, text=True, timeout=120, check=True)
    for patch in registry.PATCHES:
        assert re.search(rf"^  {patch.name} +active$", result.stdout, re.MULTILINE), patch.name


def test_a_changed_internal_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    import pydyf
    from weasyprint.layout import LayoutContext, block, inline

    def other(*args: object) -> None:
        return None

    monkeypatch.setattr(block, "_linebox_layout", other)
    monkeypatch.setattr(inline, "split_first_line", other)
    monkeypatch.delattr(LayoutContext, "_update_footnote_area")
    monkeypatch.setattr(pydyf.PDF, "page_references", None)
    monkeypatch.setattr(pydyf, "zlib", None)
    for name in ("keep_notes", "linebreak", "note_area", "page_references", "compression"):
        found = registry.status(registry.BY_NAME[name])
        assert not found.active, name
        assert found.reason is not None and found.reason.startswith("its internals differ")


def test_a_version_outside_the_range_skips_its_patches_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = registry.version_of
    monkeypatch.setattr(registry, "version_of",
                        lambda name: "71.0" if name == "weasyprint" else real(name))
    monkeypatch.setattr(registry, "_decided", {})
    skipped = {p.name for p, _ in registry.skipped_by_version()}
    assert skipped == {p.name for p in registry.PATCHES if p.versions is registry.WEASYPRINT}
    assert not registry.applies("keep_notes") and registry.applies("compression")
    said: list[str] = []
    (output,) = build(FIXTURE_MANUSCRIPT, tmp_path / "out", ["pdf"], STYLES, say=said.append,
                      processes=False)
    assert output.path.read_bytes().startswith(b"%PDF-")
    (warning,) = said
    assert "keep_notes, split_notes, linebreak, note_area, fast_import, page_box" in warning
    assert "written for weasyprint >=70.0,<71, not 71.0" in warning


def test_version_reading() -> None:
    from tarkbook.versions import release

    assert release("70.0") == (70, 0)
    assert release("0.13.0rc1") == (0, 13, 0)
    assert release("71") == (71,)
    assert registry.WEASYPRINT.admits("70.2") and not registry.WEASYPRINT.admits("71.0")
    assert not registry.WEASYPRINT.admits("69.9") and not registry.WEASYPRINT.admits(None)
