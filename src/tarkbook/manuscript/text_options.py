"""``[text]``: how the typographer sets the book's text, besides smart punctuation."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGE_ENV = "language"
"""The ``env`` key of the book's language, given to ``MarkdownIt.parse``."""
OPTIONS_ENV = "text_options"
"""The ``env`` key of ``[text]``'s options (``TextOptions``), given to ``MarkdownIt.parse``."""

DIGITS = ("default", "latin", "native")
"""``[text] digits``: the language's usual digits (CLDR's default numbering system: Persian
digits for Persian, Latin for Arabic), Latin digits 0 to 9, or the language's own (Arabic-
Indic for Arabic, Devanagari for Hindi…)."""


@dataclass(frozen=True, slots=True)
class TextOptions:
    thin_spaces: bool = True
    """French sets a narrow space before ``; ! ?`` (false: the usage of Switzerland and
    Canada, none)."""
    digits: str = "default"
    """One of :data:`DIGITS`."""
