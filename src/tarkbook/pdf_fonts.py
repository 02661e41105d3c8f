"""The book face of the print edition: Source Serif Pro from its Python package."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import font_source_serif_pro

FAMILY = "Source Serif Pro"

# (file stem, CSS font-weight, CSS font-style)
_FACES = (
    ("SourceSerifPro-Regular", 400, "normal"),
    ("SourceSerifPro-It", 400, "italic"),
    ("SourceSerifPro-Semibold", 600, "normal"),
    ("SourceSerifPro-SemiboldIt", 600, "italic"),
    ("SourceSerifPro-Bold", 700, "normal"),
    ("SourceSerifPro-BoldIt", 700, "italic"),
)


def font_folder() -> Path:
    """The folder of the font package's OpenType files."""
    return Path(font_source_serif_pro.font_directory).resolve()


def font_face_css() -> str:
    """``@font-face`` rules for every face the book uses, as file URLs in the font folder."""
    folder = font_folder()
    rules = []
    for stem, weight, style in _FACES:
        url = (folder / f"{stem}.otf").as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("{url}") format("opentype"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules) + "\n"


def foreign_families(families: Iterable[str]) -> list[str]:
    """The font families in ``families`` that are not the book face (fallback fonts)."""
    return sorted({family for family in families if family != FAMILY})
