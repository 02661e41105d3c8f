"""What each edition adds to the manuscript's words by design, described once for every
check that compares the editions' text (``text``, ``running``, ``passages``, ``agree``).

By both editions, one way each:

- a thematic break's ornament: the PDF sets ``* * *`` (the theme's ``hr.section-break``),
  the EPUB a rule with no words;
- a list item's marker: the PDF sets ``1.`` or a bullet before the item (PDFium gives it
  apart from the item's words, or in one line with them when the item stands alone at a
  page's foot), the EPUB's ``<ol>`` numbers its items with no words;
- a note's number and a speaker's label are read apart by the checks of the notes and of
  the interviews (``text`` leaves the raised calls and the notes' asides out).

A word is cut after a slash or a dash that joins it to the next (``and/or``, ``yes—no``,
two years joined by an en dash): print may break a line there, and the EPUB never does,
so both editions' words are cut at the same places and a line break there changes
none.

By the print edition alone, taken out before the editions are compared: the address
printed after a link (and an address broken after its '/' or
'.'), the page after a reference ("the chapter on tides, p. 41", the book's own label),
and a table's header row repeated on each page the table goes on to. The EPUB's own
addition, the words of a place shown for a reference without text, is left out when its
text is read (its class is ``render.page_places.ADDED``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from tarkbook.model import (
    Book,
    Link,
    Table,
)
from tarkbook.pdf.references import shown_address
from tarkbook.proof.words import Text, Word, key, keys
from tarkbook.render.credits import book_labels
from tarkbook.render.inlines import plain_text
from tarkbook.render.places import book_nodes, section_blocks

BULLETS = frozenset("\u2022\u25e6\u25aa\u25ab\u2023\u2043\u2219\u00b7")
"""A bulleted list's markers."""

ORNAMENTS = frozenset("*\u2042\u2051\u204e\u2055\u2723\u2726\u2727\u2731\u2733\u2736"
                      "\u273b\u2740\u2741\u2766\u2767\u2619~\u00b7\u2022\u25c6\u25c7")
"""The characters a thematic break's ornament is made of (the theme's ``* * *``, and a
house style's asterism, fleuron or dinkus)."""

MARKER = re.compile("[" + "".join(sorted(BULLETS)) + "]"
                    r"|\d+[.)]|[a-zA-Z][.)]|[ivxlcdmIVXLCDM]+[.)]")
"""A list item's marker, which the PDF sets on its own (a style sheet's ``::marker``)."""

def is_ornament(word: str) -> bool:
    """Whether ``word`` is made of an ornament's characters only (``*``, ``⁂``, ``❧``)."""
    return bool(word) and all(char in ORNAMENTS for char in word)


def is_marker(word: str) -> bool:
    """Whether ``word`` reads as a list item's marker (``1.``, ``b)``, ``iv.``, ``•``)."""
    return bool(MARKER.fullmatch(word))


def by_design(found: Iterable[str]) -> bool:
    """Whether every word of ``found`` (words that one edition has and the other has not,
    in one place) is something an edition adds by design: an ornament or a list marker.
    An empty run is none."""
    found = list(found)
    return bool(found) and all(is_ornament(word) or is_marker(word) for word in found)


_PAGE = r"(?:\d+|[ivxlcdm]+)"
_ADDRESS = r"(?:[a-z][a-z0-9+.-]*://|[\w.+-]+@)[^\s()]*(?:(?<=[/.])\s[^\s()]+)*"
_PRINTED = re.compile(r"\s*\((" + _ADDRESS + r")\)")
"""An address in parentheses, as the PDF prints it after a link, maybe broken after a
'/' or a '.' (a line's end)."""
_BROKEN = re.compile(_ADDRESS)
_CLOSING = ".,;:!?\u2019\u201d"

Cut = Callable[[re.Match[str]], Iterable[int]]
"""The positions of a match to take out of a text."""


