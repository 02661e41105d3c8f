"""The default theme: the editions' style sheets for a book that brings none of its own.

The build looks for each style sheet in the book's style folders first (see
``tarkbook.build.styles``); what none of them holds comes from here.
"""

from __future__ import annotations

from pathlib import Path

THEME = Path(__file__).resolve().parent
"""The folder of the packaged style sheets: ``epub.css`` and ``print.css``."""

RIGHT_TO_LEFT = THEME / "rtl"
"""Rules each edition adds after its style sheet (the theme's or the book's own) for a
book in a language written from right to left: ``epub.css`` and ``print.css``."""


def right_to_left(name: str) -> str:
    """The rules for right-to-left books that follow the style sheet ``name``."""
    return (RIGHT_TO_LEFT / name).read_text(encoding="utf-8")
