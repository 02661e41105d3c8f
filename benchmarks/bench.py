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
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import pstats
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import citations  # beside this file
import index_bench
import proof_limits  # benchmarks/proof_limits.py, beside this script
import speed

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent
"""The environment's scripts folder: its ``weasyprint`` is the one pandoc runs."""

TIMEOUT = 1800.0
"""Seconds any one process may run before it is stopped (the profiled build: twice that)."""
RUNS, QUICK_RUNS = 5, 2
REPEAT, QUICK_REPEAT = 28, 5
"""``generate.py --repeat`` for the long book: about 300 pages, and about 60 with --quick."""
SCALE, SCALE_QUICK = (1, 5, 10, 20, REPEAT), (1, 3, QUICK_REPEAT)
"""The lengths of the scale rows: repeats of the interview."""
TOP = 25
TIMES = "\N{MULTIPLICATION SIGN}"

WEASYPRINT_PACKAGES = frozenset(
    {"weasyprint", "pydyf", "tinycss2", "cssselect2", "fontTools", "tinyhtml5", "pyphen"}
)
"""WeasyPrint and the packages it lays out and writes with (HTML, CSS, fonts, hyphens)."""

WEASYPRINT_ALONE = r"""
import contextlib, json, sys, time
from pathlib import Path
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
try:
    from tarkbook.edition import Context
except ImportError:
    from tarkbook.build import Context
from tarkbook.manuscript import read_manuscript
from tarkbook.pdf.edition import _stylesheets
try:
    from tarkbook.pdf.edition import _options
except ImportError:  # the options' later name, with the print shop's marks as an argument
    from tarkbook.pdf.edition import pdf_options
    def _options(book): return pdf_options(book, False)
from tarkbook.pdf.fetcher import FolderFetcher
from tarkbook.pdf.fonts import folders
from tarkbook.pdf.markup import book_html

manuscript, styles, out = (Path(arg) for arg in sys.argv[1:4])
patched = sys.argv[4] == "patched"
book = read_manuscript(manuscript).book
context = Context(manuscript, styles)
fetcher = FolderFetcher({"manuscript": manuscript, "styles": styles,
                         **folders(book.print_settings.chain)})
fonts = FontConfiguration()
markup = book_html(book)
sheets = _stylesheets(book, context, fetcher, fonts, False, frozenset(markup))
options = _options(book)
patches = []
with contextlib.ExitStack() as stack:
    if patched:
        from tarkbook.pdf.weasyprint.linebreak import hanging_trailing_spaces
        stack.enter_context(hanging_trailing_spaces())
        patches.append("hanging_trailing_spaces")
        try:
            from tarkbook.pdf.weasyprint.keep_notes import notes_stay_with_calls
        except ImportError:
            pass
        else:
            stack.enter_context(notes_stay_with_calls())
            patches.append("notes_stay_with_calls")
        try:
            from tarkbook.pdf.weasyprint.note_area import notes_measured_alone
        except ImportError:
            pass
        else:
            stack.enter_context(notes_measured_alone())
            patches.append("notes_measured_alone")
    start, cpu = time.perf_counter(), time.process_time()
    html = HTML(string=markup, url_fetcher=fetcher, base_url=fetcher.url("manuscript"))
    document = html.render(stylesheets=sheets, font_config=fonts, **options)
    laid_out = time.perf_counter()
    data = document.write_pdf(**options)
    end, cpu = time.perf_counter(), time.process_time() - cpu
out.write_bytes(data)
print(json.dumps({"seconds": end - start, "cpu": cpu, "render": laid_out - start,
                  "write": end - laid_out, "pages": len(document.pages), "patches": patches}))
"""
"""A fresh process that times only ``HTML(...)``, ``render`` and ``write_pdf``, once.

The HTML and style sheets are made as tarkbook.pdf.edition makes them; with ``patched``, the
layout runs inside tarkbook's workarounds for WeasyPrint, as the build does."""


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    cpu: float
    """User and system CPU seconds, of the process and of those it waited for."""
    peak_mb: float
    stdout: str
    stderr: str


