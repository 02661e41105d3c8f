"""The command line: ``tarkbook new``, ``import``, ``check``, ``build``, ``preview`` and
``proof``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tarkbook.build import (
    EDITIONS,
    TIME_LIMIT,
    EditionUnavailable,
    Output,
    OutputError,
    PartialBuild,
    StylesError,
    build,
)
from tarkbook.build.lifetime import Stopped, stopped_by_signals
from tarkbook.diagnostics import Diagnostic, ManuscriptError, Severity, printable
from tarkbook.terminal import StatusLine

EXIT_OK, EXIT_MANUSCRIPT, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 128 + 2
"""Ctrl-C, as shells report a command stopped by SIGINT."""


MANUSCRIPT_HELP = ("the manuscript folder (default: this folder when it holds book.toml, "
                   "else manuscript)")


def default_manuscript() -> Path:
    """The manuscript a command without one works on: the current folder when it is a
    book (it holds book.toml), else its folder ``manuscript``."""
    return Path(".") if Path("book.toml").is_file() else Path("manuscript")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tarkbook",
        description="Make an EPUB 3 and a typeset PDF from a Markdown manuscript.",
    )
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show the versions that make the editions, and the patches")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="read and validate a manuscript")
    check.add_argument("manuscript", nargs="?", default=None, type=Path,
                       help=MANUSCRIPT_HELP)
    start = commands.add_parser("new", help="start a new book in a new or empty folder")
    start.add_argument("folder", type=Path, help="the new book's folder")
    start.add_argument("--kind", choices=("interview", "prose"), default="interview",
                       help="an interview with an introduction and a note (the default), "
                            "or a book of chapters")
    bring = commands.add_parser("import", help="make a manuscript from a Word file (.docx)")
    bring.add_argument("source", type=Path, metavar="FILE.docx", help="the Word file (only read)")
    bring.add_argument("folder", type=Path, help="the new book's folder (new or empty)")
    make = commands.add_parser("build", help="build the editions of a manuscript")
    make.add_argument("manuscript", nargs="?", default=None, type=Path,
                      help=MANUSCRIPT_HELP)
    make.add_argument("--out", default=Path("build"), type=Path,
                      help="where the editions go (default: build)")
    make.add_argument("--styles", default=None, type=Path, metavar="DIR",
                      help="the folder of the style sheets (default: [style] dir in "
                           "book.toml, styles/ inside the book, styles/ beside it, then "
                           "the default theme, for each sheet)")
    make.add_argument("--format", dest="formats", action="append", choices=sorted(EDITIONS),
                      help="an edition to build; repeat for more (default: all)")
    make.add_argument("--marks", action="store_true",
                      help="make the PDF for the print shop: 3 mm bleed and crop marks")
    make.add_argument("--verbose", "-v", action="store_true",
                      help="say what each stage does, how long it takes and which style "
                           "sheet each edition uses")
    make.add_argument("--quiet", "-q", action="store_true",
                      help="print only warnings and errors")
    make.add_argument("--time-limit", type=_seconds, default=TIME_LIMIT, metavar="SECONDS",
                      help=f"stop an edition that renders longer (default: {TIME_LIMIT:g})")
    make.add_argument("--rebuild", action="store_true",
                      help="make every edition even when its inputs have not changed")
    make.add_argument("--one-process", action="store_true",
                      help="render the editions one after the other in this process, "
                           "with no time limit (for a profiler)")
    show = commands.add_parser("preview", help="show the book in a browser as it is written")
    show.add_argument("manuscript", nargs="?", default=None, type=Path,
                      help=MANUSCRIPT_HELP)
    show.add_argument("--port", type=_port, default=None,
                      help="the port on 127.0.0.1 (default: a free one the system picks)")
    show.add_argument("--styles", default=None, type=Path, metavar="DIR",
                      help="the folder of the style sheets, as for build")
    show.add_argument("--no-print", dest="print_pdf", action="store_false",
                      help="show the reading view only; do not build the PDF in the "
                           "background")
    proof = commands.add_parser(
        "proof", help="build the editions (or reuse them), read them back and check them")
    proof.add_argument("manuscript", nargs="?", default=None, type=Path,
                       help=MANUSCRIPT_HELP)
    proof.add_argument("--out", default=Path("build"), type=Path,
                       help="where the editions are built (default: build)")
    proof.add_argument("--styles", default=None, type=Path, metavar="DIR",
                       help="the folder of the style sheets, as for build")
    proof.add_argument("--json", action="store_true",
                       help="print the report as one JSON document")
    proof.add_argument("--html", type=Path, metavar="REPORT.html",
                       help="also write the report as one self-contained HTML file, with a "
                            "thumbnail of each page a finding names")
    proof.add_argument("--no-tools", dest="tools", action="store_false",
                       help="do not run EPUBCheck and DAISY Ace")
    proof.add_argument("--printer", default=None, metavar="NAME",
                       help="also check the PDF against a print service's rules (kdp, "
                            "ingram or generic): trim size, margins and gutter, page count, "
                            "images, bleed, fonts")
    proof.add_argument("--marks", action="store_true",
                       help="proof the print-shop PDF (PDF/X, bleed and crop marks)")
    proof.add_argument("--install-ace", action="store_true",
                       help="first install DAISY Ace (@daisy/ace-cli) into your data folder "
                            "with npm, unless it is found already; it runs in Chromium")
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port (1 to 65535)")
    return int(text)


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from tarkbook.about import version_text

        print(version_text())
        parser.exit()


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive number of seconds")
    return value


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    if diagnostics:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    from tarkbook.manuscript import read_manuscript  # not needed to start a build
    from tarkbook.model import InterviewSection, Turn

    reading = read_manuscript(args.manuscript)
    _print_diagnostics(reading.diagnostics)
    if reading.book is None:
        return EXIT_MANUSCRIPT
    book = reading.book
    turns = sum(
        isinstance(item, Turn)
        for section in book.sections if isinstance(section, InterviewSection)
        for item in section.body
    )
    print(f"{printable(str(args.manuscript))}: {len(book.sections)} sections, "
          f"{turns} interview turns, {len(book.notes)} notes: ok")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    import datetime

    from tarkbook.starter import NewBookError, new_book

    try:
        with stopped_by_signals():  # SIGTERM, SIGHUP: its scratch folder is removed
            written = new_book(args.folder, args.kind, datetime.date.today())
    except Stopped as exc:
        print(f"tarkbook: stopped by {exc}; nothing was written", file=sys.stderr)
        return 128 + exc.signal
    except NewBookError as exc:
        print(f"tarkbook: {printable(str(exc))}; nothing was written", file=sys.stderr)
        return EXIT_USAGE
    folder = printable(str(args.folder))
    print(f"made a new book ({args.kind}) in {folder}: {', '.join(written)}")
    print(f"next: edit book.toml and the Markdown files, then run 'tarkbook check "
          f"{folder}' and 'tarkbook build {folder}'")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    import datetime

    from tarkbook.importer import ImportFailed, TargetRefused, import_docx
    from tarkbook.importer.report import REPORT_NAME

    if not args.source.is_file():
        print(f"tarkbook: {printable(str(args.source))} is not a file; nothing was written",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        imported = import_docx(args.source, args.folder, datetime.date.today())
    except TargetRefused as exc:
        print(f"tarkbook: {printable(str(exc))}; nothing was written", file=sys.stderr)
        return EXIT_USAGE
    except ImportFailed as exc:
        print(f"tarkbook: {printable(str(exc))}; nothing was written", file=sys.stderr)
        return EXIT_MANUSCRIPT
    for line in imported.report.text().splitlines():
        print(printable(line))
    print(f"\nmade a book in {printable(str(args.folder))}: {', '.join(imported.written)}")
    print(f"next: read {REPORT_NAME}, then run 'tarkbook check {printable(str(args.folder))}'")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    # Editions asked for by name must all be made; by default, every edition that can be.
    formats = list(dict.fromkeys(args.formats)) if args.formats else None
    started = time.perf_counter()

    def say(line: str) -> None:
        print(f"tarkbook: {printable(line)}", file=sys.stderr)

    def progress(line: str) -> None:
        if args.verbose:
            print(f"[{time.perf_counter() - started:6.2f} s] {printable(line)}",
                  file=sys.stderr)

    written: list[Path] = []

    def done(output: Output) -> None:
        if not output.reused:
            written.append(output.path)
        if args.quiet:
            return
        status.clear()
        size = f"{output.path.stat().st_size / 1024:,.0f} KB"
        if output.reused:
            print(f"kept {printable(str(output.path))} ({size}): its inputs have not changed",
                  flush=True)
        else:
            print(f"wrote {printable(str(output.path))} ({size}) in {output.seconds:.1f} s",
                  flush=True)

    # The status line is for a person watching; --verbose prints every step instead.
    with StatusLine(enabled=not (args.quiet or args.verbose)) as status, \
            stopped_by_signals():  # SIGTERM and SIGHUP clean up as Ctrl-C does
        try:
            build(args.manuscript, args.out, formats, args.styles,
                  warn=lambda d: print(d, file=sys.stderr), marks=args.marks, say=say,
                  progress=progress, time_limit=args.time_limit, reuse=not args.rebuild,
                  processes=not args.one_process, done=done, status=status.update)
        except StylesError as exc:
            print(f"tarkbook: {printable(str(exc))}; nothing was written", file=sys.stderr)
            return EXIT_USAGE
        except ManuscriptError as exc:
            _print_diagnostics(exc.diagnostics)
            print("tarkbook: the build stopped; nothing was written", file=sys.stderr)
            return EXIT_MANUSCRIPT
        except PartialBuild as exc:
            for reason in exc.reasons:
                print(f"tarkbook: {printable(reason)}", file=sys.stderr)
            made = ", ".join(printable(str(output.path)) for output in exc.outputs)
            print(f"tarkbook: the build is incomplete: only {made} is up to date",
                  file=sys.stderr)
            return EXIT_MANUSCRIPT
        except (EditionUnavailable, OutputError) as exc:
            print(f"tarkbook: cannot build: {printable(str(exc))}; {_what_was_written(written)}",
                  file=sys.stderr)
            return EXIT_MANUSCRIPT
        except KeyboardInterrupt as exc:
            stopped = f"stopped by {exc}" if isinstance(exc, Stopped) else "interrupted"
            print(f"tarkbook: {stopped}; {_what_was_written(written)}", file=sys.stderr)
            return 128 + exc.signal if isinstance(exc, Stopped) else EXIT_INTERRUPTED
    progress(f"done in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


def _what_was_written(written: Sequence[Path]) -> str:
    if not written:
        return "nothing was written"
    return "only " + ", ".join(str(path) for path in written) + " was written"


def _preview(args: argparse.Namespace) -> int:
    from tarkbook.build.styles import find_style_sheets
    from tarkbook.preview import PortInUse, serve

    problem = _folder_problem(args.manuscript)
    if problem is not None:
        print(f"tarkbook: {printable(str(args.manuscript))} {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.styles is not None:
        try:
            find_style_sheets(args.manuscript, args.styles, ["epub", "pdf"])
        except StylesError as exc:
            print(f"tarkbook: {printable(str(exc))}", file=sys.stderr)
            return EXIT_USAGE
        except OSError as exc:
            print(f"tarkbook: --styles {printable(str(args.styles))}: "
                  f"{printable(exc.strerror or str(exc))}", file=sys.stderr)
            return EXIT_USAGE

    def ready(address: str) -> None:
        print(f"tarkbook: the preview of {printable(str(args.manuscript))} is at {address} "
              "(Ctrl-C stops it)", flush=True)

    try:
        serve(args.manuscript, args.port, args.styles, ready=ready, print_pdf=args.print_pdf)
    except PortInUse as exc:
        print(f"tarkbook: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        pass
    print("tarkbook: the preview stopped", file=sys.stderr)
    return EXIT_OK

def _folder_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a manuscript folder, or None."""
    try:
        if path.is_dir():
            return None
    except OSError as exc:  # a name over the system's limit, a loop of links
        return f"cannot be opened: {exc.strerror or exc}"
    return "is not a folder"


