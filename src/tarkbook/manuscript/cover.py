"""Checking the book's own cover, ``[cover] image``: a JPEG or PNG large enough for stores."""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from tarkbook.inputs import read_input
from tarkbook.manuscript.images import check_image
from tarkbook.manuscript.limits import MAX_IMAGE_BYTES

if TYPE_CHECKING:
    from tarkbook.manuscript.toml_tables import Locator, Table

MIN_SHORT_SIDE = 1400
"""The fewest pixels on the short side that Apple Books and Kobo accept for a cover."""
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
MAX_PIXELS = 40_000_000
"""A larger image is refused before it is decoded (a small file can claim a huge size)."""


def read_cover(table: Table | None, where: Locator) -> tuple[str, str, str]:
    """The cover's path (``images/…``) when ``[cover]`` names a good one, else "", its
    text alternative (``alt``; "" for the one made from the metadata), and the back
    cover's text (``back``, Markdown inline; "" for none)."""
    if table is None:
        return "", "", ""
    table.check_keys({"image", "alt", "back"})
    alt = " ".join(table.text("alt").split())
    back = table.text("back").strip()
    image = _image(table, where) if "image" in table.data else ""
    return image, alt, back


def _image(table: Table, where: Locator) -> str:
    src = table.text("image", required=True)
    if not src:
        return ""
    pos = where.value("cover", "image")
    reporter = where.reporter
    folder = where.path.parent
    path = check_image(src, pos, folder, reporter, content=False)
    if path is None:
        return ""
    suffix = path.rsplit(".", 1)[-1].upper()
    expected = FORMATS.get("." + suffix.lower())
    if expected is None:  # an SVG may load other files; a GIF is no cover stores take
        article = "an" if suffix[0] in "AEFHILMNORSX" else "a"
        reporter.report("I007", pos, src=src, actual=f"{article} {suffix} file")
        return ""
    from PIL import Image, UnidentifiedImageError  # loaded for a book with a cover only

    try:
        data = read_input(folder / path, MAX_IMAGE_BYTES, inside=folder.resolve() / "images")
    except OSError as exc:
        reporter.report("I008", pos, src=src, reason=exc.strerror or type(exc).__name__)
        return ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                actual, (width, height) = image.format, image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{width}\u00d7{height} pixels")
                image.verify()
    except UnidentifiedImageError:
        reporter.report("I007", pos, src=src, actual="a file of another kind")
        return ""
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as exc:
        reporter.report("I008", pos, src=src, reason=str(exc) or type(exc).__name__)
        return ""
    if actual != expected:
        reporter.report("I007", pos, src=src, actual=f"a {actual} file under a {expected} name")
        return ""
    if min(width, height) < MIN_SHORT_SIDE:
        reporter.report("I009", pos, src=src, width=width, height=height, least=MIN_SHORT_SIDE)
    return path
