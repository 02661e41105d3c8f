"""The command line: ``tarkbook new``, ``check``, ``build``, ``preview`` and ``proof``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

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
                      help="the port on 127.0.0.1 (default: the first free one from 8000)")
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
        written = new_book(args.folder, args.kind, datetime.date.today())
    except NewBookError as exc:
        print(f"tarkbook: {exc}; nothing was written", file=sys.stderr)
        return EXIT_USAGE
    print(f"made a new book ({args.kind}) in {args.folder}: {', '.join(written)}")
    print(f"next: edit book.toml and the Markdown files, then run 'tarkbook check "
          f"{args.folder}' and 'tarkbook build {args.folder}'")
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
    with StatusLine(enabled=not (args.quiet or args.verbose)) as status:
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
        except KeyboardInterrupt:
            print(f"tarkbook: interrupted; {_what_was_written(written)}", file=sys.stderr)
            return EXIT_INTERRUPTED
    progress(f"done in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


def _what_was_written(written: Sequence[Path]) -> str:
    if not written:
        return "nothing was written"
    return "only " + ", ".join(str(path) for path in written) + " was written"


def _preview(args: argparse.Namespace) -> int:
    from tarkbook.preview import PortInUse, serve

    if not args.manuscript.is_dir():
        print(f"tarkbook: {printable(str(args.manuscript))} is not a folder", file=sys.stderr)
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

def _proof(args: argparse.Namespace) -> int:
    from tarkbook.proof import Level, prove
    from tarkbook.proof.report_json import to_json

    try:
        report = prove(args.manuscript, args.out, args.styles, tools=args.tools,
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
    if args.command == "preview":
        return _preview(args)
    if args.command == "proof":
        return _proof(args)
    return _build(args)
