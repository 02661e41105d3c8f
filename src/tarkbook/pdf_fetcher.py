"""The only way the PDF renderer reads anything: local files inside a few allowed folders."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

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
    """Serves ``file:`` URLs inside ``roots``; refuses every other URL, scheme and file.

    No network, no ``data:`` URLs, nothing outside the allowed folders (symbolic links
    are resolved before the check). Every refusal stops the rendering.
    """

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []
        self.served: list[Path] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            path = self.allowed_path(url)
        except FetchRefused as exc:
            self.refused.append(str(exc))
            raise
        self.served.append(path)
        media_type = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        headers_out = {"Content-Type": media_type or "application/octet-stream"}
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers_out)

    def allowed_path(self, url: str) -> Path:
        """The file ``url`` names, if it is a regular file in an allowed folder."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"refused to fetch {_short(url)}: only local files may be read")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(
                f"refused to read {path.name}: it is outside the manuscript, styles "
                "and font folders"
            )
        if not path.is_file():
            raise FetchRefused(f"cannot read {path.name}: no such file")
        return path


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."
