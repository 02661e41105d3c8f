"""The speed targets against pandoc, and what laying the long book out in two processes
could save at best (``bench.py``'s "Targets" section).

The targets compare rows measured in the same run, interleaved, so that the machine's
load falls on both sides: both editions of the real book and of the long book against
pandoc's EPUB + PDF, and the EPUB alone against pandoc's EPUB.

The split rows bound a layout in parts from below: the long book's interview is one part
(one section), so no split by parts applies to it as it is; instead, a book of half its
length (``generate.py --repeat`` half as many) is built alone, and twice at the same time
(two processes, as two parts of the same length would be laid out), interleaved with the
whole book's PDF. Two halves at once against the whole is the most two processes could
save on this machine, before merging the two PDFs into one.
"""

from __future__ import annotations

import shutil
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench import Results, Row, Setup

TARGETS = (
    ("real", "EPUB + PDF", "pandoc EPUB + PDF", 1.0),
    ("long", "EPUB + PDF", "pandoc EPUB + PDF", 0.8),
    ("real", "EPUB", "pandoc EPUB", 2.0),
    ("long", "EPUB", "pandoc EPUB", 2.0),
)
"""(book, our row, pandoc's row, the largest ratio of medians aimed at)."""
TIMES = "\N{MULTIPLICATION SIGN}"

WHOLE = "PDF, beside the halves"
HALF = "PDF of half the book"
HALVES = "PDFs of two halves at once (2 processes)"


