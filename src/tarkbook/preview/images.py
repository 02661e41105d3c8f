"""Which files of the book's ``images/`` folder the preview sends, and as what: a PNG, JPEG
or GIF whose bytes are what its name says, and an SVG only when the check that keeps
unsafe SVGs out of the editions (``image_content.svg_problem``) finds nothing in it.
Anything else there (``x.html``, a PNG named ``.svg``) is not sent."""

from __future__ import annotations

from tarkbook.manuscript.image_content import content_type, named_type, svg_problem

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif",
               "SVG": "image/svg+xml"}


def image_media_type(name: str, data: bytes) -> str | None:
    """The media type to send the image ``name`` with ``data`` as, or None when the
    preview does not send it."""
    named = named_type(name)
    if named is None:
        return None
    actual, problem = content_type(data)
    if actual != named or problem is not None:
        return None
    if actual == "SVG" and svg_problem(data) is not None:
        return None
    return MEDIA_TYPES[actual]
