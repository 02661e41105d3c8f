"""Two long lists of words aligned: what runs they share and where they differ, as
difflib's opcodes, in a time that grows with their length, not with its square.

difflib's ``SequenceMatcher`` (without automatic junk: a common word is a word like any
other) looks at every place of every word in the other list, which costs seconds on a
long chapter. So the lists are first cut where they agree: their common beginning and end,
then the words that each list has once and only once (a name, a rare word), in the
longest chain in which they come in the same order in both (patience sorting). Only the
short stretches between those anchors go to ``SequenceMatcher``."""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

SMALL = 400
"""Words of the shorter side under which a stretch goes to ``SequenceMatcher`` as it is."""

Opcode = tuple[str, int, int, int, int]
Block = tuple[int, int, int]
"""A run both lists share: its start in the first, its start in the second, its length."""


def _anchors(a: Sequence[str], b: Sequence[str], a0: int, a1: int, b0: int, b1: int
             ) -> list[tuple[int, int]]:
    """The words found once in ``a[a0:a1]`` and once in ``b[b0:b1]``, as (i, j) places,
    the longest chain of them in the same order in both."""
    ours, theirs = Counter(a[a0:a1]), Counter(b[b0:b1])
    where = {word: j for j in range(b0, b1) if theirs[word := b[j]] == 1 and ours[word] == 1}
    pairs = [(i, where[a[i]]) for i in range(a0, a1) if a[i] in where]
    tails: list[int] = []  # the j ending the best chain of each length
    ends: list[int] = []  # the pair ending it
    before: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        at = bisect_left(tails, j)
        if at > 0:
            before[index] = ends[at - 1]
        if at == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[at], ends[at] = j, index
    chain: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index >= 0:
        chain.append(pairs[index])
        index = before[index]
    return chain[::-1]


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """The runs ``a`` and ``b`` share, in order, ending with ``(len(a), len(b), 0)``."""
    blocks: list[Block] = []

    def align(a0: int, a1: int, b0: int, b1: int) -> None:
        start = 0
        while a0 + start < a1 and b0 + start < b1 and a[a0 + start] == b[b0 + start]:
            start += 1
        if start:
            blocks.append((a0, b0, start))
            a0, b0 = a0 + start, b0 + start
        end = 0
        while a0 < a1 - end and b0 < b1 - end and a[a1 - end - 1] == b[b1 - end - 1]:
            end += 1
        a1, b1 = a1 - end, b1 - end
        if a0 < a1 and b0 < b1:
            anchors = _anchors(a, b, a0, a1, b0, b1) if min(a1 - a0, b1 - b0) > SMALL else []
            if anchors:
                for i, j in anchors:
                    align(a0, i, b0, j)
                    blocks.append((i, j, 1))
                    a0, b0 = i + 1, j + 1
                align(a0, a1, b0, b1)
            else:
                matcher = difflib.SequenceMatcher(a=a[a0:a1], b=b[b0:b1], autojunk=False)
                blocks.extend((a0 + i, b0 + j, n)
                              for i, j, n in matcher.get_matching_blocks() if n)
        if end:
            blocks.append((a1, b1, end))

    align(0, len(a), 0, len(b))
    joined: list[Block] = []
    for i, j, n in blocks:  # runs that touch are one
        if joined and joined[-1][0] + joined[-1][2] == i and joined[-1][1] + joined[-1][2] == j:
            joined[-1] = (joined[-1][0], joined[-1][1], joined[-1][2] + n)
        else:
            joined.append((i, j, n))
    return [*joined, (len(a), len(b), 0)]


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """How to turn ``a`` into ``b``, as ``SequenceMatcher.get_opcodes`` says it."""
    found: list[Opcode] = []
    i = j = 0
    for ai, bj, size in matching_blocks(a, b):
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else \
            "insert" if j < bj else ""
        if tag:
            found.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            found.append(("equal", ai, i, bj, j))
    return found
