"""Shared fixtures: writing small manuscripts into a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

Files = Mapping[str, "str | bytes | None"]
MakeManuscript = Callable[..., Path]


def write_files(folder: Path, files: Files) -> Path:
    """Write ``files`` (relative path -> text, bytes, or None to leave it out) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if content is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))  # no newline translation
    return folder


@pytest.fixture
def make_manuscript(tmp_path: Path) -> MakeManuscript:
    """``make_manuscript(files, name="ms")``: a manuscript folder ``tmp_path/name``."""

    def make(files: Files, name: str = "ms") -> Path:
        return write_files(tmp_path / name, files)

    return make


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files that hold a test marked ``wheel`` (minutes: the wheel built and installed
    into a fresh environment) run first, the others as collected: so that in a run in
    several processes (pytest-xdist, ``--dist loadfile``) no process starts them last
    while the others have nothing left to do."""
    first = {item.path for item in items if item.get_closest_marker("wheel")}
    items.sort(key=lambda item: item.path not in first)  # stable: else in the same order
