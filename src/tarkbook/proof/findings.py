"""What the proof finds: each finding names its check, its level, where it is in the
editions (PDF page and printed folio, or EPUB document) and, when one is known, the
manuscript position it comes from."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from tarkbook.diagnostics import SourcePos


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    SKIPPED = "skipped"
    """A check that could not run (a tool not installed); says how to install it."""


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    level: Level
    message: str
    page: int | None = None
    """The PDF page, 1-based."""
    folio: str | None = None
    """The page's printed folio (its page label), as the reader sees it."""
    document: str | None = None
    """The EPUB document, for a finding in the EPUB."""
    source: SourcePos | None = None
    box: tuple[float, float, float, float] | None = None
    """The offending glyphs on the page: x0, top, x1, bottom in points from the top left."""
    waived: bool = False
    """The book accepts it (``[proof] accept``): it is reported as waived, and counts for
    nothing."""

    def where(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"PDF page {self.page}" + (f" (p. {self.folio})" if self.folio else ""))
        if self.document is not None:
            parts.append(f"EPUB {self.document}")
        if self.source is not None:
            parts.append(str(self.source))
        return ", ".join(parts) or "the book"

    def __str__(self) -> str:
        level = f"waived {self.level.value}" if self.waived else self.level.value
        return f"{self.where()}: {level} {self.check}: {self.message}"


@dataclass(slots=True)
class Report:
    title: str
    """The book's title."""
    pdf: str
    epub: str
    pages: int
    findings: list[Finding] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    """Every check that ran, in order, found something or not."""
    tools: dict[str, str] = field(default_factory=dict)
    """EPUBCheck and DAISY Ace: whether each "ran", was "skipped" (not installed, or it
    could not run) or "not asked for" (``--no-tools``)."""

    def count(self, level: Level) -> int:
        """The findings at ``level``, less those the book accepts."""
        return sum(1 for finding in self.findings
                   if finding.level is level and not finding.waived)

    @property
    def waived(self) -> int:
        return sum(1 for finding in self.findings if finding.waived)

    @property
    def passed(self) -> bool:
        return self.count(Level.ERROR) == 0

    def tools_line(self) -> str:
        """Which tools ran, in words: 'EPUBCheck ran, DAISY Ace skipped'."""
        return ", ".join(f"{name} {state}" for name, state in self.tools.items())

    def summary(self) -> str:
        return (f"{self.pages} pages, {len(self.checks)} checks: "
                f"{self.count(Level.ERROR)} error(s), {self.count(Level.WARNING)} warning(s), "
                f"{self.count(Level.SKIPPED)} skipped"
                + (f", {self.waived} waived" if self.waived else ""))
