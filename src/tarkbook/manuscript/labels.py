"""Reading a book's own labels, ``[labels]``, and warning of labels its language lacks."""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from tarkbook.render.labels import DATE_LENGTHS, fields, missing, names, shipped, valid_date_format

if TYPE_CHECKING:
    from tarkbook.manuscript.toml_tables import Locator, Table


def read_labels(
    table: Table | None, language: str, where: Locator
) -> tuple[tuple[str, str], ...]:
    """The labels ``[labels]`` gives, checked: each keeps the placeholders of its kind.

    A language with no shipped table gets a warning naming the labels still in English.
    """
    english = shipped("en")
    overrides: dict[str, str] = {}
    if table is not None:
        table.check_keys(set(names()))
        for name in names():
            if name not in table.data:
                continue
            value = table.text(name)
            if not value:
                continue
            if name == "date_format":
                if value not in DATE_LENGTHS and not valid_date_format(value, language):
                    table.error("C006", name, key=name,
                                reason=f"'{value}' is not a CLDR date pattern such as "
                                       "'d MMMM y', nor one of " + ", ".join(DATE_LENGTHS))
                    continue
            elif problem := template_problem(value, fields(english[name])):
                table.error("C006", name, key=name, reason=problem)
                continue
            overrides[name] = value
    lacking = missing(language, overrides) if language else ()
    if lacking:
        where.reporter.report("C011", where.key("book", "language"), language=language,
                              labels=", ".join(lacking))
    return tuple(overrides.items())


def template_problem(value: str, wanted: set[str] | frozenset[str]) -> str | None:
    """What is wrong with a label-like text that must hold the placeholders ``wanted``
    ("Edited by {names}"), or None."""
    if not _braces_match(value):
        return "its braces { } do not pair up"
    if _formatted(value):
        return "a placeholder is written plain, as {names}, with nothing after its name"
    if fields(value) != set(wanted):
        names_ = ", ".join(f"{{{f}}}" for f in sorted(wanted))
        return (f"it must hold {names_} and nothing else in braces" if names_
                else "it takes nothing in braces")
    return None


def _formatted(text: str) -> bool:
    """Whether a placeholder has a format or conversion ({names:>9}, {names!r}), which a
    label does not need and which could make a huge text."""
    return any(spec or conversion for _, name, spec, conversion in string.Formatter().parse(text)
               if name is not None)


def _braces_match(text: str) -> bool:
    try:
        fields(text)
    except ValueError:
        return False
    return True
