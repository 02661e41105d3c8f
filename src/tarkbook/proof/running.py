"""The two editions carry the same running text: the same words in the same order,
section by section (``text`` reads them; notes and the sections' order are ``agree``'s).

What the print edition adds (a link's address, a reference's page, a table's header
row on each page the table goes on to) is taken out first (``additions``).

The words are aligned (``alignment``: difflib's ``SequenceMatcher`` between anchors) a
section at a time and only when its words differ, so that a long book whose editions
agree costs one comparison of lists. Each difference is
reported with the words around it in both editions, the PDF page and folio, the EPUB
document and the manuscript block it comes from. A passage missing in one place and
found as it is in another is one finding: it was moved."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from tarkbook.diagnostics import SourcePos
from tarkbook.model import Book
from tarkbook.proof.additions import additions, by_design, without_additions
from tarkbook.proof.alignment import opcodes
from tarkbook.proof.ebook import Ebook
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import PrintedBook
from tarkbook.proof.passages import Passages
from tarkbook.proof.text import epub_text, pdf_text
from tarkbook.proof.words import Text, Word

CHECK = "editions-text"

AROUND = 4
"""Words shown on each side of a difference."""

SHOWN = 12
"""Words of a difference shown at most."""

MOST = 20
"""Differences reported at most; the rest are counted."""

MOVED = 3
"""Words a passage needs to be taken for one moved: a word dropped in one place and the
same word added in another are two differences."""


@dataclass(frozen=True, slots=True)
class Difference:
    group: int
    """0: the front matter; n: the book's n-th section."""
    pdf: Sequence[Word]
    """The group's words in the PDF."""
    epub: Sequence[Word]
    a0: int
    a1: int
    """The PDF's differing words: ``pdf[a0:a1]``."""
    b0: int
    b1: int

    @property
    def ours(self) -> list[str]:
        return [word.key for word in self.pdf[self.a0:self.a1]]

    @property
    def theirs(self) -> list[str]:
        return [word.key for word in self.epub[self.b0:self.b1]]


def differences(pdf: Text, epub: Text) -> Iterator[Difference]:
    """Each run of words that differs, group by group (the whole text as one group when
    the editions have not the same number of sections)."""
    if len(pdf) != len(epub):
        pdf, epub = [[w for group in pdf for w in group]], [[w for group in epub for w in group]]
    for group, (ours, theirs) in enumerate(zip(pdf, epub, strict=True)):
        a, b = [w.key for w in ours], [w.key for w in theirs]
        if a == b:
            continue
        for tag, a0, a1, b0, b1 in opcodes(a, b):
            if tag == "equal" or (a0 == a1 and by_design(w.text for w in theirs[b0:b1])) \
                    or (b0 == b1 and by_design(w.text for w in ours[a0:a1])):
                continue  # an ornament or a list marker: one edition adds it by design
            yield Difference(group, ours, theirs, a0, a1, b0, b1)


