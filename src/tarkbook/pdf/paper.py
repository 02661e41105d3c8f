"""The paper of the printed book, and the width of the spine it makes.

Print-on-demand services publish their paper's thickness per page (one side of a leaf):
0.002252 in for white paper and 0.0025 in for cream, 0.0572 mm and 0.0635 mm. A press
measures a paper's caliper per leaf, two pages; ``[print] paper`` takes either name or a
leaf's thickness in millimetres.
"""

from __future__ import annotations

import math

PAPERS = {"white": 0.0572, "cream": 0.0635}
"""Millimetres per page (half a leaf) of the papers print-on-demand services name."""
LEAF_MM = (0.03, 0.5)
"""The thinnest and thickest leaf ``[print] paper`` takes, in millimetres."""


def leaf_mm(value: str) -> float | None:
    """A leaf's thickness written as a number of millimetres, or None."""
    try:
        thickness = float(value)
    except ValueError:
        return None
    low, high = LEAF_MM
    return thickness if math.isfinite(thickness) and low <= thickness <= high else None


def page_mm(paper: str) -> float:
    """Millimetres per page of ``paper`` (a name, or a leaf's thickness)."""
    if paper in PAPERS:
        return PAPERS[paper]
    thickness = leaf_mm(paper)
    if thickness is None:
        raise ValueError(f"unknown paper {paper!r}")
    return thickness / 2


def printed_pages(pages: int, signature: int = 0) -> int:
    """The pages the printer binds: ``pages`` made a multiple of ``signature`` (when
    given), then even (a leaf has two sides)."""
    if signature:
        pages += -pages % signature
    return pages + pages % 2


def spine_mm(pages: int, paper: str) -> float:
    """The spine's width for ``pages`` printed pages on ``paper``."""
    return pages * page_mm(paper)
