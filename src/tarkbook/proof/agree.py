"""The two editions agree: the same notes with the same numbers and the same words, the
calls in the same order, and the same sections in the same order.

The print edition's notes are read from its pages: the lines of the notes' size from the
note's place (its ``note-N`` destination) to the next note or the page's foot, without
the number the edition sets before it. Words are compared with hyphens and soft hyphens
taken out (a word broken at a line's end is whole again) and in Unicode's compatibility
form (ligatures and no-break spaces are their letters and spaces)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator

from tarkbook.model import Book
from tarkbook.proof.additions import additions
from tarkbook.proof.ebook import Ebook
from tarkbook.proof.findings import Finding, Level
from tarkbook.proof.pages import NOTE_PIECE, PrintedBook

CHECK_NOTES, CHECK_SECTIONS = "editions-notes", "editions-sections"

_NUMBER = re.compile(r"^\s*(\d+)\.?\s*")
_STEM = re.compile(r"[^a-z0-9]+")


def words(text: str) -> list[str]:
    # without the invisible format characters: a soft hyphen, a Persian zero-width
    # non-joiner, which print nothing a PDF could give back
    text = "".join(char for char in unicodedata.normalize("NFKC", text)
                   if unicodedata.category(char) != "Cf")
    return re.sub(r"[-\u2010\u2011]", "", text).split()


def printed_notes(printed: PrintedBook) -> dict[int, str]:
    """Note number -> its text as the PDF sets it, without its number: the text of each
    of its pieces (a note may run on over pages), in order."""
    places = sorted((page, top, int(match[1]), int(match[2] or 1)) for name, (page, top)
                    in printed.destinations.items() if (match := NOTE_PIECE.fullmatch(name)))
    body = printed.body_size
    texts: dict[int, str] = {}
    for index, (page_number, top, number, _) in enumerate(places):
        following = places[index + 1] if index + 1 < len(places) else None
        end = following[1] if following and following[0] == page_number else float("inf")
        page = printed.pages[page_number - 1]
        lines = [line for line in page.lines if top - 1 <= line.top < end - 1
                 and line.size < body and not printed.is_furniture(page, line)]
        size = lines[0].size if lines else 0.0  # not the folio's, nor a running head's
        text = texts.get(number, "")
        for line in (line for line in lines if line.size == size):
            joined = text.endswith(("-", "\u2010", "\u00ad"))  # a word broken at the end
            text += line.text.strip() if joined or not text else " " + line.text.strip()
        texts[number] = text
    return {number: _NUMBER.sub("", text, count=1) if text else ""
            for number, text in texts.items()}


def _around(ours: list[str], theirs: list[str]) -> str:
    """The first difference of two lists of words, with the words around it."""
    matcher = difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            before = " ".join(ours[max(a0 - 4, 0):a0])
            return (f"after '… {before}' the PDF has '{' '.join(ours[a0:a1 + 3])}', "
                    f"the EPUB '{' '.join(theirs[b0:b1 + 3])}'")
    return "they differ"


def check(printed: PrintedBook, ebook: Ebook, book: Book) -> Iterator[Finding]:
    added = additions(book)
    pdf_notes = {number: added.text(text, printed=True)
                 for number, text in printed_notes(printed).items()}
    for number in sorted(set(pdf_notes) | set(ebook.notes)):
        source = book.notes[number - 1].pos if 0 < number <= len(book.notes) else None
        place = printed.destinations.get(f"note-{number}")
        page = printed.pages[place[0] - 1] if place else None
        pdf_page, folio = (page.number, page.folio) if page else (None, None)
        if number not in ebook.notes:
            yield Finding(CHECK_NOTES, Level.ERROR, f"note {number} is in the PDF only",
                          pdf_page, folio, source=source)
        elif number not in pdf_notes:
            yield Finding(CHECK_NOTES, Level.ERROR, f"note {number} is in the EPUB only",
                          document=ebook.notes[number].document, source=source)
        elif words(pdf_notes[number]) != words(added.text(ebook.notes[number].text, False)):
            difference = _around(words(pdf_notes[number]),
                                 words(added.text(ebook.notes[number].text, False)))
            yield Finding(CHECK_NOTES, Level.ERROR, f"note {number} differs: {difference}",
                          pdf_page, folio, ebook.notes[number].document, source)
    if list(ebook.calls) != sorted(ebook.calls):
        yield Finding(CHECK_NOTES, Level.ERROR,
                      "the EPUB's note calls are not numbered in reading order")
    printed_sections = [name[5:] for _, _, name in sorted(
        (page, top, name) for name, (page, top) in printed.destinations.items()
        if name.startswith("part-"))]
    pdf_order = [_STEM.sub("-", ident.lower()).strip("-") for ident in printed_sections]
    epub_order = [ident[2:] for ident, _ in ebook.sections]
    if pdf_order != epub_order:
        yield Finding(CHECK_SECTIONS, Level.ERROR,
                      f"the sections differ: {_around(pdf_order, epub_order)}")
