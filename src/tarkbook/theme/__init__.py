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


def right_to_left(name: str, language: str) -> str:
    """The rules that follow the style sheet ``name`` in a book in ``language``: those of
    ``RIGHT_TO_LEFT`` for a language written from right to left, else none."""
    from tarkbook.render.labels import direction  # Babel, when the edition is made

    if direction(language) != "rtl":
        return ""
    return "\n" + (RIGHT_TO_LEFT / name).read_text(encoding="utf-8")
