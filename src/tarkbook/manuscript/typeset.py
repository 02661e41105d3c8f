"""The strings of book.toml that the editions print, set as the text is: quotes and
apostrophes made typographic, dashes and ellipses, and the spaces of the book's language
around punctuation (an apostrophe curled, a no-break space before a French colon)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from tarkbook.manuscript.markdown import parser
from tarkbook.manuscript.punctuation import text_env
from tarkbook.manuscript.text_options import TextOptions
from tarkbook.model import Contributor, Metadata, Speaker

_MARKDOWN = re.compile(r"[\\`*_\[\]<>&~|{}()#!+=^$@%]")
"""Characters markdown-it could take for markup: escaped, so that a plain string stays
as it was written but for its punctuation."""


def typeset_plain(
    text: str, language: str, smart: bool = True, options: TextOptions | None = None,
) -> str:
    """``text``, plain, with the typographer and the spacing of the book's text."""
    if not text.strip():
        return text
    escaped = _MARKDOWN.sub(lambda m: "\\" + m.group(0), text)
    tokens = parser(smart).parseInline(escaped, text_env(language, options))
    children = tokens[0].children or []
    pieces = []
    for token in children:
        if token.type in ("text", "text_special"):
            pieces.append(token.content)
        elif token.type == "softbreak":
            pieces.append("\n")
    return "".join(pieces)


def typeset_strings(
    metadata: Metadata, contributors: Sequence[Contributor], speakers: Sequence[Speaker],
    smart: bool, options: TextOptions,
) -> tuple[Metadata, tuple[Contributor, ...], tuple[Speaker, ...]]:
    """The printed strings of book.toml set: the title and the other lines of the title
    page and imprint, the contributors' names and the speakers' names and labels."""
    language = metadata.language or "en"

    def setting(text: str) -> str:
        return typeset_plain(text, language, smart, options)

    metadata = dataclasses.replace(
        metadata, title=setting(metadata.title), subtitle=setting(metadata.subtitle),
        publisher=setting(metadata.publisher), rights=setting(metadata.rights),
        description=setting(metadata.description), edition=setting(metadata.edition),
        series=setting(metadata.series))
    people = tuple(dataclasses.replace(person, name=setting(person.name))
                   for person in contributors)
    voices = tuple(dataclasses.replace(speaker, name=setting(speaker.name),
                                       label=setting(speaker.label)) for speaker in speakers)
    return metadata, people, voices
