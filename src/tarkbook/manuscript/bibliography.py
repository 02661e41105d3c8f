"""The book's bibliography: ``[book] bibliography``, a CSL-JSON or BibTeX file of the
manuscript, read into CSL-JSON items with the line each work stands on; ``[book] csl`` and
``[bibliography] all``, the settings around it."""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript.files import read_text

if TYPE_CHECKING:
    from tarkbook.manuscript.toml_tables import Locator as _Locator
    from tarkbook.manuscript.toml_tables import Table as _Table

FORMATS = {".json": "CSL-JSON", ".bib": "BibTeX"}
DEFAULT_STYLE = "chicago-author-date-16th-edition"
"""The style of a book that names none: Chicago's author-date (its 16th edition, whose
file citeproc-py formats in full; see docs/manuscript.md)."""


@dataclass(frozen=True, slots=True)
class BibliographySettings:
    """``[book] bibliography`` and ``csl``, and ``[bibliography] all``."""

    file: str
    """The bibliography's file in the manuscript folder; empty: the book has none."""
    file_pos: SourcePos
    style: str = DEFAULT_STYLE
    """A ``.csl`` file of the manuscript folder, or the name of a shipped style."""
    style_pos: SourcePos | None = None
    all: bool = False
    """List every work of the bibliography, not only the works cited."""


@dataclass(frozen=True, slots=True)
class Work:
    """One work of the bibliography as CSL-JSON, and where it is written."""

    item: dict[str, Any]
    pos: SourcePos


def read_settings(
    book: _Table | None, table: _Table | None, where: _Locator
) -> BibliographySettings:
    """The bibliography's settings from ``[book]`` and ``[bibliography]``; a name that
    cannot be a file of the manuscript is reported (K008) and taken as none."""
    file, style, every = "", DEFAULT_STYLE, False
    if book is not None:
        file = book.text("bibliography")
        style = book.text("csl", default=DEFAULT_STYLE)
    if table is not None:
        table.check_keys({"all"})
        every = table.flag("all")
    file_pos = where.value("book", "bibliography") if file else where.reporter.pos(where.path)
    if file and not (_plain_name(file) and Path(file).suffix.lower() in FORMATS):
        where.reporter.report("K008", file_pos, file=file,
                              reason="must be a .json (CSL-JSON) or .bib (BibTeX) file in the "
                                     "manuscript folder")
        file = ""
    style_pos = where.value("book", "csl") if book is not None and "csl" in book.data else None
    return BibliographySettings(file, file_pos, style, style_pos, every)


def _plain_name(name: str) -> bool:
    return "/" not in name and "\\" not in name and not name.startswith(".")


def read_works(folder: Path, settings: BibliographySettings, reporter: Reporter
               ) -> dict[str, Work] | None:
    """The works of the bibliography by their key in lower case (as citeproc-py compares
    keys), or None when the file cannot be read or holds an error (reported)."""
    path = folder / settings.file
    if not path.is_file():
        reporter.report("K008", settings.file_pos, file=settings.file, reason="is not found")
        return None
    text = read_text(path, reporter)
    if text is None:
        return None
    before = len(reporter.errors)
    if path.suffix.lower() == ".bib":
        works = _bibtex(text, reporter.pos(path), reporter)
    else:
        works = _csl_json(text, reporter.pos(path), reporter)
    keyed: dict[str, Work] = {}
    for work in works:
        key = str(work.item["id"]).lower()
        if key in keyed:
            reporter.report("K007", work.pos, key=work.item["id"], first=keyed[key].pos)
        else:
            keyed[key] = work
    return keyed if len(reporter.errors) == before else None


# ------------------------------------------------------------------ CSL-JSON

_ID = re.compile(r'"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?[0-9]+)')


def _csl_json(text: str, where: SourcePos, reporter: Reporter) -> list[Work]:
    def fail(reason: str, line: int = 1, column: int = 1) -> list[Work]:
        reporter.report("K002", SourcePos(where.file, line, column), file=where.file,
                        kind="CSL-JSON", reason=reason)
        return []

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return fail(exc.msg, exc.lineno, exc.colno)
    except RecursionError:
        return fail("its values are nested too deep")
    if not isinstance(data, list):
        return fail("it must be a list of works, [{\"id\": …, \"type\": …}, …]")
    # Where each id stands: json keeps no positions, the ids are found again in order.
    places = [_line_column(text, m.start()) for m in _ID.finditer(text)]
    works = []
    for index, item in enumerate(data):
        line, column = places[index] if index < len(places) else (1, 1)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int) \
                or isinstance(item.get("id"), bool) or not str(item.get("id")).strip():
            return fail(f"work {index + 1} has no \"id\" (a string that names it)", line, column)
        if not isinstance(item.get("type", "book"), str):
            return fail(f"the \"type\" of '{item['id']}' must be a string", line, column)
        works.append(Work({**item, "id": str(item["id"])}, SourcePos(where.file, line, column)))
    return works


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# ------------------------------------------------------------------ BibTeX