@dataclass(slots=True)
class Row:
    book: str
    what: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    pandoc: str | None = None
    """The label of the pandoc row of the same book this row is compared with."""

    def add(self, done: Run) -> None:
        self.seconds.append(done.seconds)
        self.cpu.append(done.cpu)
        self.peaks.append(done.peak_mb)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(slots=True)
class Results:
    rows: list[Row] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    stages: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    """By book: seconds of each stage of the PDF build (``--verbose``) and of WeasyPrint
    alone's render and write, one value a run."""
    notes: list[str] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)
    scale: list[tuple[int, int, float, float]] = field(default_factory=list)
    extremes: list[tuple[str, str, str, str, Run | None]] = field(default_factory=list)
    """The extreme books: (book, extreme or at the limits, measurement, outcome, run)."""
    """How the PDF build grows: (repeats of the interview, pages, seconds, peak MB)."""

    def row(self, book: str, what: str, pandoc: str | None = None) -> Row:
        found = Row(book, what, pandoc=pandoc)
        self.rows.append(found)
        return found

    def find(self, book: str, what: str) -> Row | None:
        return next((r for r in self.rows if r.book == book and r.what == what), None)

    def stage(self, book: str, name: str, seconds: float) -> None:
        self.stages.setdefault(book, {}).setdefault(name, []).append(seconds)


# Running a process ---------------------------------------------------------------------


class Failed(Exception):
    """A measured process that failed or ran out of time."""


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


MEASURE = r"""
import json, os, subprocess, sys, time
report, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
child = subprocess.Popen(command)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as stream:
    json.dump({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
               "maxrss": usage.ru_maxrss}, stream)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""
"""A small process that starts the measured one, times it and reads its ``wait4``.

The measured process is started from this small one, not from the benchmark: Linux
counts in ``ru_maxrss`` the memory of the process that forked it, up to its ``exec``."""


def run(command: Sequence[str], cwd: Path, env: dict[str, str],
        timeout: float = TIMEOUT, codes: Sequence[int] = (0,),
        memory: int | None = None) -> Run:
    """Run ``command`` to its end; its wall time, CPU time and peak resident memory.

    The times are taken around the process alone (not the small process that measures
    it); the peak is ``ru_maxrss`` from ``wait4``: the largest resident set of the process
    and of any one process it waited for. Both get a session of their own, so that on a
    timeout they are stopped with everything they started. An exit code not in ``codes``
    fails; ``memory`` caps the address space of both, in bytes.
    """
    def cap() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory(prefix="measure-") as folder:
        report = Path(folder) / "report.json"
        child = subprocess.Popen([PYTHON, "-I", "-S", "-c", MEASURE, str(report), *command],
                                 cwd=cwd, env=env, stdout=out, stderr=err,
                                 stdin=subprocess.DEVNULL, start_new_session=True,
                                 preexec_fn=cap if memory is not None else None)
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(child.pid)
            child.wait()
            raise Failed(f"{_shown(command)}: stopped after {timeout:g} s") from None
        except BaseException:
            _kill_group(child.pid)
            child.wait()
            raise
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        if child.returncode not in codes or not report.is_file():
            tail = "\n".join(stderr.strip().splitlines()[-15:])
            raise Failed(f"{_shown(command)}: exit code {child.returncode}\n{tail}")
        measured = json.loads(report.read_text("utf-8"))
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return Run(measured["seconds"], measured["cpu"], measured["maxrss"] / scale, stdout,
               stderr)


def _shown(command: Sequence[str]) -> str:
    return " ".join(Path(part).name if os.sep in part else part for part in command)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# The things measured --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Setup:
    work: Path
    src: Path
    styles: Path
    books: dict[str, Path]
    env: dict[str, str]
    runs: int
    flags: frozenset[str]
    """The options of ``tarkbook build`` this version has (``--one-process`` …)."""

    def build_command(self, manuscript: Path, out: Path, formats: Sequence[str],
                      *extra: str) -> list[str]:
        command = [PYTHON, "-m", "tarkbook", "build", str(manuscript), "--out", str(out),
                   "--styles", str(self.styles)]
        for name in formats:
            command += ["--format", name]
        if "--time-limit" in self.flags:  # the build's own limit must not end a slow run
            command += ["--time-limit", f"{TIMEOUT:g}"]
        return command + list(extra)


def snapshot(work: Path, repeat: int) -> Setup:
    """Copy the code, the styles and the book into ``work``; generate the long book."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    src = work / "src"
    shutil.copytree(ROOT / "src" / "tarkbook", src / "tarkbook", ignore=ignore)
    styles = work / "styles"
    shutil.copytree(ROOT / "styles", styles, ignore=ignore)
    real = work / "books" / "manuscript"
    shutil.copytree(ROOT / "manuscript", real, ignore=ignore)
    long = work / "books" / "long"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONSTARTUP", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # tarkbook's bytecode is cached, as installed
    generated = run([PYTHON, str(ROOT / "benchmarks" / "generate.py"), str(long),
                     "--source", str(real), "--repeat", str(repeat)], work, env)
    log(generated.stdout.strip().replace(str(long), "long book"))
    help_text = run([PYTHON, "-m", "tarkbook", "build", "--help"], work, env).stdout
    flags = frozenset(re.findall(r"--[a-z][a-z-]+", help_text))
    return Setup(work, src, styles, {"real": real, "long": long}, env, 0, flags)


