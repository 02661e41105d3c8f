"""Pandoc's citation syntax in the Markdown: ``[@key]``, ``[see @key, p. 63]``,
``[@a; @b]``, ``[-@key]`` and ``@key`` in the text, read by a markdown-it inline rule
into one ``citation`` token each.

A key begins with a letter, a digit or ``_`` and goes on with letters, digits and the
punctuation ``:.#$%&-+?<>~/`` (not at its end), as in Pandoc; an ``@`` after a letter or
digit (``reader@example.org``) is no citation.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from tarkbook.model import CiteItem

TOKEN = "citation"
"""The token a citation becomes; its ``meta`` holds ``items``, ``in_text`` and ``source``."""

_KEY = r"[\w](?:[\w:.#$%&\-+?<>~/]*[\w])?"
_IN_TEXT = re.compile(rf"@({_KEY})(?:\s?\[([^\[\]\n]*)\])?")
"""An author-in-text citation, with its locator in brackets after it: ``@key [p. 33]``."""
_ITEM = re.compile(rf"^(?P<prefix>.*?)(?P<minus>-?)@(?P<key>{_KEY})(?P<suffix>.*)$", re.S)
_LOCATOR_TERMS = {
    "p.": "page", "pp.": "page", "page": "page", "pages": "page",
    "chap.": "chapter", "chaps.": "chapter", "chapter": "chapter", "chapters": "chapter",
    "sec.": "section", "secs.": "section", "section": "section", "sections": "section",
    "§": "section", "§§": "section",
    "vol.": "volume", "vols.": "volume", "volume": "volume", "volumes": "volume",
    "bk.": "book", "bks.": "book", "book": "book", "books": "book",
    "col.": "column", "cols.": "column", "column": "column", "columns": "column",
    "fig.": "figure", "figs.": "figure", "figure": "figure", "figures": "figure",
    "l.": "line", "ll.": "line", "line": "line", "lines": "line",
    "n.": "note", "nn.": "note", "note": "note", "notes": "note",
    "para.": "paragraph", "paras.": "paragraph", "paragraph": "paragraph",
    "pt.": "part", "pts.": "part", "part": "part", "parts": "part",
    "v.": "verse", "vv.": "verse", "verse": "verse", "verses": "verse",
    "op.": "opus", "opp.": "opus", "fol.": "folio", "fols.": "folio",
}
"""The locator terms Pandoc knows in English, each with its CSL label."""
_VALUE = (r"(?:[0-9]+[A-Za-z]?|[ivxlcdmIVXLCDM]+)"
          r"(?:\s*(?:-{1,2}|\u2013)\s*(?:[0-9]+[A-Za-z]?|[ivxlcdmIVXLCDM]+))?")
_TERMS = "|".join(re.escape(t) for t in sorted(_LOCATOR_TERMS, key=len, reverse=True))
_LOCATOR = re.compile(
    rf"^[,\s]*(?:(?P<term>{_TERMS})\s*)?"
    rf"(?P<value>{_VALUE}(?:\s*[,&]\s*{_VALUE})*)(?=$|[\s,;.)])"
)


def citation_plugin(md: MarkdownIt) -> None:
    """Citations read before links and spans (a ``[`` that holds one is no link)."""
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.inline.add_terminator_char("@")


def _citation_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    char = state.src[start]
    if char == "@":
        return _in_text(state, silent)
    if char != "[":
        return False
    close = state.src.find("]", start + 1, state.posMax)
    if close < 0:
        return False
    inner = state.src[start + 1:close]
    if "@" not in inner or "[" in inner or inner.startswith("^"):
        return False
    after = state.src[close + 1:close + 2]
    if after in ("(", "[", "{"):  # a link, a reference or a span
        return False
    items = parse_bracketed(inner)
    if items is None:
        return False
    if not silent:
        token = state.push(TOKEN, "", 0)
        token.meta = {"items": items, "in_text": False, "source": state.src[start:close + 1]}
    state.pos = close + 1
    return True


def _in_text(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if start > 0 and _word_before(state.src[start - 1]):
        return False
    match = _IN_TEXT.match(state.src, start, state.posMax)
    if match is None:
        return False
    label, locator, suffix = "", "", ""
    if match[2] is not None:
        label, locator, suffix = split_locator(match[2])
    if not silent:
        token = state.push(TOKEN, "", 0)
        item = CiteItem(match[1], "", suffix, label, locator)
        token.meta = {"items": (item,), "in_text": True, "source": match[0]}
    state.pos = match.end()
    return True


def _word_before(char: str) -> bool:
    return char.isalnum() or char == "_"


def parse_bracketed(inner: str) -> tuple[CiteItem, ...] | None:
    """The items of a bracketed citation's text (between ``[`` and ``]``), or None when
    one of its parts, split at ``;``, holds no key."""
    items = []
    for part in inner.split(";"):
        match = _ITEM.match(part)
        if match is None:
            return None
        prefix = match["prefix"]
        if prefix and _word_before(prefix[-1]):
            return None
        label, locator, suffix = split_locator(match["suffix"])
        items.append(CiteItem(match["key"], " ".join(prefix.split()), suffix, label, locator,
                              bool(match["minus"])))
    return tuple(items)


def split_locator(text: str) -> tuple[str, str, str]:
    """A suffix's locator, as Pandoc reads it: its label, its value and the rest
    (``, p. 63 and passim`` gives "page", "63" and "and passim"); a suffix that does not
    begin with a locator is all suffix."""
    match = _LOCATOR.match(text)
    term = match["term"] if match is not None else None
    if match is None or (not term and not match["value"][0].isdigit()):
        return "", "", _affix(text)  # a bare locator is a number: ", did so" is no page
    label = _LOCATOR_TERMS[term] if term else "page"
    value = re.sub(r"\s*(?:-{1,2}|\u2013)\s*", "\u2013", match["value"])  # a range
    return label, value, _affix(text[match.end():])


def _affix(text: str) -> str:
    """A suffix without the comma that separates it from the key, its spaces joined."""
    text = " ".join(text.split())
    return text[1:].lstrip() if text.startswith(",") else text