def _shown(words: Sequence[Word], start: int, end: int) -> str:
    """The words ``start:end`` of ``words`` in brackets, with the words around them."""
    middle = [w.text for w in words[start:end]]
    if len(middle) > SHOWN:
        middle = [*middle[:SHOWN // 2], "…", *middle[-SHOWN // 2:]]
    before = [w.text for w in words[max(start - AROUND, 0):start]]
    after = [w.text for w in words[end:end + AROUND]]
    parts = (["…"] if start > AROUND else []) + before + ["[" + " ".join(middle) + "]"] \
        + after + (["…"] if end + AROUND < len(words) else [])
    return " ".join(parts)


def _at(words: Sequence[Word], start: int) -> Word | None:
    """The word at ``start``, or the one before it where nothing is there."""
    if start < len(words):
        return words[start]
    return words[start - 1] if words else None


class _Placing:
    def __init__(self, printed: PrintedBook, passages: Passages) -> None:
        self.printed, self.passages = printed, passages

    def finding(self, difference: Difference, message: str) -> Finding:
        pdf_word = _at(difference.pdf, difference.a0)
        epub_word = _at(difference.epub, difference.b0)
        page = self.printed.pages[pdf_word.page - 1] if pdf_word else None
        return Finding(CHECK, Level.ERROR, message, page.number if page else None,
                       page.folio if page else None, epub_word.document if epub_word else None,
                       self.source(difference), _box(difference, pdf_word))

    def source(self, difference: Difference) -> SourcePos | None:
        section = difference.group - 1 if difference.group else None
        found = []
        sides = [(difference.epub, difference.b0, difference.b1),
                 (difference.pdf, difference.a0, difference.a1)]
        sides.sort(key=lambda side: side[1] == side[2])  # the side with the words first
        for words, start, end in sides:
            keys = [w.key for w in words[max(start - 2, 0):end + 2]]
            if keys:
                found.append(self.passages.locate(keys, section))
        return next((pos for pos in found if pos is not None), None)


def _box(difference: Difference, first: Word | None
         ) -> tuple[float, float, float, float] | None:
    """The lines of the PDF's differing words on the page of the first (or, where the PDF
    has none, the line of the word before them)."""
    words = [w for w in difference.pdf[difference.a0:difference.a1]
             if first is not None and w.page == first.page and w.box is not None]
    boxes = [w.box for w in words or ([first] if first is not None else []) if w.box]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


def _message(difference: Difference) -> str:
    d = difference
    if d.a0 == d.a1:
        return (f"the EPUB has words the PDF has not: "
                f"EPUB '{_shown(d.epub, d.b0, d.b1)}', PDF '{_shown(d.pdf, d.a0, d.a1)}'")
    if d.b0 == d.b1:
        return (f"the PDF has words the EPUB has not: "
                f"PDF '{_shown(d.pdf, d.a0, d.a1)}', EPUB '{_shown(d.epub, d.b0, d.b1)}'")
    return (f"the words differ: PDF '{_shown(d.pdf, d.a0, d.a1)}', "
            f"EPUB '{_shown(d.epub, d.b0, d.b1)}'")


def _moves(found: list[Difference]) -> tuple[list[tuple[Difference, Difference]],
                                             list[Difference]]:
    """The passages of ``MOVED`` words or more that the PDF has in one place and the EPUB
    in another, paired; and the differences left."""
    waiting: dict[tuple[str, ...], list[Difference]] = {}
    for difference in found:
        if difference.a0 == difference.a1 and len(difference.theirs) >= MOVED:
            waiting.setdefault(tuple(difference.theirs), []).append(difference)
    pairs: list[tuple[Difference, Difference]] = []
    for gone in found:
        there = waiting.get(tuple(gone.ours)) if gone.b0 == gone.b1 else None
        if there:
            pairs.append((gone, there.pop(0)))
    paired = {id(d) for pair in pairs for d in pair}
    return pairs, [d for d in found if id(d) not in paired]


def check(printed: PrintedBook, ebook: Ebook, book: Book,
          passages: Passages | None = None) -> Iterator[Finding]:
    placing = _Placing(printed, passages or Passages(book))
    added = additions(book)
    found = list(differences(
        without_additions(pdf_text(printed, book.metadata.title), added, printed=True),
        without_additions(epub_text(ebook), added, printed=False)))
    pairs, rest = _moves(found)
    ordered = sorted([(gone.group, gone.a0, gone, there) for gone, there in pairs]
                     + [(d.group, d.a0, d, None) for d in rest], key=lambda each: each[:2])
    for _, _, difference, there in ordered[:MOST]:
        if there is None:
            yield placing.finding(difference, _message(difference))
            continue
        finding = placing.finding(difference, "")
        epub_word = _at(there.epub, there.b0)
        yield replace(finding, message=(
            f"a passage stands elsewhere in the EPUB"
            f"{' (' + epub_word.document + ')' if epub_word else ''}: "
            f"PDF '{_shown(difference.pdf, difference.a0, difference.a1)}', "
            f"EPUB '{_shown(there.epub, there.b0, there.b1)}'"))
    if len(ordered) > MOST:
        yield Finding(CHECK, Level.ERROR, f"and {len(ordered) - MOST} more differences of "
                      f"the running text")
