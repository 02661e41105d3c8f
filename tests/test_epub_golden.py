"""Golden files: the XHTML, package document and NCX of the fixture manuscript.

Run with TARKBOOK_REGENERATE=1 to rewrite the golden files after an intended change, then
review the difference before committing it.
"""

from __future__ import annotations

import os

import pytest

from epub_support import FIXTURE_MANUSCRIPT, GOLDEN, PACKAGE, Built, built_once

REGENERATE = os.environ.get("TARKBOOK_REGENERATE") == "1"
GOLDEN_SUFFIXES = (".xhtml", ".opf", ".ncx", ".xml")


@pytest.fixture(scope="session")
def fixture_epub(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_once(FIXTURE_MANUSCRIPT, tmp_path_factory)


def _golden_entries(epub: Built) -> dict[str, bytes]:
    """Entry name (without the package folder) -> bytes, for the files kept as golden files."""
    return {
        name.removeprefix(PACKAGE).replace("/", "__"): data
        for name, data in epub.entries().items()
        if name.endswith(GOLDEN_SUFFIXES)
    }


def test_golden_files_match(fixture_epub: Built) -> None:
    entries = _golden_entries(fixture_epub)
    if REGENERATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for stale in GOLDEN.iterdir():
            stale.unlink()
        for name, data in entries.items():
            (GOLDEN / name).write_bytes(data)
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(entries), (
        "the set of golden files changed; rerun with TARKBOOK_REGENERATE=1 and review"
    )
    for name, data in entries.items():
        expected = (GOLDEN / name).read_bytes().decode("utf-8")
        assert data.decode("utf-8") == expected, f"{name} differs from its golden file"
