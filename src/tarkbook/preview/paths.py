"""Which files of the book the preview may send: only those in the book's ``images/``
folder, found without leaving it (no ``..``, no absolute path, no symbolic link)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def book_image(manuscript: Path, requested: str) -> Path | None:
    """The file ``images/<requested>`` of the book, or None when the request would leave
    the folder, names something that is not a plain file, or passes a symbolic link."""
    if not requested or "\\" in requested or "\0" in requested:
        return None
    parts = PurePosixPath(requested).parts
    if PurePosixPath(requested).is_absolute() or any(p in ("..", ".", "") for p in parts):
        return None
    path = manuscript / "images"
    for part in parts:
        if path.is_symlink():
            return None
        path = path / part
    if path.is_symlink() or not path.is_file():
        return None
    root = (manuscript / "images").resolve()
    return path if path.resolve().is_relative_to(root) else None
