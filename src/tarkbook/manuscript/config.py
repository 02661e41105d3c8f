"""Reading and validating book.toml into metadata, contributors, speakers and sections."""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript import limits, print_shop
from tarkbook.manuscript.bibliography import BibliographySettings, read_settings
from tarkbook.manuscript.conformance import read_conformance
from tarkbook.manuscript.cover import read_cover
from tarkbook.manuscript.files import is_forbidden, read_text
from tarkbook.manuscript.isbn import IsbnProblem, check_isbn
from tarkbook.manuscript.labels import read_labels, template_problem
from tarkbook.manuscript.suggest import closest, key_hint
from tarkbook.manuscript.text_options import DIGITS, TextOptions
from tarkbook.manuscript.toml_tables import Locator as _Locator
from tarkbook.manuscript.toml_tables import Table as _Table
from tarkbook.manuscript.toml_text import deep_value, escaped_characters
from tarkbook.manuscript.typeset import typeset_strings
from tarkbook.model import (
    BACK_MATTER,
    BODY_OPENERS,
    ENDING,
    FRONT_MATTER,
    PROOF_CHECKS,
    PROOF_LEVELS,
    SECTION_KINDS,
    SPEAKER_ROLES,
    Contributor,
    Metadata,
    PrintSettings,
    SectionKind,
    Speaker,
    SpeakerRole,
)
from tarkbook.pdf.fonts import BOOK_FACES, FAMILIES, MAX_FALLBACKS

# MARC relator codes an edition is likely to need (https://www.loc.gov/marc/relators/).
RELATORS = {
    "aut": "Author", "ive": "Interviewee", "ivr": "Interviewer", "edt": "Editor",
    "ann": "Annotator", "trl": "Translator", "aui": "Author of introduction",
    "aft": "Author of afterword", "ill": "Illustrator", "pht": "Photographer",
    "cov": "Cover designer", "ctb": "Contributor", "com": "Compiler", "pbl": "Publisher",
}

# Matched whole (fullmatch): "$" would let a trailing newline through.
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_SPEAKER_KEY = re.compile(r"\w+")
_NAMED_PAGE_SIZES = {"A3", "A4", "A5", "A6", "B4", "B5", "letter", "legal"}
_DIMENSION = re.compile(r"([0-9]{1,9}(?:\.[0-9]{1,9})?)(mm|cm|in|pt)")  # digits the PDF reads
_PAGE_SIZE = re.compile(r"(\S+) +(\S+)")
_MILLIMETRES = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


KIND_ALIASES: dict[str, SectionKind] = {"acknowledgements": "acknowledgments"}
"""Other spellings a book.toml may use for a section kind."""


@dataclass(frozen=True, slots=True)
class SectionEntry:
    kind: SectionKind
    file: str
    pos: SourcePos
    show_title: bool = True


@dataclass(frozen=True, slots=True)
class Config:
    metadata: Metadata
    contributors: tuple[Contributor, ...]
    speakers: tuple[Speaker, ...]
    sections: tuple[SectionEntry, ...]
    source_citation: str
    citation_pos: SourcePos
    print_settings: PrintSettings
    imprint_pos: SourcePos
    note_signature: str = ""
    """Who signs the notes (``[notes] signature``), e.g. "Ed."; empty: notes are unsigned."""
    labels: tuple[tuple[str, str], ...] = ()
    """The book's own labels (``[labels]``)."""
    cover_image: str = ""
    """The book's own cover (``[cover] image``), checked; empty when none."""
    cover_alt: str = ""
    """What the book's own cover shows, in words (``[cover] alt``); empty: made from the
    metadata."""
    smart_punctuation: bool = True
    """``[text] smart_punctuation``: straight quotes, ``--``, ``---`` and ``...`` made
    typographic."""
    proof_levels: tuple[tuple[str, str], ...] = ()
    """``[proof]``: checks of ``tarkbook proof`` at another level."""
    text_options: TextOptions = field(default_factory=TextOptions)
    """The other options of ``[text]``: the spaces around punctuation, the digits."""
    cover_back: str = ""
    """The back cover's text (``[cover] back``), Markdown inline."""
    cover_back_pos: SourcePos | None = None
    cover_image_pos: SourcePos | None = None
    proof_accepted: tuple[tuple[str, int], ...] = ()
    """``[proof] accept``: (check, PDF page) of each warning the author has accepted; page
    0: every warning of the check."""
    bibliography: BibliographySettings | None = None
    """``[book] bibliography`` and ``csl``, ``[bibliography]``: the works the book cites."""


