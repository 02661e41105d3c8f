"""A build: read and validate the manuscript, render each edition, then put all in place."""

from __future__ import annotations

import importlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tarkbook.diagnostics import Diagnostic, ManuscriptError
from tarkbook.manuscript import read_manuscript
from tarkbook.model import Book


@dataclass(frozen=True, slots=True)
class Context:
    """Where a build reads from: the manuscript folder and the styles folder.

    ``marks`` asks for the print-shop variant of the PDF (bleed and crop marks).
    """

    manuscript: Path
    styles: Path
    marks: bool = False


Renderer = Callable[[Book, Context], bytes]


class EditionUnavailable(Exception):
    """An edition that this installation cannot make, with the reason for the user."""


class EditionFailed(EditionUnavailable):
    """An edition whose rendering went wrong (a warning, a refused file), with the reason."""


@dataclass(frozen=True, slots=True)
class Edition:
    name: str
    suffix: str
    loader: Callable[[], Renderer]


def _load_epub() -> Renderer:
    from tarkbook.epub import render_epub

    return render_epub


PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


def _load_pdf() -> Renderer:
    """The PDF renderer, or EditionUnavailable if WeasyPrint cannot load its libraries."""
    try:
        module = importlib.import_module("tarkbook.pdf")
    except OSError as exc:
        raise EditionUnavailable(
            "the PDF edition needs the Pango libraries, which WeasyPrint could not load "
            f"({exc}); on Debian or Ubuntu install them with: apt-get install {PANGO_PACKAGES}"
        ) from None
    except ImportError as exc:
        raise EditionUnavailable(
            f"the PDF edition needs WeasyPrint ({exc}); install tarkbook with pip"
        ) from None
    renderer: Renderer = module.render_pdf
    return renderer


EDITIONS: dict[str, Edition] = {
    "epub": Edition("EPUB", ".epub", _load_epub),
    "pdf": Edition("PDF", ".pdf", _load_pdf),
}


def slug(title: str) -> str:
    """A file name from a title: 'The Truth of Memory' -> 'the-truth-of-memory'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "book"


def build(
    manuscript: Path, out: Path, formats: Sequence[str], styles: Path,
    warn: Callable[[Diagnostic], None] | None = None, marks: bool = False,
) -> list[Path]:
    """Build the editions named in ``formats`` into ``out``; returns the files written.

    Raises ManuscriptError for a manuscript with errors and EditionUnavailable for an
    edition that cannot be made; in both cases nothing in ``out`` is changed. Every
    edition is rendered before any is put in place, so a failure half way leaves the
    editions of the last good build as they were. Warnings of the manuscript go to ``warn``.
    ``marks`` asks for the print-shop variant of the PDF.
    """
    reading = read_manuscript(manuscript)
    if reading.book is None:
        raise ManuscriptError(reading.diagnostics)
    book = reading.book
    for diagnostic in reading.diagnostics:
        if warn is not None:
            warn(diagnostic)
    renderers = [(EDITIONS[name], EDITIONS[name].loader()) for name in formats]
    context = Context(manuscript, styles, marks)
    rendered = [(edition, render(book, context)) for edition, render in renderers]
    out.mkdir(parents=True, exist_ok=True)
    name = slug(book.metadata.title)
    return _put_in_place(out, [(name + edition.suffix, data) for edition, data in rendered])


def _put_in_place(out: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files:
            handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out)
            staged.append((Path(temp_name), out / name))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temp_name, 0o644)
        for temp, target in staged:
            os.replace(temp, target)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    return [target for _, target in staged]
