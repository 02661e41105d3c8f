"""The command line: ``tarkbook check`` and ``tarkbook build``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tarkbook import __version__
from tarkbook.build import EDITIONS, EditionUnavailable, build
from tarkbook.diagnostics import Diagnostic, ManuscriptError, Severity
from tarkbook.manuscript import read_manuscript
from tarkbook.model import InterviewSection, Turn

EXIT_OK, EXIT_MANUSCRIPT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tarkbook",
        description="Make an EPUB 3 and a typeset PDF from a Markdown manuscript.",
    )
    parser.add_argument("--version", action="version", version=f"tarkbook {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="read and validate a manuscript")
    check.add_argument("manuscript", nargs="?", default="manuscript", type=Path,
                       help="the manuscript folder (default: manuscript)")
    make = commands.add_parser("build", help="build the editions of a manuscript")
    make.add_argument("manuscript", nargs="?", default="manuscript", type=Path,
                      help="the manuscript folder (default: manuscript)")
    make.add_argument("--out", default=Path("build"), type=Path,
                      help="where the editions go (default: build)")
    make.add_argument("--styles", default=None, type=Path,
                      help="the styles folder (default: styles beside the manuscript folder)")
    make.add_argument("--format", dest="formats", action="append", choices=sorted(EDITIONS),
                      help="an edition to build; repeat for more (default: all)")
    make.add_argument("--marks", action="store_true",
                      help="make the PDF for the print shop: 3 mm bleed and crop marks")
    return parser


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    if diagnostics:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
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
    print(f"{args.manuscript}: {len(book.sections)} sections, {turns} interview turns, "
          f"{len(book.notes)} notes: ok")
    return EXIT_OK


def _available_formats() -> list[str]:
    """Every edition this installation can make; says why for each one it cannot."""
    formats = []
    for name, edition in sorted(EDITIONS.items()):
        try:
            edition.loader()
        except EditionUnavailable as exc:
            print(f"tarkbook: skipping the {edition.name} edition: {exc}", file=sys.stderr)
        else:
            formats.append(name)
    return formats


def _build(args: argparse.Namespace) -> int:
    # Editions asked for by name must all be made; by default, every edition that can be.
    formats = list(dict.fromkeys(args.formats)) if args.formats else _available_formats()
    if not formats:
        print("tarkbook: cannot build: no edition is available; nothing was written",
              file=sys.stderr)
        return EXIT_MANUSCRIPT
    styles = args.styles or args.manuscript.resolve().parent / "styles"
    try:
        written = build(args.manuscript, args.out, formats, styles,
                        warn=lambda d: print(d, file=sys.stderr), marks=args.marks)
    except ManuscriptError as exc:
        _print_diagnostics(exc.diagnostics)
        print("tarkbook: the build stopped; nothing was written", file=sys.stderr)
        return EXIT_MANUSCRIPT
    except EditionUnavailable as exc:
        print(f"tarkbook: cannot build: {exc}; nothing was written", file=sys.stderr)
        return EXIT_MANUSCRIPT
    for path in written:
        print(f"wrote {path}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _check(args)
    return _build(args)
