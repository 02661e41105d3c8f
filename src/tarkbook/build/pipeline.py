"""The build pipeline: read and validate the manuscript, render each edition, then put all
in place."""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tarkbook.build.cache import (
    RECORD,
    Entry,
    edition_key,
    inputs_digest,
    read_record,
    record_bytes,
    still_there,
)
from tarkbook.build.output import OutputError, prepare, put_in_place
from tarkbook.diagnostics import Diagnostic, ManuscriptError
from tarkbook.edition import (
    Context,
    Edition,
    EditionFailed,
    EditionUnavailable,
    Renderer,
)
from tarkbook.pdf.weasyprint.fast_import import import_renderer

if TYPE_CHECKING:
    from tarkbook.model import Book

__all__ = [
    "EDITIONS", "Context", "Edition", "EditionFailed", "EditionUnavailable", "Output",
    "OutputError",
    "Renderer", "build", "slug",
]

TIME_LIMIT = 900.0
"""Seconds an edition may take to render before it is stopped (``--time-limit``)."""


def _load_epub() -> Renderer:
    from tarkbook.epub.edition import render_epub

    return render_epub


PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"


def _load_pdf() -> Renderer:
    """The PDF renderer, or EditionUnavailable if WeasyPrint cannot load its libraries."""
    try:
        module = import_renderer()
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


def _pdf_markup(book: Book) -> str:
    from tarkbook.pdf.markup import book_html  # no WeasyPrint: the build's process can

    return book_html(book)


EDITIONS: dict[str, Edition] = {
    "epub": Edition("EPUB", ".epub", _load_epub, niceness=10),  # a fifth of the PDF's time
    "pdf": Edition("PDF", ".pdf", _load_pdf, prepare=_pdf_markup),
}


