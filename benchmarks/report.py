"""The report: the tables of docs/performance.md and docs/performance-proof.md."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
from importlib import metadata
from pathlib import Path

import proof_limits
import speed
from profiling import TOP, WEASYPRINT_PACKAGES
from results import BOOKS, LABELS, TIMES, Results
from runner import ROOT, Setup

from books import ALONE, EXTREME_MEMORY, EXTREME_TIMEOUT, LONG_NOTES, PROOF


def proof_report(results: Results, setup: Setup, loads: tuple[str, str], repeat: int,
                 measured: str) -> str:
    """The proof's rows, as docs/performance-proof.md gives them; ``measured`` names the
    commit the code was copied from."""
    pages = [f"- {name}: {count} pages" for name, count in results.pages.items()]
    command = f"python benchmarks/bench.py --proof --runs {setup.runs} " \
              "--out docs/performance-proof.md"
    return "\n".join([
        "# Performance of the proof", "",
        f"Measured on {datetime.date.today().isoformat()} with tarkbook at {measured}, on the "
        f"machine of docs/performance.md (load average {loads[0]} at the start, {loads[1]} "
        "at the end). To measure again:", "", "```sh", command, "```", "",
        f"For each book, in {setup.runs} interleaved runs: a fresh build of both editions "
        "(`python -m tarkbook build BOOK --out FOLDER`), then `python -m tarkbook proof BOOK "
        "--out FOLDER --no-tools`, which finds the editions up to date and reuses them, reads "
        "them back and checks them (without EPUBCheck and Ace). Each is a fresh process; the "
        "table gives the median, the fastest and the slowest run's wall time, the median CPU "
        "time and the largest peak resident memory, as in docs/performance.md. The long book "
        f"is `python benchmarks/generate.py FOLDER --repeat {repeat}`.", "",
        table(results), "", *against_build(results), "", *pages, ""])


def against_build(results: Results) -> list[str]:
    """The proof's time against the build's, book by book."""
    lines = []
    for book in BOOKS:
        proof, build = results.find(book, PROOF), results.find(book, "EPUB + PDF")
        if proof and build:
            lines.append(f"- {BOOKS[book]}: proof {proof.median:.2f} s, build of both "
                         f"editions {build.median:.2f} s: {proof.median / build.median:.2f}"
                         f"{TIMES} (CPU time: {statistics.median(proof.cpu):.2f} s against "
                         f"{statistics.median(build.cpu):.2f} s)"
                         + proof_limits.against_limits(book, proof.seconds, build.seconds))
    return lines


def extremes_table(results: Results) -> list[str]:
    if not results.extremes:
        return []
    lines = ["| book | measurement | outcome | s | CPU s | peak MB |",
             "|---|---|---|---:|---:|---:|"]
    for name, kind, what, outcome, done in results.extremes:
        cells = ("", "", "") if done is None else (
            f"{done.seconds:.1f}", f"{done.cpu:.1f}", f"{done.peak_mb:.0f}")
        lines.append(f"| {name}, {kind} | {what} | {outcome} | " + " | ".join(cells) + " |")
    return lines


def scale_table(results: Results) -> list[str]:
    """The scale rows, with the time per page beyond the shortest book's."""
    if len(results.scale) < 2:
        return []
    _, first_pages, first_seconds, _ = results.scale[0]
    lines = ["| interview times | pages | PDF build s | s per added page | peak MB |",
             "|---:|---:|---:|---:|---:|"]
    for repeat, pages, seconds, peak in results.scale:
        added = pages - first_pages
        per_page = f"{(seconds - first_seconds) / added:.3f}" if added > 0 else ""
        lines.append(f"| {repeat} | {pages} | {seconds:.2f} | {per_page} | {peak:.0f} |")
    return lines


def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        info = Path("/proc/cpuinfo").read_text()
        match = re.search(r"^model name\s*:\s*(.+)$", info, re.MULTILINE)
        cpu = match[1].strip() if match else cpu
        meminfo = Path("/proc/meminfo").read_text()
        kib = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.MULTILINE)
        memory = f"{int(kib[1]) / 1024 / 1024:.1f} GiB" if kib else ""
    except OSError:
        pass
    pandoc = shutil.which("pandoc")
    pandoc_version = "not installed"
    if pandoc:
        shown = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                               timeout=60, check=False).stdout
        pandoc_version = shown.splitlines()[0] if shown else "unknown"
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("memory", memory or "unknown"),
        ("system", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("WeasyPrint", metadata.version("weasyprint")),
        ("pandoc", pandoc_version),
    ]



