"""Collecting note definitions and calls across the book, checking and numbering them."""

from __future__ import annotations

from tarkbook.diagnostics import Reporter
from tarkbook.manuscript.blocks import NoteDefinition
from tarkbook.manuscript.suggest import closest
from tarkbook.model import Block, Note, NoteCall, Paragraph, Signature


def number_notes(
    calls: list[NoteCall], definitions: list[NoteDefinition], reporter: Reporter,
    signature: str = "",
) -> tuple[Note, ...]:
    """Notes numbered 1, 2, 3 … in the order of their first call through the book.

    ``calls`` and ``definitions`` come in book order (sections in order, then notes.md).
    A ``signature`` ("Ed.") closes every note (see ``signed``).
    """
    defined: dict[str, NoteDefinition] = {}
    for definition in definitions:
        first = defined.get(definition.key)
        if first is not None:
            reporter.report("N003", definition.pos, key=definition.key, first=first.pos)
        else:
            defined[definition.key] = definition
    numbers: dict[str, int] = {}
    called = {call.key for call in calls}
    uncalled = [key for key in defined if key not in called]
    for call in calls:
        if call.key not in defined:
            near = closest(call.key, uncalled)
            hint = f"; did you mean [^{near}], defined but never called?" if near else ""
            reporter.report("N001", call.pos, key=call.key, hint=hint)
        elif call.key not in numbers:
            numbers[call.key] = len(numbers) + 1
    undefined = sorted(called - defined.keys())
    for key, definition in defined.items():
        if key not in numbers:
            near = closest(key, undefined)
            hint = f"; is it the note called as [^{near}]?" if near else ""
            reporter.report("N002", definition.pos, key=key, hint=hint)
    return tuple(
        Note(key, number, signed(defined[key].blocks, signature), defined[key].pos)
        for key, number in numbers.items()
    )


def signed(blocks: tuple[Block, ...], signature: str) -> tuple[Block, ...]:
    """The blocks of a note closed by ``signature``: at the end of its last paragraph, or
    as a paragraph of its own when the note ends with another block (a list, a quotation).
    """
    if not signature or not blocks:
        return blocks
    last = blocks[-1]
    if isinstance(last, Paragraph):
        mark = Signature(signature, last.pos)
        return (*blocks[:-1], Paragraph((*last.children, mark), last.pos))
    return (*blocks, Paragraph((Signature(signature, last.pos),), last.pos))
