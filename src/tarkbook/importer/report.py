"""What the import could not bring over, each with its place in the document.

A place is the paragraph's number in the document (every paragraph counts, empty ones and
those of tables too, as Word's own navigation does) and its first words, or the note's
number; the report is printed and written into the folder as ``IMPORT-REPORT.md``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

FIRST_WORDS = 8
REPORT_NAME = "IMPORT-REPORT.md"
"""The report's name in the book's folder (the editions do not read it)."""


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


@dataclass(frozen=True)
class Place:
    """Where something stands: paragraph 12, or footnote 3, with its first words."""

    where: str
    words: str

    def __str__(self) -> str:
        return f"{self.where} (“{self.words}”)" if self.words else self.where


@dataclass(frozen=True)
class Finding:
    topic: str
    place: Place
    detail: str


TOPICS = {
    "tracked-change": "Tracked changes (insertions kept, deletions left out)",
    "comment": "Comments (left out)",
    "text-box": "Text boxes (left out)",
    "field": "Fields (their last shown result kept as text)",
    "table": "Tables (their cells brought over as paragraphs)",
    "style": "Unusual styles (set as ordinary paragraphs)",
    "image": "Images",
    "list": "Lists",
    "heading": "Headings",
    "section": "Sections",
    "other": "Other things not brought over",
}


@dataclass
class Report:
    source: str
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Lines that are not losses: what was made, and what to check."""
    _seen: set[tuple[str, str, str]] = field(default_factory=set)

    def add(self, topic: str, place: Place, detail: str) -> None:
        key = (topic, place.where, detail)
        if key not in self._seen:
            self._seen.add(key)
            self.findings.append(Finding(topic, place, detail))

    def text(self) -> str:
        lines = [f"# Import of {self.source}", ""]
        lines += [f"- {line}" for line in self.notes]
        if not self.findings:
            lines += ["", "Everything in the document was brought over."]
        counts = Counter(finding.topic for finding in self.findings)
        for topic, title in TOPICS.items():
            if not counts[topic]:
                continue
            lines += ["", f"## {title}: {counts[topic]}", ""]
            lines += [f"- {finding.place}: {finding.detail}"
                      for finding in self.findings if finding.topic == topic]
        return "\n".join(lines) + "\n"
