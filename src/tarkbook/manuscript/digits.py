"""The digits of a language: ``[text] digits``, in the text and in the dates.

A Persian book writes ۱۹۸۲ where an English one writes 1982. The digits a language uses
by default, and its own, come from CLDR through Babel (its default and native numbering
systems): Persian digits for Persian, Latin for Arabic (CLDR's default; "native" gives
the Arabic-Indic ٠١٢), Latin for Hebrew. Digits typed in the text are set in them, in the
language of the passage they stand in: a span in another language keeps its own.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError
from markdown_it.rules_core.state_core import StateCore

from tarkbook.manuscript.spacing import with_languages
from tarkbook.manuscript.text_options import LANGUAGE_ENV, OPTIONS_ENV

LATIN = "0123456789"
_ZEROS = {
    "arab": 0x660, "arabext": 0x6F0, "deva": 0x966, "beng": 0x9E6, "guru": 0xA66,
    "gujr": 0xAE6, "orya": 0xB66, "tamldec": 0xBE6, "telu": 0xC66, "knda": 0xCE6,
    "mlym": 0xD66, "thai": 0xE50, "laoo": 0xED0, "tibt": 0xF20, "mymr": 0x1040,
    "khmr": 0x17E0,
}
"""The zero of each CLDR numbering system of ten consecutive digits (numberingSystems.xml);
Babel names a locale's systems but does not write their digits."""


@cache
def digits_of(language: str, choice: str = "default") -> str:
    """The ten digits ``language`` is set in under ``[text] digits = choice``."""
    if choice == "latin":
        return LATIN
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return LATIN
    system = (locale.other_numbering_systems.get("native", "latn") if choice == "native"
              else locale.default_numbering_system)
    zero = _ZEROS.get(system)
    if zero is None:
        return LATIN
    digits = "".join(chr(zero + i) for i in range(10))
    return digits if all(unicodedata.digit(d) == i for i, d in enumerate(digits)) else LATIN


def set_digits(text: str, language: str, choice: str = "default") -> str:
    """``text`` with its Latin digits in the digits of ``language``."""
    if not any(char.isdigit() for char in text):  # no digit: no locale's data to load
        return text
    digits = digits_of(language, choice)
    if digits == LATIN:
        return text
    return text.translate(str.maketrans(LATIN, digits))


def latin_digits(text: str) -> str:
    """``text`` with every decimal digit, of whatever script, a Latin one (to read back
    the numbers an edition printed in the digits of its language)."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(char)) if unicodedata.decimal(char, None) is not None
                   else char for char in text)


def digits_rule(state: StateCore) -> None:
    """markdown-it core rule: each text token's digits in its language's (see above)."""
    choice = getattr(state.env.get(OPTIONS_ENV), "digits", "default")
    book = str(state.env.get(LANGUAGE_ENV, "en"))
    for inline in state.tokens:
        if inline.type != "inline" or not inline.children:
            continue
        for token, language in with_languages(inline, book):
            if token.type == "text":
                token.content = set_digits(token.content, language, choice)
