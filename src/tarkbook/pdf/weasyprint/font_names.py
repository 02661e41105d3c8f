"""Each font of the PDF named after its own file, active only while the book is made.

WeasyPrint names an embedded font after the Pango description it was chosen by: the
family, style and weight asked for. The print edition asks for one family, ``book``,
whose faces come from several files (the book face and the fallbacks), so every one of
them would be called ``book`` and two different fonts could even share a subset tag.
Here the name is the face's PostScript name from its ``name`` table (``SourceSerif4-Regular``,
``FrankRuhlLibre-Regular``), with the weight and style asked for, and the subset tag is
made from that name and the description: distinct fonts, distinct names, the same names
on every build. The family WeasyPrint records (what ``stray_fonts`` reads) is unchanged.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tarkbook.pdf.weasyprint.registry import applies


def internals() -> str | None:
    from weasyprint.pdf import fonts

    init = getattr(getattr(fonts, "Font", None), "__init__", None)
    names = getattr(init, "__code__", None)
    if names is None or not {"name", "hash", "file_content"} <= set(names.co_names):
        return "weasyprint.pdf.fonts.Font no longer sets name, hash and file_content"
    return None


def _postscript_name(data: bytes, index: int) -> tuple[str, bool]:
    """The font's PostScript name, and whether it is variable."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(io.BytesIO(data), fontNumber=index, lazy=True) as font:
            name = font["name"].getDebugName(6) or ""
            variable = "fvar" in font
    except Exception:  # a font fontTools cannot read keeps WeasyPrint's name
        return "", False
    return re.sub(r"[^A-Za-z0-9_.-]", "", name), variable


def _rename(font: Any) -> None:
    postscript, variable = _postscript_name(font.file_content, font.index)
    if not postscript:
        return
    asked = font.name.split(b"+", 1)[-1].decode("ascii", "replace")
    # A variable face's name is its default instance's: what the description adds to the
    # family ("book,-Semi-Bold-Italic") says which instance, unless the name says it.
    extra = [word for word in asked.split(",", 1)[-1].split("-") if word] if "," in asked else []
    name = "-".join([postscript, *(w for w in extra if variable and w not in postscript)])
    # WeasyPrint's tag tells descriptions apart (variations included); the name, files.
    seed = f"{font.hash} {postscript}".encode()
    digest = hashlib.md5(seed, usedforsecurity=False).digest()
    font.hash = "".join(chr(65 + byte % 26) for byte in digest[:6])
    font.name = b"/" + font.hash.encode() + b"+" + name.encode("ascii", "replace")


@contextmanager
def fonts_named_after_their_files() -> Iterator[bool]:
    """Name each font WeasyPrint embeds after its own file; restored afterwards. Yields
    whether the change is active."""
    if not applies("font_names"):
        yield False
        return
    from weasyprint.pdf import fonts

    original = fonts.Font.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        _rename(self)

    fonts.Font.__init__ = init
    try:
        yield True
    finally:
        fonts.Font.__init__ = original
