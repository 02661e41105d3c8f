"""Turning markdown-it block tokens of one file into the model's blocks and note definitions."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace
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
    Alignment,
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
    Table,
    Text,
    ThematicBreak,
)

_UNSUPPORTED = {
    "code_block": "an indented code block (a line indented by four spaces or more)",
    "fence": "a fenced code block",
}

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
"""A ``{#id}`` the editions can use as it is (an XML name, and a URL fragment)."""
_TRAILING_ID = re.compile(r"\s*\{#([^{}\s]*)\}\s*$")
_CAPTION = re.compile(r"(?:[Tt]able)?:\s")
"""What opens a table's caption, as in Pandoc: ``Table: …`` (or ``: …``)."""
_IMAGE_TITLE = re.compile(
    r"!\[(?:[^\]\\]|\\.)*\]\(\s*(?:<[^>]*>|[^\s)]+)\s+"
    r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^)\\]|\\.)*\))")
"""An image up to its title, which the first group holds with its quotes."""
_ALIGNMENTS: dict[str, Alignment] = {
    "text-align:left": "left", "text-align:center": "center", "text-align:right": "right",
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
        return self._captions(blocks)

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
            children, ident = self._trailing_id(children, self.pos(token))
            return Heading(level, children, self.pos(token), ident)
        if kind == "table_open":
            if self.in_note:  # a footnote in print is a run of text: no room for a table
                self.report("S004", self.pos(token), construct="a table in a note")
                return None
            return self._table(tokens, index, close)
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
                self.report("A001", where, attr=attr, allowed="lang= and dir=")
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

    def _table(self, tokens: list[Token], index: int, close: int) -> Table:
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        alignments: list[Alignment] = []
        cells: list[tuple[Inline, ...]] = []
        for position in range(index + 1, close):
            token = tokens[position]
            if token.type in ("th_open", "td_open"):
                if not rows:
                    alignments.append(_ALIGNMENTS.get(str(token.attrs.get("style", "")), ""))
                children, images = self._inlines(tokens[position + 1])
                for image in images:
                    self.report("I004", image.pos)
                cells.append(children)
            elif token.type == "tr_close":
                rows.append(tuple(cells))
                cells = []
        return Table(rows[0] if rows else (), tuple(rows[1:]), tuple(alignments),
                     self.pos(tokens[index]))

    def _captions(self, blocks: list[Block]) -> list[Block]:
        """``blocks`` with each table's caption (a paragraph ``Table: …`` just before it,
        else just after it) taken into the table, with the caption's ``{#id}``."""
        taken: set[int] = set()
        for index, block in enumerate(blocks):
            if not isinstance(block, Table):
                continue
            for other in (index - 1, index + 1):
                caption = _caption(blocks[other]) if 0 <= other < len(blocks) else None
                if caption is None or other in taken:
                    continue
                taken.add(other)
                children, ident = caption
                if ident and not IDENT.fullmatch(ident):
                    where = self._place_of(f"{{#{ident}}}", blocks[other].pos)
                    self.report("R003", where, ident=ident)
                blocks[index] = replace(block, caption=children, ident=ident)
                break
        return [block for index, block in enumerate(blocks) if index not in taken]

    def _trailing_id(
        self, children: tuple[Inline, ...], pos: SourcePos
    ) -> tuple[tuple[Inline, ...], str]:
        """``children`` without the ``{#id}`` that ends them, and that id ('' if none);
        an id the editions cannot use is reported (R003)."""
        children, ident = _split_id(children)
        if ident and not IDENT.fullmatch(ident):
            self.report("R003", self._place_of(f"{{#{ident}}}", pos), ident=ident)
        return children, ident

    def _raw_title(self, image: ImageRef) -> str:
        """The caption of ``image`` as the source writes it, its escapes and entities
        kept, to be read as inline Markdown (markdown-it gives it with them resolved);
        the resolved title when it is not found on the image's line."""
        line = self.lines[image.pos.line - 1] if image.pos.line <= len(self.lines) else ""
        found = _IMAGE_TITLE.match(line, image.pos.column - 1)
        return found.group(1)[1:-1] if found else image.title

    def _place_of(self, text: str, pos: SourcePos) -> SourcePos:
        """Where ``text`` first stands on or after the line of ``pos``."""
        for number in range(pos.line - 1, len(self.lines)):
            column = self.lines[number].find(text)
            if column >= 0:
                return SourcePos(pos.file, number + 1, column + 1)
        return pos

    def _inlines(self, token: Token) -> tuple[tuple[Inline, ...], list[ImageRef]]:
        first = token.map[0] if token.map else 0
        where = InlinePositions(self.file, self.lines, first, token.content)
        reader = InlineReader(where, self.report, self.in_note)
        children = reader.read(self.inline_parser(token))
        self.result.calls.extend(reader.calls)
        return children, reader.images

    def _verse_line(self, number: int, text: str) -> tuple[Inline, ...]:
        """The inline text ``text`` found on line ``number`` (0-based) or after it: a line
        of verse, or a figure's caption."""
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
        caption = self._verse_line(image.pos.line - 1, self._raw_title(image)) \
            if image.title else ()
        if image.ident and not IDENT.fullmatch(image.ident):
            self.report("R003", self._place_of(f"{{#{image.ident}}}", image.pos),
                        ident=image.ident)
        return Figure(src or image.src, image.alt, caption, image.pos, image.ident)


def _caption(block: Block) -> tuple[tuple[Inline, ...], str] | None:
    """The text and ``{#id}`` of ``block`` when it is a table's caption, else None."""
    if not isinstance(block, Paragraph) or not block.children:
        return None
    first = block.children[0]
    opening = _CAPTION.match(first.text) if isinstance(first, Text) else None
    if opening is None or not isinstance(first, Text):
        return None
    children, ident = _split_id(
        (Text(first.text[opening.end():], first.pos), *block.children[1:]))
    return tuple(child for child in children if not isinstance(child, Text) or child.text), ident


def _split_id(children: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], str]:
    """``children`` without the ``{#id}`` that ends them, and that id ('' if none)."""
    last = children[-1] if children else None
    match = _TRAILING_ID.search(last.text) if isinstance(last, Text) else None
    if not isinstance(last, Text) or match is None:
        return children, ""
    rest = last.text[:match.start()]
    return (*children[:-1], *((Text(rest, last.pos),) if rest else ())), match.group(1)


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
