"""Putting a build's files in the output folder: all of them, or none.

Every file is first written in full to a temporary name in the output folder (``.NAME.
XXXXXXXX.part``), then each is renamed over its target. A file it replaces is kept under
a second temporary name (``.NAME.XXXXXXXX.old``, a hard link) until every rename has
succeeded; if one fails, the renames already made are undone from those copies, so the
folder holds the last good build again. A process killed during the renames (a matter
of microseconds) can still leave a mix of old and new files; the record of the build
goes last, so the next build does not trust such a mix, and it removes the temporary
files left behind before anything else.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_TEMPORARY_SUFFIXES = (".part", ".old")


class OutputError(Exception):
    """The output folder cannot be made or written; the reason is for the user."""


def prepare(out: Path) -> None:
    """Check that ``out`` is or can be a folder, and remove the temporary files a killed
    build left in it. The folder itself is made only when there is something to put in it.
    """
    existing = next(path for path in (out, *out.parents) if path.exists() or path == path.parent)
    if not existing.is_dir():
        raise OutputError(f"cannot make the output folder {out}: {existing} is a file")
    if not out.is_dir():
        return
    for path in out.glob(".*.*"):
        if path.suffix in _TEMPORARY_SUFFIXES and path.is_file() and path.name.count(".") >= 3:
            path.unlink(missing_ok=True)


def put_in_place(out: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    """Write ``files`` (name, bytes) into ``out``, all of them or, on an error, none."""
    staged: list[tuple[Path, Path]] = []
    kept: list[tuple[Path | None, Path]] = []  # (a copy of the file replaced, or None; target)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files:
            staged.append((_write_temporary(out, name, data), out / name))
        kept = [(_keep(target), target) for _, target in staged]
        done: list[tuple[Path | None, Path]] = []
        try:
            for (temp, target), old in zip(staged, kept, strict=True):
                os.replace(temp, target)
                done.append(old)
        except BaseException:
            _undo(done)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for copy, _ in kept:
            if copy is not None:
                copy.unlink(missing_ok=True)
    return [target for _, target in staged]


def _write_temporary(out: Path, name: str, data: bytes) -> Path:
    handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.chmod(temp_name, 0o644)
    return Path(temp_name)


def _keep(target: Path) -> Path | None:
    """A copy of ``target`` under a temporary name (None when there is no such file)."""
    if not target.is_file():
        return None
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
    os.close(handle)
    copy = Path(name)
    try:
        copy.unlink()
        os.link(target, copy)
    except OSError:  # no hard links here: a plain copy does
        shutil.copy2(target, copy)
    return copy


def _undo(done: list[tuple[Path | None, Path]]) -> None:
    """Put back the files that the renames in ``done`` replaced, newest first."""
    for copy, target in reversed(done):
        if copy is None:
            target.unlink(missing_ok=True)
        else:
            os.replace(copy, target)