def table(results: Results) -> str:
    lines = ["| book | measurement | median s | min s | max s | median CPU s | peak MB "
             "| ours / pandoc |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in results.rows:
        ratio = ""
        other = results.find(row.book, row.pandoc) if row.pandoc else None
        if other is not None:
            ratio = f"{row.median / other.median:.2f}{TIMES}"
        lines.append(f"| {LABELS[row.book]} | {row.what} | {row.median:.2f} | "
                     f"{min(row.seconds):.2f} | {max(row.seconds):.2f} | "
                     f"{statistics.median(row.cpu):.2f} | {max(row.peaks):.0f} | {ratio} |")
    return "\n".join(lines)


def against_weasyprint(results: Results) -> list[str]:
    lines = []
    for book in BOOKS:
        ours = results.find(book, "PDF")
        alone = results.find(book, ALONE)
        if ours and alone:
            cpu = statistics.median(ours.cpu) / statistics.median(alone.cpu)
            lines.append(f"- {BOOKS[book]}: PDF build {ours.median:.2f} s, WeasyPrint alone "
                         f"{alone.median:.2f} s: {ours.median / alone.median:.2f}{TIMES} "
                         f"(fastest runs: {min(ours.seconds) / min(alone.seconds):.2f}{TIMES}; "
                         f"CPU time: {cpu:.2f}{TIMES})")
    return lines


def stages_table(results: Results) -> list[str]:
    """The stages of the PDF build beside WeasyPrint alone's, medians of the runs."""
    if not any("all layouts" in found for found in results.stages.values()):
        return []
    names = list(dict.fromkeys(n for found in results.stages.values() for n in found))
    books = [book for book in BOOKS if book in results.stages]
    lines = ["| stage (median s) | " + " | ".join(BOOKS[b] for b in books) + " |",
             "|---|" + "---:|" * len(books)]
    for name in names:
        cells = []
        for book in books:
            values = results.stages[book].get(name)
            shown = "" if not values else f"{statistics.median(values):.2f}"
            cells.append(shown.removesuffix(".00") if name == "layouts" else shown)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def profile_text(results: Results) -> list[str]:
    found = results.profile
    if not found:
        return []
    total = found["total"]
    lines = [f"The PDF of the long book built once under cProfile (`--format pdf`): "
             f"{found['seconds']:.1f} s wall time, {total:.1f} s profiled. "
             f"WeasyPrint's `HTML.render` ran {found['renders']} time(s). Imports took "
             f"{found['imports']:.1f} s of it (cumulative time of importlib's "
             "`_find_and_load`, whatever the package).", ""]
    if found["layouts"]:
        lines += ["Layouts (from `--verbose`):", ""]
        lines += [f"- layout {line}" for line in found["layouts"]] + [""]
    lines += ["| where the time goes | s | share |", "|---|---:|---:|"]
    for name, seconds in found["split"].items():
        lines.append(f"| {name} | {seconds:.1f} | {seconds / total:.0%} |")
    packages = ", ".join(sorted(WEASYPRINT_PACKAGES, key=str.lower))
    lines += ["", f"weasyprint: the files of {packages}"
              "; tarkbook: src/tarkbook; other: the standard library, other packages and "
              "start-up. Time in built-in functions counts for the code that called them.", ""]
    heads = "| calls | tottime s | cumtime s | function |\n|---:|---:|---:|---|"
    for title, key in ((f"Top {TOP} by cumulative time", "cumulative"),
                       (f"Top {TOP} by own time (tottime)", "tottime"),
                       ("tarkbook's own functions by cumulative time", "ours"),
                       ("tarkbook's own functions by own time", "ours_tottime")):
        lines += [f"#### {title}", "", heads]
        lines += ["| " + " | ".join(cells[:3]) + f" | `{cells[3]}` |" for cells in found[key]]
        lines.append("")
    return lines


def report(results: Results, setup: Setup, args: argparse.Namespace, started: str,
           loads: tuple[str, str], repeat: int, measured: str) -> str:
    command = "python benchmarks/bench.py"
    if args.runs is not None:
        command += f" --runs {args.runs}"
    if args.quick:
        command += " --quick"
    if args.extremes:
        command += " --extremes"
    if args.proof:
        command += " --proof"
    if args.extremes_scale != 1.0:
        command += f" --extremes-scale {args.extremes_scale:g}"
    if args.out is not None:
        command += f" --out {relative(args.out)}"
    pages = [f"- {name}: {count} pages" for name, count in results.pages.items()]
    lines = [
        "# Performance",
        "",
        f"Measured on {started} with tarkbook at {measured}. To measure again, from the "
        f"repository's root:",
        "",
        "```sh",
        command,
        "```",
        "",
        "| machine | |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in machine()],
        f"| load average (1 min) | {loads[0]} at the start, {loads[1]} at the end |",
        "",
        "## Method",
        "",
        f"Each build is a fresh process, `python -m tarkbook build BOOK --out FOLDER`, "
        f"run {setup.runs} times; the table gives the median, the fastest and the slowest "
        "run's wall time, the median CPU time (user + system, of the process and of those "
        "it waited for), and the largest peak resident memory (`ru_maxrss`, MB = 2²⁰ "
        "bytes) of the build or of any one process it waited for; a small process starts "
        "each one and reads these from `wait4`. The measurements of a "
        "book are interleaved (run 1 of each, then run 2 of each, …), so that a change in "
        "the machine's load falls on all of them. Before the runs, one untimed build of "
        "the real book warms the caches and writes tarkbook's bytecode.",
        "",
        f"- real book: `manuscript/`; long book: `python benchmarks/generate.py FOLDER "
        f"--repeat {repeat}` (the interview {repeat} times, a note every 3 paragraphs); "
        f"long book, {LONG_NOTES} long notes: the same with `--long-notes {LONG_NOTES}` "
        "(some 500 words each, quoted from the interview, run on over pages), its PDF timed "
        "against the long book's, run for run.",
        "- EPUB, PDF: `--format epub`, `--format pdf`; EPUB + PDF: no `--format`.",
        "- rebuild: the same build into the same folder a second time, timed.",
        "- WeasyPrint alone: in a fresh process, the HTML and style sheets are made as "
        "`tarkbook.pdf.edition` makes them; only `HTML(...)`, one `render()` and `write_pdf()` are "
        "timed (its CPU time is that of the timed part). The second such row lays out "
        "inside tarkbook's workarounds for WeasyPrint (`pdf_linebreak`, `pdf_keep_notes`, "
        "`pdf_note_area`), as the build does, still once.",
        "- start-up: a fresh process that only imports the PDF renderer (and so WeasyPrint), "
        "plainly and as the build imports it (`pdf_import`: no library search, fontTools's "
        "subsetter deferred).",
        "- pandoc: the sections listed in `book.toml` and `notes.md` in one Markdown file; "
        "`pandoc in.md -o out.epub` and `pandoc in.md -o out.pdf --pdf-engine=weasyprint` "
        "(the same WeasyPrint). pandoc makes one after the other, so its EPUB + PDF is the "
        "sum. Its PDF is pandoc's default A4 HTML page with endnotes, not a typeset book.",
        "",
        "## Results",
        "",
        table(results),
        "",
        *speed.targets(results),
        *(["The PDF build against WeasyPrint alone on the same HTML:", "",
           *against_weasyprint(results), ""] if against_weasyprint(results) else []),
        *(["The proof (`tarkbook proof BOOK --out FOLDER --no-tools`, after a build into "
           "FOLDER, the editions reused) against the build of both editions:", "",
           *against_build(results), ""] if against_build(results) else []),
        *(["How long the stages of the PDF build take, as it reports them with `--verbose` "
           "(\"done\" counts from the command's start, after Python's start-up and the "
           "command line's imports), beside WeasyPrint alone:", "", *stages_table(results),
           ""]
          if stages_table(results) else []),
        "Page counts:",
        "",
        *pages,
        "",
    ]
    scaled = scale_table(results)
    if scaled:
        lines += ["## Scale", "",
                  "One PDF build (`--format pdf`) of the interview repeated more and more "
                  "times (`benchmarks/generate.py --repeat N`), one run each: time should grow "
                  "in proportion to the pages added, and memory stay well under 500 MB.", "",
                  *scaled, ""]
    extreme = extremes_table(results)
    if extreme:
        lines += ["## Extreme books", "",
                  "Valid manuscripts at the far end of the format, made by "
                  "`benchmarks/extremes.py` (4 MiB of links, 100,000 calls of one note, "
                  "100,000 paragraphs, 10,000 notes), and the same books as large as the "
                  "limits of `docs/manuscript.md` allow (`--at-limits`); one run each, "
                  f"stopped after {EXTREME_TIMEOUT:g} s or {EXTREME_MEMORY / 1024**3:g} GiB. "
                  "An extreme book is refused by `check` (and so by a build) before "
                  "anything is laid out.", "", *extreme, ""]
    if results.notes:
        lines += ["Notes:", "", *[f"- {note}" for note in results.notes], ""]
    profiled = profile_text(results)
    if profiled:
        lines += ["## Profile of the PDF stage, long book", "", *profiled]
    return "\n".join(lines).rstrip() + "\n"


def relative(path: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(ROOT).as_posix()
    except ValueError:
        return path.name

