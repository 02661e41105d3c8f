"""The plain text of a document model: its words without markup, note calls or speaker labels.

Used by the tests to compare the text of the book with its source. Every node type of the
model is handled explicitly, so that a new one fails loudly here instead of going missing.
"""

from __future__ import annotations

from tarkbook.model import (
    BlockQuote,
    Book,
    Code,
    Emphasis,
    Figure,
    Heading,
    InterviewSection,
    LanguageSpan,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Note,
    NoteCall,
    Paragraph,
    ProseSection,
    Reference,
    Signature,
    Strong,
    Table,
    Text,
    ThematicBreak,
    Turn,
)

BREAK = "\n\n"


def plain_text(node: object, *, titles: bool = True) -> str:
    """The text of ``node`` (a book, section, turn, block, inline, or a tuple of them).

    Blocks end with a blank line; note calls, speaker keys and markup leave nothing; a
    figure gives its caption. ``titles=False`` leaves out the titles of sections.
    """
    match node:
        case tuple():
            return "".join(plain_text(child, titles=titles) for child in node)
        case Text() | Code():
            return node.text
        case LineBreak():
            return "\n"
        case NoteCall() | Signature():  # a note's signature is [notes] signature's, not its text
            return ""
        case Emphasis() | Strong() | LanguageSpan() | Link() | Reference():
            return plain_text(node.children, titles=titles)
        case Paragraph() | Heading():
            return plain_text(node.children, titles=titles) + BREAK
        case BlockQuote() | ListItem() | Turn() | Note():
            return plain_text(node.blocks, titles=titles)
        case ListBlock():
            return plain_text(node.items, titles=titles)
        case Figure():
            return plain_text(node.caption) + BREAK if node.caption else ""
        case Table():
            rows = (node.head, *node.rows)
            cells = " ".join(plain_text(cell) for row in rows for cell in row)
            return plain_text(node.caption) + BREAK + cells + BREAK
        case ThematicBreak():
            return BREAK
        case ProseSection():
            title = plain_text(node.title) + BREAK if titles else ""
            return title + plain_text(node.blocks, titles=titles)
        case InterviewSection():
            title = plain_text(node.title) + BREAK if titles else ""
            return title + plain_text(node.body, titles=titles)
        case Book():
            return plain_text(node.sections, titles=titles)
    raise TypeError(f"plain_text does not know {type(node).__name__}")


def words(text: str) -> list[str]:
    """``text`` as a sequence of words: whitespace of any kind and length separates them."""
    return text.split()
