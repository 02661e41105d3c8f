"""The entries of a book's index, made from its index marks, as both editions list them:
headings sorted by the collation of the book's language (ICU's: "Ö" after "Z" in Swedish,
"É" with "E" in English), grouped under their letter (ICU's alphabetic index of the
language, with the letters of the other scripts the headings are in), sub-entries under
their heading, and each entry's places, which an edition turns into locators: the print
edition's folios (ranges joined, "41-43" with an en dash; a place in a note marked "41n"),
or the EPUB's ordinals when it has no page list."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache

import icu

from tarkbook.model import Book, IndexMark, LanguageSpan, inline_runs, nested_blocks
from tarkbook.render.index_ids import mark_id
from tarkbook.render.places import book_nodes, of_kind

SCRIPTS = ("en", "ru", "el", "he", "ar")
"""Languages whose scripts' letters an index groups headings under besides the book's own
letters: Latin, Cyrillic, Greek, Hebrew and Arabic, each by its plain alphabet (a Swedish
book keeps its own "Å", "Ä" and "Ö"; an English one lists "Åre" under "A")."""

MAX_LETTERS = 1000
"""More letters than the alphabets of ``SCRIPTS`` and any language's own have together."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a mark stands: its span's id, whether it is in a note, and its ordinal among
    the book's marks (the text's in reading order, then the notes')."""

    ident: str
    in_note: bool
    ordinal: int
    note: str = ""
    """The key of the note it stands in."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A heading or a sub-entry: its term, the places of its marks in the order of the book,
    the headings it sends the reader to (``see``) or also to (``see_also``), its
    sub-entries."""

    term: str
    places: tuple[Place, ...]
    see: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    subentries: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """The headings under one letter ('' for those before the first letter: digits,
    signs)."""

    letter: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Locator:
    """One locator of an entry: a place, or a range from ``first`` to ``last`` (``last``
    is None but for a range), with the page labels (or ordinals) it prints."""

    first: Place
    start: str
    last: Place | None = None
    end: str = ""


def marked_places(book: Book) -> Iterator[tuple[IndexMark, Place]]:
    """Every index mark of the book and its place: those of the text in reading order,
    then those of the notes, note by note."""
    ordinal = 0
    text = replace(book, notes=())
    for span in book_nodes(text, LanguageSpan):
        if span.index is not None:
            ordinal += 1
            yield span.index, Place(mark_id(span.pos), False, ordinal)
    for note in book.notes:
        for run in (run for block in nested_blocks(note.blocks) for run in inline_runs(block)):
            for span in of_kind(run, LanguageSpan):
                if span.index is not None:
                    ordinal += 1
                    yield span.index, Place(mark_id(span.pos), True, ordinal, note.key)


def has_index(book: Book) -> bool:
    """Whether ``book`` has a section of kind index."""
    return any(section.kind == "index" for section in book.sections)


def index_groups(book: Book) -> tuple[Group, ...]:
    """The index of ``book``: its headings by letter, sorted by the book language's
    collation."""
    language = book.metadata.language
    headings: dict[str, _Heading] = {}
    for mark, place in marked_places(book):
        heading = headings.setdefault(mark.terms[0], _Heading())
        target = heading if len(mark.terms) == 1 else heading.sub(mark.terms[1])
        target.add(mark, place)
    key = sort_key(language)
    letters = _letters(language, headings)
    groups: dict[str, list[Entry]] = {}
    for term in sorted(headings, key=key):
        groups.setdefault(letters[term], []).append(headings[term].entry(term, key))
    return tuple(Group(letter, tuple(entries)) for letter, entries in groups.items())


def sort_key(language: str) -> Callable[[str], bytes]:
    """The sort key of a term in ``language``'s collation (the root collation's for a
    language ICU does not know)."""
    collator = _collator(language)
    return lambda term: bytes(collator.getSortKey(term))


@cache
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale.forLanguageTag(language))


def _letters(language: str, headings: Iterable[str]) -> dict[str, str]:
    """The letter each heading is listed under, by ICU's alphabetic index of ``language``
    (a heading before the first letter, a digit or a sign, under '')."""
    index = icu.AlphabeticIndex(icu.Locale.forLanguageTag(language))
    index.maxLabelCount = MAX_LETTERS  # past its limit, ICU would merge letters
    for other in SCRIPTS:
        index.addLabels(icu.Locale(other))
    for term in headings:
        index.addRecord(term, term)
    letters: dict[str, str] = {}
    index.resetBucketIterator()
    while index.nextBucket():
        names = []
        while index.nextRecord():
            names.append(index.recordName)
        # Read once the bucket's records are: before, ICU gives the last bucket's label.
        label = index.bucketLabel if index.bucketLabelType == 0 else ""  # 0: a letter
        letters.update(dict.fromkeys(names, label))
    return letters


class _Heading:
    """An entry being gathered: its places, cross-references and sub-entries."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.see: list[str] = []
        self.see_also: list[str] = []
        self.subs: dict[str, _Heading] = {}

    def sub(self, term: str) -> _Heading:
        return self.subs.setdefault(term, _Heading())

    def add(self, mark: IndexMark, place: Place) -> None:
        if mark.see:  # a "see" sends the reader elsewhere: its place is not listed
            if mark.see not in self.see:
                self.see.append(mark.see)
        else:
            self.places.append(place)
        if mark.see_also and mark.see_also not in self.see_also:
            self.see_also.append(mark.see_also)

    def entry(self, term: str, key: Callable[[str], bytes]) -> Entry:
        subs = tuple(self.subs[sub].entry(sub, key) for sub in sorted(self.subs, key=key))
        places = tuple(sorted(self.places, key=lambda place: place.ordinal))
        return Entry(term, places, tuple(sorted(self.see, key=key)),
                     tuple(sorted(self.see_also, key=key)), subs)


PageOf = Callable[[Place], tuple[int, str]]
"""The printed page a place stands on: its index among the pages, and its folio."""


def locators(places: Sequence[Place], page_of: PageOf | None) -> tuple[Locator, ...]:
    """An entry's locators: with ``page_of``, a page's folio once for the places on it (a
    place in a note on its own, "41n"), in the order of the pages, consecutive pages of
    the text joined into a range ("41-43" with an en dash); without, each place's ordinal."""
    if page_of is None:
        return tuple(Locator(place, _noted(str(place.ordinal), place)) for place in places)
    pages: dict[tuple[int, bool], tuple[Place, str]] = {}
    for place in places:
        index, label = page_of(place)
        pages.setdefault((index, place.in_note), (place, label))
    found: list[tuple[int, int, Locator]] = []  # by page, a range before the notes on it
    run: list[tuple[int, Place, str]] = []

    def flush() -> None:
        if run:
            last = (run[-1][1], run[-1][2]) if len(run) > 1 else (None, "")
            found.append((run[0][0], 0, Locator(run[0][1], run[0][2], *last)))
        run.clear()

    for (index, in_note), (place, label) in sorted(pages.items()):
        if in_note:
            found.append((index, 1, Locator(place, _noted(label, place))))
            continue
        if not (run and label.isdigit() and run[-1][2].isdigit()
                and int(label) == int(run[-1][2]) + 1 and index == run[-1][0] + 1):
            flush()
        run.append((index, place, label))
    flush()
    return tuple(locator for _, _, locator in sorted(found, key=lambda item: item[:2]))


def _noted(label: str, place: Place) -> str:
    return f"{label}n" if place.in_note else label
