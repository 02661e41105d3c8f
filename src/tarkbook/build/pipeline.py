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

from anyascii import anyascii

from tarkbook.build.cache import (
    IMAGES_FOLDER,
    RECORD,
    Entry,
    book_table,
    edition_key,
    inputs_digest,
    read_pages,
    read_record,
    record_bytes,
    still_there,
)
from tarkbook.build.output import OutputError, Writer, prepare
from tarkbook.build.styles import SHEETS, StylesError, StyleSheet, find_style_sheets
from tarkbook.diagnostics import Diagnostic, ManuscriptError
from tarkbook.edition import (
    Context,
    Edition,
    EditionFailed,
    EditionUnavailable,
    PagesNotFound,
    Renderer,
)
from tarkbook.pdf.weasyprint.fast_import import import_renderer

if TYPE_CHECKING:
    from tarkbook.build.workers import Rendered
    from tarkbook.model import Book
    from tarkbook.render.page_places import PageStart

__all__ = [
    "EDITIONS", "Context", "Edition", "EditionFailed", "EditionUnavailable", "Output",
    "OutputError", "PartialBuild", "Renderer", "StylesError", "build", "slug",
]

TIME_LIMIT = 900.0
"""Seconds an edition may take to render before it is stopped (``--time-limit``)."""


def _load_epub() -> Renderer:
    from tarkbook.epub.edition import render_epub
    from tarkbook.render.environment import compile_templates

    compile_templates("epub")  # in the EPUB's process, while the build reads the book
    return render_epub


PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
HARFBUZZ_SUBSET_PACKAGE = "libharfbuzz-subset0"


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
    if not module.subsets_fonts():
        raise EditionUnavailable(
            "the PDF edition needs the HarfBuzz subset library to embed its fonts, which "
            "WeasyPrint could not load; on Debian or Ubuntu install it with: apt-get install "
            f"{HARFBUZZ_SUBSET_PACKAGE}")
    renderer: Renderer = module.render_pdf
    return renderer


def _load_cover() -> Renderer:
    """The wrap cover's renderer: WeasyPrint, loaded as the PDF's is."""
    _load_pdf()  # the same libraries, and the same reasons if they are missing
    from tarkbook.cover.edition import render_cover

    return render_cover


def _pdf_markup(book: Book) -> str:
    from tarkbook.pdf.markup import book_html  # no WeasyPrint: the build's process can

    return book_html(book)


EDITIONS: dict[str, Edition] = {
    "epub": Edition("EPUB", ".epub", _load_epub, niceness=10,  # a fifth of the PDF's time
                    needs_pages=True),
    "pdf": Edition("PDF", ".pdf", _load_pdf, prepare=_pdf_markup, gives_pages=True),
    "cover": Edition("cover", "-cover.pdf", _load_cover, needs_pages=True,
                     requires_pages=True, by_default=False),
}

UNPAGED = " without the page list"
"""Marks the key of an EPUB made without the print layout (the PDF edition could not be
laid out): a record of it never matches, so that the next build that can lay the book out
gives the EPUB its page list."""
PAGES = "pages"
"""The key, among the editions' keys, of the print layout: where the pages begin."""

LAYOUT = Edition("print layout", ".pdf", _load_pdf, prepare=_pdf_markup, gives_pages=True,
                 pages_only=True)
"""The PDF's layout alone: where its pages begin, for an EPUB built without the PDF (the
EPUB is the same whether the PDF is built with it or not)."""


SLUG_CHARS = 100
"""Longest file name made from a title, before its suffix: far under the 255 bytes file
systems take, and still the title's first dozen words."""


_LETTERS = str.maketrans({
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "ß": "ss", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "\u0131": "i",
})
"""Latin letters that Unicode does not decompose into a base letter and a mark."""


def slug(title: str, identifier: str = "") -> str:
    """A file name from a title: 'The Truth of Memory' -> 'the-truth-of-memory',
    'Wszystko płynie' -> 'wszystko-plynie', 'Правда памяти' -> 'pravda-pamyati' (another
    script transliterated); a long title is cut at a word, to SLUG_CHARS characters at
    most. A title of no letters to write gives the short form of the book's
    ``identifier`` ('book-5a1c7e02' of 'urn:uuid:5a1c7e02-…'), or 'book'."""
    latin = unicodedata.normalize("NFKD", title.translate(_LETTERS))
    ascii_title = "".join(_ascii(char) for char in latin)
    made = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(made) > SLUG_CHARS:
        cut = made[: SLUG_CHARS + 1]
        made = cut.rsplit("-", 1)[0] if "-" in cut else cut[:SLUG_CHARS]
    if made:
        return made
    short = re.sub(r"[^a-z0-9]+", "-", identifier.rsplit(":", 1)[-1].lower()).strip("-")
    return f"book-{short.split('-')[0][:SLUG_CHARS - 5]}" if short else "book"


