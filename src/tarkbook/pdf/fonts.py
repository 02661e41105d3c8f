"""The faces of the print edition: the book face chosen in book.toml and the fallbacks for
the scripts it lacks, every one from a Python font package.

The style sheet sets all text in one family, ``book``. Its ``@font-face`` rules are made
here: the book face whole, then each fallback restricted (``unicode-range``) to the
characters that the faces before it lack. So every character has exactly one face in each
style, and what the check before layout reads from the faces' character maps
(``tarkbook.pdf.coverage``) is what the layout will do. One family, rather than a list of
families, also keeps the italic of a fallback ahead of the book face's roman, which
Pango would otherwise slant.

WeasyPrint tells fonts apart by what Pango says of them (family, style, weight,
stretch), not by their files: each fallback is therefore declared with a stretch of its
own (``semi-expanded``, ``expanded`` …). Text never asks for those stretches; a fallback
is chosen only for the characters of its range, which no other face of ``book`` has.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FAMILY = "book"
"""The family name that print.css sets all text in."""

STYLES = ("normal", "italic")
WEIGHTS = (400, 600, 700)
"""The weights print.css uses: text, strong, bold."""


@dataclass(frozen=True, slots=True)
class Family:
    """A family the print edition knows: its name, its package and its licence."""

    name: str
    package: str
    licence: str
    book_face: bool
    """Whether ``[print] font`` may choose it; the others serve only as fallbacks."""


FAMILIES = (
    Family("Source Serif 4", "fontpkg-source-serif-4", "OFL-1.1", True),
    Family("Source Serif Pro", "font-source-serif-pro", "OFL-1.1", True),
    Family("EB Garamond", "fontpkg-eb-garamond", "OFL-1.1", True),
    Family("Literata", "fontpkg-literata", "OFL-1.1", True),
    Family("Noto Serif", "fontpkg-noto-serif", "OFL-1.1", True),
    Family("Frank Ruhl Libre", "fontpkg-frank-ruhl-libre", "OFL-1.1", False),
    Family("Amiri", "fontpkg-amiri", "OFL-1.1", True),
)
DEFAULT_FONT = "Source Serif 4"
FALLBACKS = ("Noto Serif", "Frank Ruhl Libre", "Amiri")
"""The theme's fallbacks, in order: Noto Serif for Greek (polytonic too), Cyrillic and
much of Latin; Frank Ruhl Libre for Hebrew; Amiri, a Naskh book face, for Arabic,
Persian and Urdu."""

BOOK_FACES = tuple(family.name for family in FAMILIES if family.book_face)

# Source Serif Pro's package has static faces: (file, weight, style).
_SOURCE_SERIF_PRO = (
    ("SourceSerifPro-Regular.otf", 400, "normal"),
    ("SourceSerifPro-It.otf", 400, "italic"),
    ("SourceSerifPro-Semibold.otf", 600, "normal"),
    ("SourceSerifPro-SemiboldIt.otf", 600, "italic"),
    ("SourceSerifPro-Bold.otf", 700, "normal"),
    ("SourceSerifPro-BoldIt.otf", 700, "italic"),
)

_STRETCHES = (
    "semi-expanded", "expanded", "extra-expanded", "ultra-expanded",
    "semi-condensed", "condensed", "extra-condensed", "ultra-condensed",
)
"""The stretch each fallback is declared with, in order: what tells them apart."""
MAX_FALLBACKS = len(_STRETCHES)

_OBLIQUE = 1
"""Pango's style for a slanted face it made up because the italic lacked a character."""


@dataclass(frozen=True, slots=True)
class Face:
    """One file of a family in one style and weight."""

    family: str
    path: Path
    weight: int
    style: str

    @property
    def label(self) -> str:
        """How a message names the face: "Source Serif 4 Italic"."""
        return self.family + (" Italic" if self.style == "italic" else "")


