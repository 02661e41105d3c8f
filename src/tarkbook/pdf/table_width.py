"""Whether each table of a book fits the width of the print edition's text block, found
before layout from the face's metrics.

A column is at least as wide as its longest unbreakable word (a table is set without
hyphenation, and an address breaks only after '/' and '.'), in the size and face the
default theme sets tables in (``theme/print.css``: ``table`` and ``th``); the columns are
apart by the theme's gap. A table whose columns cannot be that narrow is wider than the
text block, which the print edition never prints: ``tarkbook check`` reports it (B001),
naming its widest column."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from tarkbook.diagnostics import Reporter
from tarkbook.manuscript.size import MARGINS_MM, trim_mm
from tarkbook.model import (
    Block,
    BlockQuote,
    Book,
    Division,
    Emphasis,
    Inline,
    InterviewSection,
    LanguageSpan,
    Link,
    ListBlock,
    Reference,
    Strong,
    Table,
    Turn,
)
from tarkbook.pdf.fonts import face
from tarkbook.render.inlines import plain_text

TABLE_SIZE_PT = 8.5
"""The size of a table's text (``table { font-size }`` in the theme)."""
COLUMN_GAP_EM = 0.8
"""The space between two columns (``th, td { padding-right }`` in the theme)."""
PT_PER_MM = 72 / 25.4
PX_PER_PT = 96 / 72
QUOTE_INDENTS_MM = 2 * 1.2 * 9.2 / PT_PER_MM
"""What a block quote takes of the width: 1.2 em on each side, in its 9.2 pt."""
LIST_INDENT_MM = 1.2 * 10 / PT_PER_MM
"""What a list takes of the width: 1.2 em on the left, in the text's 10 pt."""
_SPACES = re.compile(r"\s+")
_ADDRESS_BREAKS = re.compile(r"(?<=[/.])(?=[^/.])")


def check_tables(book: Book, chain: Sequence[str], reporter: Reporter) -> None:
    """Report each table of ``book`` too wide for the text block (B001), or for the room
    a block quote or a list around it leaves."""
    room = trim_mm(book.print_settings.page_size)[0] - MARGINS_MM[0]
    for section in book.sections:
        items: Sequence[Block] = [
            block for item in section.body
            for block in (item.blocks if isinstance(item, Turn) else (item,))
        ] if isinstance(section, InterviewSection) else section.blocks
        for table, width in _tables(items, room):
            _check(table, width, chain, reporter)


def _tables(blocks: Sequence[Block], room: float) -> Iterator[tuple[Table, float]]:
    """Each table of ``blocks`` and the width it may take, in millimetres."""
    for block in blocks:
        if isinstance(block, Table):
            yield block, room
        elif isinstance(block, BlockQuote):
            yield from _tables(block.blocks, room - QUOTE_INDENTS_MM)
        elif isinstance(block, Division):
            yield from _tables(block.blocks, room)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _tables(item.blocks, room - LIST_INDENT_MM)


def _check(table: Table, room: float, chain: Sequence[str], reporter: Reporter) -> None:
    if not table.head:
        return
    widths = [(0.0, "")] * len(table.head)
    for row_index, row in enumerate((table.head, *table.rows)):
        style = "italic" if row_index == 0 else "normal"
        for column, cell in enumerate(row[:len(widths)]):
            for word, italic in _words(cell, style == "italic"):
                width = text_mm(word, chain, "italic" if italic else "normal")
                widths[column] = max(widths[column], (width, word))
    gap = COLUMN_GAP_EM * TABLE_SIZE_PT / PT_PER_MM * (len(widths) - 1)
    total = sum(width for width, _ in widths) + gap
    if total > room:
        column = max(range(len(widths)), key=lambda index: widths[index][0])
        reporter.report("B001", table.pos, width=f"{total:.0f}", room=f"{room:.0f}",
                        column=column + 1, header=plain_text(table.head[column]),
                        word=widths[column][1])


def _words(nodes: Sequence[Inline], italic: bool) -> Iterator[tuple[str, bool]]:
    """The unbreakable words of a cell, each with whether it is set in italic."""
    text: list[str] = []
    for node in _flat(nodes, italic):
        text.append(node[0])
        if node[2]:  # a link's address, printed after it
            yield from ((word, node[1]) for word in _ADDRESS_BREAKS.split(node[2]) if word)
    for word in _SPACES.split("".join(text)):
        if word:
            yield word, italic


def _flat(nodes: Sequence[Inline], italic: bool) -> Iterator[tuple[str, bool, str]]:
    for node in nodes:
        if isinstance(node, Emphasis):
            yield from _flat(node.children, not italic)
        elif isinstance(node, Strong | LanguageSpan | Reference):
            yield from _flat(node.children, italic)
        elif isinstance(node, Link):
            yield from _flat(node.children, italic)
            yield " ", italic, node.href.removeprefix("mailto:")
        elif hasattr(node, "text"):
            yield str(node.text), italic, ""


def text_mm(text: str, chain: Sequence[str], style: str) -> float:
    """The width of ``text`` in the table's size, in millimetres: each character from the
    first face of ``chain`` that has it."""
    units = 0.0
    for char in text:
        for name in chain:
            advance = _advances(face(name, style).path).get(ord(char))
            if advance is not None:
                units += advance
                break
        else:
            units += 0.6
    return units * TABLE_SIZE_PT / PT_PER_MM


@cache
def _advances(path: Path) -> dict[int, float]:
    """Each character's advance in the font file ``path``, in ems, at the table's size: a
    variable face with an optical size axis (Source Serif 4) is set at that size's
    instance, which is wider than its default (the renderer takes the size in CSS px)."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    deltas = _deltas(font)
    return {code: (metrics[glyph][0] + deltas(glyph)) / per_em
            for code, glyph in font.getBestCmap().items()}


def _deltas(font: Any) -> Callable[[str], float]:
    """How much a glyph's advance grows at the table's size and the regular weight (zero
    for a face that is not variable)."""
    if "fvar" not in font or "HVAR" not in font:
        return lambda glyph: 0.0
    from fontTools.varLib.models import normalizeLocation, piecewiseLinearMap
    from fontTools.varLib.varStore import VarStoreInstancer

    axes = {axis.axisTag: (axis.minValue, axis.defaultValue, axis.maxValue)
            for axis in font["fvar"].axes}
    wanted = {"opsz": TABLE_SIZE_PT * PX_PER_PT, "wght": 400.0}
    location = normalizeLocation(
        {tag: min(max(value, axes[tag][0]), axes[tag][2]) for tag, value in wanted.items()
         if tag in axes}, axes)
    if "avar" in font:
        segments = font["avar"].segments
        location = {tag: piecewiseLinearMap(value, segments[tag]) if tag in segments
                    else value for tag, value in location.items()}
    table = font["HVAR"].table
    store = VarStoreInstancer(table.VarStore, font["fvar"].axes, location)
    mapping = table.AdvWidthMap.mapping if table.AdvWidthMap else None
    order = {name: index for index, name in enumerate(font.getGlyphOrder())}

    def delta(glyph: str) -> float:
        return float(store[mapping[glyph] if mapping is not None else order[glyph]])

    return delta
