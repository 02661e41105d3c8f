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

MAX_NESTING = 32
"""Deepest nesting of block quotes, lists and inline markup."""

MAX_DIAGNOSTICS_PER_FILE = 100
"""A file with more problems reports the first of them only."""

MAX_PAGES = 1_200
"""Most pages a book may come to in print, as ``size.py`` estimates them from its text
before anything is laid out: the PDF renderer holds every page in memory (about 0.75 MB
a page of text, more with links and notes). A book at every limit at once, 1,500 pages,
needed 1.9 GB: 1,200 leaves room under 2 GB."""

MAX_LINKS = 10_000
"""Most links in a book: the print edition lays out and tags each one (about 30 kB and
1 ms of processor time a link, on top of its page: 10,000 links took 370 MB)."""

MAX_CALLS_PER_NOTE = 20
"""Most calls of one note: each call prints the note again as a footnote, and the EPUB
links back to every call from the note."""

MAX_NOTE_CALLS = 5_000
"""Most note calls in a book, which is also the most notes: each call is a footnote
that the print edition places on the page of its call."""
