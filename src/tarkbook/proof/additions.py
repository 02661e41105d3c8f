"""What the print edition adds to the text that the EPUB has not, taken out before the two
are compared: the address printed after a link (and an address broken after its '/' or
'.'), the page after a reference ("the chapter on tides, p. 41", the book's own label),
and a table's header row repeated on each page the table goes on to. The EPUB's own
addition, the words of a place shown for a reference without text, is left out when its
text is read (its class is ``render.page_places.ADDED``)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tarkbook.model import (
    Book,
    Emphasis,
    Inline,
    LanguageSpan,
    Link,
    Reference,
    Strong,
    Table,
    inline_runs,
    nested_blocks,
)
from tarkbook.pdf.references import shown_address
from tarkbook.proof.text import Text, Word, key, keys
from tarkbook.render.credits import book_labels
from tarkbook.render.inlines import plain_text
from tarkbook.render.places import section_blocks

_PAGE = r"(?:\d+|[ivxlcdm]+)"
_PIECES = re.compile(r"(?<=[/.])(?=[^/.])")


@dataclass(frozen=True, slots=True)
class Additions:
    """The patterns of what the print edition adds to a book's text."""

    added: tuple[re.Pattern[str], ...]
    """Taken out of both editions' text: a reference's label around its text and page
    (the EPUB has neither, and the same words written in the text go from both)."""
    addresses: tuple[tuple[re.Pattern[str], str], ...]
    """Each address as the PDF may break it, and the address whole."""
    printed: tuple[re.Pattern[str], ...]
    """An address printed after its link, in the PDF only."""
    headers: tuple[tuple[str, ...], ...]
    """The keys of each table's header row."""

    def text(self, text: str, printed: bool) -> str:
        """``text`` without the additions (those of the print edition if ``printed``)."""
        text = unicodedata.normalize("NFKC", text)
        if printed:
            for pattern in self.printed:
                text = pattern.sub("", text)
            for pattern, whole in self.addresses:
                text = pattern.sub(whole, text)
        for pattern in self.added:
            text = pattern.sub("", text)
        return text


def additions(book: Book) -> Additions:
    labels = book_labels(book)
    added = []
    for name in ("reference", "page_reference"):
        before, _, after = labels.table[name].partition("{text}")
        for piece in (before, after):
            if piece.strip():
                added.append(_label_pattern(piece))
    links = list(_links(book))
    addresses = {shown_address(link.href) for link in links}
    printed = {shown_address(link.href) for link in links
               if book.print_settings.link_addresses
               and plain_text(link.children) not in (link.href, shown_address(link.href))}
    headers = tuple(
        tuple(keys(" ".join(plain_text(cell) for cell in block.head)))
        for section in book.sections for block in section_blocks(section)
        if isinstance(block, Table))
    return Additions(
        tuple(added),
        tuple((_broken(address), address) for address in sorted(addresses, key=len,
                                                                 reverse=True)),
        tuple(re.compile(r"\s*\(" + _broken(address).pattern + r"\)")
              for address in sorted(printed, key=len, reverse=True)),
        headers,
    )


def _label_pattern(piece: str) -> re.Pattern[str]:
    """A label's words around ``{page}``, the page any folio."""
    piece = unicodedata.normalize("NFKC", piece)
    head, _, tail = piece.partition("{page}")
    parts = [re.escape(part).replace(r"\ ", " ") for part in (head, tail)]
    spaced = [re.sub(" +", r"\\s+", part) for part in parts]
    return re.compile(spaced[0] + _PAGE + spaced[1] if "{page}" in piece else spaced[0])


def _broken(address: str) -> re.Pattern[str]:
    """``address`` with a space allowed after each '/' and '.' (a line's end)."""
    return re.compile(r"\s?".join(re.escape(part) for part in _PIECES.split(address)))


def _links(book: Book) -> Iterator[Link]:
    """Every link of the book: in titles, in the text and in the notes."""
    runs: list[Sequence[Inline]] = [section.title for section in book.sections]
    blocks = [block for section in book.sections for block in section_blocks(section)]
    blocks += [block for note in book.notes for block in nested_blocks(note.blocks)]
    for block in blocks:
        runs.extend(inline_runs(block))
    for run in runs:
        yield from _walk(run)


def _walk(nodes: Iterable[Inline]) -> Iterator[Link]:
    for node in nodes:
        if isinstance(node, Link):
            yield node
        if isinstance(node, Emphasis | Strong | LanguageSpan | Link | Reference):
            yield from _walk(node.children)


def without_additions(text: Text, found: Additions, printed: bool) -> Text:
    """The words of each group of ``text`` without the additions: the PDF's if
    ``printed`` (and a table's header row but the first time it is set), else the EPUB's
    words that are the PDF's additions too."""
    return [_group(words, found, printed) for words in text]


def _group(words: list[Word], found: Additions, printed: bool) -> list[Word]:
    chars: list[str] = []
    owners: list[int] = []
    for index, word in enumerate(words):
        chars.extend(" " + word.text)
        owners.extend([index] * (len(word.text) + 1))
    steps: list[tuple[re.Pattern[str], bool]] = []
    if printed:
        steps += [(pattern, True) for pattern in found.printed]
        steps += [(pattern, False) for pattern, _ in found.addresses]
    steps += [(pattern, True) for pattern in found.added]
    for pattern, whole in steps:
        text = unicodedata.normalize("NFKC", "".join(chars))
        if len(text) != len(chars):
            break  # a compatibility form of another length: left as it is
        gone: set[int] = set()
        for match in pattern.finditer(text):
            gone.update(position for position in range(match.start(), match.end())
                        if whole or text[position].isspace())
        if gone:
            chars = [char for position, char in enumerate(chars) if position not in gone]
            owners = [owner for position, owner in enumerate(owners) if position not in gone]
    out: list[Word] = []
    token, owner = "", -1
    for char, index in [*zip(chars, owners, strict=True), (" ", -1)]:
        if char.isspace():
            if token and (token_key := key(token)):
                source = words[owner]
                out.append(Word(token, token_key, source.page, source.document, source.box))
            token = ""
        else:
            token, owner = (token + char, owner if token else index)
    return _headers(out, found.headers) if printed else out


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
