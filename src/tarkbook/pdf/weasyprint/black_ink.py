"""Black as black ink in the print-shop PDF, active only while it is written.

WeasyPrint sets a CSS colour in sRGB as ``rg``/``RG`` (DeviceRGB), whatever the PDF's
output intent. A press prints the text of a book in black ink alone; DeviceRGB black is
converted by its RIP into four inks, or refused by a PDF/X preflight. While the print-shop
PDF is written, a colour that is pure sRGB black (the text, the rules, the borders) is set
as DeviceCMYK 0 0 0 1 instead; every other colour is left as it is.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tarkbook.pdf.weasyprint.registry import applies

BLACK_INK = (0.0, 0.0, 0.0, 1.0)


def internals() -> str | None:
    from weasyprint.pdf import stream

    method = getattr(getattr(stream, "Stream", None), "set_color", None)
    if method is None or list(inspect.signature(method).parameters)[:3] != [
            "self", "color", "stroke"]:
        return "weasyprint.pdf.stream.Stream.set_color(self, color, stroke) is not there"
    source = inspect.getsource(method)
    if "'device-cmyk'" not in source or "DeviceCMYK" not in source:
        return "weasyprint.pdf.stream.Stream.set_color no longer sets device-cmyk colours"
    return None


@contextmanager
def black_as_ink(wanted: bool = True) -> Iterator[bool]:
    """While in it (when ``wanted``), pure sRGB black is drawn as black ink (DeviceCMYK
    0 0 0 1). Yields whether the change is active."""
    if not wanted or not applies("black_ink"):
        yield False
        return
    from tinycss2.color5 import Color
    from weasyprint.pdf import stream

    original = stream.Stream.set_color

    def set_color(self: Any, color: Any, stroke: bool = False) -> Any:
        if color.space == "srgb" and all(c == 0 for c in color.coordinates):
            color = Color("device-cmyk", BLACK_INK, color.alpha)
        return original(self, color, stroke)

    stream.Stream.set_color = set_color
    try:
        yield True
    finally:
        stream.Stream.set_color = original