def _ascii(char: str) -> str:
    """``char`` in ASCII: itself, nothing but for a letter or a digit, else its
    transliteration;
    a syllable of ideographs ('Ji' of '記') stands apart as a word."""
    if char.isascii():
        return char
    if unicodedata.category(char)[0] not in "LN":  # a mark, a sign, a quote: nothing
        return ""
    written = anyascii(char)
    return f" {written} " if unicodedata.category(char) == "Lo" and len(written) > 1 \
        and written[:1].isupper() else written


@dataclass(frozen=True, slots=True)
class Output:
    """An edition in the output folder: written now, or reused from the last build."""

    path: Path
    reused: bool
    seconds: float


def _quiet(_: object) -> None:
    return None


class PartialBuild(EditionFailed):
    """Some editions asked for by default were written, others failed: ``outputs`` are
    the editions in the output folder, ``reasons`` why the others are not."""

    def __init__(self, outputs: list[Output], reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.outputs = outputs
        self.reasons = reasons


def build(
    manuscript: Path, out: Path, formats: Sequence[str] | None, styles: Path | None = None,
    warn: Callable[[Diagnostic], None] = _quiet, marks: bool = False,
    say: Callable[[str], None] = _quiet, progress: Callable[[str], None] = _quiet,
    time_limit: float | None = TIME_LIMIT, reuse: bool = True, processes: bool = True,
    done: Callable[[Output], None] = _quiet, status: Callable[[str], None] = _quiet,
) -> list[Output]:
    """Build the editions named in ``formats`` (None: every one that can be made) into
    ``out``, with the style sheets of the folder ``styles`` (``--styles``; None: the
    first of the book's style folders that has each, else the default theme's).

    Raises ManuscriptError for a manuscript with errors, StylesError for a ``styles``
    folder that lacks a sheet, and EditionUnavailable for an edition that cannot be made;
    in all these cases nothing in ``out`` is changed. Editions named in ``formats`` are
    all or nothing: each is rendered before any is put in place, so a failure leaves the
    editions of the last good build as they were. Editions asked for by default are
    independent: each is put in place as soon as it is rendered, and when one fails the
    others are still written and PartialBuild says which failed (EditionFailed when
    none could be written). An edition whose inputs have not changed since the last build
    into ``out`` is reused (unless ``reuse`` is false). Each edition in place, written or
    reused, goes to ``done`` as soon as it is; warnings go to ``warn``, messages for the
    user (an edition skipped) to ``say``, what the build is doing, with timings, to
    ``progress``, and a short line of what an edition is doing now to ``status``.
    ``marks`` asks for the print-shop PDF. The editions are rendered a process each,
    unless ``processes`` is false.
    """
    arguments = (manuscript, out, formats, styles, warn, marks, say, progress, time_limit,
                 reuse, processes, done, status)
    try:
        return _build(*arguments, recorded_pages=True)
    except PagesNotFound:  # the record's pages are not this book's: it is no record of it
        progress("the pages the record keeps are not the book's: laying the book out")
        return _build(*arguments, recorded_pages=False)


def _build(
    manuscript: Path, out: Path, formats: Sequence[str] | None, styles: Path | None,
    warn: Callable[[Diagnostic], None], marks: bool, say: Callable[[str], None],
    progress: Callable[[str], None], time_limit: float | None, reuse: bool, processes: bool,
    done: Callable[[Output], None], status: Callable[[str], None], recorded_pages: bool,
) -> list[Output]:
    """``build``; ``recorded_pages`` takes the print layout's pages from the record of the
    last build when they are there for the same inputs (PagesNotFound when they do not fit
    the book)."""
    start = time.perf_counter()
    prepare(out)
    wanted = list(formats) if formats is not None else [
        n for n, e in EDITIONS.items() if e.by_default]
    sheets = find_style_sheets(manuscript, styles, [n for n in wanted if n in SHEETS])
    paged = _wants_page_list(manuscript)
    sheets.update(_print_sheet(manuscript, styles, wanted, paged))
    for key, sheet in sheets.items():
        progress(f"{EDITIONS[key].name}: style sheet {sheet.path} ({sheet.origin})")
    _refuse_output_among_inputs(out, manuscript, sheets)
    keys, record, reusable = _reusable(manuscript, sheets, out, wanted, marks, reuse, paged)
    progress(f"inputs hashed in {time.perf_counter() - start:.2f} s")
    outputs = {n: Output(out / e.file, True, 0.0) for n, e in reusable.items()}
    for output in outputs.values():
        done(output)
    if len(reusable) == len(wanted):  # nothing to do: say again what the build said
        for diagnostic in dict.fromkeys(d for e in reusable.values() for d in e.warnings):
            warn(diagnostic)
        return [outputs[n] for n in wanted]
    from tarkbook.build.workers import Renderers  # not needed by a build with nothing to do

    todo = [EDITIONS[n] for n in wanted if n not in reusable]
    if EDITIONS["pdf"] in todo:
        _warn_of_skipped_patches(say)
    # The EPUB or the cover without the PDF: the pages from the record of the last build,
    # when the print layout's inputs are the same, else from a layout of their own.
    alone = (any(e.needs_pages for e in todo) and EDITIONS["pdf"] not in todo
             and "pdf" in sheets)
    recorded = read_pages(out, keys[PAGES]) if alone and reuse and recorded_pages else None
    layout = [LAYOUT] if alone and recorded is None else []
    folders = {sheet.name: sheet.folder for sheet in sheets.values()}
    context = Context(manuscript, next(iter(folders.values()), manuscript), marks,
                      sheets=folders)
    every_one = formats is not None  # editions asked for by name: all or nothing
    # The editions' processes start now, to load their renderers while this process
    # loads the rest of tarkbook and reads the book.
    with Writer(out) as writer:  # the folder is this build's from its first write to its last
        with Renderers([*todo, *layout], context, time_limit, processes, recorded) as renderers:
            book, diagnostics = _read(manuscript, progress,
                                      EDITIONS["pdf"] in todo or EDITIONS["cover"] in todo)
            for diagnostic in diagnostics:
                warn(diagnostic)
            unavailable = [(e, r) for e, r in renderers.begin(book) if e is not LAYOUT]
            for edition, reason in unavailable:  # editions asked for by name must all be made
                if every_one:
                    raise EditionUnavailable(reason)
                say(f"skipping the {edition.name} edition: {reason}")
            todo = [e for e in todo if e not in (u for u, _ in unavailable)]
            wanted = [n for n in wanted if n in reusable or EDITIONS[n] in todo]
            if not wanted:
                raise EditionUnavailable("no edition is available")
            name = slug(book.metadata.title, book.metadata.identifier)
            entries = {n: e for n, e in record.items() if n not in wanted or n in reusable}
            files: list[tuple[str, str, Rendered]] = []
            reasons = []
            for edition, result in renderers.finished(todo, progress, status):
                if isinstance(result, PagesNotFound) and recorded is not None:
                    raise result  # nothing put in place yet: no edition is the PDF
                if isinstance(result, EditionUnavailable):
                    if every_one:
                        raise result
                    if str(result) not in reasons:  # one reason may stop several
                        reasons.append(str(result))
                    continue
                key = next(n for n, e in EDITIONS.items() if e is edition)
                file = name + edition.suffix
                made_with = keys[key]
                if edition.needs_pages and paged and renderers.without_pages is not None:
                    made_with += UNPAGED  # never reused: a later build may have the layout
                entries[key] = Entry(made_with, file, hashlib.sha256(result.data).hexdigest(),
                                     (*diagnostics, *result.warnings))
                for diagnostic in result.warnings:
                    warn(diagnostic)
                progress(f"{edition.name}: rendered in {result.seconds:.2f} s")
                files.append((key, file, result))
                pages = (keys[PAGES], renderers.pages) if renderers.pages is not None else None
                if not every_one:  # in place at once, with the record of what is in place
                    _put(writer, files, entries, outputs, done, pages)
                    files = []
            unpaged = renderers.without_pages
            if unpaged is None and EDITIONS["epub"] in todo and "pdf" not in sheets:
                unpaged = f"--styles {styles} has no print.css"
            _say_without_pages(unpaged, EDITIONS["epub"] in todo and paged,
                               bool(layout) or "pdf" not in sheets, say)
        if every_one:
            pages = (keys[PAGES], renderers.pages) if renderers.pages is not None else None
            _put(writer, files, entries, outputs, done, pages)
    if reasons and not outputs:
        raise EditionFailed("; ".join(reasons))
    if reasons:
        raise PartialBuild([outputs[n] for n in wanted if n in outputs], reasons)
    return [outputs[n] for n in wanted]


def _refuse_output_among_inputs(
    out: Path, manuscript: Path, sheets: dict[str, StyleSheet]
) -> None:
    """OutputError when ``out`` is, or is inside, a folder whose every file the build
    reads: the book's images folder or a styles folder. The editions would be inputs of
    the next build, which could then never reuse them (nor check the images alone)."""
    folders = [(manuscript / IMAGES_FOLDER, "the book's images folder")]
    folders += [(sheet.folder, "the folder of its style sheets") for sheet in sheets.values()]
    try:
        where = out.resolve()
        for folder, what in folders:
            if where.is_relative_to(folder.resolve()):
                raise OutputError(f"the output folder {out} is in {what}, {folder}, which "
                                  "the build reads; choose a folder outside it")
    except (OSError, RuntimeError):  # a name too long, a loop of links: prepare() says so
        return


def _wants_page_list(manuscript: Path) -> bool:
    """Whether the book's EPUB carries the print edition's page list, read before the book
    is, as reading it will say: ``[epub] page_list`` when it is true or false, else whether
    ``[print] isbn`` names a print edition. An EPUB without it needs no print layout, so
    the rule is the book's alone, whatever editions a build makes. A book.toml that cannot
    be read says true: reading the book reports it."""
    table = book_table(manuscript)
    epub, printed = table.get("epub", {}), table.get("print", {})
    if not isinstance(epub, dict) or not isinstance(printed, dict):
        return True
    asked = epub.get("page_list")
    if isinstance(asked, bool):
        return asked
    return printed.get("isbn") is not None  # one that is not an ISBN fails the reading


def _print_sheet(
    manuscript: Path, styles: Path | None, wanted: list[str], paged: bool
) -> dict[str, StyleSheet]:
    """The print edition's style sheet for an EPUB (that is ``paged``) or a cover built
    without the PDF: the EPUB's page list and the cover's spine come from the print
    layout. None when a ``--styles`` folder lacks it (the EPUB is then made without a page
    list; the cover fails)."""
    needing = [n for n in wanted if EDITIONS[n].requires_pages or (EDITIONS[n].needs_pages
                                                                    and paged)]
    if not needing or "pdf" in wanted:
        return {}
    try:
        return find_style_sheets(manuscript, styles, ["pdf"])
    except StylesError:
        return {}


def _say_without_pages(
    reason: str | None, epub: bool, say_why: bool, say: Callable[[str], None]
) -> None:
    """Tell once that the EPUB was made without the print edition's page list, and why
    (unless ``say_why`` is false: the PDF was skipped, and the build has said why)."""
    if not epub:
        return
    if reason is not None and say_why:
        say(f"the EPUB is made without the print edition's page list: {reason}")
    elif reason is not None:
        say("the EPUB is made without the print edition's page list, which needs the PDF "
            "edition's layout")


def _put(
    writer: Writer, files: list[tuple[str, str, Rendered]], entries: dict[str, Entry],
    outputs: dict[str, Output], done: Callable[[Output], None],
    pages: tuple[str, tuple[PageStart, ...]] | None = None,
) -> None:
    """Put the rendered ``files`` in the output folder with the record of ``entries`` (and
    of the print layout's ``pages``, with its key), all at once, and tell ``done`` of each."""
    writer.put([*((file, r.data) for _, file, r in files),
                (RECORD, record_bytes(entries, pages))])
    for key, file, result in files:
        outputs[key] = Output(writer.out / file, False, result.seconds)
        done(outputs[key])


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
    manuscript: Path, sheets: dict[str, StyleSheet], out: Path, wanted: list[str], marks: bool,
    reuse: bool, paged: bool,
) -> tuple[dict[str, str], dict[str, Entry], dict[str, Entry]]:
    """Each edition's key, the record of the last build into ``out`` and, of the editions
    in ``wanted``, those it made that can be reused. An edition's inputs are the
    manuscript and the folder of the style sheet it uses; the EPUB's, when it is
    ``paged``, are also those of the print edition, whose layout gives its page list (the
    key of that layout is ``keys[PAGES]``)."""
    digests: dict[Path, str] = {}
    keys = {}
    for name in wanted:
        folders = [sheets[name].folder if name in sheets else manuscript]
        edition = EDITIONS[name]
        if edition.requires_pages or (edition.needs_pages and paged):  # from the layout
            folders.append(sheets["pdf"].folder if "pdf" in sheets else manuscript)
        for folder in folders:
            if folder not in digests:
                digests[folder] = inputs_digest(manuscript, folder, out)
        inputs = " ".join(digests[folder] for folder in folders)
        keys[name] = edition_key(inputs, name, f"marks={marks}")
    if "pdf" in sheets:  # the print layout, where the EPUB's page list comes from
        folder = sheets["pdf"].folder
        if folder not in digests:
            digests[folder] = inputs_digest(manuscript, folder, out)
        keys[PAGES] = edition_key(digests[folder], PAGES, "")
    record = read_record(out, {n: e.suffix for n, e in EDITIONS.items()}) if reuse else {}
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
