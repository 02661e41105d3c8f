"""Reading a file that a build takes in: opened once, a regular file, within its limit.

Every file the build reads (book.toml, the section files, notes.md, the images, the style
sheets, the record of the last build) is read here. The file is opened once, and what is
checked is what was opened: its kind and size come from the open descriptor, never from
the name looked up again (a file swapped for another between a check and the read would
pass the check), and where it must lie in a folder, the place checked is that of the
file opened. It is opened without waiting, so that a named pipe or a device opens at
once and is refused instead of hanging the build; and no more than its limit and one byte
is ever read, whatever the size the system gave (a file that grows while it is read).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from io import BufferedReader
from pathlib import Path

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)

_KINDS = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"),
)


class NotAFile(OSError):
    """The name is that of a folder, a named pipe, a device or a socket: nothing a build
    reads. Its ``strerror`` says which, for the user."""


class Outside(OSError):
    """The file opened is not in the folder it must be in: a link, or a folder on its
    path, led elsewhere (perhaps swapped for one after the name was checked)."""


class TooLarge(OSError):
    """The file is over its limit; ``size`` is what it was found to be (at least)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"it is {size:,} bytes, over the limit of {limit:,} bytes")
        self.size = size
        self.limit = limit


@contextmanager
def opened(
    path: Path, follow_links: bool = True, inside: Path | None = None
) -> Iterator[BufferedReader]:
    """``path`` open for reading in binary, if it is a regular file; raises NotAFile when
    it is not, Outside when the file opened is not in the folder ``inside`` (a real path:
    links resolved) as the open file's own real path says, OSError when it cannot be
    opened (a link, unless ``follow_links``)."""
    flags = os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY | (0 if follow_links else _NOFOLLOW)
    handle = os.open(path, flags)
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            raise NotAFile(errno.EINVAL, f"it is {_kind(found)}, not a file")
        if inside is not None and not _opened_inside(handle, found, path, inside):
            raise Outside(errno.EACCES, f"it leads outside {inside}")
        if _NONBLOCK:
            os.set_blocking(handle, True)
        stream = os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise
    with stream:
        yield stream


def _kind(found: os.stat_result) -> str:
    return next((name for test, name in _KINDS if test(found.st_mode)), "not a regular file")


def _opened_inside(handle: int, found: os.stat_result, path: Path, folder: Path) -> bool:
    """Whether the open file ``handle`` lies in ``folder``: its real path as the system
    knows it from the descriptor (Linux), else the file that the real path of ``path``
    names, if it is the one opened."""
    try:
        real = Path(os.readlink(f"/proc/self/fd/{handle}"))
    except OSError:  # no /proc: the real path of the name, if it is still the file opened
        real = path.resolve()
        again = os.stat(real)
        if (again.st_dev, again.st_ino) != (found.st_dev, found.st_ino):
            return False
    return real.is_absolute() and real.is_relative_to(folder)


def read_input(
    path: Path, limit: int, follow_links: bool = True, inside: Path | None = None
) -> bytes:
    """The bytes of the regular file ``path``; raises TooLarge when it is over ``limit``
    bytes (found from the open file before anything is read, or while it is read),
    Outside when it is not in the folder ``inside``, NotAFile or OSError when it cannot
    be read."""
    with opened(path, follow_links, inside) as stream:
        return read_opened(stream.fileno(), limit)


def read_opened(handle: int, limit: int) -> bytes:
    """The bytes of the open file ``handle``, read from that very descriptor: NotAFile when
    it is not a regular file, TooLarge when it is over ``limit`` bytes, by its size or
    while it is read (a file that grows)."""
    found = os.fstat(handle)
    if not stat.S_ISREG(found.st_mode):
        raise NotAFile(errno.EINVAL, f"it is {_kind(found)}, not a file")
    if found.st_size > limit:
        raise TooLarge(found.st_size, limit)
    if _NONBLOCK:
        os.set_blocking(handle, True)
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(handle, min(1 << 20, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise TooLarge(size, limit)
