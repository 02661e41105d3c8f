"""Turning markdown-it inline tokens into the model's inline nodes, checking as it goes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown_it.token import Token

from tarkbook.diagnostics import SourcePos
from tarkbook.manuscript import limits
from tarkbook.manuscript.config import is_language_tag
from tarkbook.manuscript.index_marks import INDEX_CLASS, MARK_ATTRIBUTES, read_mark
from tarkbook.manuscript.positions import InlinePositions
from tarkbook.manuscript.punctuation import SOURCE, UNRESOLVED
from tarkbook.model import (
    Code,
    Emphasis,
    Inline,
    LanguageSpan,
    LineBreak,
    Link,
    NoteCall,
    Reference,
    Strong,
    Text,
)

ALLOWED_SCHEMES = ("http", "https", "mailto")
DIRECTIONS = ("rtl", "ltr")
SMALL_CAPS = "smallcaps"
"""A class a span takes: ``[Unesco]{.smallcaps}``."""
SPAN_ATTRIBUTES = ("lang", "dir", "class", *MARK_ATTRIBUTES)
SPAN_ALLOWED = "lang=, dir=, index=, see=, seealso= and the classes .smallcaps and .index"
Report = Callable[..., None]


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image met among inline tokens; only a paragraph holding nothing else becomes a
    figure."""

    src: str
    alt: str
    title: str
    pos: SourcePos
    ident: str = ""
    """The ``{#id}`` written after the image."""


