"""The Markdown dialect of a manuscript: CommonMark with footnotes and language spans."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from tarkbook.manuscript import limits


@cache
def parser() -> MarkdownIt:
    """One configured markdown-it parser (it holds no per-document state)."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": limits.MAX_NESTING + 8})
    # Definitions stay where they stand (we collect them across files ourselves) and
    # calls match even when their definition is in another file.
    footnote_plugin(md, inline=False, move_to_end=False, always_match_refs=True)
    attrs_plugin(md, after=("span_close",), spans=True)
    # A block in another language or direction: ::: {dir=rtl lang=he} … :::
    container_plugin(md, "attrs", validate=_braced)
    # Tables are not part of the format: recognised only so that one is reported (S004).
    md.enable("table")
    # Every link reaches the manuscript reader, which reports the schemes it refuses
    # (L001, I001) instead of markdown-it quietly printing them as text.
    md.validateLink = _any_link  # type: ignore[method-assign]
    return md


def _braced(params: str, markup: str) -> bool:
    return params.strip().startswith("{")


def _any_link(url: str) -> bool:
    return True


def tokenize(text: str) -> list[Token]:
    """The block tokens of ``text``; each block token's ``map`` gives its 0-based lines."""
    return parser().parse(text, {})