def is_language_tag(tag: str) -> bool:
    return bool(_LANG_TAG.fullmatch(tag))


def page_size_problem(size: str) -> str | None:
    """Why ``size`` is not a trim size the print edition can use, or None."""
    if size in _NAMED_PAGE_SIZES:
        return None
    example = "such as A5, '129mm 198mm' or '5.5in 8.5in'"
    pair = _PAGE_SIZE.fullmatch(size)
    sides = [_DIMENSION.fullmatch(side) for side in pair.groups()] if pair else []
    if len(sides) != 2 or not all(sides):
        return f"'{size}' is not a page size {example}"
    low, high = limits.MIN_PAGE_MM, limits.MAX_PAGE_MM
    for name, side in zip(("width", "height"), sides, strict=True):
        assert side is not None
        millimetres = float(side[1]) * _MILLIMETRES[side[2]]
        if not low <= millimetres <= high:
            shown = f"{millimetres:.0f}" if millimetres >= 10 else f"{millimetres:.2g}"
            return (f"the {name} {side[0]} is {shown} mm; a page is between {low} mm "
                    f"and {high} mm each way")
    return None


def read_config(folder: Path, reporter: Reporter) -> Config | None:
    """The validated contents of ``folder/book.toml``, or None when it has errors."""
    path = folder / "book.toml"
    if not os.path.lexists(path):  # anything else there is reported when it is read
        reporter.report("C001", reporter.pos(path))
        return None
    text = read_text(path, reporter)
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POS.search(message)
        line, column = (int(match[1]), int(match[2])) if match else (1, 1)
        reason = _TOML_POS.sub("", message).strip()
        reporter.report("C002", reporter.pos(path, line, column), reason=reason)
        return None
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        line, column = deep_value(text, limits.MAX_NESTING) or (1, 1)
        reporter.report("C002", reporter.pos(path, line, column),
                        reason=f"a value is nested more than {limits.MAX_NESTING} levels deep")
        return None
    # Escapes (\u0000, \f) put into strings what the text itself may not hold; nor a
    # carriage return, which the text holds only as the end of a line (\r is none).
    for line, column, character in escaped_characters(text):
        if is_forbidden(character) or character == "\r":
            reporter.report("F006", reporter.pos(path, line, column), codepoint=ord(character))
    return _build(data, _Locator(reporter, path, text))


