"""The only way the PDF renderer reads anything: files inside a few named folders.

The renderer sees each folder under a fixed URL, ``file:///book/<name>/``, whatever its
place on the disk, so that nothing in the PDF depends on where the manuscript lies.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from tarkbook.edition import MAX_STYLE_SHEET_BYTES
from tarkbook.inputs import read_input
from tarkbook.manuscript.limits import MAX_IMAGE_BYTES

_ROOT = "/book/"
_NAMED = re.compile(r"^/book/([a-z][a-z0-9-]*)/(.*)$")
_TYPES = {
    ".css": "text/css",
    ".otf": "font/otf",
    ".ttf": "font/ttf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}


class FetchRefused(Exception):
    """A resource the book asked for that the renderer may not read."""


class FolderFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``file:///book/<name>/…`` from the folder called ``name``; refuses all else.

    No network, no ``data:`` URLs, no other file (symbolic links are resolved before the
    check). With WeasyPrint, every refusal stops the rendering; ``refused`` keeps the
    reasons.
    """

    def __init__(self, folders: Mapping[str, Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.folders = {name: folder.resolve() for name, folder in folders.items()}
        self.refused: list[str] = []

    @staticmethod
    def url(name: str, relative: str = "") -> str:
        """The URL under which the renderer sees ``relative`` in the folder ``name``."""
        return f"file://{_ROOT}{name}/{relative}"

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            path = self.allowed_path(url)
        except FetchRefused as exc:
            self.refused.append(str(exc))
            raise
        media_type = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        headers_out = {"Content-Type": media_type or "application/octet-stream"}
        limit = MAX_STYLE_SHEET_BYTES if path.suffix.lower() == ".css" else MAX_IMAGE_BYTES
        folder = next(f for f in self.folders.values() if path.is_relative_to(f))
        try:  # the file opened, not only the name checked, is in its folder
            data = read_input(path, limit, inside=folder)
        except OSError as exc:
            self.refused.append(f"cannot read {path}: {exc.strerror or exc}")
            raise FetchRefused(self.refused[-1]) from None
        return URLFetcherResponse(url, data, headers_out)

    def allowed_path(self, url: str) -> Path:
        """The file ``url`` names, if it is a regular file in one of the folders."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"refused to fetch {_short(url)}: only local files may be read")
        match = _NAMED.match(unquote(parts.path))
        folder = self.folders.get(match[1]) if match else None
        if match is None or folder is None:
            raise FetchRefused(f"refused to read {_short(url)}: it is outside the manuscript, "
                               "styles and font folders")
        path = (folder / match[2]).resolve()
        if not path.is_relative_to(folder):
            raise FetchRefused(f"refused to read {path}: it is outside the manuscript, styles "
                               "and font folders")
        if not path.is_file():
            raise FetchRefused(f"cannot read {path}: no such file")
        return path


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."
