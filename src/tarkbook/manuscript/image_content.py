"""Opening every image of a manuscript, as the editions will: its type from its bytes,
its pixels decoded, and an SVG read for what an image may not hold.

An image that ``tarkbook check`` accepts is one both editions can use: a PNG, JPEG or
GIF that decodes whole within the pixel limit and whose name says what it is, or an SVG
without scripts, event handlers, references to other files or text (which print could
not set in the book face).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tarkbook.inputs import read_input
from tarkbook.manuscript import limits
from tarkbook.manuscript.svg import SVG_NAMESPACE, svg_forbidden
from tarkbook.manuscript.svg import parse as parse_svg

_RASTER = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
_NAMED = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".svg": "SVG"}
_SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "SVG": ".svg"}


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with an image: a diagnostic code and its parameters."""

    code: str
    params: dict[str, str]


def named_type(name: str) -> str | None:
    """The type an image's name says it is: PNG, JPEG, GIF or SVG."""
    return _NAMED.get(Path(name).suffix.lower())


def image_problem(path: Path, inside: Path) -> Problem | None:
    """What keeps the image at ``path`` (a regular file in the real folder ``inside``) out
    of the editions, or None."""
    named = named_type(path.name)
    try:
        data = read_input(path, limits.MAX_IMAGE_BYTES, inside=inside)
    except OSError as exc:
        return Problem("I013", {"reason": exc.strerror or str(exc)})
    actual, problem = content_type(data)
    if actual is None:
        if named == "SVG" and problem is None:
            problem = "it is not an SVG document"
        return Problem("I013", {"reason": problem or f"it is not a {named} image"})
    if actual != named:
        return Problem("I012", {"actual": actual, "named": named or "?",
                                "suffix": _SUFFIX[actual]})
    if problem is not None:
        return Problem("I013", {"reason": problem})
    if actual == "SVG":
        return svg_problem(data)
    return None


def content_type(data: bytes) -> tuple[str | None, str | None]:
    """The type of an image from its bytes (PNG, JPEG, GIF, SVG or None), and why it
    cannot be used, if it cannot."""
    raster, problem = _raster(data)
    if raster is not None or problem is not None:
        return raster, problem
    try:
        root = parse_svg(data)
    except etree.XMLSyntaxError:
        return None, None
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return None, None
    return "SVG", None


def _raster(data: bytes) -> tuple[str | None, str | None]:
    import io

    from PIL import Image, UnidentifiedImageError  # loaded for a book with images only

    # Pillow's own guard against decompression bombs is replaced by the stricter limit
    # below, which names the size; nothing is decoded before it is checked.
    guard, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = _RASTER.get(image.format or "")
            if kind is None:
                return None, None
            pixels = image.width * image.height
            if pixels > limits.MAX_IMAGE_PIXELS:
                return kind, (f"it is {image.width} by {image.height} pixels, over the "
                              f"limit of {limits.MAX_IMAGE_PIXELS:,} pixels")
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # verify() does not decode: a truncated JPEG passes it
    except UnidentifiedImageError:
        kind = _format(data)
        return kind, None if kind is None else "its data is damaged (its header is unreadable)"
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        return _format(data), f"its data is damaged ({exc})"
    finally:
        Image.MAX_IMAGE_PIXELS = guard
    return kind, None


def _format(data: bytes) -> str | None:
    """The type a damaged raster image claims by its first bytes."""
    if data.startswith(b"\x89PNG"):
        return "PNG"
    if data.startswith(b"\xff\xd8"):
        return "JPEG"
    if data.startswith(b"GIF8"):
        return "GIF"
    return None


def svg_problem(data: bytes) -> Problem | None:
    """What an SVG holds that no edition may take in (I014), or text (I016): see
    :mod:`tarkbook.manuscript.svg`."""
    found = svg_forbidden(data)
    if found is None:
        return None
    if found.text:
        return Problem("I016", {})
    return Problem("I014", {"what": found.described()})
