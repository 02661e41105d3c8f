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

MIN_PAGE_MM = 100
MAX_PAGE_MM = 500
"""The trim size of the print edition, each way: from a pocket book (A6 is 105 mm wide)
to a large folio (A3 is 420 mm high); a page of kilometres would exhaust the machine."""

MAX_IMAGE_PIXELS = 40_000_000
"""Largest image, in pixels: a 40-megapixel photograph (print needs 300 pixels an inch,
some 2,000 by 3,000 for a full page); decoding one takes four bytes a pixel."""

MAX_IMAGE_BYTES = 32 * 1024 * 1024
"""Largest image file: a full-page photograph saved at print quality is a few megabytes
(a video or a backup named .png is not read whole)."""
