"""Checking an ISBN from book.toml: its length, its digits and its check digit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IsbnProblem:
    """Why an ISBN is wrong, and at which character of the written value (0-based)."""

    reason: str
    offset: int


def check_isbn(value: str) -> str | IsbnProblem:
    """The ISBN-13 of ``value`` (an ISBN-13 or ISBN-10, with or without hyphens or spaces),
    digits only; or the problem with it."""
    from stdnum import isbn  # loaded for a book with an ISBN only
    from stdnum.exceptions import InvalidChecksum, InvalidComponent

    for offset, char in enumerate(value):
        if not (char.isdigit() or char in "- " or (char in "Xx" and offset == len(value) - 1)):
            return IsbnProblem(f"'{char}' is not a digit of an ISBN", offset)
    digits = isbn.compact(value)
    if len(digits) not in (10, 13):
        return IsbnProblem(
            f"an ISBN has 13 digits (or 10 in an old ISBN), not {len(digits)}", 0
        )
    if len(digits) == 13 and digits[:3] not in ("978", "979"):
        return IsbnProblem("an ISBN-13 starts with 978 or 979", 0)
    try:
        isbn.validate(digits)
    except InvalidChecksum:
        expected = _check_digit(digits)
        return IsbnProblem(
            f"the check digit is {digits[-1]}, but the digits before it give {expected}; "
            "a digit is mistyped", len(value.rstrip()) - 1,
        )
    except InvalidComponent:
        return IsbnProblem("an ISBN-13 starts with 978 or 979", 0)
    except ValueError:
        return IsbnProblem("not an ISBN", 0)
    return str(isbn.to_isbn13(digits))


def _check_digit(digits: str) -> str:
    from stdnum import ean

    if len(digits) == 10:
        total = sum((10 - place) * int(digit) for place, digit in enumerate(digits[:9]))
        return "0123456789X"[(11 - total % 11) % 11]
    return str(ean.calc_check_digit(digits[:-1]))