def _build(data: dict[str, Any], where: _Locator) -> Config:
    root = _Table(data, "", where)
    root.check_keys(
        {"book", "contributors", "source", "speakers", "sections", "print", "notes", "epub",
         "cover", "labels", "style", "text", "proof", "bibliography"}
    )
    book_table = _subtable(root, "book", required=True)
    metadata = _metadata(book_table, where)
    bibliography = read_settings(book_table, _subtable(root, "bibliography", required=False),
                                 where)
    contributors = _contributors(root, where)
    speakers = _speakers(root, where)
    sections = _sections(root, where)
    source = _subtable(root, "source", required=False)
    citation = ""
    if source is not None:
        source.check_keys({"citation"})
        citation = source.text("citation", required=True)
    print_table = _subtable(root, "print", required=False)
    print_settings = PrintSettings()
    if print_table is not None:
        print_table.check_keys(
            {"page_size", "marks", "isbn", "number_chapters", "font", "fallbacks",
             "signature", "pdf_x", "paper", "price", "poems", "link_addresses",
             "contents_depth"})
        size = print_table.text("page_size", default=print_settings.page_size)
        problem = page_size_problem(size)
        if problem is not None:
            print_table.ok = False
            where.reporter.report("C006", where.value("print", "page_size", -1), key="page_size",
                                  table="[print]", reason=problem)
        font = print_table.text("font", default=print_settings.font)
        if font not in BOOK_FACES:
            print_table.error("C006", "font", key="font",
                              reason=f"'{font}' is not one of {_listed(BOOK_FACES)}")
            font = print_settings.font
        fallbacks = print_settings.fallbacks
        if "fallbacks" in print_table.data:
            fallbacks = print_table.texts("fallbacks")
            families = tuple(family.name for family in FAMILIES)
            for name in fallbacks:
                if name not in families:
                    print_table.error("C006", "fallbacks", key="fallbacks",
                                      reason=f"'{name}' is not one of {_listed(families)}")
            fallbacks = tuple(name for name in fallbacks if name in families)
            if len(fallbacks) > MAX_FALLBACKS:
                print_table.error("C006", "fallbacks", key="fallbacks",
                                  reason=f"there may be at most {MAX_FALLBACKS} fallbacks")
                fallbacks = fallbacks[:MAX_FALLBACKS]
        print_settings = PrintSettings(
            size, print_table.flag("marks"), isbn=_isbn(print_table),
            number_chapters=print_table.flag("number_chapters"), font=font, fallbacks=fallbacks,
            signature=_signature(print_table), pdf_x=print_shop.pdf_x(print_table),
            paper=print_shop.paper(print_table), price=print_shop.price(print_table),
            poems=_poems(print_table),
            link_addresses=print_table.flag("link_addresses", default=True),
            contents_depth=_contents_depth(print_table),
        )
    # A book that names its print edition (an ISBN) lists its pages in the EPUB, unless
    # it says otherwise; another only when it asks: the page list costs a print layout.
    metadata = dataclasses.replace(metadata, epub_page_list=bool(print_settings.isbn))
    epub_table = _subtable(root, "epub", required=False)
    if epub_table is not None:
        epub_table.check_keys({"isbn", "page_list", "conforms_to", "certified_by"})
        conforms_to, certified_by = read_conformance(epub_table)
        metadata = dataclasses.replace(metadata, epub_isbn=_isbn(epub_table),
                                       epub_page_list=epub_table.flag("page_list",
                                                                   metadata.epub_page_list),
                                       epub_conforms_to=conforms_to,
                                       epub_certified_by=certified_by)
        if metadata.epub_isbn and metadata.epub_isbn == print_settings.isbn:
            # An ISBN names one edition: the EPUB and the paperback each have their own.
            epub_table.error("C014", "isbn", isbn=epub_table.text("isbn"))
    language = metadata.language if is_language_tag(metadata.language) else ""
    labels = read_labels(_subtable(root, "labels", required=False), language, where)
    cover, cover_alt, back = read_cover(_subtable(root, "cover", required=False), where)
    notes_table = _subtable(root, "notes", required=False)
    signature = ""
    if notes_table is not None:
        notes_table.check_keys({"signature"})
        signature = " ".join(notes_table.text("signature").split())
    _style(root, where)
    text_table = _subtable(root, "text", required=False)
    smart, options = True, TextOptions()
    if text_table is not None:
        text_table.check_keys({"smart_punctuation", "thin_spaces", "digits"})
        smart = text_table.flag("smart_punctuation", default=True)
        options = TextOptions(text_table.flag("thin_spaces", default=True),
                              _digits(text_table))
    metadata, contributors, speakers = typeset_strings(metadata, contributors, speakers,
                                                       smart, options)
    metadata = dataclasses.replace(metadata, digits=options.digits)
    # Problems are in the reporter; a config with errors still lists its sections, so that
    # every file of the manuscript is checked in the same run.
    levels, accepted = _proof(_subtable(root, "proof", required=False))
    return Config(
        metadata, contributors, speakers, sections, citation,
        source.pos("citation") if source else where.reporter.pos(where.path), print_settings,
        where.key("book", "imprint"), signature, labels, cover, cover_alt, smart,
        levels, text_options=options,
        cover_back=back,
        cover_back_pos=where.value("cover", "back") if back else where.reporter.pos(where.path),
        cover_image_pos=where.value("cover", "image") if cover else None,
        proof_accepted=accepted,
        bibliography=bibliography,
    )


def _proof(table: _Table | None
           ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, int], ...]]:
    """``[proof]``: the checks at another level, and the warnings accepted."""
    if table is None:
        return (), ()
    table.check_keys({*PROOF_CHECKS, "accept"})
    return _proof_levels(table), _proof_accepted(table)


