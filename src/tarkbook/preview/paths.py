"""Reading a file the preview sends, once, without following a link.

The file is found part by part from the folder it must stay in, each part opened relative
to the folder before it with ``O_NOFOLLOW``: no ``..``, no absolute path, no symbolic link
anywhere on the way. The file is then checked on its open descriptor (a regular file,
within the size limit) and read from that same descriptor, so a file swapped for a link
between two requests, or during one, is never followed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import PurePosixPath

from tarkbook.inputs import read_opened

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
"""A FIFO opens at once without a writer (``O_NONBLOCK``) and is refused by its type."""


def request_parts(requested: str) -> tuple[str, ...] | None:
    """The parts of a relative path asked for in a URL (``a/b.png``), or None when it is
    empty, absolute, or has an empty, ``.`` or ``..`` part, a backslash or a NUL."""
    if not requested or "\\" in requested or "\0" in requested:
        return None
    parts = tuple(requested.split("/"))
    if PurePosixPath(requested).is_absolute() or any(p in ("", ".", "..") for p in parts):
        return None
    return parts


def read_below(folder: str | os.PathLike[str], parts: Sequence[str], limit: int) -> bytes | None:
    """The bytes of the regular file ``folder/parts[0]/…/parts[-1]``, or None when a part
    is a link, a part is missing, the file is not a regular file or is over ``limit``
    bytes, or the system refuses a name (too long, say). ``folder`` itself is opened as
    named: it is the folder the preview was given, or the resolved styles folder."""
    if not parts or any(p in ("", ".", "..") or "/" in p or "\0" in p for p in parts):
        return None
    opened: list[int] = []
    try:
        opened.append(os.open(folder, _FOLDER & ~os.O_NOFOLLOW))
        for part in parts[:-1]:
            opened.append(os.open(part, _FOLDER, dir_fd=opened[-1]))
        opened.append(os.open(parts[-1], _FILE, dir_fd=opened[-1]))
        return _read_regular(opened[-1], limit)
    except (OSError, ValueError):  # ValueError: a name the system cannot take
        return None
    finally:
        for descriptor in opened:
            os.close(descriptor)


def _read_regular(descriptor: int, limit: int) -> bytes | None:
    """The bytes of the open regular file ``descriptor`` of at most ``limit`` bytes."""
    try:
        return read_opened(descriptor, limit)
    except OSError:  # not a regular file, or over the limit
        return None
