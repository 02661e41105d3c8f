"""Blocks as the Markdown of a section file: headings, paragraphs, quotations, nested
lists, scene breaks and figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tarkbook.importer.blocks import Block
from tarkbook.importer.inline import InlineWriter

ImageName = Callable[[Block], str]
"""A figure's block -> the path of its file in the folder (``images/…``)."""


def _alt(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def compose(blocks: Sequence[Block], writer: InlineWriter, image: ImageName) -> str:
    out: list[str] = []
    index = 0
    previous_list = ("", "")
    counted: dict[tuple[str, int], int] = {}
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "quote":
            end = index
            while end < len(blocks) and blocks[end].kind == "quote":
                end += 1
            paragraphs = [writer.write(b.pieces, b.place) for b in blocks[index:end]]
            out.append("\n>\n".join("> " + text.replace("\n", "\n> ")
                                    for text in paragraphs if text))
            index = end
            continue
        if block.kind == "item":
            end = index
            while end < len(blocks) and blocks[end].kind == "item" and (
                    blocks[end].level > 0 or blocks[end].list_id == block.list_id
                    or "continue" in blocks[end].extra):
                end += 1
            text, previous_list = _list(blocks[index:end], writer, previous_list, counted)
            out.append(text)
            index = end
            continue
        previous_list = ("", "")
        if block.kind == "heading":
            heading = writer.write(block.pieces, block.place).replace("\\\n", " ")
            out.append("#" * block.level + " " + heading)
        elif block.kind == "break":
            out.append("***")
        elif block.kind == "figure" and block.picture is not None:
            title = block.caption.replace("\\", "\\\\").replace('"', '\\"')
            title_part = f' "{title}"' if title else ""
            out.append(f"![{_alt(block.picture.alt)}]({image(block)}{title_part})")
        else:
            text = writer.write(block.pieces, block.place)
            out.append("\\" + text if "escape-label" in block.extra else text)
        index += 1
    return "\n\n".join(text for text in out if text) + "\n"


def _list(items: Sequence[Block], writer: InlineWriter, previous: tuple[str, str],
          counted: dict[tuple[str, int], int]) -> tuple[str, tuple[str, str]]:
    """A run of list items as nested Markdown lists; a list right after another of the
    same type takes the other marker (``-``/``+``, ``1.``/``1)``) so that they stay two.

    A list's numbers go on across the text between its items, as Word numbers them
    (``counted``: the last number of each list and level); an item without a marker is a
    further paragraph of the item before it."""
    lines: list[str] = []
    stack: list[int] = []  # the content's indent of each open level
    bullet, number = ("+", ")") if previous[1] == "-" else ("-", ".")
    for item in items:
        if "continue" in item.extra and stack:
            depth = min(item.level, len(stack) - 1)
            text = writer.write(item.pieces, item.place)
            pad = " " * stack[depth]
            lines += ["", pad + text.replace("\n", "\n" + pad)]
            continue
        level = min(item.level, len(stack))  # at most one step deeper than the item before
        del stack[level + 1:]
        for key in [key for key in counted if key[0] == item.list_id and key[1] > level]:
            del counted[key]  # a deeper level numbers from its start again
        value = counted.get((item.list_id, level), item.start - 1) + 1
        counted[(item.list_id, level)] = value
        marker = f"{value}{number}" if item.ordered else bullet
        base = stack[level - 1] if level else 0
        if len(stack) == level:
            stack.append(base + len(marker) + 1)
        text = writer.write(item.pieces, item.place) or "\u00a0"
        pad = " " * stack[level]
        lines.append(" " * base + marker + " " + text.replace("\n", "\n" + pad))
    return "\n".join(lines), (items[-1].list_id, bullet)
