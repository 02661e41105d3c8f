"""Index marks on spans: ``[Ingmar Bergman]{index="Bergman, Ingmar"}``, ``[Fårö]{.index}``,
``{index="Tarkovsky, Andrei!Mirror"}`` (a sub-entry) and the cross-references ``see=`` and
``seealso=``; each read as the span is (X001 to X003), then checked against the whole book:
a cross-reference names a heading some mark makes (X004), no mark stands in a title or a
heading (X005), the marks and the one index section go together (X006 to X008)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript.config import Config, SectionEntry
from tarkbook.manuscript.suggest import closest
from tarkbook.model import Book, Heading, IndexMark, Inline, LanguageSpan, ProseSection, Text
from tarkbook.render.inlines import plain_text
from tarkbook.render.labels import labels_for
from tarkbook.render.places import book_nodes, of_kind, section_blocks

INDEX_CLASS = "index"
"""``[Fårö]{.index}``: the span is indexed under its own words."""
MARK_ATTRIBUTES = ("index", "see", "seealso")
LEVEL_SEPARATOR = "!"
"""Between a heading and its sub-entry, as in makeidx: ``Tarkovsky, Andrei!Mirror``."""
MAX_LEVELS = 2


def read_mark(
    attrs: dict[str, str], own_words: bool, children: Sequence[Inline], pos: SourcePos,
    report: Callable[..., None],
) -> IndexMark | None:
    """The mark a span's attributes make, or None; what is wrong with it is reported at
    ``pos``, the span's opening bracket."""
    see, see_also = _levels(attrs.get("see", "")), _levels(attrs.get("seealso", ""))
    if "index" not in attrs and not own_words:
        for attr in ("see", "seealso"):
            if attr in attrs:
                report("X003", pos, attr=attr)
        return None
    written = attrs["index"] if "index" in attrs else plain_text(children)
    terms = tuple(_words(term) for term in written.split(LEVEL_SEPARATOR))
    if len(terms) > MAX_LEVELS:
        report("X002", pos, mark=written, levels=len(terms))
        return None
    for level, term in zip(("heading", "sub-entry"), terms, strict=False):
        if not term:
            report("X001", pos, mark=written, part=level)
            return None
    for attr, target in (("see", see), ("seealso", see_also)):
        if attr not in attrs:
            continue
        levels = target.split(LEVEL_SEPARATOR)
        if len(levels) > MAX_LEVELS:
            report("X002", pos, mark=attrs[attr], levels=len(levels))
            return None
        for level, term in zip(("heading", "sub-entry"), levels, strict=False):
            if not term:
                report("X001", pos, mark=written, part=f"{attr}= {level}")
                return None
    return IndexMark(terms, see, see_also)


def index_section(entry: SectionEntry, config: Config) -> ProseSection:
    """The index of a book that gives it no file: its title is the book's word for an
    index, and the entries are all it holds."""
    labels = labels_for(config.metadata.language, config.labels, config.metadata.digits)
    return ProseSection("index", INDEX_CLASS, (Text(labels("index"), entry.pos),), (),
                        entry.pos, show_title=entry.show_title)


def _words(text: str) -> str:
    return " ".join(text.split())


def _levels(text: str) -> str:
    """A cross-reference's heading, or heading and sub-entry, with their spaces made one
    (``"Tarkovsky, Andrei ! Mirror"`` is ``"Tarkovsky, Andrei!Mirror"``)."""
    return LEVEL_SEPARATOR.join(_words(level) for level in text.split(LEVEL_SEPARATOR)) \
        if text.strip() else ""


def index_marks(book: Book) -> Iterator[tuple[IndexMark, LanguageSpan]]:
    """Every index mark of the book and its span, in reading order (the text, then the
    notes)."""
    for span in book_nodes(book, LanguageSpan):
        if span.index is not None:
            yield span.index, span


def check_index(book: Book, reporter: Reporter, index_sections: Sequence[SourcePos]) -> None:
    """Report a cross-reference to a heading no mark makes, a mark in a title or heading,
    marks without an index section and an index section without marks."""
    marks = list(index_marks(book))
    for span in _in_headings(book):
        reporter.report("X005", span.pos)
    headings = {mark.terms[0] for mark, _ in marks}
    entries = headings | {LEVEL_SEPARATOR.join(mark.terms) for mark, _ in marks}
    for mark, span in marks:
        for attr, target in (("see", mark.see), ("seealso", mark.see_also)):
            if target and target not in entries:
                near = closest(target, entries if LEVEL_SEPARATOR in target else headings)
                hint = f"; did you mean '{near}'?" if near is not None else ""
                reporter.report("X004", span.pos, attr=attr, target=target, hint=hint)
    if marks and not index_sections:
        reporter.report("X006", marks[0][1].pos, count=len(marks))
    if index_sections and not marks:
        reporter.report("X007", index_sections[0])
    for pos in index_sections[1:]:
        reporter.report("X008", pos)


def _in_headings(book: Book) -> Iterator[LanguageSpan]:
    """The marked spans of the section titles and the headings (which the contents and the
    running heads print again)."""
    for section in book.sections:
        runs: list[Sequence[Inline]] = [section.title]
        runs += [block.children for block in section_blocks(section)
                 if isinstance(block, Heading)]
        for run in runs:
            yield from (span for span in of_kind(run, LanguageSpan) if span.index is not None)