def count_pages(pdf: Path) -> int:
    """The pages of ``pdf``: with pypdf, else pdfinfo, else by counting page objects."""
    try:
        from pypdf import PdfReader
    except ImportError:
        pass
    else:
        return len(PdfReader(pdf).pages)
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True,
                              timeout=120, check=True).stdout
        match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
        if match:
            return int(match[1])
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


ALONE = "WeasyPrint alone: 1 layout + write_pdf"
PATCHED = "WeasyPrint + tarkbook's layout patches: 1 layout + write"


def measure_book(setup: Setup, book: str, results: Results, pandoc: str | None) -> None:
    """Every measurement of ``book``, interleaved: run 1 of each, then run 2 of each …

    EPUB alone, PDF alone, both, a rebuild of both with nothing changed, WeasyPrint alone
    (plain, and inside tarkbook's layout workarounds), and pandoc's EPUB and PDF.
    """
    manuscript = setup.books[book]
    # the PDF build says how long its stages take; that costs a few lines on stderr
    verbose = ["--verbose"] if "--verbose" in setup.flags else []
    epub = results.row(book, "EPUB", "pandoc EPUB")
    pdf = results.row(book, "PDF", "pandoc PDF")
    both = results.row(book, "EPUB + PDF", "pandoc EPUB + PDF")
    again = results.row(book, "rebuild, nothing changed")
    proves = (setup.src / "tarkbook" / "proof").is_dir()
    proof = results.row(book, PROOF) if proves else None
    alone = {"plain": results.row(book, ALONE), "patched": results.row(book, PATCHED)}
    folder = setup.work / "pandoc" / book
    theirs: list[tuple[Row, str, list[str]]] = []
    meta: list[str] = []
    if pandoc:
        folder.mkdir(parents=True)
        meta = pandoc_input(setup.books[book], folder / "in.md")
        theirs.append((results.row(book, "pandoc EPUB"), "out.epub", []))
        if shutil.which("weasyprint", path=str(BIN)):
            theirs.append((results.row(book, "pandoc PDF"), "out.pdf",
                           ["--pdf-engine=weasyprint"]))
        else:
            results.notes.append("pandoc's PDF was not measured: no weasyprint beside Python")
    reused = 0
    out = setup.work / "out" / book
    out.parent.mkdir(parents=True, exist_ok=True)
    for index in range(setup.runs):
        step = f"{book} {index + 1}/{setup.runs}"
        done = run(setup.build_command(manuscript, out, ["epub"]), setup.work, setup.env)
        epub.add(done)
        shutil.rmtree(out)
        log(f"{step}: EPUB {done.seconds:.2f} s")
        done = run(setup.build_command(manuscript, out, ["pdf"], *verbose), setup.work,
                   setup.env)
        pdf.add(done)
        for name, seconds in stages(done.stderr).items():
            results.stage(book, name, seconds)
        pages = count_pages(next(out.glob("*.pdf")))
        if results.pages.setdefault(f"{book}: tarkbook PDF", pages) != pages:
            results.notes.append(f"{book}: the PDF's page count varied between runs")
        shutil.rmtree(out)
        log(f"{step}: PDF {done.seconds:.2f} s, {pages} pages, {done.peak_mb:.0f} MB")
        done = run(setup.build_command(manuscript, out, []), setup.work, setup.env)
        both.add(done)
        second = run(setup.build_command(manuscript, out, []), setup.work, setup.env)
        again.add(second)
        reused += "wrote " not in second.stdout
        if proof is not None:  # the editions of the build just made, read back
            proof.add(run(proof_command(setup, manuscript, out), setup.work, setup.env,
                          codes=(0, 1)))
        shutil.rmtree(out)
        log(f"{step}: EPUB + PDF {done.seconds:.2f} s, rebuild {second.seconds:.2f} s")
        for mode, row in alone.items():
            written = setup.work / "out" / f"{book}-weasyprint.pdf"
            done = run([PYTHON, "-c", WEASYPRINT_ALONE, str(manuscript), str(setup.styles),
                        str(written), mode], setup.work, setup.env)
            report = json.loads(done.stdout.strip().splitlines()[-1])
            row.add(Run(report["seconds"], report["cpu"], done.peak_mb, "", ""))
            if mode == "plain":
                results.stage(book, "WeasyPrint alone: HTML() + render()", report["render"])
                results.stage(book, "WeasyPrint alone: write_pdf()", report["write"])
            results.pages[f"{book}: WeasyPrint, {mode}, 1 layout"] = report["pages"]
            if mode == "patched" and not report["patches"]:
                results.notes.append("no layout patch of tarkbook could be applied")
            written.unlink()
            log(f"{step}: WeasyPrint {mode} {report['seconds']:.2f} s (render "
                f"{report['render']:.2f} s, write {report['write']:.2f} s)")
        for row, target, options in theirs:
            assert pandoc is not None
            done = run([pandoc, "in.md", "-o", target, *options, *meta], folder, setup.env)
            row.add(done)
            if target.endswith(".pdf"):
                results.pages[f"{book}: pandoc PDF"] = count_pages(folder / target)
            (folder / target).unlink()
            log(f"{step}: {row.what} {done.seconds:.2f} s")
    again.what += " (editions reused)" if reused == setup.runs else " (editions made again)"
    if len(theirs) == 2:  # pandoc makes them one after the other
        (epub_row, _, _), (pdf_row, _, _) = theirs
        total = results.row(book, "pandoc EPUB + PDF")
        for index in range(setup.runs):
            total.add(Run(epub_row.seconds[index] + pdf_row.seconds[index],
                          epub_row.cpu[index] + pdf_row.cpu[index],
                          max(epub_row.peaks[index], pdf_row.peaks[index]), "", ""))
    shutil.rmtree(folder, ignore_errors=True)


