"""The ISBN's EAN-13 bar code, with the EAN-5 price add-on, drawn as SVG rectangles.

The EAN-13 modules come from python-barcode; the add-on, which python-barcode does not
make, is encoded with the same library's tables of the standard (GS1 General
Specifications, 5.2.2.6: the add-on's digits take the A or B set by the checksum's
pattern). Sizes are those of the standard at 100 % magnification.
"""

from __future__ import annotations

from dataclasses import dataclass

from barcode import EAN13
from barcode.charsets import ean as tables

MODULE_MM = 0.33
"""A module's width at 100 % magnification."""
BAR_MM = 22.85
"""The bars' height at 100 % (the guard bars reach 1.65 mm lower)."""
GUARD_MM = 1.65
LEFT_QUIET = 11
RIGHT_QUIET = 7
ADDON_GAP = 9
"""Modules between the EAN-13's last bar and the add-on's first (7 to 12)."""
ADDON_PATTERNS = ("BBAAA", "BABAA", "BAABA", "BAAAB", "ABBAA",
                  "AABBA", "AAABB", "ABABA", "ABAAB", "AABAB")
"""The sets of the add-on's five digits, by its checksum (the GS1 table)."""


def ean13_modules(isbn: str) -> str:
    """The 95 modules of the ISBN's EAN-13 ('1' a bar, '0' a space), guards included."""
    modules = EAN13(isbn, no_checksum=True).build()[0]
    assert len(modules) == 95
    return str(modules)


def ean5_modules(price: str) -> str:
    """The 47 modules of the EAN-5 add-on of ``price`` (five digits)."""
    digits = [int(d) for d in price]
    checksum = (3 * sum(digits[0::2]) + 9 * sum(digits[1::2])) % 10
    sets = ADDON_PATTERNS[checksum]
    coded = [tables.CODES[s][d] for s, d in zip(sets, digits, strict=True)]
    return "1011" + "01".join(coded)


@dataclass(frozen=True, slots=True)
class BarCode:
    """A bar code laid out in millimetres: its bars as (x, width, bottom) from the left of
    the quiet zone, and where its digits stand."""

    width: float
    height: float
    bars: tuple[tuple[float, float, float], ...]
    addon_x: float | None


def bar_code(isbn: str, price: str = "") -> BarCode:
    """The EAN-13 of ``isbn`` (13 digits), with the add-on of ``price`` when given."""
    main = ean13_modules(isbn)
    guards = {*range(0, 3), *range(45, 50), *range(92, 95)}
    bars = [(LEFT_QUIET + i, 1, BAR_MM + (GUARD_MM if i in guards else 0.0))
            for i, module in enumerate(main) if module == "1"]
    modules = LEFT_QUIET + 95 + RIGHT_QUIET
    addon_x = None
    if price:
        start = LEFT_QUIET + 95 + ADDON_GAP
        addon_x = start * MODULE_MM
        bars += [(start + i, 1, BAR_MM + GUARD_MM) for i, m in enumerate(ean5_modules(price))
                 if m == "1"]
        modules = start + 47 + 5
    return BarCode(modules * MODULE_MM, BAR_MM + GUARD_MM,
                   tuple(_merged(bars)), addon_x)


def _merged(bars: list[tuple[int, int, float]]) -> list[tuple[float, float, float]]:
    """Adjacent modules of one height drawn as one rectangle, in millimetres."""
    merged: list[list[float]] = []
    for x, width, bottom in bars:
        if merged and merged[-1][0] + merged[-1][1] == x and merged[-1][2] == bottom:
            merged[-1][1] += width
        else:
            merged.append([x, width, bottom])
    return [(round(x * MODULE_MM, 4), round(w * MODULE_MM, 4), b) for x, w, b in merged]


def svg(code: BarCode, ink: str, digits_mm: float) -> str:
    """The bars as an SVG of ``code.width`` by ``code.height`` millimetres in ``ink``; the
    add-on's bars start ``digits_mm`` lower, under its digits."""
    rects = []
    for x, width, bottom in code.bars:
        top = digits_mm if code.addon_x is not None and x >= code.addon_x else 0.0
        rects.append(f'<rect x="{x:g}" y="{top:g}" width="{width:g}" '
                     f'height="{bottom - top:g}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{code.width:g}mm" '
            f'height="{code.height:g}mm" viewBox="0 0 {code.width:g} {code.height:g}">'
            f'<g fill="{ink}">{"".join(rects)}</g></svg>')
