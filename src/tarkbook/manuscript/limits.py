"""The documented limits on manuscript input (docs/manuscript.md, "Limits")."""

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Largest manuscript file: about eight times a 300-page book's text."""

MAX_LINE_CHARS = 100_000
"""Longest line: a long paragraph is a few thousand characters."""

MAX_RUN_CHARS = 1_000
"""Longest run of characters without a space: a long web address is a few hundred.
(Markdown parsers scan such runs again from each bracket in them, which takes time
that grows with the square of their length.)"""

MAX_READ_SECONDS = 30.0
"""Longest time reading one file may take before it is stopped (Unix only)."""

MAX_TITLE_CHARS = 300
"""Longest title of a book: a long one is a hundred characters; the editions' file names
are made from the title and cut to a hundred characters (``tarkbook.build.slug``)."""

MAX_FILE_NAME_BYTES = 255
"""Longest name of one file or folder that file systems take (Linux, macOS, Windows)."""

MAX_NESTING = 32
"""Deepest nesting of block quotes, lists and inline markup."""

MAX_DIAGNOSTICS_PER_FILE = 100
"""A file with more problems reports the first of them only."""