PROOF = "proof, editions reused"


def proof_command(setup: Setup, manuscript: Path, out: Path) -> list[str]:
    """``tarkbook proof`` on the editions built into ``out``, without EPUBCheck and Ace."""
    return [PYTHON, "-m", "tarkbook", "proof", str(manuscript), "--out", str(out),
            "--styles", str(setup.styles), "--no-tools"]


def measure_proof(setup: Setup, results: Results) -> None:
    """The proof's rows alone, for each book: a build of both editions into a fresh
    folder, then the proof of the editions it made; run 1 of both, then run 2 …"""
    for book, manuscript in setup.books.items():
        both, proof = results.row(book, "EPUB + PDF"), results.row(book, PROOF)
        out = setup.work / "out" / book
        out.parent.mkdir(parents=True, exist_ok=True)
        for index in range(setup.runs):
            built = run(setup.build_command(manuscript, out, []), setup.work, setup.env)
            both.add(built)
            results.pages[f"{book}: tarkbook PDF"] = count_pages(next(out.glob("*.pdf")))
            proved = run(proof_command(setup, manuscript, out), setup.work, setup.env,
                         codes=(0, 1))
            proof.add(proved)
            shutil.rmtree(out)
            log(f"{book} {index + 1}/{setup.runs}: EPUB + PDF {built.seconds:.2f} s, "
                f"proof {proved.seconds:.2f} s")


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


