"""citeproc-py's HTML (``<i>``, ``<b>``, small capitals as a styled ``<span>``) read back
into the model's inline nodes, which each edition renders and escapes as any text."""

from __future__ import annotations

from html.parser import HTMLParser

from tarkbook.diagnostics import SourcePos
from tarkbook.model import Emphasis, Inline, LanguageSpan, Strong, Text


def html_inlines(html: str, pos: SourcePos) -> tuple[Inline, ...]:
    """The nodes of one citation or work as citeproc-py's HTML formatter gives it; the
    other elements it makes (``<sup>``, ``<u>``…) keep only their text."""
    reader = _Reader(pos)
    reader.feed(html)
    reader.close()
    while len(reader.stack) > 1:  # an element citeproc-py left open: closed at the end
        reader.handle_endtag("")
    return _joined(reader.stack[0][1])


class _Reader(HTMLParser):
    def __init__(self, pos: SourcePos) -> None:
        super().__init__(convert_charrefs=True)
        self.pos = pos
        self.stack: list[tuple[str, list[Inline]]] = [("", [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = "".join((value or "") for name, value in attrs if name == "style")
        kind = "smallcaps" if tag == "sc" else tag  # <sc>: CSL-JSON's own small capitals
        if tag == "span":
            kind = "smallcaps" if "small-caps" in style.replace(" ", "") else "span"
        self.stack.append((kind, []))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) < 2:
            return
        kind, children = self.stack.pop()
        nodes = _joined(children)
        parent = self.stack[-1][1]
        if not nodes:
            return
        if kind == "i":
            parent.append(Emphasis(nodes, self.pos))
        elif kind == "b":
            parent.append(Strong(nodes, self.pos))
        elif kind == "smallcaps":
            parent.append(LanguageSpan(nodes, "", self.pos, small_caps=True))
        else:
            parent.extend(nodes)

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1][1].append(Text(data, self.pos))


def _joined(nodes: list[Inline]) -> tuple[Inline, ...]:
    """Adjacent texts as one."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text, node.pos)
        else:
            out.append(node)
    return tuple(out)
