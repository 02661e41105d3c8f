"""EPUBCheck 5.3 on the EPUB of the real book and of the fixture: nothing to report."""

from __future__ import annotations

from pathlib import Path

import pytest

from epub_support import FIXTURE_MANUSCRIPT, MANUSCRIPT, built_once, epubcheck


@pytest.mark.slow
@pytest.mark.parametrize("manuscript", [MANUSCRIPT, FIXTURE_MANUSCRIPT], ids=["book", "fixture"])
def test_epubcheck_reports_nothing(
    manuscript: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    epub = built_once(manuscript, tmp_path_factory)
    report = epubcheck(epub.path, tmp_path / "report.json")
    checker = report["checker"]
    assert checker["checkerVersion"].startswith("5.3")
    messages = [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]]
    assert messages == []
    counts = {key: checker[key] for key in ("nFatal", "nError", "nWarning", "nUsage")}
    assert counts == {"nFatal": 0, "nError": 0, "nWarning": 0, "nUsage": 0}
