"""The figures' files in the EPUB: read only from the manuscript's images/ folder, typed
by their bytes, and named in the package by a URL-encoded path."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

from PIL import Image, UnidentifiedImageError

from tarkbook.edition import EditionFailed
from tarkbook.inputs import NotAFile, Outside, read_input
from tarkbook.manuscript.limits import MAX_IMAGE_BYTES

_MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
SVG_MEDIA_TYPE = "image/svg+xml"


def href(src: str) -> str:
    """``src`` (``images/a photo.png``) as a URL path (``images/a%20photo.png``)."""
    return quote(src, safe="/")


def figure_file(manuscript: Path, src: str) -> tuple[bytes, str]:
    """The bytes and media type of the figure ``src``; raises EditionFailed when its real
    path is not in the manuscript's images/ folder (the folder itself may not be a link
    that leads elsewhere) or its bytes are not an image of a type EPUB readers show."""
    try:
        data = read_input(manuscript / src, MAX_IMAGE_BYTES,
                          inside=manuscript.resolve() / "images")
    except (Outside, NotAFile, FileNotFoundError):
        raise EditionFailed(
            f"the EPUB edition failed: the image {src} is not a file of the manuscript's "
            "images folder"
        ) from None
    except OSError as exc:
        raise EditionFailed(f"the EPUB edition failed: the image {src} cannot be read: "
                            f"{exc.strerror or exc}") from None
    return data, _media_type(data, src)


def _media_type(data: bytes, src: str) -> str:
    try:
        with Image.open(io.BytesIO(data)) as image:
            media_type = _MEDIA_TYPES.get(image.format or "")
    except (UnidentifiedImageError, OSError):
        media_type = SVG_MEDIA_TYPE if src.lower().endswith(".svg") else None
    if media_type is None:
        raise EditionFailed(f"the EPUB edition failed: the image {src} is not a PNG, JPEG, "
                            "GIF or SVG file")
    return media_type
