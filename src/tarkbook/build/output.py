"""Putting a build's files in the output folder: all of them or none, and nothing else.

The output folder may hold a user's own files (it may be their home folder): a build
touches nothing in it before it has every file in hand, and removes only files it can
prove it made. When it is about to write, it makes the folder if need be and takes the
folder's lock (``.tarkbook.lock``, held with ``flock`` from its first write to its last
rename, across every edition it puts in place one by one), so that a second build into
the same folder is refused ("another build is writing to DIR") instead of mixing its
files with the first's. Then it writes its journal (``.tarkbook-journal``):
the names of every temporary file it is about to make, ``.tarkbook-RANDOM-N.part`` for
a new file and ``.tarkbook-RANDOM-N.old`` for a hard link to the file it replaces. Each
file is written in full under its temporary name and renamed over its target; if a
rename fails, the renames already made are undone from the ``.old`` links, so the
folder holds the last good build again. The temporary files and the journal are removed
last, whatever happened, a file whose write failed (a full disk) included.

A build killed during the renames (a matter of microseconds) can still leave a mix of
old and new files; the record of the build goes last, so the next build does not trust
such a mix. A killed build leaves its journal: the next build into that folder removes
the temporary files the journal names, and nothing else.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import stat
import sys
from pathlib import Path

if sys.platform != "win32":
    import fcntl

LOCK = ".tarkbook.lock"
JOURNAL = ".tarkbook-journal"
_TEMPORARY = re.compile(r"\.tarkbook-[0-9a-f]{16}-[0-9]{1,4}\.(?:part|old)")
_MAX_JOURNAL_BYTES = 64 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class OutputError(Exception):
    """The output folder cannot be made or written; the reason is for the user."""


def prepare(out: Path) -> None:
    """Check that ``out`` is or can be a folder, without touching anything in it: the
    folder is made, and its files changed, only when there is something to put in it."""
    try:
        existing = next(p for p in (out, *out.parents) if p.exists() or p == p.parent)
    except OSError as exc:  # a name too long, a loop of links, a folder that cannot be read
        raise OutputError(f"cannot use the output folder {out}: {exc.strerror or exc}"
                          ) from None
    if not existing.is_dir():
        raise OutputError(f"cannot make the output folder {out}: {existing} is a file")


def put_in_place(out: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    """Write ``files`` (name, bytes) into ``out``, all of them or, on an error, none."""
    with Writer(out) as writer:
        return writer.put(files)


class Writer:
    """What one build puts into ``out``, a context manager: the folder's lock is taken at
    the first write and held until the build closes this, after its last rename, so that
    a build that writes its editions one by one (each as soon as it is made) never has
    another build's files put between them."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._lock: int | None = None

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *_: object) -> None:
        if self._lock is not None:
            os.close(self._lock)  # which releases the lock
            self._lock = None

    def put(self, files: list[tuple[str, bytes]]) -> list[Path]:
        """Write ``files`` (name, bytes) into the folder, all of them or, on an error,
        none; raises OutputError when another build holds the folder."""
        try:
            if self._lock is None:
                self.out.mkdir(parents=True, exist_ok=True)
                self._lock = _lock(self.out)
                _clear_journal(self.out)
            return _write_all(self.out, files)
        except OSError as exc:
            raise OutputError(f"cannot write to {self.out}: {exc.strerror or exc}") from None


def _lock(out: Path) -> int:
    """The open lock file of the output folder, locked by this build alone, or
    OutputError."""
    handle = os.open(out / LOCK, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o644)
    if sys.platform != "win32":
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise OutputError(f"another build is writing to {out}") from None
        except BaseException:
            os.close(handle)
            raise
    return handle


def _clear_journal(out: Path) -> None:
    """Remove the temporary files that the journal of a killed build names, then the
    journal. A name that is not a temporary file's is never acted on."""
    journal = out / JOURNAL
    try:
        handle = os.open(journal, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    except FileNotFoundError:
        return
    with os.fdopen(handle, "rb") as stream:
        data = stream.read(_MAX_JOURNAL_BYTES + 1)
    try:
        made = json.loads(data)["made"] if len(data) <= _MAX_JOURNAL_BYTES else []
    except (ValueError, KeyError, TypeError):
        made = []  # written only in part: the build was killed before it made any file
    for name in made if isinstance(made, list) else []:
        if isinstance(name, str) and _TEMPORARY.fullmatch(name) and _is_file(out / name):
            (out / name).unlink()
    journal.unlink()


def _is_file(path: Path) -> bool:
    """``path`` is a file or a link (not followed), which unlink removes."""
    try:
        return not stat.S_ISDIR(path.lstat().st_mode)
    except FileNotFoundError:
        return False


def _write_all(out: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    token = secrets.token_hex(8)
    parts = [out / f".tarkbook-{token}-{n}.part" for n in range(len(files))]
    olds = [out / f".tarkbook-{token}-{n}.old" for n in range(len(files))]
    journal = out / JOURNAL
    try:
        _write(journal, json.dumps({"made": [p.name for p in (*parts, *olds)]}).encode(),
               exclusive=False, sync=True)  # on the disk before any file it names
        targets = [out / name for name, _ in files]
        for part, (_, data) in zip(parts, files, strict=True):
            _write(part, data)
        kept = [_keep(target, old) for target, old in zip(targets, olds, strict=True)]
        done: list[tuple[Path | None, Path]] = []
        try:
            for part, target, old in zip(parts, targets, kept, strict=True):
                os.replace(part, target)
                done.append((old, target))
        except BaseException:
            _undo(done)
            raise
    finally:
        for temporary in (*parts, *olds):
            temporary.unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
    return targets


def _write(path: Path, data: bytes, exclusive: bool = True, sync: bool = False) -> None:
    """Write ``data`` to a new file ``path`` (never through a link, never over a file
    unless ``exclusive`` is false)."""
    flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _CLOEXEC
    flags |= os.O_EXCL if exclusive else os.O_TRUNC
    handle = os.open(path, flags, 0o644)
    with os.fdopen(handle, "wb") as stream:
        os.fchmod(stream.fileno(), 0o644)  # whatever the umask
        stream.write(data)
        if sync:
            stream.flush()
            os.fsync(stream.fileno())


def _keep(target: Path, copy: Path) -> Path | None:
    """``copy``, a hard link to ``target`` (or a copy of it where there are no hard
    links); None when there is no such file."""
    if not target.is_file():
        return None
    try:
        os.link(target, copy)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise
        with target.open("rb") as source, copy.open("xb") as stream:
            shutil.copyfileobj(source, stream)
    return copy


def _undo(done: list[tuple[Path | None, Path]]) -> None:
    """Put back the files that the renames in ``done`` replaced, newest first."""
    for copy, target in reversed(done):
        if copy is None:
            target.unlink(missing_ok=True)
        else:
            os.replace(copy, target)
