"""The Markdown dialect of a manuscript: CommonMark with footnotes and language spans."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import block as core_block
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from tarkbook.manuscript import limits
from tarkbook.manuscript.citation_syntax import citation_plugin
from tarkbook.manuscript.punctuation import (
    keep_source_plugin,
    smart_punctuation_plugin,
    text_env,
)
from tarkbook.manuscript.text_options import TextOptions


@cache
def parser(smart_punctuation: bool = True) -> MarkdownIt:
    """One configured markdown-it parser (it holds no per-document state); with
    ``smart_punctuation``, quotes, dashes and ellipses are made typographic."""
    # A list takes two levels of tokens (the list and its item): room for the limit of
    # lists, so that the reader, not the parser, finds what is nested too deep.
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 2 * limits.MAX_NESTING + 8})
    # Definitions stay where they stand (we collect them across files ourselves) and
    # calls match even when their definition is in another file.
    footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
    # Pandoc's citations: [@key, p. 63], [-@key], @key in the text (citation_syntax.py).
    citation_plugin(md)
    # {lang=…} after a span; {#id} after an image names the figure for cross-references.
    attrs_plugin(md, after=("span_close", "image"), spans=True)
    # ::: verse … ::: holds a poem; its lines are read from the source (see verse.py).
    container_plugin(md, "verse")
    # A block in another language or direction: ::: {dir=rtl lang=he} … :::
    container_plugin(md, "attrs", validate=_braced)
    # GFM pipe tables.
    md.enable("table")
    # Every link reaches the manuscript reader, which reports the schemes it refuses
    # (L001, I001) instead of markdown-it quietly printing them as text.
    md.validateLink = _any_link  # type: ignore[method-assign]
    if smart_punctuation:
        smart_punctuation_plugin(md)
    else:
        keep_source_plugin(md)
    return md


def _braced(params: str, markup: str) -> bool:
    return params.strip().startswith("{")


def _any_link(url: str) -> bool:
    return True


def tokenize(
    text: str, language: str = "en", smart_punctuation: bool = True,
    options: TextOptions | None = None,
) -> list[Token]:
    """The block tokens of ``text``; each block token's ``map`` gives its 0-based lines.

    ``language`` is the book's, whose quotation marks the text gets (see punctuation.py).
    """
    return parser(smart_punctuation).parse(text, text_env(language, options))


InlineParser = Callable[[Token], list[Token]]
"""Parses the children of one ``inline`` token, and lets it go of them."""


def block_tokens(
    text: str, language: str = "en", smart_punctuation: bool = True,
    options: TextOptions | None = None,
) -> tuple[list[Token], InlineParser]:
    """The block tokens of ``text`` with their ``inline`` tokens not yet parsed, and the
    function that parses one of them when it is read: the inline tokens of a whole file
    (over a kilobyte for each piece of markup) are never in memory at once, only a
    paragraph's.

    ``language`` is the book's, whose quotation marks the text gets (see punctuation.py);
    ``map`` gives each block token's 0-based lines. Each inline token is parsed by the same
    rules, in the same order, as ``parser().parse`` parses them all."""
    md = parser(smart_punctuation)
    env = text_env(language, options)
    state = StateCore(text, md, env)
    rules = md.core.ruler.getRules("")
    split = rules.index(core_block) + 1
    for rule in rules[:split]:
        rule(state)

    def children(token: Token) -> list[Token]:
        token.children = []
        inline = StateCore(text, md, env)
        inline.tokens = [token]
        for rule in rules[split:]:
            rule(inline)
        found, token.children = token.children, []
        return found

    return state.tokens, children
