"""Grouping an interview's blocks into speaker turns (the format's speaker-turn rules)."""

from __future__ import annotations

import re
from dataclasses import replace

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript.suggest import closest
from tarkbook.model import (
    Block,
    BlockQuote,
    Heading,
    Inline,
    Paragraph,
    Speaker,
    Text,
    ThematicBreak,
    Turn,
)
from tarkbook.render.epigraph import is_epigraph

_LABEL = re.compile(r"^(\w+):")
_ESCAPED_LABEL = re.compile(r"^\\(\w+):")


def unescape_label(paragraph: Paragraph) -> Paragraph:
    """``\\NOTE: …`` keeps ``NOTE:`` as text: drop the backslash (it is no Markdown escape)."""
    first = paragraph.children[0] if paragraph.children else None
    if isinstance(first, Text):
        match = _ESCAPED_LABEL.match(first.text)
        if match and match.group(1).isupper():
            return replace(paragraph, children=(replace(first, text=first.text[1:]),
                                                *paragraph.children[1:]))
    return paragraph


def _label(paragraph: Paragraph) -> tuple[str, SourcePos] | None:
    first = paragraph.children[0] if paragraph.children else None
    if isinstance(first, Text):
        match = _LABEL.match(first.text)
        if match and match.group(1).isupper():
            return match.group(1), first.pos
    return None


def _key_in_other_case(paragraph: Paragraph, keys: set[str]) -> tuple[str, SourcePos] | None:
    """``Berg:`` at the start of a paragraph when ``BERG`` is a speaker's key."""
    first = paragraph.children[0] if paragraph.children else None
    if isinstance(first, Text):
        match = _LABEL.match(first.text)
        if match and not match.group(1).isupper() and match.group(1).upper() in keys:
            return match.group(1), first.pos
    return None


def _strip_label(paragraph: Paragraph, key: str) -> tuple[Inline, ...]:
    first = paragraph.children[0]
    assert isinstance(first, Text)
    rest = first.text[len(key) + 1 :].lstrip()
    if rest:
        skipped = first.text[: len(first.text) - len(rest)]
        line, column = first.pos.line, first.pos.column + len(skipped)
        if "\n" in skipped:  # the key stands alone on its line: the text starts on the next
            line += skipped.count("\n")
            column = 1 + len(skipped.rsplit("\n", 1)[1])
        pos = SourcePos(first.pos.file, line, column)
        return (Text(rest, pos), *paragraph.children[1:])
    return paragraph.children[1:]


def group_turns(
    blocks: list[Block], speakers: tuple[Speaker, ...], reporter: Reporter
) -> tuple[tuple[Turn | Heading | ThematicBreak | BlockQuote, ...], set[str]]:
    """The interview's body as turns, headings and breaks (after an epigraph, if one opens
    it), and the keys that spoke."""
    keys = {speaker.key for speaker in speakers}
    shown_keys = ", ".join(f"{key}:" for key in sorted(keys)) or "none declared"
    body: list[Turn | Heading | ThematicBreak | BlockQuote] = []
    current: Turn | None = None
    more: list[Block] = []  # the blocks that continue the current turn (joined at its close)
    last_speaker: str | None = None
    spoke: set[str] = set()
    complained = False

    def close() -> None:
        nonlocal current
        if current is not None:
            body.append(replace(current, blocks=(*current.blocks, *more)) if more else current)
            current = None
            more.clear()

    for block in blocks:
        if not body and current is None and is_epigraph(block):
            body.append(block)
            continue
        if isinstance(block, Heading | ThematicBreak):
            close()
            body.append(block)
            continue
        if isinstance(block, Paragraph):
            found = _label(block)
            if found and found[0] in keys:
                key, pos = found
                close()
                children = _strip_label(block, key)
                if not children:
                    reporter.report("T004", pos, key=key)
                current = Turn(key, (replace(block, children=children),), block.pos)
                last_speaker = key
                spoke.add(key)
                continue
            if found:
                label, pos = found
                near = closest(label, keys)
                advice = f"write '\\{label}:' to keep it as text"
                if near:
                    advice = f"did you mean '{near}:'? Or {advice}"
                reporter.report("T002", pos, label=label, keys=shown_keys, advice=advice)
                continue
            other_case = _key_in_other_case(block, keys)
            if other_case:
                label, pos = other_case
                reporter.report("T005", pos, label=label, key=label.upper())
            block = unescape_label(block)
        if current is not None:
            more.append(block)
        elif last_speaker is not None:
            current = Turn(last_speaker, (block,), block.pos, continued=True)
        elif not complained:
            reporter.report("T001", block.pos, keys=shown_keys)
            complained = True
    close()
    return tuple(body), spoke
