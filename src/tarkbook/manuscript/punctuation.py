"""Smart punctuation: markdown-it's typographer, with the quotation marks of each language.

markdown-it's ``replacements`` rule makes ``--`` an en dash, ``---`` an em dash and
``...`` an ellipsis (but not ``(c)`` a copyright sign); its ``smartquotes`` rule pairs
straight quotes and turns apostrophes into ’. The library knows one set of quotation
marks per parser, so the pairs are made with placeholder marks, and each placeholder
then becomes the mark of the language of the text it stands in: the book's, or a
language span's (``[…]{lang=de}``). Code spans are never touched. A straight quote the
library cannot pair is left as it is, and recorded (``UNRESOLVED``) for the reader to
warn about.
"""

# ruff: noqa: RUF001, RUF002 (the quotation marks of each language are the point)

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core.replacements import RARE_RE, replace_rare
from markdown_it.rules_core.smartquotes import smartquotes
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from tarkbook.manuscript.digits import digits_rule
from tarkbook.manuscript.spacing import spacing_rule, with_languages
from tarkbook.manuscript.text_options import LANGUAGE_ENV, OPTIONS_ENV, TextOptions

SOURCE = "source"
"""``Token.meta`` key of a text token's source text, before any replacement."""
UNRESOLVED = "unresolved"
"""``Token.meta`` key of the offsets, in the source text, of straight quotes left unpaired."""

# Placeholders for the double and single opening and closing marks, one character each,
# so that the pairing leaves every other character where it was.
_PLACEHOLDERS = "\ue000\ue001\ue002\ue003"
_NNBSP = "\u202f"
_ENGLISH = ("“", "”", "‘", "’")
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": _ENGLISH,
    "nl": _ENGLISH,
    "pl": ("„", "”", "«", "»"),
    "de": ("„", "“", "‚", "‘"),
    "cs": ("„", "“", "‚", "‘"),
    "sk": ("„", "“", "‚", "‘"),
    "sl": ("„", "“", "‚", "‘"),
    "hr": ("„", "“", "‚", "‘"),
    "fr": ("«" + _NNBSP, _NNBSP + "»", "“", "”"),
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "be": ("«", "»", "„", "“"),
    "it": ("«", "»", "“", "”"),
    "es": ("«", "»", "“", "”"),
    "pt": ("«", "»", "“", "”"),
    "el": ("«", "»", "“", "”"),
    "sv": ("”", "”", "’", "’"),
    "fi": ("”", "”", "’", "’"),
    "ar": ("«", "»", "“", "”"),
    "fa": ("«", "»", "“", "”"),
    "ur": ("“", "”", "‘", "’"),
}
"""The double and single quotation marks of a language, by its primary subtag; any other
language gets the English marks."""


def text_env(language: str, options: TextOptions | None = None) -> dict[str, object]:
    """The ``env`` of a parse: the language of the text, and ``[text]``'s options."""
    return {LANGUAGE_ENV: language, OPTIONS_ENV: options or TextOptions()}


def quotes_for(language: str) -> tuple[str, str, str, str]:
    return QUOTES.get(language.split("-")[0].lower(), _ENGLISH)


def smart_punctuation_plugin(md: MarkdownIt) -> None:
    """Typographer on: replacements as markdown-it makes them, quotes by language.

    Text tokens are not joined (markdown-it's ``text_join``), so that an escaped quote
    (``\\"``) stays straight and each text token keeps its own source.
    """
    md.options["typographer"] = True
    md.options["quotes"] = _PLACEHOLDERS
    md.enable(["replacements", "smartquotes"])
    md.disable("text_join")
    md.core.ruler.before("replacements", "keep_source", _keep_source)
    md.core.ruler.at("replacements", _dashes_and_dots)
    md.core.ruler.at("smartquotes", _language_quotes)
    md.core.ruler.after("smartquotes", "spacing", spacing_rule)
    md.core.ruler.after("spacing", "digits", digits_rule)