def _proof_accepted(table: _Table) -> tuple[tuple[str, int], ...]:
    """``[proof] accept = [{check = "short-page", page = 12}, …]``: each warning of a check
    on a PDF page that the author has judged acceptable; without a page (0), every warning
    of the check (a book's odd page count)."""
    entries = table.value("accept", list, "a list of tables such as "
                         "{check = \"short-page\", page = 12}", False)
    accepted: list[tuple[str, int]] = []
    where = table.where
    for index, entry in enumerate(entries or []):
        def fail(code: str, field: str | None = None, /, at: int = index,
                 **params: object) -> None:
            table.ok = False
            where.reporter.report(code, where.entry("proof", "accept", at, field,
                                                    name=code == "C003"),
                                  table="[proof] accept", **params)
        if not isinstance(entry, dict):
            table.ok = False
            where.reporter.report("C005", where.key("proof", "accept"), key="accept",
                                  table="[proof]", expected="a list of tables such as "
                                  "{check = \"short-page\", page = 12}",
                                  actual=f"a list with a {type(entry).__name__}")
            continue
        for key in entry:
            if key not in ("check", "page"):
                fail("C003", key, key=key, hint=key_hint(key, ("check", "page")))
        check, page = entry.get("check"), entry.get("page", 0)
        if check is None:
            fail("C004", key="check")
            continue
        if check not in PROOF_CHECKS:
            near = closest(str(check), PROOF_CHECKS)
            fail("C006", "check", key="check", reason=f"'{check}' is not a check of the proof"
                 + (f"; did you mean '{near}'?" if near else ""))
            continue
        if not isinstance(page, int) or isinstance(page, bool) or page < 0 \
                or (page == 0 and "page" in entry):
            fail("C006", "page", key="page",
                 reason=f"{page!r} is not a page of the PDF (a whole number from 1)")
            continue
        accepted.append((str(check), page))
    return tuple(accepted)


def _proof_levels(table: _Table) -> tuple[tuple[str, str], ...]:
    """``[proof]``: each check named and the level its findings get."""
    levels = []
    for check in PROOF_CHECKS:
        if check not in table.data:
            continue
        level = table.text(check)
        if level not in PROOF_LEVELS:
            table.error("C006", check, key=check,
                        reason=f"'{level}' is not one of {_listed(PROOF_LEVELS)}")
            continue
        levels.append((check, level))
    return tuple(levels)


MAX_SIGNATURE = 64
"""Most pages to a folded sheet a print shop makes."""


def _signature(table: _Table) -> int:
    """``[print] signature``: pages to a folded sheet, a multiple of 4 (0: none)."""
    value = table.value("signature", int, "a whole number of pages", False)
    if value is None:
        return 0
    if value % 4 or not 4 <= value <= MAX_SIGNATURE:
        table.error("C006", "signature", key="signature",
                    reason=f"{value} is not a multiple of 4 from 4 to {MAX_SIGNATURE}")
        return 0
    return int(value)


def _isbn(table: _Table) -> str:
    """The ISBN-13 of ``isbn`` in ``table`` (digits only), or "" when absent or wrong."""
    value = table.text("isbn")
    if not value:
        return ""
    checked = check_isbn(value)
    if isinstance(checked, IsbnProblem):
        table.ok = False
        table.where.reporter.report(
            "C010", table.where.value(table.name, "isbn", checked.offset), table=table.label,
            isbn=value, reason=checked.reason,
        )
        return ""
    return checked


def _style(root: _Table, where: _Locator) -> None:
    """``[style] dir``: the book's folder of style sheets, which must exist (the build
    finds it again; see tarkbook.build.styles)."""
    table = _subtable(root, "style", required=False)
    if table is None:
        return
    table.check_keys({"dir"})
    from tarkbook.build.styles import style_folder_problem  # the build's own rule

    folder = table.text("dir")
    problem = style_folder_problem(where.path.parent, folder) if folder else None
    if problem:
        table.error("C006", "dir", key="dir", reason=problem)


