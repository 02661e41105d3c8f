"""What a benchmark measured: its rows, their runs, and the names the report gives them."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from runner import Run

TIMES = "\N{MULTIPLICATION SIGN}"
BOOKS = {"real": "real book", "long": "long book"}
LABELS = {**BOOKS, "none": "no book", "long-notes": "long book, 40 long notes"}


@dataclass(slots=True)
class Row:
    book: str
    what: str
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    pandoc: str | None = None
    """The label of the pandoc row of the same book this row is compared with."""

    def add(self, done: Run) -> None:
        self.seconds.append(done.seconds)
        self.cpu.append(done.cpu)
        self.peaks.append(done.peak_mb)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(slots=True)
class Results:
    rows: list[Row] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    stages: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    """By book: seconds of each stage of the PDF build (``--verbose``) and of WeasyPrint
    alone's render and write, one value a run."""
    notes: list[str] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)
    scale: list[tuple[int, int, float, float]] = field(default_factory=list)
    extremes: list[tuple[str, str, str, str, Run | None]] = field(default_factory=list)
    """The extreme books: (book, extreme or at the limits, measurement, outcome, run)."""
    """How the PDF build grows: (repeats of the interview, pages, seconds, peak MB)."""

    def row(self, book: str, what: str, pandoc: str | None = None) -> Row:
        found = Row(book, what, pandoc=pandoc)
        self.rows.append(found)
        return found

    def find(self, book: str, what: str) -> Row | None:
        return next((r for r in self.rows if r.book == book and r.what == what), None)

    def stage(self, book: str, name: str, seconds: float) -> None:
        self.stages.setdefault(book, {}).setdefault(name, []).append(seconds)

