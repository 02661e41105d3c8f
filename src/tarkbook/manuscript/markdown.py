"""The Markdown dialect of a manuscript: CommonMark with footnotes and language spans."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

from tarkbook.manuscript import limits


@cache
def parser() -> MarkdownIt:
    """One configured markdown-it parser (it holds no per-document state)."""
    # A list takes two levels of tokens (the list and its item): room for the limit of
    # lists, so that the reader, not the parser, finds what is nested too deep.
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 2 * limits.MAX_NESTING + 8})
    # Definitions stay where they stand (we collect them across files ourselves) and
    # calls match even when their definition is in another file.
    footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
    attrs_plugin(md, after=("span_close",), spans=True)
    # Tables are not part of the format: recognised only so that one is reported (S004).
    md.enable("table")
    # Every link reaches the manuscript reader, which reports the schemes it refuses
    # (L001, I001) instead of markdown-it quietly printing them as text.
    md.validateLink = _any_link  # type: ignore[method-assign]
    return md


def _any_link(url: str) -> bool:
    return True


def tokenize(text: str) -> list[Token]:
    """The block tokens of ``text``; each block token's ``map`` gives its 0-based lines."""
    return parser().parse(text, {})