def _listed(names: tuple[str, ...]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _subtable(parent: _Table, key: str, required: bool) -> _Table | None:
    value = parent.value(key, dict, "a table", required)
    return None if value is None else _Table(value, key, parent.where)


def _metadata(table: _Table | None, where: _Locator) -> Metadata:
    if table is None:  # reported as missing; a placeholder lets the sections be checked
        return Metadata("", "", "", "", datetime.date(1970, 1, 1))
    table.check_keys({
        "title", "subtitle", "language", "identifier", "date", "publisher", "rights",
        "description", "subjects", "imprint", "sources", "edition", "series",
        "series_number", "bibliography", "csl",
    })
    title = table.text("title", required=True)
    if len(title) > limits.MAX_TITLE_CHARS:
        table.error("C012", "title", length=len(title), limit=limits.MAX_TITLE_CHARS)
    language = table.text("language", required=True)
    if language and not is_language_tag(language):
        table.error("C006", "language", key="language",
                    reason=f"'{language}' is not a BCP 47 language tag such as 'en' or 'en-GB'")
    identifier = table.text("identifier", required=True)
    date = _date(table)
    metadata = Metadata(
        title=title,
        subtitle=table.text("subtitle"),
        language=language,
        identifier=identifier,
        date=date or datetime.date(1970, 1, 1),
        publisher=table.text("publisher"),
        rights=table.text("rights"),
        description=table.text("description"),
        subjects=table.texts("subjects"),
        imprint=table.text("imprint"),
        sources=table.texts("sources"),
        edition=table.text("edition"),
        series=table.text("series"),
        series_number=_series_number(table),
    )
    return metadata


def _poems(table: _Table) -> str:
    poems = table.text("poems", default="recto")
    if poems not in ("recto", "run-on"):
        table.error("C006", "poems", key="poems",
                    reason=f"'{poems}' is not \"recto\" or \"run-on\"")
        return "recto"
    return poems


def _contents_depth(table: _Table) -> int:
    """``[print] contents_depth``: 1, the sections; 2 (the default), their ``##`` titles
    too."""
    value = table.value("contents_depth", int, "1 or 2", False)
    if value is None:
        return 2
    if value not in (1, 2):
        table.error("C006", "contents_depth", key="contents_depth",
                    reason=f"{value} is not 1 (the sections) or 2 (their ## titles too)")
        return 2
    return int(value)


def _digits(table: _Table) -> str:
    digits = table.text("digits", default="default")
    if digits not in DIGITS:
        table.error("C006", "digits", key="digits",
                    reason=f"'{digits}' is not one of {', '.join(DIGITS)}")
        return "default"
    return digits


def _series_number(table: _Table) -> int:
    value = table.value("series_number", int, "a whole number", False)
    if value is None:
        return 0
    if value < 1:
        table.error("C006", "series_number", key="series_number",
                    reason=f"{value} is not a place in a series (1, 2, 3 …)")
        return 0
    if "series" not in table.data:
        table.error("C006", "series_number", key="series_number",
                    reason="a series number needs the name of the series: series = \"…\"")
        return 0
    return int(value)


def _date(table: _Table) -> datetime.date | None:
    if "date" not in table.data:
        table.error("C004", None, key="date")
        return None
    value = table.data["date"]
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    table.error("C006", "date", key="date", reason=f"'{value}' is not a date such as 2026-11-25")
    return None


def _array_of_tables(root: _Table, key: str) -> list[_Table] | None:
    if key not in root.data:
        return []
    value = root.data[key]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        root.error("C005", key, key=key, expected=f"a list of tables ([[{key}]])",
                   actual=type(value).__name__)
        return None
    return [_Table(v, key, root.where, i) for i, v in enumerate(value)]


def _contributors(root: _Table, where: _Locator) -> tuple[Contributor, ...]:
    tables = _array_of_tables(root, "contributors") or []
    people = []
    for table in tables:
        table.check_keys({"name", "file_as", "roles", "credit"})
        name = table.text("name", required=True)
        roles = table.texts("roles") or ("aut",)
        for role in roles:
            if role not in RELATORS:
                table.error("C006", "roles", key="roles",
                            reason=f"'{role}' is not a MARC relator code tarkbook knows "
                                   f"({', '.join(sorted(RELATORS))})")
        credit = table.text("credit")
        if credit and (problem := template_problem(credit, {"names"})):
            table.error("C006", "credit", key="credit", reason=problem)
            credit = ""
        people.append(Contributor(name, table.text("file_as", default=name), roles, credit))
    return tuple(people)


def _speakers(root: _Table, where: _Locator) -> tuple[Speaker, ...]:
    table = _subtable(root, "speakers", required=False)
    if table is None:
        return ()
    speakers = []
    for key, value in table.data.items():
        name = f"speakers.{key}"
        if not isinstance(value, dict):
            table.error("C005", key, key=key, expected="a table", actual=type(value).__name__)
            continue
        entry = _Table(value, name, where)
        if not _SPEAKER_KEY.fullmatch(key) or not key.isupper():
            entry.error("C006", None, key=key,
                        reason="a speaker key is one word in capitals, such as Q or TARKOVSKY")
        entry.check_keys({"name", "label", "role"})
        role = entry.text("role", default="other")
        if role not in SPEAKER_ROLES:
            entry.error("C006", "role", key="role",
                        reason=f"'{role}' is not one of {', '.join(SPEAKER_ROLES)}")
        speaker = Speaker(
            key, entry.text("name", required=True), entry.text("label", default=key),
            _as_role(role),
        )
        speakers.append(speaker)
    return tuple(speakers)


def _as_role(role: str) -> SpeakerRole:
    for known in SPEAKER_ROLES:
        if role == known:
            return known
    return "other"


def _as_kind(kind: str) -> SectionKind | None:
    if kind in KIND_ALIASES:
        return KIND_ALIASES[kind]
    for known in SECTION_KINDS:
        if kind == known:
            return known
    return None


def _sections(root: _Table, where: _Locator) -> tuple[SectionEntry, ...]:
    tables = _array_of_tables(root, "sections")
    if tables is None:
        return ()
    if not tables:
        root.error("C004", None, key="sections")
        return ()
    entries = []
    placed: list[tuple[SectionEntry, _Table]] = []
    seen: set[str] = set()
    for table in tables:
        table.check_keys({"kind", "file", "show_title"})
        kind_text = table.text("kind", required=True)
        kind = _as_kind(kind_text)
        if kind_text and kind is None:
            names = ", ".join((*SECTION_KINDS, *KIND_ALIASES))
            table.error("C006", "kind", key="kind",
                        reason=f"'{kind_text}' is not one of {names}")
        # an index's file is a headnote; the works cited need no file (one is a headnote)
        file = table.text("file", required=kind not in ("index", "bibliography"))
        pos = table.pos("file")
        if file and ("/" in file or "\\" in file or file.startswith(".") or file == "notes.md"
                     or not file.endswith(".md")
                     or len(file.encode("utf-8", "surrogatepass")) > limits.MAX_FILE_NAME_BYTES):
            where.reporter.report("C009", pos, file=file)
            table.ok = False
        elif file and file in seen:
            where.reporter.report("C008", pos, file=file)
            table.ok = False
        elif file and not (where.path.parent / file).is_file():
            where.reporter.report("C007", pos, file=file)
            table.ok = False
        seen.add(file)
        show_title = table.flag("show_title", default=True)
        if kind is not None and table.ok:
            entries.append(SectionEntry(kind, file, pos, show_title))
            placed.append((entries[-1], table))
    _check_places(placed)
    return tuple(entries)


def _check_places(entries: list[tuple[SectionEntry, _Table]]) -> None:
    """Front matter before the body, back matter after its start, colophon and
    about-the-author at the end."""
    kinds = [entry.kind for entry, _ in entries]
    first_body = next((i for i, kind in enumerate(kinds) if kind in BODY_OPENERS), None)
    for index, (entry, table) in enumerate(entries):
        where = ""
        if first_body is not None and entry.kind in FRONT_MATTER and index > first_body:
            where = "after the body has begun; list it before the first chapter"
        elif first_body is not None and entry.kind in BACK_MATTER and index < first_body:
            where = "before the body begins; list it after the first chapter"
        elif entry.kind not in ENDING and any(k in ENDING for k in kinds[:index]):
            where = "after the about-the-author or colophon section, which end the book"
        if where:
            table.error("C013", "kind", kind=entry.kind, where=where)
