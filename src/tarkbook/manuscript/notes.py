"""Collecting note definitions and calls across the book, checking and numbering them."""

from __future__ import annotations

from tarkbook.diagnostics import Reporter
from tarkbook.manuscript.blocks import NoteDefinition
from tarkbook.model import Note, NoteCall


def number_notes(
    calls: list[NoteCall], definitions: list[NoteDefinition], reporter: Reporter
) -> tuple[Note, ...]:
    """Notes numbered 1, 2, 3 … in the order of their first call through the book.

    ``calls`` and ``definitions`` come in book order (sections in order, then notes.md).
    """
    defined: dict[str, NoteDefinition] = {}
    for definition in definitions:
        first = defined.get(definition.key)
        if first is not None:
            reporter.report("N003", definition.pos, key=definition.key, first=first.pos)
        else:
            defined[definition.key] = definition
    numbers: dict[str, int] = {}
    for call in calls:
        if call.key not in defined:
            reporter.report("N001", call.pos, key=call.key)
        elif call.key not in numbers:
            numbers[call.key] = len(numbers) + 1
    for key, definition in defined.items():
        if key not in numbers:
            reporter.report("N002", definition.pos, key=key)
    return tuple(
        Note(key, number, defined[key].blocks, defined[key].pos)
        for key, number in numbers.items()
    )