@dataclass(frozen=True, slots=True)
class Additions:
    """What the print edition adds to a book's text."""

    added: tuple[re.Pattern[str], ...]
    """Taken out of both editions' text: a reference's label around its text and page
    (the EPUB has neither, and the same words written in the text go from both)."""
    addresses: frozenset[str]
    """Every address of the book's links, as the page shows it."""
    printed: frozenset[str]
    """The addresses printed after their links, in the PDF only."""
    headers: tuple[tuple[str, ...], ...]
    """The keys of each table's header row."""

    def cuts(self, printed: bool) -> list[tuple[re.Pattern[str], Cut]]:
        """Each pattern of an addition, and what of a match of it to take out."""
        steps: list[tuple[re.Pattern[str], Cut]] = []
        if printed:
            steps += [(_PRINTED, self._printed), (_BROKEN, self._broken)]
        steps += [(pattern, _whole) for pattern in self.added]
        return steps

    def _printed(self, match: re.Match[str]) -> Iterable[int]:
        address = "".join(match.group(1).split())
        return range(match.start(), match.end()) if address in self.printed else ()

    def _broken(self, match: re.Match[str]) -> Iterable[int]:
        """The spaces of an address broken at a line's end (one word in the EPUB)."""
        address = "".join(match.group().split()).rstrip(_CLOSING)
        if address not in self.addresses:
            return ()
        return (position for position in range(match.start(), match.end())
                if match.string[position].isspace())

    def text(self, text: str, printed: bool) -> str:
        """``text`` without the additions (those of the print edition if ``printed``)."""
        return "".join(_cut(list(unicodedata.normalize("NFKC", text)), self.cuts(printed))[0])


def _whole(match: re.Match[str]) -> Iterable[int]:
    return range(match.start(), match.end())


def _cut(chars: list[str], steps: Sequence[tuple[re.Pattern[str], Cut]],
         owners: list[int] | None = None) -> tuple[list[str], list[int]]:
    """``chars`` without what each step takes out, and ``owners`` (a number for each
    character) with them."""
    owners = owners if owners is not None else [0] * len(chars)
    for pattern, cut in steps:
        text = "".join(chars)
        gone = {position for match in pattern.finditer(text) for position in cut(match)}
        if gone:
            chars = [char for position, char in enumerate(chars) if position not in gone]
            owners = [owner for position, owner in enumerate(owners) if position not in gone]
    return chars, owners


def additions(book: Book) -> Additions:
    labels = book_labels(book)
    added = []
    for name in ("reference", "page_reference"):
        before, _, after = labels.table[name].partition("{text}")
        for piece in (before, after):
            if piece.strip():
                added.append(_label_pattern(piece))
    links = list(_links(book))
    printed = {shown_address(link.href) for link in links
               if book.print_settings.link_addresses
               and plain_text(link.children) not in (link.href, shown_address(link.href))}
    headers = tuple(
        tuple(keys(" ".join(plain_text(cell) for cell in block.head)))
        for section in book.sections for block in section_blocks(section)
        if isinstance(block, Table))
    return Additions(tuple(added), frozenset(shown_address(link.href) for link in links),
                     frozenset(printed), headers)


def _label_pattern(piece: str) -> re.Pattern[str]:
    """A label's words around ``{page}``, the page any folio."""
    piece = unicodedata.normalize("NFKC", piece)
    head, _, tail = piece.partition("{page}")
    parts = [re.escape(part).replace(r"\ ", " ") for part in (head, tail)]
    spaced = [re.sub(" +", r"\\s+", part) for part in parts]
    return re.compile(spaced[0] + _PAGE + spaced[1] if "{page}" in piece else spaced[0])


def _links(book: Book) -> Iterator[Link]:
    """Every link of the book: in titles, in the text and in the notes."""
    return book_nodes(book, Link)


def without_additions(text: Text, found: Additions, printed: bool) -> Text:
    """The words of each group of ``text`` without the additions: the PDF's if
    ``printed`` (and a table's header row but the first time it is set), else the EPUB's
    words that are the PDF's additions too."""
    return [_group(words, found, printed) for words in text]


def _group(words: list[Word], found: Additions, printed: bool) -> list[Word]:
    spaced = [" " + unicodedata.normalize("NFKC", word.text) for word in words]
    owners = [index for index, text in enumerate(spaced) for _ in text]
    chars, owners = _cut(list("".join(spaced)), found.cuts(printed), owners)
    out: list[Word] = []
    for token in _TOKEN.finditer("".join(chars)):  # a character a place: owners line up
        text = token.group()
        if token_key := key(text):
            source = words[owners[token.start()]]
            out.append(source if text == source.text and token_key == source.key else
                       Word(text, token_key, source.page, source.document, source.box))
    return _headers(out, found.headers) if printed else out


_TOKEN = re.compile(r"\S+")
"""A run of characters between spaces (``\\s`` is what ``str.isspace`` says is one)."""


def _headers(words: list[Word], headers: Sequence[tuple[str, ...]]) -> list[Word]:
    """``words`` without a table's header row where it opens a page and was set before."""
    keys_ = [word.key for word in words]
    drop: set[int] = set()
    for header in headers:
        size = len(header)
        seen = False
        for start in range(len(words) - size + 1):
            if tuple(keys_[start:start + size]) != header:
                continue
            opens = start == 0 or words[start - 1].page != words[start].page
            if seen and opens:
                drop.update(range(start, start + size))
            seen = True
    return [word for index, word in enumerate(words) if index not in drop]
