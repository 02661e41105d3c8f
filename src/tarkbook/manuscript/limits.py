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

MAX_INLINE_MARKUP = 20_000
"""Most pieces of inline markup in a book (emphasis, strong, spans in another language,
code, links and note calls together): the print edition lays out each as a box of its own,
about 24 kB (emphasis) to 32 kB (a span, a link) and 1 ms of processor time each on top of
its text; 64,250 emphasised words, 256 KiB of ``*a* ``, took 1.6 GB. With the limits on
pages, links and note calls, a book at every limit stays under 2 GB."""
