"""The cost of citations: the long benchmark book with a bibliography of 300 works, each
cited at least once, against the same book without them.

    python benchmarks/citations.py [--runs 3] [--quick] [--works 300]

run alone (it copies the code and generates the long book as bench.py does), or as rows of
bench.py's report. The cited book is the long book with ``bibliography = "references.json"``
(300 works of CSL-JSON, Chicago author-date, the default style), a citation in every
speaker's paragraph (bracketed, with a page, or the author in the text) and the works cited
in a section of its own. Both books are built, EPUB and PDF, one after the other in each
run; the added cost is the difference of the medians.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

WORKS = 300
ROW = "EPUB + PDF, with a bibliography of {works} works and {cites} citations"
PLAIN = "EPUB + PDF, the same book as the row below without citations"
_LABEL = re.compile(r"^[A-Z][A-Za-z]*: ")
_FAMILIES = ("Akhmatova", "Bergman", "Bresson", "Dovzhenko", "Ozu", "Parajanov", "Rublev",
             "Sokurov", "Tarr", "Vertov", "Kieślowski", "Wajda", "Antonioni", "Ray", "Varda")
_GIVEN = ("Anna", "Ingmar", "Robert", "Alexander", "Yasujirō", "Sergei", "Andrei", "Béla",
          "Dziga", "Krzysztof", "Andrzej", "Michelangelo", "Satyajit", "Agnès")
_WORDS = ("Time", "Memory", "Light", "Sculpture", "Rooms", "Water", "Mirrors", "Exile",
          "the Long Take", "Silence", "Faith", "the Image", "Landscape", "Childhood")


def works(count: int) -> list[dict[str, Any]]:
    """``count`` works of CSL-JSON, books, chapters and articles; the same every time."""
    items: list[dict[str, Any]] = []
    for n in range(count):
        family = _FAMILIES[n % len(_FAMILIES)]
        given = _GIVEN[(n * 7) % len(_GIVEN)]
        title = f"{_WORDS[n % len(_WORDS)]} and {_WORDS[(n * 5 + 3) % len(_WORDS)]}"
        item: dict[str, Any] = {
            "id": f"work{n:03d}", "author": [{"family": family, "given": given}],
            "issued": {"date-parts": [[1950 + n % 70]]}, "title": f"{title}, Part {n + 1}",
        }
        if n % 3 == 0:
            item.update(type="book", publisher="Harbour Press", **{"publisher-place": "London"})
        elif n % 3 == 1:
            item.update(type="article-journal", volume=str(n % 40 + 1), issue=str(n % 4 + 1),
                        page=f"{n % 200 + 1}-{n % 200 + 19}",
                        **{"container-title": "Film Quarterly"})
        else:
            item.update(type="chapter", page=f"{n % 90 + 10}-{n % 90 + 30}",
                        publisher="Tide Books", **{"container-title": "Essays on Cinema",
                                                   "publisher-place": "New York"})
        items.append(item)
    return items


def cited_book(long: Path, out: Path, count: int = WORKS) -> tuple[Path, int]:
    """A copy of the long book in ``out`` that cites ``count`` works; with the number of
    citations."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(long, out)
    toml = (out / "book.toml").read_text("utf-8")
    toml = toml.replace("[book]\n", '[book]\nbibliography = "references.json"\n', 1)
    toml += '\n[[sections]]\nkind = "bibliography"\n'
    (out / "book.toml").write_text(toml, "utf-8")
    (out / "references.json").write_text(json.dumps(works(count), ensure_ascii=False,
                                                    indent=1), "utf-8")
    interview = out / "interview.md"
    paragraphs = interview.read_text("utf-8").split("\n\n")
    cites = 0
    for index, paragraph in enumerate(paragraphs):
        if not _LABEL.match(paragraph) or "\n" in paragraph.strip():
            continue
        key = f"work{cites % count:03d}"
        label = _LABEL.match(paragraph)[0]  # type: ignore[index]
        rest = paragraph[len(label):].rstrip()
        if cites % 4 == 3:  # the author in the text
            paragraphs[index] = f"{label}As @{key} [p. {cites % 300 + 1}] has it, {rest}"
        elif cites % 4 == 2:
            other = f"work{(cites * 7) % count:03d}"
            paragraphs[index] = f"{label}{rest} [see @{key}; @{other}]"
        else:
            paragraphs[index] = f"{label}{rest} [@{key}, p. {cites % 300 + 1}]"
        cites += 1
    interview.write_text("\n\n".join(paragraphs), "utf-8")
    return out, cites


def measure(setup: Any, results: Any, run: Callable[..., Any], log: Callable[[str], None],
            count: int = WORKS) -> tuple[Any, Any]:
    """The rows of the long book without and with citations, interleaved; bench.py's
    ``Setup``, ``Results``, ``run`` and ``log``."""
    book, cites = cited_book(setup.books["long"], setup.work / "books" / "long-cited", count)
    plain = results.row("long", PLAIN)
    cited = results.row("long", ROW.format(works=count, cites=cites))
    for index in range(setup.runs):
        for row, manuscript in ((plain, setup.books["long"]), (cited, book)):
            out = setup.work / "out" / "citations"
            row.add(run(setup.build_command(manuscript, out, []), setup.work, setup.env))
            shutil.rmtree(out)
        log(f"citations: run {index + 1}: {plain.seconds[-1]:.2f} s without, "
            f"{cited.seconds[-1]:.2f} s with")
    added = cited.median / plain.median - 1
    results.notes.append(f"a bibliography of {count} works and {cites} citations add "
                         f"{added:+.1%} to the long book's build of both editions "
                         f"({plain.median:.2f} s without, {cited.median:.2f} s with)")
    shutil.rmtree(book)
    return plain, cited


def main() -> None:
    import bench  # beside this file: run as python benchmarks/citations.py

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="a shorter long book")
    parser.add_argument("--works", type=int, default=WORKS)
    args = parser.parse_args()
    repeat = bench.QUICK_REPEAT if args.quick else bench.REPEAT
    with tempfile.TemporaryDirectory(prefix="tarkbook-citations-") as temp:
        setup = replace(bench.snapshot(Path(temp), repeat), runs=args.runs)
        results = bench.Results()
        plain, cited = measure(setup, results, bench.run, bench.log, args.works)
        print("| book | what | median s | min s | max s | CPU s |\n"
              "|---|---|---:|---:|---:|---:|")
        for row in (plain, cited):
            print(f"| long book | {row.what} | {row.median:.2f} | {min(row.seconds):.2f} | "
                  f"{max(row.seconds):.2f} | {statistics.median(row.cpu):.2f} |")
        print("\n" + "\n".join(f"- {note}" for note in results.notes))


if __name__ == "__main__":
    main()
