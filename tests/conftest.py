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
