"""Benchmarks: build times, peak memory, WeasyPrint's own render time, pandoc, a profile.

    python benchmarks/bench.py [--runs 5] [--quick] [--extremes] [--out docs/performance.md]

Every measurement is the wall time of a fresh process (``python -m tarkbook build ...``),
taken ``--runs`` times; the table gives the median, the fastest and the slowest run and
the peak resident memory. The books are the real one (``manuscript/``) and a long one
made by ``benchmarks/generate.py`` (about 300 pages; ``--quick``: two runs and a shorter
long book). The code, the styles and the manuscript are copied into a temporary folder
when the script starts, so that every run measures the same code.

Also measured: WeasyPrint alone on the same HTML and style sheets (one layout and
``write_pdf``, in a fresh process), pandoc on the same text (EPUB, and PDF through
WeasyPrint) where pandoc is installed, and a cProfile of the PDF stage on the long book.

``--preview`` measures instead only the rows of ``tarkbook preview``
(``benchmarks/preview_bench.py``): save to refreshed reading view in a headless browser,
save to new PDF beside a cold build, and the memory of a session after 100 saves.

``--proof`` measures instead only the proof's rows (docs/performance-proof.md): for each
book, in interleaved runs, a build of both editions into a fresh folder and ``tarkbook
proof BOOK --out FOLDER --no-tools`` on the editions it made, and the proof's time against
the build's. The full run measures the proof too, beside the other rows of each book.

``--extremes`` measures instead, once each, ``tarkbook check`` and the EPUB and PDF builds
of the extreme books of ``benchmarks/extremes.py`` and of the same books at the limits
(it takes about half an hour: the books at the limits are the longest a build may be).

The parts: this file reads the command line and runs what it asks; ``runner.py`` runs and
times one process and copies the code, the styles and the books (``Setup``);
``results.py`` holds the rows; ``books.py`` measures the books (each measurement a
function); ``profiling.py`` profiles the PDF stage; ``report.py`` writes the report.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

# the rows of one topic each, in modules of their own: they reach the runner's and the
# report's names through this module (``bench.run``, ``bench.Results``…)
import citations
import index_bench
import speed
from profiling import profile
from report import machine, proof_report, relative, report, table  # noqa: F401
from results import BOOKS, LABELS, Results, Row  # noqa: F401
from runner import PYTHON, ROOT, Run, Setup, commit, log, run, snapshot  # noqa: F401

from books import (
    measure_book,
    measure_extremes,
    measure_long_notes,
    measure_preview,
    measure_proof,
    measure_scale,
    measure_start_up,
    pandoc_input,  # noqa: F401
)

RUNS, QUICK_RUNS = 5, 2
REPEAT, QUICK_REPEAT = 28, 5
"""``generate.py --repeat`` for the long book: about 300 pages, and about 60 with --quick."""
SCALE, SCALE_QUICK = (1, 5, 10, 20, REPEAT), (1, 3, QUICK_REPEAT)
"""The lengths of the scale rows: repeats of the interview."""


def measure_everything(setup: Setup, results: Results, quick: bool) -> None:
    pandoc = shutil.which("pandoc")
    measure_start_up(setup, results)
    for book in BOOKS:
        measure_book(setup, book, results, pandoc)
    measure_long_notes(setup, results, QUICK_REPEAT if quick else REPEAT)
    if not pandoc:
        results.notes.append("pandoc is not installed: its rows were not measured")
    measure_scale(setup, results, SCALE_QUICK if quick else SCALE)
    speed.measure_split(setup, results, QUICK_REPEAT if quick else REPEAT, sys.modules[__name__])
    citations.measure(setup, results, run, log)
    index_bench.measure(setup, results, sys.modules[__name__])
    profile(setup, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=None,
                        help=f"runs of each measurement (default {RUNS}; --quick: {QUICK_RUNS})")
    parser.add_argument("--quick", action="store_true",
                        help="two runs and a shorter long book, to check that all works")
    parser.add_argument("--out", type=Path, default=None, help="write the report here")
    parser.add_argument("--extremes", action="store_true",
                        help="measure only the extreme books (benchmarks/extremes.py) and "
                             "the same books at the limits, one run each")
    parser.add_argument("--preview", action="store_true",
                        help="measure only the rows of tarkbook preview")
    parser.add_argument("--proof", action="store_true",
                        help="measure only the proof against the build of both editions")
    parser.add_argument("--extremes-scale", type=float, default=1.0, metavar="FRACTION",
                        help="make each extreme book that fraction of its size")
    args = parser.parse_args()
    runs = args.runs or (QUICK_RUNS if args.quick else RUNS)
    if runs < 1:
        parser.error("--runs must be at least 1")
    repeat = QUICK_REPEAT if args.quick else REPEAT
    started = datetime.date.today().isoformat()
    loads = [f"{os.getloadavg()[0]:.2f}"]
    results = Results()
    measured = commit()  # what the copy made just below holds
    with tempfile.TemporaryDirectory(prefix="tarkbook-bench-") as temp:
        setup = replace(snapshot(Path(temp), repeat), runs=runs)
        warm = setup.work / "out" / "warm-up"
        run(setup.build_command(setup.books["real"], warm, []), setup.work, setup.env)
        shutil.rmtree(warm)
        if args.preview:
            text = measure_preview(setup)
            print(text)
            if args.out is not None:
                args.out.write_text(text, "utf-8")
            return
        if args.extremes:
            measure_extremes(setup, results, args.extremes_scale)
        elif args.proof:
            measure_proof(setup, results)
            loads.append(f"{os.getloadavg()[0]:.2f}")
            text = proof_report(results, setup, (loads[0], loads[1]), repeat, measured)
            print(text)
            if args.out is not None:
                args.out.write_text(text, "utf-8")
            return
        else:
            measure_everything(setup, results, args.quick)
        loads.append(f"{os.getloadavg()[0]:.2f}")
        text = report(results, setup, args, started, (loads[0], loads[1]), repeat, measured)
    print(text)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, "utf-8")
        log(f"wrote {relative(args.out)}")


if __name__ == "__main__":
    main()
