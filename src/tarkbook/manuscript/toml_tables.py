"""book.toml's tables as the reader of book.toml reads them: where a table or a key stands
(tomllib gives no positions), and typed access to a table that reports unknown, missing and
mistyped keys at their place."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript.files import has_words
from tarkbook.manuscript.suggest import key_hint


class Locator:
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

    def value(self, table: str, key: str, offset: int = 0, index: int = 0) -> SourcePos:
        """The position of character ``offset`` of a string value (0: its first character,
        after the quote; -1: the opening quote, for the value as a whole); the key's
        position when the value is not a string on its line."""
        pos = self.key(table, key, index)
        line = self.lines[pos.line - 1] if pos.line <= len(self.lines) else ""
        match = re.match(r"^\s*" + re.escape(key) + r"\s*=\s*(\"{3}|'{3}|\"|')", line)
        if match is None:
            return pos
        return self.reporter.pos(self.path, pos.line, match.end() + 1 + offset)

    def entry(self, table: str, key: str, index: int, field: str | None = None,
              name: bool = False) -> SourcePos:
        """The position of the ``index``-th inline table of the array ``key`` (its
        ``{``), or of its ``field``'s value (its name: ``name``); the key's when it cannot
        be told."""
        pos = self.key(table, key)
        seen = -1
        for number in range(pos.line, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > pos.line and line.lstrip().startswith("["):
                break
            for column, char in enumerate(line):
                if char != "{" or (number == pos.line and column < pos.column - 1):
                    continue
                seen += 1
                if seen != index:
                    continue
                if field is None:
                    return self.reporter.pos(self.path, number, column + 1)
                found = re.compile(re.escape(field) + r"\s*=\s*").search(line, column)
                if found is None:
                    return self.reporter.pos(self.path, number, column + 1)
                return self.reporter.pos(self.path, number,
                                         (found.start() if name else found.end()) + 1)
        return pos


def key_position(reporter: Reporter, path: Path, text: str, table: str, key: str) -> SourcePos:
    """Where ``key`` of ``table`` stands in ``text``, the book.toml at ``path`` (its table's
    line when the key is not written there)."""
    return Locator(reporter, path, text).key(table, key)


class Table:
    """Typed access to one TOML table that reports unknown, missing and mistyped keys."""

    def __init__(
        self, data: dict[str, Any], name: str, where: Locator, index: int = 0
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
                self.error("C003", key, key=key, hint=key_hint(key, allowed))

    def value(self, key: str, kind: type, expected: str, required: bool) -> Any:
        """The value of ``key`` when it is of ``kind`` (C005 otherwise, which says it should
        be ``expected``); None when it is not there (C004 when it is ``required``)."""
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
        value = self.value(key, str, "a string", required)
        if value is not None and not has_words(value):
            self.error("C006", key, key=key, reason="it is empty")
            return default
        return default if value is None else str(value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.value(key, bool, "true or false", False)
        return default if value is None else bool(value)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.value(key, list, "a list of strings", False)
        if value is None:
            return ()
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.error("C005", key, key=key, expected="a list of strings", actual="other values")
            return ()
        return tuple(value)
