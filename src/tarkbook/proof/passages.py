"""Where a passage of the editions comes from in the manuscript: the block of the model
(a paragraph, a heading, a line of verse, a list item's paragraph, a caption, a note's
paragraph) whose words contain the passage's, and its source position.

The passage's words are compared by their keys (``text.keys``); a passage that runs over
two blocks, or carries words an edition adds (a speaker's label), is found by the longest
run of its words that one block contains."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from tarkbook.diagnostics import SourcePos
from tarkbook.model import Block, Book, InterviewSection, Turn, Verse, inline_runs
from tarkbook.model import nested_blocks as nested
from tarkbook.proof.words import keys
from tarkbook.render.inlines import plain_text

WINDOW = 12
"""Words of a passage looked for at most."""

UNIQUE = 3
"""Words a run needs to be taken, outside the passage's own section, from the first block
that has it; a shorter run must be in one block only, and one word is not looked for
there. In its own section, two words are taken from the first block that has them (a
book may repeat a passage), one only from the one block that has it."""

Entry = tuple[SourcePos, str]
"""A block's position and its words' keys, each with a space before and after."""


def _entry(pos: SourcePos, text: str) -> Entry:
    return pos, " " + " ".join(keys(text)) + " "


def _blocks(blocks: Iterable[Block]) -> Iterator[Entry]:
    for block in nested(blocks):
        if isinstance(block, Verse):
            for stanza in block.stanzas:
                for line in stanza.lines:
                    yield _entry(line.pos, plain_text(line.children))
        else:
            for run in inline_runs(block):
                yield _entry(block.pos, plain_text(run))


class Passages:
    """The blocks of each section of ``book`` and of its notes, to look passages up in."""

    def __init__(self, book: Book) -> None:
        self.sections: list[list[Entry]] = []
        for section in book.sections:
            entries = [_entry(section.pos, plain_text(section.title))]
            if isinstance(section, InterviewSection):
                for item in section.body:
                    entries += _blocks(item.blocks if isinstance(item, Turn) else [item])
            else:
                entries += _blocks(section.blocks)
            self.sections.append(entries)
        self.notes = [entry for note in book.notes for entry in _blocks(note.blocks)]
        self.every = [entry for entries in self.sections for entry in entries] + self.notes

    def locate(self, words: Sequence[str], section: int | None = None,
               before: Callable[[], str] | None = None) -> SourcePos | None:
        """The position of the block that holds the longest run of ``words`` (keys), in
        section ``section`` (an index of ``book.sections``) first, then anywhere.
        ``before``: the keys of the section's text before the words, each with a space
        before and after (asked for only when needed); where the run is in several blocks
        of the section, the block of its next occurrence after them (a book may repeat a
        line of dialogue)."""
        words = list(words[:WINDOW])
        places = [(self.every, UNIQUE)]
        if section is not None and 0 <= section < len(self.sections):
            places.insert(0, (self.sections[section], 2))
        for number, (entries, least) in enumerate(places):
            for size in range(len(words), 0, -1):
                for start in range(len(words) - size + 1):
                    phrase = " " + " ".join(words[start:start + size]) + " "
                    hits = [pos for pos, text in entries if phrase in text]
                    if hits and (size >= least or (len(hits) == 1 and size > least - 2)):
                        if number == 0 and before is not None and len(hits) > 1:
                            return _occurrence(entries, phrase, _count(before(), phrase)) \
                                or hits[0]
                        return hits[0]
        return None


def _count(text: str, phrase: str) -> int:
    """How many times ``phrase`` (with a space at each end) is in ``text``, overlapping
    runs of repeated words counted each time."""
    count, at = 0, text.find(phrase)
    while at >= 0:
        count, at = count + 1, text.find(phrase, at + 1)
    return count


def _occurrence(entries: Sequence[Entry], phrase: str, index: int) -> SourcePos | None:
    """The position of the entry that holds the ``index``-th (0-based) occurrence of
    ``phrase`` in ``entries``, counted in order."""
    seen = 0
    for pos, text in entries:
        seen += _count(text, phrase)
        if seen > index:
            return pos
    return None