def measure_scale(setup: Setup, results: Results, repeats: Sequence[int]) -> None:
    """One PDF build of the interview repeated 1, 5, 10 … times: time and memory by length."""
    for repeat in repeats:
        book = setup.work / "books" / f"scale-{repeat}"
        run([PYTHON, str(ROOT / "benchmarks" / "generate.py"), str(book), "--source",
             str(setup.books["real"]), "--repeat", str(repeat)], setup.work, setup.env)
        out = setup.work / "out" / f"scale-{repeat}"
        done = run(setup.build_command(book, out, ["pdf"]), setup.work, setup.env)
        pages = count_pages(next(out.glob("*.pdf")))
        results.scale.append((repeat, pages, done.seconds, done.peak_mb))
        shutil.rmtree(out)
        shutil.rmtree(book)
        log(f"scale x{repeat}: {pages} pages, {done.seconds:.2f} s, {done.peak_mb:.0f} MB")


EXTREME_TIMEOUT = 900.0
"""Seconds an extreme book's run may take before it is stopped (and shown as stopped)."""
EXTREME_MEMORY = 4 * 1024**3
"""Bytes of address space an extreme book's run may take: past it the run fails, and the
machine is never exhausted."""


def measure_extremes(setup: Setup, results: Results, scale: float) -> None:
    """``tarkbook check`` and the EPUB and PDF builds of each extreme book
    (benchmarks/extremes.py), and of the same book at the limits, one run each; ``scale``
    makes each book that fraction of its size."""
    for at_limits in (False, True):
        kind = "at the limits" if at_limits else "extreme"
        folder = setup.work / "books" / ("limits" if at_limits else "extremes")
        command = [PYTHON, str(ROOT / "benchmarks" / "extremes.py"), str(folder),
                   "--scale", f"{scale:g}"]
        run(command + (["--at-limits"] if at_limits else []), setup.work, setup.env)
        for name in EXTREME_BOOKS:
            book = folder / name
            check = [PYTHON, "-m", "tarkbook", "check", str(book)]
            measured = [("check", check)] + [
                (edition.upper(), setup.build_command(book, setup.work / "out" / name,
                                                      [edition], "--time-limit",
                                                      f"{EXTREME_TIMEOUT:g}"))
                for edition in ("epub", "pdf")]
            for what, argv in measured:
                label = f"{name}, {kind}: {what}"
                try:
                    done = run(argv, setup.work, setup.env, EXTREME_TIMEOUT, (0, 1),
                               EXTREME_MEMORY)
                except Failed as exc:
                    results.extremes.append((name, kind, what, str(exc).splitlines()[0]
                                             .split(": ", 1)[-1], None))
                    log(f"{label}: {exc}")
                    continue
                said = (done.stderr.strip().splitlines() or [""])[0]
                outcome = "refused: " + said.split(": error ")[-1][:4] \
                    if ": error " in said else "ok"
                results.extremes.append((name, kind, what, outcome, done))
                log(f"{label}: {outcome}, {done.seconds:.1f} s, {done.peak_mb:.0f} MB")
            shutil.rmtree(setup.work / "out" / name, ignore_errors=True)


