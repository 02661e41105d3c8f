"""Make the extreme books: valid manuscripts at the far end of what the format allows.

    python benchmarks/extremes.py OUT_DIR [--only NAME ...] [--scale 1.0] [--at-limits]

Each book is a folder ``OUT_DIR/NAME`` with a book.toml and one prose section, valid
in every line (no file over 4 MiB, no line over 100,000 characters):

- ``links``: a section file of about 4 MiB, paragraphs of links to web addresses
  (97,380 links);
- ``calls``: 100,000 calls to one note;
- ``paragraphs``: 100,000 short paragraphs;
- ``notes``: 10,000 notes, each called once;
- ``emphasis``: 1.5 MiB of ``*a* `` (385,500 emphasised words);
- ``spans``: just under 4 MiB of ``[ab]{lang=it} `` (293,300 spans);
- ``every``: the book at every limit at once (below), with twice its paragraphs.

``tarkbook check`` refuses each of them (L002, N008, S007, N009, S008). ``--at-limits``
makes the same books as large as the limits of ``tarkbook.manuscript.limits`` allow
instead: 10,000 links; 5,000 calls, 20 to each of 250 notes; the one-line paragraphs of
1,200 pages; 5,000 notes; 20,000 emphasised words; 20,000 spans; and a book at every
limit at once (10,000 links, 5,000 calls, 5,000 emphasised words, 1,198 pages).
``--scale`` makes every book that fraction of its size (0.01: a hundredth), to see how
the cost grows. The same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from pathlib import Path

from tarkbook.manuscript import limits

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
LINKS_PER_PARAGRAPH = 20
EXTREME = {"links": 97_380, "calls": 100_000, "paragraphs": 100_000, "notes": 10_000,
           "emphasis": 385_500, "spans": 293_300, "every": 55_000}
"""How large each extreme book is: links, calls, paragraphs, notes."""
AT_LIMITS = {"links": limits.MAX_LINKS, "calls": limits.MAX_NOTE_CALLS,
             "paragraphs": limits.MAX_PAGES * 30 - 7 * 30, "notes": limits.MAX_NOTE_CALLS,
             "emphasis": limits.MAX_INLINE_MARKUP, "spans": limits.MAX_INLINE_MARKUP,
             "every": 27_500}
"""The same books at the limits (the paragraphs: 30 one-line paragraphs a page, less the
front matter and the section's opening page)."""


def links(count: int) -> str:
    parts = ["# Links\n\n"]
    for start in range(0, count, LINKS_PER_PARAGRAPH):
        cells = [f"[page {number}](https://example.org/p/{number})"
                 for number in range(start + 1, min(start + LINKS_PER_PARAGRAPH, count) + 1)]
        parts.append("See " + ", ".join(cells) + ".\n\n")
    return "".join(parts)


def calls(count: int) -> str:
    """``count`` calls: to one note, or, when they are within the limit on note calls
    (at the limits), 20 to each note."""
    per_note = count if count > limits.MAX_NOTE_CALLS else limits.MAX_CALLS_PER_NOTE
    lines = ["# Calls", ""]
    per_paragraph = 10
    for start in range(0, count, per_paragraph):
        shown = min(per_paragraph, count - start)
        lines += [" ".join(f"Word {n}.[^k{(n - 1) // per_note + 1}]"
                           for n in range(start + 1, start + shown + 1)), ""]
    for key in range(1, -(-count // per_note) + 1):
        lines += [f"[^k{key}]: Note {key}, that {per_note} calls name.", ""]
    return "\n".join(lines)


EMPHASIS_PER_PARAGRAPH = 25
SPANS_PER_PARAGRAPH = 7


def emphasis(count: int) -> str:
    """``count`` emphasised words, ``*a* `` 25 to a paragraph (1.5 MiB of them: 385,500)."""
    lines = ["# Emphasis", ""]
    for start in range(0, count, EMPHASIS_PER_PARAGRAPH):
        lines += ["*a* " * min(EMPHASIS_PER_PARAGRAPH, count - start), ""]
    return "\n".join(lines)


def spans(count: int) -> str:
    """``count`` spans in another language, ``[ab]{lang=it} `` 7 to a paragraph (just under
    4 MiB of them: 293,300)."""
    lines = ["# Spans", ""]
    for start in range(0, count, SPANS_PER_PARAGRAPH):
        lines += ["[ab]{lang=it} " * min(SPANS_PER_PARAGRAPH, count - start), ""]
    return "\n".join(lines)


def paragraphs(count: int) -> str:
    lines = ["# Paragraphs", ""]
    for number in range(1, count + 1):
        lines += [f"Paragraph {number}, a short one.", ""]
    return "\n".join(lines)


def notes(count: int) -> str:
    body = ["# Notes", ""]
    definitions = []
    for number in range(1, count + 1):
        body += [f"A sentence that calls note {number}.[^n{number}]", ""]
        definitions += [f"[^n{number}]: Note {number}, a sentence of a few words.", ""]
    return "\n".join(body + definitions)


def every(count: int) -> str:
    """Every limit on the cost of a book at once, with ``count`` one-line paragraphs to
    fill the pages: 10,000 links, 5,000 calls (20 to each of 250 notes), emphasis for the
    rest of the inline markup (5,000), and the paragraphs (27,500 come to just under 1,200
    pages)."""
    markup = limits.MAX_INLINE_MARKUP - limits.MAX_LINKS - limits.MAX_NOTE_CALLS
    text = calls(limits.MAX_NOTE_CALLS)
    body, notes = text.split("\n[^k1]:", 1)
    return "\n".join([body, links(limits.MAX_LINKS).replace("# Links", "## Links"),
                      emphasis(markup).replace("# Emphasis", "## Emphasis"),
                      paragraphs(count).replace("# Paragraphs", "## Paragraphs"),
                      "[^k1]:" + notes])


BOOKS: dict[str, Callable[[int], str]] = {
    "links": links, "calls": calls, "paragraphs": paragraphs, "notes": notes,
    "emphasis": emphasis, "spans": spans, "every": every,
}


def generate(out: Path, name: str, scale: float = 1.0, at_limits: bool = False) -> Path:
    """Write the extreme book ``name`` into ``out / name``; returns its folder."""
    count = max(1, int((AT_LIMITS if at_limits else EXTREME)[name] * scale))
    folder = out / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "book.toml").write_text(BOOK.format(name=name), "utf-8")
    (folder / "text.md").write_text(BOOKS[name](count), "utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", action="append", choices=sorted(BOOKS))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--at-limits", action="store_true")
    args = parser.parse_args()
    for name in args.only or BOOKS:
        folder = generate(args.out, name, args.scale, args.at_limits)
        size = (folder / "text.md").stat().st_size
        print(f"{folder}: {size} bytes")


if __name__ == "__main__":
    main()
