"""An interview's question at a page's foot with its answer over the page: the page's
last line ends a question (a paragraph that opens with an interviewer's label) and the
next page opens with an answer (another speaker's label)."""

from __future__ import annotations

from collections.abc import Iterator

from tarkbook.model import Book
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import INDENT, Line, PrintedBook

CHECK = "question-at-foot"


def _opens(line: Line, labels: set[str]) -> bool:
    words = line.text.split(maxsplit=1)
    return bool(words) and words[0].casefold() in labels


def check(printed: PrintedBook, book: Book) -> Iterator[Finding]:
    askers = {s.label.casefold() for s in book.speakers if s.role == "interviewer"}
    answerers = {s.label.casefold() for s in book.speakers if s.role != "interviewer"}
    if not askers or not answerers:
        return
    step = printed.leading
    part_starts = {page for name, (page, _) in printed.destinations.items()
                   if name.startswith("part-")}
    for page in printed.pages[:-1]:
        lines = printed.body_lines(page)
        following = printed.body_lines(printed.pages[page.number])
        if not lines or not following or page.number + 1 in part_starts:
            continue
        start = len(lines) - 1  # the first line of the page's last paragraph
        while start > 0 and printed.indent(lines[start], lines) <= INDENT \
                and lines[start].base - lines[start - 1].base <= step * 1.2:
            start -= 1
        if _opens(lines[start], askers) and _opens(following[0], answerers):
            last = lines[-1]
            yield Finding(CHECK, Level.WARNING,
                          f"the question '{lines[start].text.strip()[:40]}' ends the page; "
                          f"its answer begins over the page", page.number, page.folio,
                          box=(min(line.x0 for line in lines[start:]), lines[start].top,
                               max(line.x1 for line in lines[start:]), last.bottom))
