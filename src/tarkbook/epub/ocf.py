"""The OCF container: a ZIP whose first entry is the stored ``mimetype``, in a fixed order.

Every entry has the same date (the edition's), the same permissions and no extra field,
so that the same files always give the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence

MIMETYPE = b"application/epub+zip"
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")
"""Files compressed already: deflating them again gains nothing."""


def pack(entries: Sequence[tuple[str, bytes]], date: datetime.date) -> bytes:
    """The EPUB file: ``mimetype`` first, then ``entries`` in the order given."""
    stamp = _stamp(date)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, "mimetype", MIMETYPE, stamp, zipfile.ZIP_STORED)
        for name, data in entries:
            stored = name.lower().endswith(STORED_SUFFIXES)
            _add(archive, name, data, stamp, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _stamp(date: datetime.date) -> tuple[int, int, int, int, int, int]:
    """Midnight of ``date``, within the years a ZIP can date (1980 to 2107)."""
    if date.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    if date.year > 2107:
        return (2107, 12, 31, 0, 0, 0)
    return (date.year, date.month, date.day, 0, 0, 0)


def _add(
    archive: zipfile.ZipFile, name: str, data: bytes,
    stamp: tuple[int, int, int, int, int, int], method: int,
) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = method
    info.create_system = 3  # Unix, whatever system builds it
    info.external_attr = 0o100644 << 16
    archive.writestr(info, data, compresslevel=9 if method == zipfile.ZIP_DEFLATED else None)
