"""Parses of manuscript files kept between readings, for ``tarkbook preview``.

A file's parse is keyed by its name, the SHA-256 of its text, the book's language and
smart-punctuation setting, and the state of the book's ``images/`` folder (the name, size
and modification time of each file in it: a figure is checked against that folder while
the file is parsed). A file whose key has not changed is not parsed again: its blocks and
the diagnostics its parse reported are taken from the cache. Only the parses used by the
last reading are kept, so a long session does not grow.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from tarkbook.diagnostics import Diagnostic
from tarkbook.manuscript.blocks import ParsedFile
from tarkbook.manuscript.text_options import TextOptions

Key = tuple[str, str, str, tuple[bool, TextOptions], str]


@dataclass
class ParseCache:
    """Parsed files by key; ``hits`` and ``misses`` count the lookups of the last reading."""

    entries: dict[Key, tuple[ParsedFile, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    used: set[Key] = field(default_factory=set)
    hits: int = 0
    misses: int = 0
    images: str = ""

    def begin(self, folder: Path) -> None:
        """Start a reading of the book in ``folder``."""
        self.used, self.hits, self.misses = set(), 0, 0
        self.images = images_state(folder / "images")

    def key(
        self, name: str, text: str, language: str, smart: tuple[bool, TextOptions]
    ) -> Key:
        """``smart``: ``[text] smart_punctuation`` and the other options of ``[text]``."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return (name, digest, language, smart, self.images)

    def get(self, key: Key) -> tuple[ParsedFile, tuple[Diagnostic, ...]] | None:
        self.used.add(key)
        found = self.entries.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: Key, parsed: ParsedFile, diagnostics: tuple[Diagnostic, ...]) -> None:
        self.used.add(key)
        self.entries[key] = (parsed, diagnostics)

    def end(self) -> None:
        """Forget every parse the reading did not use."""
        self.entries = {k: v for k, v in self.entries.items() if k in self.used}


def images_state(folder: Path) -> str:
    """A digest of the names, sizes and modification times of the files in ``folder``."""
    digest = hashlib.sha256()
    try:
        paths = sorted(folder.rglob("*"))
    except OSError:
        return ""
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                      .encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