def keep_source_plugin(md: MarkdownIt) -> None:
    """Typographer off: text tokens are kept apart and keep their source, as above."""
    md.disable("text_join")
    md.core.ruler.after("inline", "keep_source", _keep_source)
    md.core.ruler.after("keep_source", "spacing", spacing_rule)
    md.core.ruler.after("spacing", "digits", digits_rule)


def _keep_source(state: StateCore) -> None:
    for token in _inline_children(state):
        if token.type == "text":
            token.meta[SOURCE] = token.content


def _dashes_and_dots(state: StateCore) -> None:
    """markdown-it's replacements but (c), (r) and (tm), which in a book are more often the
    third item of a list than a copyright sign."""
    for token in state.tokens:
        if token.type == "inline" and token.children and RARE_RE.search(token.content):
            replace_rare(token.children)


def _inline_children(state: StateCore) -> list[Token]:
    out: list[Token] = []
    for token in state.tokens:
        if token.type == "inline" and token.children:
            out.extend(token.children)
    return out


def _language_quotes(state: StateCore) -> None:
    before = {id(t): _quote_offsets(t.content) for t in _inline_children(state)
              if t.type == "text"}
    smartquotes(state)
    book_language = str(state.env.get(LANGUAGE_ENV, "en"))
    for inline in state.tokens:
        if inline.type != "inline" or not inline.children:
            continue
        for token, language in with_languages(inline, book_language):
            if token.type == "text":
                _finish(token, quotes_for(language), before.get(id(token), []))


def _quote_offsets(text: str) -> list[int]:
    return [i for i, char in enumerate(text) if char in "\"'"]


def _finish(token: Token, quotes: tuple[str, str, str, str], offsets: list[int]) -> None:
    content = token.content
    unpaired = [rank for rank, offset in enumerate(offsets) if content[offset] in "\"'"]
    if unpaired:
        source_offsets = _quote_offsets(str(token.meta.get(SOURCE, content)))
        token.meta[UNRESOLVED] = [source_offsets[rank] for rank in unpaired
                                  if rank < len(source_offsets)]
    if any(mark in content for mark in _PLACEHOLDERS):
        token.content = content.translate(
            {ord(mark): real for mark, real in zip(_PLACEHOLDERS, quotes, strict=True)}
        )


@cache
def _pairing() -> MarkdownIt:
    """A parser for its options alone: markdown-it's pairing of quotes sets the marks of
    its ``quotes`` option, the placeholders as ``smart_punctuation_plugin`` sets them."""
    return MarkdownIt("commonmark", {"typographer": True, "quotes": _PLACEHOLDERS})


_CODE_SPAN = re.compile(r"`+[^`]*`+")
_ESCAPED_QUOTE = re.compile(r"\\[\"']")


def pair_across_lines(texts: Sequence[str], language: str) -> list[str]:
    """The lines of a stanza with their straight quotes made typographic as if the stanza
    were one paragraph: a quotation that runs across lines opens on one and closes on
    another. Escaped quotes and code spans are left as they are; each line then goes
    through the typographer on its own, which leaves the marks set here as they are."""
    from markdown_it.rules_core.smartquotes import process_inlines

    masked = []
    for text in texts:
        for pattern in (_CODE_SPAN, _ESCAPED_QUOTE):
            text = pattern.sub(lambda m: "\0" * len(m.group(0)), text)
        masked.append(text)
    children: list[Token] = []
    for index, text in enumerate(masked):
        if index:
            children.append(Token("softbreak", "br", 0))
        children.append(Token("text", "", 0, content=text))
    process_inlines(children, StateCore("", _pairing(), {}))
    marks = quotes_for(language)
    paired = []
    texts_out = [token.content for token in children if token.type == "text"]
    for original, result in zip(texts, texts_out, strict=True):
        chars = []
        for before, after in zip(original, result, strict=True):
            if before in "\"'" and after in _PLACEHOLDERS:
                chars.append(marks[_PLACEHOLDERS.index(after)])
            elif before == "'" and after == "\u2019":
                chars.append(after)
            else:
                chars.append(before)
        paired.append("".join(chars))
    return paired