@cache
def faces(name: str) -> tuple[Face, ...]:
    """Every face of the family ``name`` in the weights and styles the book uses.

    A family without an italic (Hebrew has none) gives its roman for the italic too.
    """
    if name == "Source Serif Pro":
        import font_source_serif_pro

        folder = Path(font_source_serif_pro.font_directory).resolve()
        return tuple(Face(name, folder / file, weight, style)
                     for file, weight, style in _SOURCE_SERIF_PRO)
    import fontpkg

    family = fontpkg.family(name)
    found = []
    for style in STYLES:
        files = [f for f in family.files if f.style == style] or [
            f for f in family.files if f.style == "normal"
        ]
        for weight in WEIGHTS:
            chosen = next((f for f in files if f.variable or f.weight == weight), files[0])
            found.append(Face(name, Path(chosen.path).resolve(), weight, style))
    return tuple(found)


def face(name: str, style: str) -> Face:
    """The regular weight of family ``name`` in ``style``."""
    return next(f for f in faces(name) if f.style == style and f.weight == 400)


def folders(chain: Sequence[str]) -> dict[str, Path]:
    """The folders of the families of ``chain``, by the name the fetcher gives them."""
    return {folder_name(name): face(name, "normal").path.parent for name in chain}


def folder_name(family: str) -> str:
    return "font-" + family.lower().replace(" ", "-")


@cache
def characters(path: Path) -> frozenset[int]:
    """The code points in the character map of the font file ``path``."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return frozenset(cmap)


def font_face_css(
    chain: Sequence[str], url: Any, used: Iterable[str] | None = None
) -> str:
    """``@font-face`` rules of the family ``book`` from the faces of ``chain``, the book
    face first; ``url(folder, file)`` gives the URL under which the renderer reads a file.
    With ``used``, the characters the book sets, a fallback covers only those of them the
    faces before it lack, and a fallback with none of them is left out.
    """
    wanted = None if used is None else {ord(char) for char in used}
    rules = []
    for style in STYLES:
        covered: set[int] = set()
        for position, name in enumerate(chain):
            own = characters(face(name, style).path)
            needed = own - covered if wanted is None else (own - covered) & wanted
            ranges = "" if position == 0 else _unicode_range(needed)
            covered |= own
            if position and not ranges:
                continue
            for item in faces(name):
                if item.style != style:
                    continue
                src = url(folder_name(name), item.path.name)
                kind = "opentype" if item.path.suffix == ".otf" else "truetype"
                stretch = f" font-stretch: {_STRETCHES[position - 1]};" if position else ""
                rules.append(
                    f'@font-face {{ font-family: "{FAMILY}"; src: url("{src}") '
                    f'format("{kind}"); font-weight: {item.weight}; font-style: {style};'
                    + stretch + (f" unicode-range: {ranges};" if ranges else "") + " }"
                )
    return "\n".join(rules) + "\n"


def _unicode_range(points: Iterable[int]) -> str:
    """``U+41-5A, U+61`` for a set of code points."""
    spans: list[list[int]] = []
    for point in sorted(points):
        if spans and spans[-1][1] == point - 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


FONT_EPOCH = datetime.date(1904, 1, 1)
"""The first day a font's ``head`` table can date (its dates are seconds since then)."""


@contextmanager
def instances_dated(date: datetime.date) -> Iterator[None]:
    """While in it, a variable face that WeasyPrint makes static (fontTools's instancer)
    carries ``date`` in its ``head`` table instead of the clock's time, so that the same
    book gives the same bytes (fontTools reads ``SOURCE_DATE_EPOCH``). A font's dates
    count from 1904 and cannot be earlier: a book dated before then gives its faces the
    first day of 1904."""
    moment = datetime.datetime.combine(max(date, FONT_EPOCH), datetime.time(), datetime.UTC)
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def stray_fonts(fonts: Iterable[Any]) -> list[str]:
    """The fonts used in a rendered document that are not faces of the family ``book``.

    The check before layout makes these impossible; this one stays, as a guard: a
    character missing from every declared face is set in another family, or, when only
    the italic lacks it, in the roman slanted by Pango; both are strays.
    """
    strays = set()
    for font in fonts:
        name = font.name.decode("ascii", "replace").lstrip("/").split("+", 1)[-1]
        if font.family != FAMILY:
            strays.add(f"{name} (another family)")
        elif font.style == _OBLIQUE:
            strays.add(f"{name} (a slanted roman standing in for the italic)")
    return sorted(strays)
