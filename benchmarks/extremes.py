"""Make the extreme books: valid manuscripts at the far end of what the format allows.

    python benchmarks/extremes.py OUT_DIR [--only NAME ...] [--scale 1.0]

Each book is a folder ``OUT_DIR/NAME`` with a book.toml and one prose section:

- ``links``: a section file of about 4 MiB (just under the file limit), paragraphs of
  links to web addresses;
- ``calls``: 100,000 calls to one note;
- ``paragraphs``: 100,000 short paragraphs;
- ``notes``: 10,000 notes, each called once.

``--scale`` makes every book that fraction of its size (0.01: a hundredth), to see how
the cost grows. The same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from pathlib import Path

BOOK = """\
[book]
title = "Extreme: {name}"
language = "en"
identifier = "urn:tarkbook:extreme:{name}"
date = "2026-11-25"

[[sections]]
kind = "prose"
file = "text.md"
"""

FILE_BYTES = 4 * 1024 * 1024 - 4096
"""The links book's section: just under the 4 MiB limit on one file."""
CALLS = 100_000
PARAGRAPHS = 100_000
NOTES = 10_000
LINKS_PER_PARAGRAPH = 20


def links(scale: float) -> str:
    size = int(FILE_BYTES * scale)
    parts = ["# Links\n\n"]
    total = len(parts[0])
    number = 0
    while True:
        cells = []
        for _ in range(LINKS_PER_PARAGRAPH):
            number += 1
            cells.append(f"[page {number}](https://example.org/p/{number})")
        paragraph = "See " + ", ".join(cells) + ".\n\n"
        if total + len(paragraph.encode("utf-8")) > size:
            break
        parts.append(paragraph)
        total += len(paragraph.encode("utf-8"))
    return "".join(parts)


def calls(scale: float) -> str:
    count = int(CALLS * scale)
    lines = ["# Calls", ""]
    per_paragraph = 10
    for start in range(0, count, per_paragraph):
        shown = min(per_paragraph, count - start)
        lines += [" ".join(f"Word {start + i + 1}.[^one]" for i in range(shown)), ""]
    lines += ["[^one]: The one note that every call names.", ""]
    return "\n".join(lines)


def paragraphs(scale: float) -> str:
    count = int(PARAGRAPHS * scale)
    lines = ["# Paragraphs", ""]
    for number in range(1, count + 1):
        lines += [f"Paragraph {number}, a short one.", ""]
    return "\n".join(lines)


def notes(scale: float) -> str:
    count = int(NOTES * scale)
    body = ["# Notes", ""]
    definitions = []
    for number in range(1, count + 1):
        body += [f"A sentence that calls note {number}.[^n{number}]", ""]
        definitions += [f"[^n{number}]: Note {number}, a sentence of a few words.", ""]
    return "\n".join(body + definitions)


BOOKS: dict[str, Callable[[float], str]] = {
    "links": links, "calls": calls, "paragraphs": paragraphs, "notes": notes,
}


def generate(out: Path, name: str, scale: float = 1.0) -> Path:
    """Write the extreme book ``name`` into ``out / name``; returns its folder."""
    folder = out / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "book.toml").write_text(BOOK.format(name=name), "utf-8")
    (folder / "text.md").write_text(BOOKS[name](scale), "utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", action="append", choices=sorted(BOOKS))
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    for name in args.only or BOOKS:
        folder = generate(args.out, name, args.scale)
        size = (folder / "text.md").stat().st_size
        print(f"{folder}: {size} bytes")


if __name__ == "__main__":
    main()