def slug(title: str) -> str:
    """A file name from a title: 'The Truth of Memory' -> 'the-truth-of-memory'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "book"


@dataclass(frozen=True, slots=True)
class Output:
    """An edition in the output folder: written now, or reused from the last build."""

    path: Path
    reused: bool
    seconds: float


def _quiet(_: object) -> None:
    return None


def build(
    manuscript: Path, out: Path, formats: Sequence[str] | None, styles: Path,
    warn: Callable[[Diagnostic], None] = _quiet, marks: bool = False,
    say: Callable[[str], None] = _quiet, progress: Callable[[str], None] = _quiet,
    time_limit: float | None = TIME_LIMIT, reuse: bool = True, processes: bool = True,
) -> list[Output]:
    """Build the editions named in ``formats`` (None: every one that can be made) into
    ``out``.

    Raises ManuscriptError for a manuscript with errors and EditionUnavailable for an
    edition that cannot be made; in both cases nothing in ``out`` is changed. Every
    edition is rendered before any is put in place, so a failure half way leaves the
    editions of the last good build as they were. An edition whose inputs have not changed
    since the last build into ``out`` is reused (unless ``reuse`` is false). Warnings go to
    ``warn``, messages for the user (an edition skipped) to ``say``, and what the build is
    doing, with timings, to ``progress``. ``marks`` asks for the print-shop PDF. The
    editions are rendered a process each, unless ``processes`` is false.
    """
    start = time.perf_counter()
    prepare(out)
    wanted = list(formats) if formats is not None else list(EDITIONS)
    keys, record, reusable = _reusable(manuscript, styles, out, wanted, marks, reuse)
    progress(f"inputs hashed in {time.perf_counter() - start:.2f} s")
    if len(reusable) == len(wanted):  # nothing to do: say again what the build said
        for diagnostic in dict.fromkeys(d for e in reusable.values() for d in e.warnings):
            warn(diagnostic)
        return [Output(out / e.file, True, 0.0) for e in reusable.values()]
    from tarkbook.build.workers import Renderers  # not needed by a build with nothing to do

    todo = [EDITIONS[n] for n in wanted if n not in reusable]
    if EDITIONS["pdf"] in todo:
        _warn_of_skipped_patches(say)
    # The editions' processes start now, to load their renderers while this process
    # loads the rest of tarkbook and reads the book.
    with Renderers(todo, Context(manuscript, styles, marks), time_limit,
                   processes) as renderers:
        book, diagnostics = _read(manuscript, progress, EDITIONS["pdf"] in todo)
        for diagnostic in diagnostics:
            warn(diagnostic)
        unavailable = renderers.begin(book)
        for edition, reason in unavailable:  # editions asked for by name must all be made
            if formats is not None:
                raise EditionUnavailable(reason)
            say(f"skipping the {edition.name} edition: {reason}")
        todo = [e for e in todo if e not in (u for u, _ in unavailable)]
        wanted = [n for n in wanted if n in reusable or EDITIONS[n] in todo]
        if not wanted:
            raise EditionUnavailable("no edition is available")
        rendered = renderers.render(todo, progress)
    name = slug(book.metadata.title)
    entries = {n: e for n, e in record.items() if n not in wanted or n in reusable}
    files: list[tuple[str, bytes]] = []
    for result in rendered:
        key = next(n for n, e in EDITIONS.items() if e is result.edition)
        file = name + result.edition.suffix
        entries[key] = Entry(keys[key], file, hashlib.sha256(result.data).hexdigest(),
                             (*diagnostics, *result.warnings))
        files.append((file, result.data))
        for diagnostic in result.warnings:
            warn(diagnostic)
        progress(f"{result.edition.name}: rendered in {result.seconds:.2f} s")
    put_in_place(out, [*files, (RECORD, record_bytes(entries))])
    seconds = {result.edition.name: result.seconds for result in rendered}
    return [
        Output(out / entries[n].file, EDITIONS[n].name not in seconds,
               seconds.get(EDITIONS[n].name, 0.0))
        for n in wanted
    ]


def _warn_of_skipped_patches(say: Callable[[str], None]) -> None:
    """A warning for each library whose installed version tarkbook's patches were not
    written for: the PDF is made without them, as the library itself would make it."""
    from tarkbook.pdf.weasyprint.registry import skipped_by_version

    by_reason: dict[str, list[str]] = {}
    for patch, reason in skipped_by_version():
        by_reason.setdefault(reason, []).append(patch.name)
    for reason, names in by_reason.items():
        say(f"warning: the patches {', '.join(names)} are skipped ({reason}); the PDF is "
            "made without them. The versions of requirements.lock make the reference bytes")


def _reusable(
    manuscript: Path, styles: Path, out: Path, wanted: list[str], marks: bool, reuse: bool
) -> tuple[dict[str, str], dict[str, Entry], dict[str, Entry]]:
    """Each edition's key, the record of the last build into ``out`` and, of the editions
    in ``wanted``, those it made that can be reused."""
    inputs = inputs_digest(manuscript, styles)
    keys = {name: edition_key(inputs, name, f"marks={marks}") for name in EDITIONS}
    record = read_record(out) if reuse else {}
    reusable = {
        name: record[name] for name in wanted
        if name in record and record[name].key == keys[name] and still_there(out, record[name])
    }
    return keys, record, reusable


def _read(
    manuscript: Path, progress: Callable[[str], None], glyphs: bool
) -> tuple[Book, list[Diagnostic]]:
    """The book and its warnings; raises ManuscriptError when the manuscript has errors
    (with ``glyphs``, a character that no font of the print edition has is one)."""
    from tarkbook.manuscript import read_manuscript  # here, so it loads while editions start

    start = time.perf_counter()
    reading = read_manuscript(manuscript, glyphs)
    if reading.book is None:
        raise ManuscriptError(reading.diagnostics)
    progress(f"manuscript read in {time.perf_counter() - start:.2f} s")
    return reading.book, list(reading.diagnostics)