def _proof(args: argparse.Namespace) -> int:
    from tarkbook.proof import Level, prove
    from tarkbook.proof.printer import printers
    from tarkbook.proof.report_json import to_json

    if args.printer is not None and args.printer not in printers():
        print(f"tarkbook: --printer {printable(args.printer)} is none of the services tarkbook "
              f"knows: {', '.join(printers())}", file=sys.stderr)
        return EXIT_USAGE

    if args.install_ace:
        from tarkbook.proof.ace_install import InstallError, install_ace
        from tarkbook.proof.epubtools import ace_command

        if ace_command() is None:
            try:
                install_ace(say=lambda line: print(f"tarkbook: {printable(line)}",
                                                   file=sys.stderr))
            except InstallError as exc:
                print(f"tarkbook: DAISY Ace cannot be installed: {printable(str(exc))}",
                      file=sys.stderr)
                return EXIT_MANUSCRIPT
    try:
        report = prove(args.manuscript, args.out, args.styles, tools=args.tools,
                       printer=args.printer, marks=args.marks,
                       warn=lambda d: print(d, file=sys.stderr),
                       say=lambda line: print(f"tarkbook: {printable(line)}", file=sys.stderr))
    except StylesError as exc:
        print(f"tarkbook: {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except ManuscriptError as exc:
        _print_diagnostics(exc.diagnostics)
        print("tarkbook: the editions cannot be built; nothing to proof", file=sys.stderr)
        return EXIT_MANUSCRIPT
    except (PartialBuild, EditionUnavailable, OutputError) as exc:
        print(f"tarkbook: the editions cannot be built: {printable(str(exc))}",
              file=sys.stderr)
        return EXIT_MANUSCRIPT
    if args.html is not None:
        from tarkbook.proof.report_html import to_html

        try:
            args.html.write_text(to_html(report, args.manuscript, args.html), "utf-8")
        except OSError as exc:
            print(f"tarkbook: cannot write {printable(str(args.html))}: "
                  f"{printable(exc.strerror or str(exc))}", file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        sys.stdout.write(to_json(report))
    else:
        for finding in report.findings:
            print(printable(str(finding)))
        verdict = "passed" if report.passed else "failed"
        if report.tools:
            print(f"tools: {report.tools_line()}")
        print(f"proof {verdict}: {report.summary()}")
        if report.count(Level.ERROR):
            print("tarkbook: the proof found errors", file=sys.stderr)
    return EXIT_OK if report.passed else EXIT_MANUSCRIPT


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if getattr(args, "manuscript", False) is None:
        args.manuscript = default_manuscript()
    if args.command == "check":
        return _check(args)
    if args.command == "new":
        return _new(args)
    if args.command == "import":
        return _import(args)
    if args.command == "preview":
        return _preview(args)
    if args.command == "proof":
        return _proof(args)
    return _build(args)


def run() -> NoReturn:
    """``tarkbook`` and ``python -m tarkbook``: ``main``, then leave at once. Everything is
    written and closed, and every worker has ended, when ``main`` returns; what is left is
    tearing the interpreter's objects down one by one, which takes a tenth of a second or
    more of a command that may take half a second in all. Under a profiler or a tracer
    (``python -m cProfile -m tarkbook``, coverage), which write their report as Python
    ends, it ends as usual."""
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