EXTREME_BOOKS = ("links", "calls", "paragraphs", "notes", "emphasis", "spans", "every")


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


STAGE = re.compile(r"^\[\s*[\d.]+ s\] (?:PDF: )?(.+?) in ([\d.]+) s(.*)$", re.MULTILINE)
LAYOUT = re.compile(r"^layout \d+: \d+ pages$")


def stages(stderr: str) -> dict[str, float]:
    """The stages a ``--verbose`` PDF build reports, with their seconds; the layouts are
    summed, and counted under "layouts"."""
    found: dict[str, float] = {}
    layouts = 0
    for name, seconds, _ in STAGE.findall(stderr):
        if LAYOUT.match(name):
            layouts += 1
            name = "all layouts"
        found[name] = found.get(name, 0.0) + float(seconds)
    if layouts:
        found["layouts"] = layouts
    return found


START_UPS = {
    "start-up: python -c 'import tarkbook.pdf.edition' (a plain import)":
        "import tarkbook.pdf.edition",
    "start-up: the PDF renderer imported as a build imports it":
        "from tarkbook.pdf.weasyprint.fast_import import import_renderer; import_renderer()",
}


def measure_start_up(setup: Setup, results: Results) -> None:
    """Fresh processes that only import the PDF renderer and WeasyPrint: plainly, and as
    the build does (pdf_import)."""
    rows = [(results.row("none", what), code) for what, code in START_UPS.items()]
    for index in range(setup.runs):
        for row, code in rows:
            done = run([PYTHON, "-c", code], setup.work, setup.env)
            row.add(done)
            log(f"{row.what} {index + 1}/{setup.runs}: {done.seconds:.2f} s")


def pandoc_input(manuscript: Path, target: Path) -> list[str]:
    """Write the book's sections (in book.toml's order) and notes.md as one Markdown file;
    the options that give pandoc the book's title and language."""
    config = tomllib.loads((manuscript / "book.toml").read_text("utf-8"))
    files = [section["file"] for section in config.get("sections", [])]
    if (manuscript / "notes.md").is_file():
        files.append("notes.md")
    text = "\n\n".join((manuscript / name).read_text("utf-8").strip() for name in files)
    target.write_text(text + "\n", "utf-8")
    book = config["book"]
    return ["--metadata", f"title={book['title']}",
            "--metadata", f"lang={book.get('language', 'en')}"]


# The profile ---------------------------------------------------------------------------


Func = tuple[str, int, str]


