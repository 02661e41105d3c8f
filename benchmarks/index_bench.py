"""The cost of an index: the long benchmark book built with 1,000 index marks and a
section of kind index, against the same book without them, both editions, in interleaved
runs.

    python benchmarks/index_bench.py [--runs 3] [--repeat 28]

``bench.py`` measures the same rows with the others (``measure``); alone, this script
copies the code and makes the long book as bench.py does, then prints the two rows and
the difference.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

MARKS = 1000
WORD = re.compile(r"(?<![\w\[*_])([A-Z][a-z]{3,})(?![\w\]*_])")
"""A capitalised word of four letters or more, standing alone (not inside other markup)."""
MARKUP = re.compile(r"[\[\]{}<>`|]|^#")
"""A line with other markup (a link, a span, a heading: no mark may stand in a title)."""


def index_book(source: Path, out: Path, marks: int = MARKS) -> int:
    """A copy of the manuscript ``source`` with ``marks`` index marks spread evenly over the
    plain lines of its text (a capitalised word, indexed under itself; every third under
    its first letter's heading as a sub-entry) and an index section; returns the marks
    made."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    files = [path for path in sorted(out.glob("*.md")) if path.name != "notes.md"]
    places = [(path, number, match.start(1), match[1])
              for path in files
              for number, line in enumerate(path.read_text("utf-8").split("\n"))
              if line.strip() and not MARKUP.search(line)
              for match in WORD.finditer(line)]
    step = max(1, len(places) // marks)
    chosen = places[::step][:marks]
    edits: dict[tuple[Path, int], list[tuple[int, str]]] = {}
    for count, (path, number, start, word) in enumerate(chosen):
        mark = (f'[{word}]{{index="{word[0]}!{word}"}}' if count % 3 == 0
                else f"[{word}]{{.index}}")
        edits.setdefault((path, number), []).append((start, mark))
    for path in files:
        lines = path.read_text("utf-8").split("\n")
        for (edited, number), changes in edits.items():
            if edited != path:
                continue
            line = lines[number]
            for start, mark in sorted(changes, reverse=True):
                word = mark[1:mark.index("]")]
                line = line[:start] + mark + line[start + len(word):]
            lines[number] = line
        path.write_text("\n".join(lines), "utf-8")
    with (out / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[[sections]]\nkind = "index"\n')
    return len(chosen)


def measure(setup: Any, results: Any, bench: ModuleType) -> None:
    """Rows of ``bench.py`` (the module ``bench``, whose ``Setup`` and ``Results`` these are):
    both editions of the long book, without and with the index."""
    book = setup.work / "books" / "long-index"
    made = index_book(setup.books["long"], book)
    bench.LABELS.setdefault("long-index", f"long book, index of {made:,} marks")
    plain = results.row("long", "both editions, the same book as the row below, no index")
    indexed = results.row("long-index", f"both editions, index of {made:,} marks")
    for number in range(setup.runs):
        for row, manuscript in ((plain, setup.books["long"]), (indexed, book)):
            out = setup.work / "out" / f"index-{row.book}"
            row.add(bench.run(setup.build_command(manuscript, out, ["epub", "pdf"]),
                              setup.work, setup.env))
            shutil.rmtree(out)
        bench.log(f"index: run {number + 1}: {plain.seconds[-1]:.2f} s without, "
                  f"{indexed.seconds[-1]:.2f} s with")
    added = statistics.median(indexed.seconds) / statistics.median(plain.seconds) - 1
    results.notes.append(f"An index of {made:,} marks adds {added:.0%} to both editions of "
                         "the long book (median of the interleaved runs).")
    shutil.rmtree(book)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=bench.REPEAT)
    args = parser.parse_args()
    results = bench.Results()
    with tempfile.TemporaryDirectory(prefix="tarkbook-index-bench-") as temp:
        setup = replace(bench.snapshot(Path(temp), args.repeat), runs=args.runs)
        measure(setup, results, bench)
        for row in results.rows:
            print(f"{row.book}: {row.what}: median {row.median:.2f} s "
                  f"({', '.join(f'{s:.2f}' for s in row.seconds)})")
        print("\n".join(results.notes))


if __name__ == "__main__":
    main()
