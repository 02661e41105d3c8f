"""The book face of the print edition: Source Serif Pro from its Python package."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

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

_OBLIQUE = 1
"""Pango's style for a slanted face it made up because the italic lacked a character."""


def font_folder() -> Path:
    """The folder of the font package's OpenType files."""
    return Path(font_source_serif_pro.font_directory).resolve()


def font_face_css(folder_url: str) -> str:
    """``@font-face`` rules for every face the book uses; ``folder_url`` is the font folder's."""
    rules = []
    for stem, weight, style in _FACES:
        url = f"{folder_url}{stem}.otf"
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("{url}") format("opentype"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules) + "\n"


def stray_fonts(fonts: Iterable[Any]) -> list[str]:
    """The fonts used in a rendered document that are not faces of the book's family.

    A character missing from the book face is set in another family, or, when only the
    italic lacks it, in the roman slanted by Pango; both are strays.
    """
    strays = set()
    for font in fonts:
        name = font.name.decode("ascii", "replace").lstrip("/").split("+", 1)[-1]
        if font.family != FAMILY:
            strays.add(f"{name} (another family)")
        elif font.style == _OBLIQUE:
            strays.add(f"{name} (a slanted roman standing in for the italic)")
    return sorted(strays)
