"""The documented limits on manuscript input (docs/manuscript.md, "Limits")."""

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Largest manuscript file: about eight times a 300-page book's text."""

MAX_LINE_CHARS = 100_000
"""Longest line: a long paragraph is a few thousand characters."""

MAX_NESTING = 32
"""Deepest nesting of block quotes, lists and inline markup."""

MAX_DIAGNOSTICS_PER_FILE = 100
"""A file with more problems reports the first of them only."""
