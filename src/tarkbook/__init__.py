"""tarkbook: one Markdown manuscript, an EPUB 3 and a typeset PDF with footnotes."""

__version__ = "0.1.0"