def profile(setup: Setup, results: Results) -> None:
    """One cProfiled build of the long book's PDF, in one process."""
    out = setup.work / "out" / "profile"
    data = setup.work / "pdf.prof"
    extra = [flag for flag in ("--one-process", "--verbose") if flag in setup.flags]
    if "--one-process" not in setup.flags:
        results.notes.append("the profile may miss work done in other processes")
    command = [PYTHON, "-m", "cProfile", "-o", str(data),
               *setup.build_command(setup.books["long"], out, ["pdf"], *extra)[1:]]
    done = run(command, setup.work, setup.env, timeout=2 * TIMEOUT)
    log(f"profile: {done.seconds:.1f} s")
    stats = pstats.Stats(str(data))
    entries: dict[Func, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in entries.values())
    split = {"weasyprint": 0.0, "tarkbook": 0.0, "other": 0.0}
    for func, (_, _, tottime, _, callers) in entries.items():
        if func[0] == "~" and callers:  # a built-in: its time goes to those that called it
            called = sum(c[2] for c in callers.values()) or 1.0
            for caller, numbers in callers.items():
                split[_category(setup, caller)] += tottime * numbers[2] / called
        else:
            split[_category(setup, func)] += tottime

    def top(key: int, only: str | None = None, limit: int = TOP) -> list[list[str]]:
        chosen = [f for f in entries if only is None or _category(setup, f) == only]
        chosen.sort(key=lambda f: (-entries[f][key], _short(setup, f)))
        return [[str(entries[f][1]), f"{entries[f][2]:.2f}", f"{entries[f][3]:.2f}",
                 _short(setup, f)] for f in chosen[:limit]]

    renders = [f for f in entries if f[2] == "render" and _short(setup, f).startswith(
        "weasyprint/__init__.py")]
    imports = sum(entries[f][3] for f in entries
                  if f[2] == "_find_and_load" and f[0].startswith("<frozen importlib"))
    layouts = re.findall(r"layout (\d+): (\d+) pages in ([\d.]+) s, (\d+) note", done.stderr)
    results.profile = {
        "seconds": done.seconds,
        "total": total,
        "split": split,
        "cumulative": top(3),
        "tottime": top(2),
        "ours": top(3, "tarkbook", 15),
        "ours_tottime": top(2, "tarkbook", 10),
        "renders": sum(entries[f][1] for f in renders),
        "imports": imports,
        "layouts": [f"{n}: {p} pages, {s} s (profiled), {m} note(s) to mend"
                    for n, p, s, m in layouts],
    }
    shutil.rmtree(out, ignore_errors=True)
    data.unlink()


def _category(setup: Setup, func: Func) -> str:
    package = _package(setup, func[0])
    if package == "tarkbook":
        return "tarkbook"
    return "weasyprint" if package in WEASYPRINT_PACKAGES else "other"


def _package(setup: Setup, filename: str) -> str | None:
    if filename.startswith(str(setup.src) + os.sep):
        return Path(filename).relative_to(setup.src).parts[0]
    parts = Path(filename).parts
    if "site-packages" in parts:
        index = len(parts) - 1 - parts[::-1].index("site-packages")
        return parts[index + 1] if index + 1 < len(parts) else None
    return None


def _short(setup: Setup, func: Func) -> str:
    """The function as pstats names it, with its file relative to its package."""
    filename, line, name = func
    if filename == "~":
        return name
    path = Path(filename)
    parts = path.parts
    if filename.startswith(str(setup.src) + os.sep):
        shown = "src/" + path.relative_to(setup.src).as_posix()
    elif "site-packages" in parts:
        index = len(parts) - 1 - parts[::-1].index("site-packages")
        shown = "/".join(parts[index + 1:])
    elif any(re.fullmatch(r"python3\.\d+", part) for part in parts):
        index = next(i for i, p in enumerate(parts) if re.fullmatch(r"python3\.\d+", p))
        shown = "/".join(parts[index + 1:])
    elif filename.startswith("<"):
        shown = filename
    else:
        shown = path.name
    return f"{shown}:{line}({name})"


# The report ----------------------------------------------------------------------------


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


def commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=60, check=True)
        changed = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--",
                                  "src", "styles", "manuscript"],
                                 capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    state = " with local changes" if changed.stdout.strip() else ""
    return f"commit {head.stdout.strip()}{state}"


BOOKS = {"real": "real book", "long": "long book"}
LABELS = {**BOOKS, "none": "no book", "long-notes": "long book, 40 long notes"}


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
        command += f" --out {_relative(args.out)}"
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


