"""The default theme: the editions' style sheets for a book that brings none of its own.

The build looks for each style sheet in the book's style folders first (see
``tarkbook.build.styles``); what none of them holds comes from here.
"""

from __future__ import annotations

from pathlib import Path

THEME = Path(__file__).resolve().parent
"""The folder of the packaged style sheets: ``epub.css`` and ``print.css``."""
