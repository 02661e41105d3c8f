"""Reading and validating book.toml into metadata, contributors, speakers and sections."""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript.files import read_text
from tarkbook.model import (
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

_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_SPEAKER_KEY = re.compile(r"^\w+$")
_PAGE_SIZE = re.compile(
    r"^(A[3-6]|B[4-5]|letter|legal|\d+(\.\d+)?(mm|cm|in|pt)\s+\d+(\.\d+)?(mm|cm|in|pt))$"
)
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class SectionEntry:
    kind: SectionKind
    file: str
    pos: SourcePos


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


def is_language_tag(tag: str) -> bool:
    return bool(_LANG_TAG.match(tag))


class _Locator:
    """Finds the line of a table or key in book.toml, since tomllib gives no positions."""

    def __init__(self, reporter: Reporter, path: Path, text: str) -> None:
        self.reporter = reporter
        self.path = path
        self.lines = text.split("\n")

    def table(self, name: str, index: int = 0) -> SourcePos:
        pattern = re.compile(r"^\s*\[\[?\s*" + re.escape(name) + r"\s*\]\]?\s*(#.*)?$")
        seen = -1
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                seen += 1
                if seen == index:
                    return self.reporter.pos(self.path, number, line.index("[") + 1)
        return self.reporter.pos(self.path)

    def key(self, table: str, key: str, index: int = 0) -> SourcePos:
        start = self.table(table, index).line if table else 1
        pattern = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and line.lstrip().startswith("[") and table:
                break
            if pattern.match(line):
                return self.reporter.pos(self.path, number, len(line) - len(line.lstrip()) + 1)
        # A key of the top level may be a table: [print], [[sections]].
        return self.table(table, index) if table else self.table(key)


class _Table:
    """Typed access to one TOML table that reports unknown, missing and mistyped keys."""

    def __init__(
        self, data: dict[str, Any], name: str, where: _Locator, index: int = 0
    ) -> None:
        self.data = data
        self.name = name
        self.where = where
        self.index = index
        self.ok = True

    def pos(self, key: str | None = None) -> SourcePos:
        if key is None:
            return self.where.table(self.name, self.index)
        return self.where.key(self.name, key, self.index)

    def error(self, code: str, key: str | None, /, **params: object) -> None:
        self.ok = False
        self.where.reporter.report(code, self.pos(key), table=self.label, **params)

    @property
    def label(self) -> str:
        return f"[{self.name}]" if self.name else "book.toml"

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                self.error("C003", key, key=key)

    def _get(self, key: str, kind: type, expected: str, required: bool) -> Any:
        if key not in self.data:
            if required:
                self.error("C004", None, key=key)
            return None
        value = self.data[key]
        if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool):
            self.error("C005", key, key=key, expected=expected, actual=type(value).__name__)
            return None
        return value

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        value = self._get(key, str, "a string", required)
        if value is not None and not value.strip():
            self.error("C006", key, key=key, reason="it is empty")
            return default
        return default if value is None else str(value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._get(key, bool, "true or false", False)
        return default if value is None else bool(value)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key, list, "a list of strings", False)
        if value is None:
            return ()
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.error("C005", key, key=key, expected="a list of strings", actual="other values")
            return ()
        return tuple(value)


def read_config(folder: Path, reporter: Reporter) -> Config | None:
    """The validated contents of ``folder/book.toml``, or None when it has errors."""
    path = folder / "book.toml"
    if not path.is_file():
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
    return _build(data, _Locator(reporter, path, text))


def _build(data: dict[str, Any], where: _Locator) -> Config:
    root = _Table(data, "", where)
    root.check_keys(
        {"book", "contributors", "source", "speakers", "sections", "print", "notes"}
    )
    metadata = _metadata(_subtable(root, "book", required=True), where)
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
        print_table.check_keys({"page_size", "marks", "font", "fallbacks"})
        size = print_table.text("page_size", default=print_settings.page_size)
        if not _PAGE_SIZE.match(size):
            print_table.error(
                "C006", "page_size", key="page_size",
                reason=f"'{size}' is not a page size such as A5, '129mm 198mm' or '5.5in 8.5in'",
            )
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
        print_settings = PrintSettings(size, print_table.flag("marks"), font, fallbacks)
    notes_table = _subtable(root, "notes", required=False)
    signature = ""
    if notes_table is not None:
        notes_table.check_keys({"signature"})
        signature = " ".join(notes_table.text("signature").split())
    # Problems are in the reporter; a config with errors still lists its sections, so that
    # every file of the manuscript is checked in the same run.
    return Config(
        metadata, contributors, speakers, sections, citation,
        source.pos("citation") if source else where.reporter.pos(where.path), print_settings,
        where.key("book", "imprint"), signature,
    )


def _listed(names: tuple[str, ...]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _subtable(parent: _Table, key: str, required: bool) -> _Table | None:
    value = parent._get(key, dict, "a table", required)
    return None if value is None else _Table(value, key, parent.where)


def _metadata(table: _Table | None, where: _Locator) -> Metadata:
    if table is None:  # reported as missing; a placeholder lets the sections be checked
        return Metadata("", "", "", "", datetime.date(1970, 1, 1))
    table.check_keys({
        "title", "subtitle", "language", "identifier", "date", "publisher", "rights",
        "description", "subjects", "imprint",
    })
    title = table.text("title", required=True)
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
    )
    return metadata


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
        table.check_keys({"name", "file_as", "roles"})
        name = table.text("name", required=True)
        roles = table.texts("roles") or ("aut",)
        for role in roles:
            if role not in RELATORS:
                table.error("C006", "roles", key="roles",
                            reason=f"'{role}' is not a MARC relator code tarkbook knows "
                                   f"({', '.join(sorted(RELATORS))})")
        people.append(Contributor(name, table.text("file_as", default=name), roles))
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
        if not _SPEAKER_KEY.match(key) or not key.isupper():
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
    seen: set[str] = set()
    for table in tables:
        table.check_keys({"kind", "file"})
        kind_text = table.text("kind", required=True)
        kind = _as_kind(kind_text)
        if kind_text and kind is None:
            table.error("C006", "kind", key="kind",
                        reason=f"'{kind_text}' is not one of {', '.join(SECTION_KINDS)}")
        file = table.text("file", required=True)
        pos = table.pos("file")
        if file and ("/" in file or "\\" in file or file.startswith(".") or file == "notes.md"
                     or not file.endswith(".md")):
            where.reporter.report("C009", pos, file=file)
            table.ok = False
        elif file in seen:
            where.reporter.report("C008", pos, file=file)
            table.ok = False
        elif file and not (where.path.parent / file).is_file():
            where.reporter.report("C007", pos, file=file)
            table.ok = False
        seen.add(file)
        if kind is not None and table.ok:
            entries.append(SectionEntry(kind, file, pos))
    return tuple(entries)
