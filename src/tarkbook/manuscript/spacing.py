"""The spaces a language sets around its punctuation, in text and in book.toml's strings.

French sets a narrow no-break space (U+202F) before ``; ! ?`` and inside « », and a
no-break space (U+00A0) before ``:``. The spaces are added where the author typed none and
replace the ones typed, which a line could break at: no line of either edition may begin
with ``; : ! ? »``. ``[text] thin_spaces = false`` is the usage of Switzerland and Canada:
no space before ``; ! ?`` (a typed one is taken out), the colon's and the guillemets'
kept. A colon or mark inside a word (10:30, http://, ?q=1) is left as it is.

Other languages set no space before their punctuation: there a space typed before a
closing mark is made unbreakable, so that the mark never opens a line either.
"""

# ruff: noqa: RUF001 (the marks and spaces are the point)

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from tarkbook.manuscript.text_options import LANGUAGE_ENV, OPTIONS_ENV

NNBSP = "\u202f"
NBSP = "\u00a0"

_SPACE = "[ \t\u00a0\u202f\u2009]"
_HIGH = re.compile(rf"(?P<space>{_SPACE}*)(?P<mark>[;:!?]+)(?=$|[\s»”’)\]…,.]|\u202f)")
"""A run of high punctuation, the spaces typed before it, and what may follow it: the
end, a space or a closing mark (so that 10:30 and http:// are not taken)."""
_OPEN_GUILLEMET = re.compile(rf"«{_SPACE}*")
_CLOSE_GUILLEMET = re.compile(rf"{_SPACE}*»")
_BEFORE_CLOSING = re.compile(r"[ \t](?=[»”])")
"""A typed space before a closing mark, in a language that sets none: made unbreakable."""
_NO_SPACE_AFTER = set("([{«“‘„‚ \t\n\u00a0\u202f")
"""What a high mark may follow without a space: an opening mark, or nothing (a line's
start)."""


def is_french(language: str) -> bool:
    return language.split("-")[0].lower() == "fr"


def space_text(text: str, language: str, before: str = "", thin: bool = True) -> str:
    """``text`` with the spaces of ``language`` around its punctuation; ``before`` is the
    character the text follows (the end of the previous token), or empty at the start."""
    if not is_french(language):
        return _BEFORE_CLOSING.sub(NBSP, text) if " »" in text or " ”" in text else text
    text = _OPEN_GUILLEMET.sub("«" + NNBSP, text)
    text = _CLOSE_GUILLEMET.sub(lambda m: m.group(0) if m.start() == 0 and not before
                                else NNBSP + "»", text)

    def high(match: re.Match[str]) -> str:
        start = match.start()
        previous = text[start - 1] if start else before
        mark = match.group("mark")
        if not previous or (previous in _NO_SPACE_AFTER and not match.group("space")):
            return match.group(0)  # a line's first character, or just after "(" or "«"
        if previous in "([{«“‘„‚":
            return mark
        if mark[0] == ":":
            return NBSP + mark
        return (NNBSP if thin else "") + mark

    return _HIGH.sub(high, text)


def with_languages(inline: Token, book: str) -> Iterator[tuple[Token, str]]:
    """The children of an inline token, each with the language it stands in."""
    languages = [book]
    for token in inline.children or []:
        if token.type == "span_open":
            languages.append(str(token.attrs.get("lang", languages[-1])))
        elif token.type == "span_close" and len(languages) > 1:
            languages.pop()
        yield token, languages[-1]


def spacing_rule(state: StateCore) -> None:
    """markdown-it core rule: the spaces of each text token's language (see above)."""
    book = str(state.env.get(LANGUAGE_ENV, "en"))
    thin = getattr(state.env.get(OPTIONS_ENV), "thin_spaces", True)
    for inline in state.tokens:
        if inline.type != "inline" or not inline.children:
            continue
        before = ""  # the last character set before the token
        for token, language in with_languages(inline, book):
            if token.type in ("text", "text_special"):
                token.content = space_text(token.content, language, before, thin)
            if token.type in ("softbreak", "hardbreak"):
                before = "\n"
            elif token.type in ("text", "text_special", "code_inline") and token.content:
                before = token.content[-1]
            elif token.type in ("footnote_ref", "image"):
                before = "x"  # a note's call or an image stands as a word
