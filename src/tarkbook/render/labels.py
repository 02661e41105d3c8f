"""The words the editions add to a book ("Contents", "by", dates …) in the book's language.

The shipped tables are ``tarkbook/labels/<language>.toml``; a book's ``[labels]`` table
overrides any of them. A language without a table gets the English words (``tarkbook
check`` warns and names the labels to supply). Dates are formatted with Babel from CLDR.
"""

from __future__ import annotations

import datetime
import string
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup, escape

from tarkbook.manuscript.digits import set_digits
from tarkbook.manuscript.spacing import space_text

FALLBACK = "en"
DATE_LENGTHS = ("short", "medium", "long", "full")


@cache
def shipped_languages() -> tuple[str, ...]:
    """The languages with a shipped table, such as ("de", "en", …)."""
    folder = files("tarkbook") / "labels"
    names = (entry.name for entry in folder.iterdir())
    return tuple(sorted(name.removesuffix(".toml") for name in names if name.endswith(".toml")))


@cache
def shipped(language: str) -> Mapping[str, str]:
    """The shipped table of ``language`` (a primary subtag, "pl"), empty when none."""
    if language not in shipped_languages():
        return {}
    text = (files("tarkbook") / "labels" / f"{language}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def names() -> tuple[str, ...]:
    """Every label's name, in the order of the English table."""
    return tuple(shipped(FALLBACK))


def fields(text: str) -> set[str]:
    """The ``{placeholders}`` of a label, such as {"names"} for "by {names}"."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def primary(language: str) -> str:
    """The primary subtag of a BCP 47 tag, in lower case: "pl" of "pl-PL"."""
    return language.split("-")[0].lower()


def missing(language: str, overrides: Mapping[str, str]) -> tuple[str, ...]:
    """The labels a book in ``language`` prints in English: no shipped table, no override.

    Dates need no label: CLDR writes them in the language, in the English table's pattern.
    """
    if shipped(primary(language)):
        return ()
    return tuple(name for name in names() if name not in overrides and name != "date_format")


class Labels:
    """The labels of one book: ``labels("by", names="…")`` gives the filled-in words."""

    def __init__(
        self, language: str, overrides: Sequence[tuple[str, str]] = (), digits: str = "default",
    ) -> None:
        self.language = language
        self.digits = digits
        """``[text] digits``: the dates are written in the digits the text is set in."""
        self.table = {**shipped(FALLBACK), **shipped(primary(language)), **dict(overrides)}

    def words(self, name: str) -> str:
        """The label ``name`` unfilled, with the spaces of the language around its
        punctuation ("Cette édition\u00a0: {date}")."""
        return space_text(self.table[name], self.language)

    def __call__(self, name: str, /, **values: object) -> str:
        return self.words(name).format(**values)

    def markup(self, name: str, /, **values: object) -> Markup:
        """The label as markup: its words escaped, ``values`` escaped unless markup."""
        return Markup(escape(self.words(name))).format(**values)

    def date(self, date: datetime.date) -> str:
        """``date`` as the book's language writes it ("25 listopada 2026")."""
        written = format_date(date, self.table["date_format"], locale=locale(self.language))
        return set_digits(written, self.language, self.digits)

    def join(self, names: Sequence[str]) -> str:
        """'A', 'A and B', 'A, B and C', with the language's word for "and". A word of
        one right-to-left letter (Hebrew vav, Arabic waw) is a prefix: it is set before
        the last name without a space."""
        names = list(names)
        word = self("and")
        prefix = (len(word) == 1 and unicodedata.bidirectional(word) in ("R", "AL")
                  and primary(self.language) not in SPACED_AND)
        joiner = f" {word}" if prefix else f" {word} "
        if len(names) <= 2:
            return joiner.join(names)
        comma = ARABIC_COMMA if primary(self.language) in ARABIC_SCRIPT else ", "
        return comma.join(names[:-1]) + joiner + names[-1]


SPACED_AND = ("fa", "ur")
"""Languages whose one-letter "and" (Persian and Urdu و) is a word of its own, with spaces."""
ARABIC_SCRIPT = ("ar", "fa", "ur")
ARABIC_COMMA = "، "
"""The comma of the Arabic script, between names."""


def locale(language: str) -> Locale:
    """The CLDR locale of a BCP 47 tag; English when CLDR does not know it."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(primary(language))
        except (UnknownLocaleError, ValueError):
            return Locale.parse(FALLBACK)


def direction(language: str) -> str:
    """"rtl" for a language written from right to left (Hebrew, Arabic, Persian, Urdu,
    Yiddish…: CLDR's character order), else "ltr": the book's base direction."""
    return "rtl" if locale(language).character_order == "right-to-left" else "ltr"


def valid_date_format(pattern: str, language: str) -> bool:
    """Whether Babel can format a date with ``pattern`` (a length or a CLDR pattern)."""
    try:
        format_date(datetime.date(2026, 1, 1), pattern, locale=locale(language))
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


@cache
def labels_for(
    language: str, overrides: tuple[tuple[str, str], ...] = (), digits: str = "default",
) -> Labels:
    return Labels(language, overrides, digits)