_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet",
    "inbook": "chapter", "incollection": "chapter", "inproceedings": "paper-conference",
    "conference": "paper-conference", "manual": "book", "mastersthesis": "thesis",
    "phdthesis": "thesis", "thesis": "thesis", "proceedings": "book", "collection": "book",
    "techreport": "report", "report": "report", "unpublished": "manuscript",
    "online": "webpage", "www": "webpage", "misc": "article",
}
"""BibTeX's and biblatex's entry types as CSL's (Pandoc's mapping, in short)."""
_FIELDS = {
    "title": "title", "publisher": "publisher", "address": "publisher-place",
    "location": "publisher-place", "journal": "container-title",
    "journaltitle": "container-title", "booktitle": "container-title", "volume": "volume",
    "number": "issue", "edition": "edition", "series": "collection-title", "note": "note",
    "doi": "DOI", "url": "URL", "isbn": "ISBN", "issn": "ISSN", "chapter": "chapter-number",
    "school": "publisher", "institution": "publisher", "organization": "publisher",
    "abstract": "abstract", "language": "language", "howpublished": "medium",
    "origdate": "original-date",
}
_NAMES = {"author": "author", "editor": "editor", "translator": "translator"}
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    start=1)}
_FAILURES = {
    "DuplicateBlockKeyBlock": "an entry with the key of an earlier one",
    "DuplicateFieldKeyBlock": "an entry that gives a field twice",
}


def _bibtex(text: str, where: SourcePos, reporter: Reporter) -> list[Work]:
    from bibtexparser import middlewares
    from bibtexparser.entrypoint import parse_string

    stack = [middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors(),
             middlewares.SplitNameParts()]
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its problems are ours
    library = parse_string(text, append_middleware=stack)
    for block in library.failed_blocks:
        reason = _FAILURES.get(type(block).__name__, "an entry that does not parse (a brace "
                                                    "or a quote not closed, a comma missing)")
        first = (block.raw or "").split("\n", 1)[0].strip()
        reporter.report("K002", SourcePos(where.file, (block.start_line or 0) + 1, 1),
                        file=where.file, kind="BibTeX", reason=f"{reason}: {first[:60]}")
    works = []
    for entry in library.entries:
        item: dict[str, Any] = {"id": entry.key, "type": _TYPES.get(entry.entry_type.lower(),
                                                                     "article")}
        fields = {field.key.lower(): field.value for field in entry.fields}
        for name, variable in _FIELDS.items():
            if isinstance(fields.get(name), str):
                item.setdefault(variable, _plain(fields[name]))
        for name, variable in _NAMES.items():
            if isinstance(fields.get(name), list):
                item[variable] = [_name(part) for part in fields[name]]
        if isinstance(fields.get("pages"), str):
            item["page"] = fields["pages"].replace("--", "\u2013")
        issued = _issued(fields)
        if issued:
            item["issued"] = issued
        works.append(Work(item, SourcePos(where.file, (entry.start_line or 0) + 1, 1)))
    return works


def _plain(value: str) -> str:
    """A field's text without the braces that only protect its case, escaped as CSL-JSON's
    rich text holds text (where ``<i>`` is italics, and ``&lt;`` a ``<``)."""
    return html.escape(" ".join(value.replace("{", "").replace("}", "").split()), quote=False)


def _name(parts: Any) -> dict[str, str]:
    name = {"family": _plain(" ".join(parts.last)), "given": _plain(" ".join(parts.first))}
    if parts.von:
        name["non-dropping-particle"] = _plain(" ".join(parts.von))
    if parts.jr:
        name["suffix"] = _plain(" ".join(parts.jr))
    if not name["given"]:
        return {"literal": name["family"]}
    return name


def _issued(fields: dict[str, Any]) -> dict[str, Any] | None:
    date = fields.get("date")
    if isinstance(date, str) and re.fullmatch(r"\d{4}(-\d{1,2}(-\d{1,2})?)?", date.strip()):
        return {"date-parts": [[int(part) for part in date.strip().split("-")]]}
    year = fields.get("year")
    if not isinstance(year, str) or not year.strip().isdigit():
        return {"literal": _plain(year)} if isinstance(year, str) and year.strip() else None
    parts = [int(year)]
    month = fields.get("month")
    if isinstance(month, str):
        number = _MONTHS.get(month.strip().lower()[:3])
        if number is None and month.strip().isdigit():
            number = int(month.strip())
        if number is not None and 1 <= number <= 12:
            parts.append(number)
    return {"date-parts": [parts]}
