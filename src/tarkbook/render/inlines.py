"""Rendering inline nodes to (X)HTML markup shared by both editions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from tarkbook.model import (
    Code,
    Emphasis,
    Inline,
    LanguageSpan,
    LineBreak,
    Link,
    NoteCall,
    Reference,
    Signature,
    Strong,
    Text,
)
from tarkbook.render.index_ids import mark_id
from tarkbook.render.typography import join_dashes, split_last_word

NoteCallRenderer = Callable[[NoteCall], Markup]
"""How an edition renders a note call: a pop-up link in the EPUB, a footnote in the PDF."""

LinkRenderer = Callable[[Link | Reference, Markup], Markup]
"""How an edition renders a link or a reference to a place in the book, given the markup
of its text: the print edition adds a link's address and a reference's page."""

ANCHOR_PREFIX = "ref-"
"""Before a ``{#id}`` of the manuscript in the editions' ids, so that it never meets one
of their own (``note-1``, ``part-…``)."""


def anchor(ident: str) -> str:
    """The id, in both editions, of the place the manuscript names ``{#ident}``."""
    return ANCHOR_PREFIX + ident


def plain_link(node: Link | Reference, text: Markup) -> Markup:
    """A link as it is: to its address, or to its place in the same document."""
    if isinstance(node, Reference):
        return Markup('<a href="#{}">{}</a>').format(anchor(node.target), text)
    title = Markup(' title="{}"').format(node.title) if node.title else Markup("")
    return Markup('<a href="{}"{}>{}</a>').format(node.href, title, text)


def render_inlines(
    nodes: Sequence[Inline], note_call: NoteCallRenderer, links: LinkRenderer = plain_link
) -> Markup:
    """Markup for ``nodes``; a note call is kept on the same line as the word before it.

    Only that word is bound to the call: after italics or a language span, the last word
    of the element (``<em>The Collected </em>`` then ``<em>Poems</em>`` and the call), so
    that a title of any length still breaks where it must.
    """
    parts: list[Markup] = []
    pending = ""  # text not yet written, so that its last word can join a following call
    held: Inline | None = None  # an element not yet written, for the same reason
    for node in nodes:
        if isinstance(node, Text):
            if held is not None:
                parts.append(_node(held, note_call, links))
                held = None
            pending += node.text
            continue
        if isinstance(node, NoteCall | Signature):
            mark = note_call(node) if isinstance(node, NoteCall) else _signature(node)
            if not mark:  # a call left out (in the contents)
                continue
            before, word = split_last_word(pending)
            if before:
                parts.append(_text(before))
            if word or held is None:
                if held is not None:
                    parts.append(_node(held, note_call, links))
                # Right after another call, the call sticks to it.
                joined = _text(word) if word or before else (parts.pop() if parts else Markup(""))
            else:
                head, tail = split_tail(held)
                if head is not None:
                    parts.append(_node(head, note_call, links))
                joined = _node(tail, note_call, links)
            held = None
            parts.append(Markup('<span class="nobreak">{}{}</span>').format(joined, mark))
            pending = ""
            continue
        if pending:
            parts.append(_text(pending))
        pending = ""
        if held is not None:
            parts.append(_node(held, note_call, links))
        held = node
    if held is not None:
        parts.append(_node(held, note_call, links))
    parts.append(_text(pending))
    return Markup("").join(parts)


_Element = Emphasis | Strong | LanguageSpan | Link | Reference


def split_tail(node: Inline) -> tuple[Inline | None, Inline]:
    """``node`` split before its last word: the head (None when it is all one word) and
    the tail, each in the same elements (``*The Collected Poems*`` gives ``*The Collected *``
    and ``*Poems*``)."""
    if not isinstance(node, _Element) or not node.children:
        return None, node
    *rest, last = node.children
    head_last: Inline | None
    tail_last: Inline
    if isinstance(last, Text):
        before, word = split_last_word(last.text)
        if not word:
            return None, node
        head_last, tail_last = (Text(before, last.pos) if before else None), Text(word, last.pos)
    else:
        head_last, tail_last = split_tail(last)
    head_children = (*rest, head_last) if head_last is not None else tuple(rest)
    if not head_children:
        return None, node
    head: Inline = replace(node, children=head_children)
    if isinstance(node, Link):
        head = LinkHead(head_children, node.href, node.title, node.pos)
    elif isinstance(node, Reference):
        head = ReferenceHead(head_children, node.target, node.pos)
    tail = replace(node, children=(tail_last,))
    if isinstance(tail, LanguageSpan) and tail.index is not None:
        # An index mark's place is where its words begin: the head alone carries its id.
        tail = replace(tail, index=None)
    return head, tail


@dataclass(frozen=True, slots=True)
class LinkHead(Link):
    """The words of a link before its last, split off to keep that word with a note call:
    what an edition adds after a link (the print edition's address) follows the last."""


@dataclass(frozen=True, slots=True)
class ReferenceHead(Reference):
    """The words of a reference before its last (see ``LinkHead``)."""


def render_title(nodes: Sequence[Inline]) -> Markup:
    """Markup for a title as the contents show it: italics kept, note calls left out."""
    return render_inlines(nodes, _no_call)


def _no_call(node: NoteCall) -> Markup:
    return Markup("")


def plain_text(nodes: Sequence[Inline]) -> str:
    """The text of ``nodes`` without markup or note calls (for metadata and alt text)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text | Code):
            out.append(node.text)
        elif isinstance(node, Signature):
            out.append(SIGNATURE_DASH + node.text)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, Emphasis | Strong | LanguageSpan | Link | Reference):
            out.append(plain_text(node.children))
    return " ".join("".join(out).split())


SIGNATURE_DASH = "\u2014"
"""Before the signature of a note, with no space: "… in 1975.—Ed." """


def _signature(node: Signature) -> Markup:
    return Markup('<span class="signature">{}{}</span>').format(SIGNATURE_DASH, node.text)


def _text(text: str) -> Markup:
    return escape(join_dashes(text)) if text else Markup("")


def _node(node: Inline, note_call: NoteCallRenderer, links: LinkRenderer) -> Markup:
    if isinstance(node, Emphasis):
        return Markup("<em>{}</em>").format(render_inlines(node.children, note_call, links))
    if isinstance(node, Strong):
        return Markup("<strong>{}</strong>").format(
            render_inlines(node.children, note_call, links))
    if isinstance(node, LanguageSpan):
        # A span with a direction is isolated (dir= implies unicode-bidi: isolate), so that
        # a Hebrew phrase in an English sentence does not reorder the words around it.
        direction = Markup(' dir="{}"').format(node.direction) if node.direction else ""
        lang = Markup(' lang="{0}" xml:lang="{0}"').format(node.lang) if node.lang else ""
        small_caps = Markup(' class="smallcaps"') if node.small_caps else ""
        ident = Markup(' id="{}"').format(mark_id(node.pos)) if node.index else ""
        if not (ident or small_caps or lang or direction):  # the rest of a mark (split_tail)
            return render_inlines(node.children, note_call, links)
        return Markup("<span{0}{1}{2}{3}>{4}</span>").format(
            ident, small_caps, lang, direction, render_inlines(node.children, note_call, links)
        )
    if isinstance(node, Link | Reference):
        return links(node, render_inlines(node.children, note_call, links))
    if isinstance(node, Code):
        return Markup("<code>{}</code>").format(node.text)
    if isinstance(node, LineBreak):
        return Markup("<br/>")
    raise TypeError(f"not an inline node: {node!r}")
