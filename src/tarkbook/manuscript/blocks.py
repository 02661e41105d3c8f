"""Turning markdown-it block tokens of one file into the model's blocks and note definitions."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from markdown_it.token import Token

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript import limits
from tarkbook.manuscript.config import is_language_tag
from tarkbook.manuscript.images import check_image
from tarkbook.manuscript.inlines import DIRECTIONS, ImageRef, InlineReader
from tarkbook.manuscript.markdown import InlineParser, parser
from tarkbook.manuscript.positions import InlinePositions
from tarkbook.manuscript.punctuation import pair_across_lines, text_env
from tarkbook.manuscript.text_options import TextOptions
from tarkbook.manuscript.verse import read_verse
from tarkbook.model import (
    Block,
    BlockQuote,
    Division,
    Figure,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    NoteCall,
    Paragraph,
    Text,
    ThematicBreak,
)

_UNSUPPORTED = {
    "code_block": "an indented code block (a line indented by four spaces or more)",
    "fence": "a fenced code block",
    "table_open": "a table",
}


@dataclass(frozen=True, slots=True)
class NoteDefinition:
    key: str
    blocks: tuple[Block, ...]
    pos: SourcePos


@dataclass
class ParsedFile:
    """What one Markdown file holds, in document order."""

    blocks: list[Block] = field(default_factory=list)
    definitions: list[NoteDefinition] = field(default_factory=list)
    calls: list[NoteCall] = field(default_factory=list)


class BlockReader:
    """Reads the block tokens of one file; reports every problem it meets."""

    def __init__(
        self, reporter: Reporter, folder: Path, file: str, text: str, language: str = "en",
        smart_punctuation: bool = True, options: TextOptions | None = None,
    ) -> None:
        self.reporter = reporter
        self.language = language
        self.smart_punctuation = smart_punctuation
        self.options = options
        self.folder = folder
        self.file = file
        self.lines = text.split("\n")
        self.result = ParsedFile()
        self.in_note = False
        self.too_deep = False
        self.quote_depth = 0  # block quotes around the block being read (their '>' markers)
        self.inline_parser: InlineParser = _parsed_children

    def report(self, code: str, pos: SourcePos, **params: object) -> None:
        self.reporter.report(code, pos, **params)

    def pos(self, token: Token) -> SourcePos:
        line = token.map[0] if token.map else 0
        source = self.lines[line] if line < len(self.lines) else ""
        return SourcePos(self.file, line + 1, len(source) - len(source.lstrip()) + 1)

    def read(self, tokens: list[Token], inline_parser: InlineParser | None = None) -> ParsedFile:
        """The blocks of ``tokens``; with ``inline_parser`` (from ``block_tokens``), the
        children of each inline token are parsed as it is read."""
        if inline_parser is not None:
            self.inline_parser = inline_parser
        self.result.blocks = self._blocks(tokens, 0, len(tokens))
        return self.result

    def _blocks(self, tokens: list[Token], start: int, end: int, depth: int = 0) -> list[Block]:
        """The blocks of ``tokens[start:end]``, inside ``depth`` block quotes and lists."""
        blocks: list[Block] = []
        index = start
        while index < end:
            token = tokens[index]
            close = _matching_close(tokens, index) if token.nesting == 1 else index
            block = self._block(tokens, index, close, depth)
            if block is not None:
                blocks.append(block)
            index = close + 1
        return blocks

    def _inside(self, token: Token, depth: int) -> int:
        """The depth of the blocks inside the quote or list ``token``, reported when it
        goes over the limit (a list counts once, not once more for each of its items)."""
        depth += 1
        if depth > limits.MAX_NESTING and not self.too_deep:
            self.too_deep = True
            self.report("S005", self.pos(token), depth=depth, limit=limits.MAX_NESTING)
        return depth

    def _block(self, tokens: list[Token], index: int, close: int, depth: int) -> Block | None:
        token = tokens[index]
        kind = token.type
        if kind == "paragraph_open":
            return self._paragraph(tokens[index + 1], self.pos(token))
        if kind == "heading_open":
            level = int(token.tag[1])
            children, images = self._inlines(tokens[index + 1])
            for image in images:
                self.report("I004", image.pos)
            return Heading(level, children, self.pos(token))
        if kind == "blockquote_open":
            inner = self._inside(token, depth)
            self.quote_depth += 1
            quoted = tuple(self._blocks(tokens, index + 1, close, inner))
            self.quote_depth -= 1
            return BlockQuote(quoted, self.pos(token))
        if kind in ("bullet_list_open", "ordered_list_open"):
            inner = self._inside(token, depth)
            items = tuple(
                ListItem(tuple(self._blocks(tokens, i + 1, _matching_close(tokens, i), inner)),
                         self.pos(tokens[i]))
                for i in range(index + 1, close)
                if tokens[i].type == "list_item_open" and tokens[i].level == token.level + 1
            )
            start = int(token.attrs.get("start", 1) or 1)
            return ListBlock(kind == "ordered_list_open", start, items, self.pos(token))
        if kind == "hr":
            return ThematicBreak(self.pos(token))
        if kind == "container_verse_open":
            end = token.map[1] if token.map else len(self.lines)
            pair = (partial(pair_across_lines, language=self.language)
                    if self.smart_punctuation else None)
            return read_verse(self.lines, self.pos(token).line - 1, end, self.file,
                              self._verse_line, self.quote_depth, pair)
        if kind == "container_attrs_open":
            return self._division(tokens, index, close, depth)
        if kind == "footnote_reference_open":
            self._definition(tokens, index, close, depth)
            return None
        if kind == "html_block":
            self.report("H001", self.pos(token), html=_first_line(token.content))
            return None
        if kind in _UNSUPPORTED:
            self.report("S004", self.pos(token), construct=_UNSUPPORTED[kind])
            return None
        return None

    def _division(self, tokens: list[Token], index: int, close: int, depth: int) -> Division:
        token = tokens[index]
        pos = self.pos(token)
        line = self.lines[pos.line - 1]
        brace = line.find("{")
        where = SourcePos(pos.file, pos.line, brace + 1 if brace >= 0 else pos.column)
        attrs = _attributes(token.info.strip())
        for attr in attrs:
            if attr not in ("lang", "dir"):
                self.report("A001", where, attr=attr)
        lang = attrs.get("lang", "")
        if lang and not is_language_tag(lang):
            self.report("A002", where, lang=lang)
        direction = attrs.get("dir", "")
        if "dir" in attrs and direction not in DIRECTIONS:
            self.report("A004", where, dir=direction)
        return Division(tuple(self._blocks(tokens, index + 1, close, depth)), lang, direction,
                        pos)

    def _definition(self, tokens: list[Token], index: int, close: int, depth: int) -> None:
        key = str(tokens[index].meta["label"])
        pos = self.pos(tokens[index])
        was_in_note, self.in_note = self.in_note, True
        blocks = tuple(self._blocks(tokens, index + 1, close, depth))
        self.in_note = was_in_note
        if was_in_note:
            self.report("N004", pos, key=key)
            return
        if not blocks:
            self.report("N005", pos, key=key)
        self.result.definitions.append(NoteDefinition(key, blocks, pos))

    def _inlines(self, token: Token) -> tuple[tuple[Inline, ...], list[ImageRef]]:
        first = token.map[0] if token.map else 0
        where = InlinePositions(self.file, self.lines, first, token.content)
        reader = InlineReader(where, self.report, self.in_note)
        children = reader.read(self.inline_parser(token))
        self.result.calls.extend(reader.calls)
        return children, reader.images

    def _verse_line(self, number: int, text: str) -> tuple[Inline, ...]:
        tokens = parser(self.smart_punctuation).parseInline(
            text, text_env(self.language, self.options))
        where = InlinePositions(self.file, self.lines, number, text)
        reader = InlineReader(where, self.report, self.in_note)
        children = reader.read(tokens[0].children or [])
        self.result.calls.extend(reader.calls)
        for image in reader.images:
            self.report("I004", image.pos)
        return children

    def _paragraph(self, token: Token, pos: SourcePos) -> Block | None:
        children, images = self._inlines(token)
        if not images:
            return Paragraph(children, pos)
        alone = len(images) == 1 and all(
            isinstance(child, Text) and not child.text.strip() for child in children
        )
        if not alone:
            for image in images:
                self.report("I004", image.pos)
            return Paragraph(children, pos)
        image = images[0]
        if self.in_note:  # a footnote in print is a run of text: no room for a figure
            self.report("I015", image.pos)
            return None
        src = check_image(image.src, image.pos, self.folder, self.reporter)
        if not image.alt.strip():
            self.report("I006", image.pos, src=image.src)
        elif image.alt.lstrip().startswith("TODO"):  # left by tarkbook import
            self.report("I017", image.pos, src=image.src)
        return Figure(src or image.src, image.alt, image.title, image.pos)


def _matching_close(tokens: list[Token], index: int) -> int:
    level = tokens[index].level
    for close in range(index + 1, len(tokens)):
        if tokens[close].nesting == -1 and tokens[close].level == level:
            return close
    return len(tokens) - 1


def _attributes(info: str) -> dict[str, str]:
    """The ``key=value`` pairs of ``{dir=rtl lang=he}``; a word alone is a key without value."""
    inner = info.strip().removeprefix("{").removesuffix("}")
    pairs = {}
    for word in shlex.split(inner) if inner.count('"') % 2 == 0 else inner.split():
        key, _, value = word.partition("=")
        pairs[key] = value
    return pairs


def _first_line(text: str) -> str:
    line = text.strip().split("\n")[0]
    return line if len(line) <= 60 else line[:59] + "…"


def _parsed_children(token: Token) -> list[Token]:
    """The children of an inline token that the parser has parsed already."""
    return token.children or []
