"""The alignment of two long lists of words: the opcodes turn one into the other, find
exactly the edits made, agree with difflib on short lists, and stay quick on a chapter of
a hundred thousand words."""

from __future__ import annotations

import difflib
import random
import time

from tarkbook.proof.alignment import opcodes

VOCABULARY = [f"w{n}" for n in range(300)]


def _text(size: int, seed: int) -> list[str]:
    """Words of a small vocabulary (each used again and again) and now and then one of
    its own, as a book's words are."""
    chance = random.Random(seed)
    return [chance.choice(VOCABULARY) if chance.random() > 0.02 else f"name{n}"
            for n in range(size)]


def _apply(a: list[str], b: list[str], found: list[tuple[str, int, int, int, int]]
           ) -> list[str]:
    made: list[str] = []
    for tag, a0, a1, b0, b1 in found:
        if tag == "equal":
            assert a[a0:a1] == b[b0:b1]
            made += a[a0:a1]
        else:
            made += b[b0:b1]
    return made


def test_the_opcodes_turn_one_list_into_the_other() -> None:
    for seed in range(20):
        a = _text(3000, seed)
        b = [*a]
        chance = random.Random(seed + 100)
        for _ in range(chance.randrange(1, 12)):
            at = chance.randrange(len(b))
            edit = chance.choice(("drop", "add", "change"))
            if edit == "drop":
                del b[at]
            elif edit == "add":
                b.insert(at, "added")
            else:
                b[at] = "changed"
        found = opcodes(a, b)
        assert _apply(a, b, found) == b
        assert any(op[0] != "equal" for op in found)  # "added", "changed": new words


def test_one_word_changed_in_a_long_chapter_is_found_alone_and_quickly() -> None:
    a = _text(100_000, 7)
    b = [*a]
    b[61_234] = "changed"
    del b[80_000]
    started = time.perf_counter()
    found = [op for op in opcodes(a, b) if op[0] != "equal"]
    assert time.perf_counter() - started < 2.0
    assert found == [("replace", 61_234, 61_235, 61_234, 61_235),
                     ("delete", 80_000, 80_001, 80_000, 80_000)]


def test_short_lists_are_aligned_as_difflib_aligns_them() -> None:
    a = str.split("the lamp room was cold when the keeper climbed to it")
    b = str.split("the lamp room was warm when the keeper came up to it at last")
    assert opcodes(a, b) == difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    assert opcodes([], []) == []
    assert opcodes(["a"], []) == [("delete", 0, 1, 0, 0)]
