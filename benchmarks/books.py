"""The things measured: the builds of each book against WeasyPrint alone and pandoc, the
proof, the scale rows, the extreme books, the start-up, the long notes and the preview."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from results import LABELS, Results, Row
from runner import BIN, PYTHON, ROOT, Failed, Run, Setup, commit, count_pages, log, run

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