@dataclass
class InlineReader:
    """Reads the children of one inline token into a tuple of inline nodes."""

    where: InlinePositions
    report: Report
    in_note: bool
    calls: list[NoteCall] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)

    def read(self, tokens: list[Token]) -> tuple[Inline, ...]:
        too_deep = next((t for t in tokens if t.level > limits.MAX_NESTING), None)
        if too_deep is not None:
            # Reported, and read no further: markup this deep would exhaust the recursion.
            pos = self.where.here()
            self.report("S005", pos, depth=too_deep.level, limit=limits.MAX_NESTING)
            return _merge_text([Text(t.content, pos) for t in tokens if t.type == "text"])
        nodes, _ = self._until(iter(tokens), None)
        return _merge_text(nodes)

    def _until(self, tokens: Iterator[Token], closer: str | None) -> tuple[list[Inline], bool]:
        nodes: list[Inline] = []
        for token in tokens:
            if token.type == closer:
                return nodes, True
            node = self._node(token, tokens)
            if node is not None:
                nodes.append(node)
        return nodes, False

    def _children(self, tokens: Iterator[Token], closer: str) -> tuple[Inline, ...]:
        nodes, _ = self._until(tokens, closer)
        return _merge_text(nodes)

    def _node(self, token: Token, tokens: Iterator[Token]) -> Inline | None:
        kind = token.type
        if kind == "text":
            if not token.content:  # what is left of a delimiter run that became markup
                return None
            return self._text(token)
        if kind == "text_special":  # an escaped character or an entity: kept as it is
            return Text(token.content, self.where.find(token.markup or token.content))
        if kind == "softbreak":
            return Text("\n", self.where.here())
        if kind == "hardbreak":
            return LineBreak(self.where.here())
        if kind == "code_inline":
            return Code(token.content, self.where.find(token.content))
        if kind == "em_open":
            pos = self.where.find(token.markup)
            return Emphasis(self._children(tokens, "em_close"), pos)
        if kind == "strong_open":
            pos = self.where.find(token.markup)
            return Strong(self._children(tokens, "strong_close"), pos)
        if kind == "span_open":
            return self._span(token, tokens)
        if kind == "link_open":
            return self._link(token, tokens)
        if kind == "footnote_ref":
            return self._note_call(token)
        if kind == "image":
            self.images.append(self._image(token))
            return None
        if kind == "html_inline":
            self.report("H001", self.where.find(token.content), html=_shorten(token.content))
            return None
        return Text(token.content, self.where.here())

    def _text(self, token: Token) -> Text:
        source = str(token.meta.get(SOURCE, token.content))
        pos = self.where.find(source)
        start = self.where.cursor - len(source) if pos == self.where.last_found else -1
        for offset in token.meta.get(UNRESOLVED, ()):
            where = self.where.at(start + offset) if start >= 0 else pos
            self.report("Q001", where, quote=source[offset])
        return Text(token.content, pos)

    def _span(self, token: Token, tokens: Iterator[Token]) -> Inline:
        pos = self.where.find("[")
        children = self._children(tokens, "span_close")
        attrs = {str(k): str(v) for k, v in token.attrs.items()}
        classes = attrs.get("class", "").split()
        small_caps = SMALL_CAPS in classes
        for attr in attrs:
            if attr not in SPAN_ATTRIBUTES or (attr == "class" and not _known(classes)):
                self.report("A001", pos, attr=attr, allowed=SPAN_ALLOWED)
        index = read_mark(attrs, INDEX_CLASS in classes, children, pos, self.report)
        lang = attrs.get("lang", "")
        if not lang:
            if not small_caps and not _index_attributes(attrs, classes):
                self.report("A003", pos)
        elif not is_language_tag(lang):
            self.report("A002", pos, lang=lang)
        direction = attrs.get("dir", "")
        if "dir" in attrs and direction not in DIRECTIONS:
            self.report("A004", pos, dir=direction)
        return LanguageSpan(children, lang, pos, direction, small_caps, index)

    def _link(self, token: Token, tokens: Iterator[Token]) -> Inline:
        pos = self.where.find("<" if token.markup == "autolink" else "[")
        href = str(token.attrs.get("href", ""))
        children = self._children(tokens, "link_close")
        if href.startswith("#"):  # a place in the book, checked once the book is read
            return Reference(children, href[1:], pos)
        scheme = urlsplit(href).scheme.lower() if ":" in href else ""
        if scheme not in ALLOWED_SCHEMES:
            self.report("L001", pos, href=_shorten(href))
        return Link(children, href, str(token.attrs.get("title", "")), pos)

    def _note_call(self, token: Token) -> Inline | None:
        key = str(token.meta["label"])
        pos = self.where.find(f"[^{key}]")
        if self.in_note:
            self.report("N004", pos, key=key)
            return None
        call = NoteCall(key, pos)
        self.calls.append(call)
        return call

    def _image(self, token: Token) -> ImageRef:
        pos = self.where.find("![")
        alt = "".join(child.content for child in token.children or [])
        for attr in token.attrs:
            if attr not in ("src", "alt", "title", "id"):
                self.report("R004", pos, attr=attr)
        return ImageRef(
            str(token.attrs.get("src", "")), alt, str(token.attrs.get("title", "") or ""), pos,
            str(token.attrs.get("id", "")),
        )


def _known(classes: list[str]) -> bool:
    """Whether a span's classes are all ones the format knows (and there is one)."""
    return bool(classes) and all(name in (SMALL_CAPS, INDEX_CLASS) for name in classes)


def _index_attributes(attrs: dict[str, str], classes: list[str]) -> bool:
    """Whether a span is written as an index mark, which needs no ``lang=`` (one written
    wrongly is reported as such, X001 to X003, not also for its language)."""
    return INDEX_CLASS in classes or any(attr in attrs for attr in MARK_ATTRIBUTES)


def _merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Adjacent text nodes joined into one (markdown-it splits text at markup characters)."""
    merged: list[Inline] = []
    run: list[Text] = []  # joined once at its end: a long paragraph has many pieces

    def flush() -> None:
        if run:
            merged.append(run[0] if len(run) == 1 else
                          Text("".join(text.text for text in run), run[0].pos))
            run.clear()

    for node in nodes:
        if isinstance(node, Text):
            run.append(node)
        else:
            flush()
            merged.append(node)
    flush()
    return tuple(merged)


def _shorten(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
