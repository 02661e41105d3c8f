"""Words the editions print for sections themselves, from the book's labels: "Chapter 3",
and the name of a section that has no title of its own (a dedication, an epigraph)."""

from __future__ import annotations

from tarkbook.model import SectionKind
from tarkbook.render.labels import Labels

_UNTITLED = {"dedication": "dedication", "epigraph": "epigraph"}
"""The label that names each kind of section that needs no title."""


def chapter_label(number: int, labels: Labels) -> str:
    """"Chapter 3" in the book's language."""
    return labels("chapter", number=number)


def kind_name(kind: SectionKind, labels: Labels) -> str:
    """The name of a kind of section that has no title, for the EPUB's document title."""
    label = _UNTITLED.get(kind)
    return labels(label) if label else kind.replace("-", " ").capitalize()
