"""Opening every image of a manuscript, as the editions will: its type from its bytes,
its pixels decoded, and an SVG read for what an image may not hold.

An image that ``tarkbook check`` accepts is one both editions can use: a PNG, JPEG or
GIF that decodes whole within the pixel limit and whose name says what it is, or an SVG
without scripts, event handlers, references to other files or text (which print could
not set in the book face).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PIL import Image, UnidentifiedImageError

from tarkbook.inputs import read_input
from tarkbook.manuscript import limits

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_RASTER = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
_NAMED = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".svg": "SVG"}
_SUFFIX = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "SVG": ".svg"}
_CSS_REFERENCE = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


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
        root = _parse_svg(data)
    except etree.XMLSyntaxError:
        return None, None
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        return None, None
    return "SVG", None


def _raster(data: bytes) -> tuple[str | None, str | None]:
    import io

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


def _parse_svg(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_pis=False)
    return etree.fromstring(data, parser)


def svg_problem(data: bytes) -> Problem | None:
    """What an SVG holds that no edition may take in (I014), or text (I016)."""
    root = _parse_svg(data)
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None:  # a public SVG 1.1 doctype alone is harmless
        return _unsafe("a document type declaration (it may define entities)")
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction):
            return _unsafe(f"a processing instruction <?{node.target} ...?>")
    for element in root.iter():
        if isinstance(element, etree._ProcessingInstruction):
            return _unsafe(f"a processing instruction <?{element.target} ...?>")
        if isinstance(element, etree._Entity):
            return _unsafe(f"an entity reference &{element.name};")
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "script":
            return _unsafe("a <script> element")
        if name == "foreignObject":
            return _unsafe("a <foreignObject> element")
        if name == "style" and _CSS_REFERENCE.search(element.text or ""):
            return _unsafe("a style sheet that loads another file")
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            if local.lower().startswith("on"):
                return _unsafe(f"an event handler ({local}=)")
            if local in ("href", "src") and not value.strip().startswith("#"):
                return _unsafe(f"a reference to '{_short(value.strip())}'")
            if local == "style" and _CSS_REFERENCE.search(value):
                return _unsafe("a style that loads another file")
        if name in ("text", "textPath", "tspan"):
            return Problem("I016", {})
    return None


def _unsafe(what: str) -> Problem:
    return Problem("I014", {"what": what})


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