def measure_split(setup: Setup, results: Results, repeat: int, bench: Any) -> None:
    """The long book's PDF, a book of half its length, and two of those at once, each
    run interleaved; ``bench`` is the bench module (its ``run``, ``Run`` and ``log``)."""
    half = setup.work / "books" / "half"
    bench.run([bench.PYTHON, str(bench.ROOT / "benchmarks" / "generate.py"), str(half),
               "--source", str(setup.books["real"]), "--repeat", str(repeat // 2)],
              setup.work, setup.env)
    whole, alone, together = (results.row("long", what) for what in (WHOLE, HALF, HALVES))
    outs = [setup.work / "out" / f"split-{n}" for n in range(3)]
    for index in range(setup.runs):
        whole.add(bench.run(setup.build_command(setup.books["long"], outs[0], ["pdf"]),
                            setup.work, setup.env))
        alone.add(bench.run(setup.build_command(half, outs[1], ["pdf"]), setup.work,
                            setup.env))
        shutil.rmtree(outs[1])  # else the next build of the half into it reuses its PDF
        start = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            runs = list(pool.map(
                lambda out: bench.run(setup.build_command(half, out, ["pdf"]), setup.work,
                                      setup.env), outs[1:]))
        together.add(bench.Run(time.perf_counter() - start, sum(r.cpu for r in runs),
                               max(r.peak_mb for r in runs), "", ""))
        for out in outs:
            shutil.rmtree(out, ignore_errors=True)
        bench.log(f"split {index + 1}/{setup.runs}: whole {whole.seconds[-1]:.2f} s, half "
                  f"{alone.seconds[-1]:.2f} s, two halves at once {together.seconds[-1]:.2f} s")
    shutil.rmtree(half)


def _ratio(ours: Row, theirs: Row) -> tuple[float, float]:
    """The ratio of the medians, and the median of the run-by-run ratios."""
    paired = [a / b for a, b in zip(ours.seconds, theirs.seconds, strict=False)]
    return ours.median / theirs.median, statistics.median(paired)


def targets(results: Results) -> list[str]:
    """The "Targets" section: each target's ratio in this run, and the split rows."""
    lines = ["| book | ours | pandoc | ratio of medians | median of run ratios | aim |",
             "|---|---|---|---:|---:|---|"]
    for book, ours_what, theirs_what, aim in TARGETS:
        ours, theirs = results.find(book, ours_what), results.find(book, theirs_what)
        if ours is None or theirs is None:
            continue
        ratio, paired = _ratio(ours, theirs)
        met = "met" if ratio <= aim else "not met"
        lines.append(f"| {book} | {ours_what} {ours.median:.2f} s | {theirs_what} "
                     f"{theirs.median:.2f} s | {ratio:.2f}{TIMES} | {paired:.2f}{TIMES} | "
                     f"≤ {aim:g}{TIMES}: {met} |")
    split: list[str] = []
    whole, half, halves = (results.find("long", what) for what in (WHOLE, HALF, HALVES))
    if whole is not None and half is not None and halves is not None:
        half_ratio, halves_ratio = _ratio(half, whole)[0], _ratio(halves, whole)[0]
        split += ["", "A layout in two processes, at best (the long book's rows "
                  f"\"{WHOLE}\", \"{HALF}\" and \"{HALVES}\", interleaved):", "",
                  f"- half the book alone against the whole: {half_ratio:.2f}{TIMES} (the "
                  "work is in proportion to the pages)",
                  f"- two halves at once against the whole: {halves_ratio:.2f}{TIMES} (what "
                  "2 processes could give, before merging their PDFs; 1.00"
                  f"{TIMES} when the machine's other work leaves no core free)"]
    if len(lines) == 2 and not split:
        return []
    ratios = ["Each target's ratio in this run (see speed.py):", "", *lines] \
        if len(lines) > 2 else []
    return ["## Targets", "", *ratios, *split, ""]


def measure_targets(setup: Setup, results: Results, bench: Any) -> None:
    """Only the rows of the targets, interleaved run by run: the EPUB alone and both
    editions of each book, pandoc's EPUB and PDF of the same text."""
    pandoc = shutil.which("pandoc")
    assert pandoc is not None, "the targets compare with pandoc"
    plans = []
    for book in ("real", "long"):
        folder = setup.work / "pandoc" / book
        folder.mkdir(parents=True)
        meta = bench.pandoc_input(setup.books[book], folder / "in.md")
        plans.append((book, folder, meta, results.row(book, "EPUB", "pandoc EPUB"),
                      results.row(book, "EPUB + PDF", "pandoc EPUB + PDF"),
                      results.row(book, "pandoc EPUB"), results.row(book, "pandoc PDF"),
                      results.row(book, "pandoc EPUB + PDF")))
    out = setup.work / "out" / "targets"
    for index in range(setup.runs):
        for book, folder, meta, epub, both, their_epub, their_pdf, their_both in plans:
            for row, formats in ((epub, ["epub"]), (both, [])):
                row.add(bench.run(setup.build_command(setup.books[book], out, formats),
                                  setup.work, setup.env))
                shutil.rmtree(out)
            made = [bench.run([pandoc, "in.md", "-o", target, *options, *meta], folder,
                              setup.env)
                    for target, options in (("out.epub", []),
                                            ("out.pdf", ["--pdf-engine=weasyprint"]))]
            their_epub.add(made[0])
            their_pdf.add(made[1])
            their_both.add(bench.Run(made[0].seconds + made[1].seconds,
                                     made[0].cpu + made[1].cpu,
                                     max(made[0].peak_mb, made[1].peak_mb), "", ""))
            bench.log(f"targets {book} {index + 1}/{setup.runs}: EPUB {epub.seconds[-1]:.2f} s "
                      f"(pandoc {their_epub.seconds[-1]:.2f} s), both {both.seconds[-1]:.2f} s "
                      f"(pandoc {their_both.seconds[-1]:.2f} s)")


def main() -> None:
    """``python benchmarks/speed.py [--runs N] [--out FILE]``: the targets' rows and the
    split rows alone, with the bench's machinery, in a few minutes rather than an hour."""
    import argparse
    import datetime
    import os
    import sys
    import tempfile
    from dataclasses import replace
    from pathlib import Path

    import bench

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--split-only", action="store_true",
                        help="only the rows of a layout in two processes")
    args = parser.parse_args()
    load = f"{os.getloadavg()[0]:.2f}"
    results = bench.Results()
    with tempfile.TemporaryDirectory(prefix="tarkbook-speed-") as temp:
        setup = replace(bench.snapshot(Path(temp), bench.REPEAT), runs=args.runs)
        warm = setup.work / "out" / "warm-up"
        bench.run(setup.build_command(setup.books["real"], warm, []), setup.work, setup.env)
        shutil.rmtree(warm)
        if not args.split_only:
            measure_targets(setup, results, bench)
        measure_split(setup, results, bench.REPEAT, bench)
    lines = [f"Measured on {datetime.date.today().isoformat()} with tarkbook at "
             f"{bench.commit()}, {args.runs} runs, load average {load} at the start and "
             f"{os.getloadavg()[0]:.2f} at the end:", "",
             *[f"| {name} | {value} |" for name, value in
               [("machine", ""), ("---", "---"), *bench.machine()]], "",
             bench.table(results), "", *targets(results)]
    text = "\n".join(lines)
    print(text)
    if args.out is not None:
        args.out.write_text(text, "utf-8")
    sys.exit(0)


if __name__ == "__main__":
    main()