def _relative(path: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def measure_preview(setup: Setup) -> str:
    """The rows of ``tarkbook preview``, as a Markdown table with notes."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import preview_bench as pb

    def command(book: str, *extra: str) -> list[str]:
        return [PYTHON, "-m", "tarkbook", "preview", str(setup.books[book]),
                "--styles", str(setup.styles), *extra]

    lines = ["# Performance of the preview", "",
             f"Measured on {datetime.date.today().isoformat()} with tarkbook at "
             f"{commit()}, on the machine of docs/performance.md. To measure again:", "",
             "```sh", "python benchmarks/bench.py --preview --out docs/performance-preview.md",
             "```", "", " ".join((pb.__doc__ or "").split("\n\n", 1)[1].split()), "",
             "| preview | median | min | max | runs |", "|---|---:|---:|---:|---:|"]
    for book, name in (("real", "manuscript/"), ("long", "long book")):
        log(f"preview: save to refreshed reading view, {name}")
        times = pb.reading_view(command(book, "--no-print"), setup.books[book], setup.work,
                                setup.env)
        lines.append(pb.row(f"save → reading view shown in the browser, {name}", times))
    log("preview: save to new PDF, manuscript/, and cold builds between the saves")

    def cold() -> float:
        out = setup.work / "out" / "cold-pdf"
        seconds = run(setup.build_command(setup.books["real"], out, ["pdf"], "--rebuild"),
                      setup.work, setup.env).seconds
        shutil.rmtree(out)
        return seconds

    totals, without, colds = pb.new_pdf(command("real"), setup.books["real"], setup.work,
                                        setup.env, cold)
    lines.append(pb.row("save → new PDF, the quiet second included, manuscript/", totals))
    lines.append(pb.row("save → new PDF, the quiet second left out, manuscript/", without))
    lines.append(pb.row("cold `tarkbook build --format pdf --rebuild`, manuscript/", colds))
    log("preview: memory after 100 saves, manuscript/")
    first, last = pb.memory(command("real", "--no-print"), setup.books["real"], setup.work,
                            setup.env)
    lines += ["", f"Memory of the preview server (RSS): {first / 1024:.1f} MB after the "
              f"first save, {last / 1024:.1f} MB after {pb.MEMORY_SAVES} saves "
              f"({(last - first) / first:+.1%})."]
    return "\n".join(lines) + "\n"


LONG_NOTES = 40
"""How many of the long book's notes ``generate.py --long-notes`` makes long."""


def measure_long_notes(setup: Setup, results: Results, repeat: int) -> None:
    """The PDF of the long book with LONG_NOTES of its notes some 500 words long, run on
    over pages, against the PDF of the same book with short notes, interleaved."""
    book = setup.work / "books" / "long-notes"
    run([PYTHON, str(ROOT / "benchmarks" / "generate.py"), str(book), "--source",
         str(setup.books["real"]), "--repeat", str(repeat), "--long-notes", str(LONG_NOTES)],
        setup.work, setup.env)
    short = results.row("long", "PDF, the same book as the row below but short notes")
    long = results.row("long-notes", "PDF")
    for index in range(setup.runs):
        for row, manuscript in ((short, setup.books["long"]), (long, book)):
            out = setup.work / "out" / f"notes-{row.book}"
            row.add(run(setup.build_command(manuscript, out, ["pdf"]), setup.work, setup.env))
            results.pages[f"{LABELS[row.book]}: notes' PDF"] = count_pages(
                next(out.glob("*.pdf")))
            shutil.rmtree(out)
        log(f"long notes: run {index + 1}: {short.seconds[-1]:.2f} s short, "
            f"{long.seconds[-1]:.2f} s long")
    shutil.rmtree(book)


def measure_everything(setup: Setup, results: Results, quick: bool) -> None:
    pandoc = shutil.which("pandoc")
    measure_start_up(setup, results)
    for book in BOOKS:
        measure_book(setup, book, results, pandoc)
    measure_long_notes(setup, results, QUICK_REPEAT if quick else REPEAT)
    index_bench.measure(setup, results, sys.modules[__name__])  # benchmarks/index_bench.py
    citations.measure(setup, results, run, log)  # benchmarks/citations.py
    if not pandoc:
        results.notes.append("pandoc is not installed: its rows were not measured")
    measure_scale(setup, results, SCALE_QUICK if quick else SCALE)
    speed.measure_split(setup, results, QUICK_REPEAT if quick else REPEAT, sys.modules[__name__])
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
        log(f"wrote {_relative(args.out)}")


if __name__ == "__main__":
    main()
