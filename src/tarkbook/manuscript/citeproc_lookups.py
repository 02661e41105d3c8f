"""citeproc-py looks up the same terms and options of its style and locale again for every
citation (an XPath search each time, half of its time in a book of hundreds of citations).
While a book's citations are formatted, each search of an element is made once: the style
and the locale do not change while citeproc-py renders."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

VERSIONS = ("0.11.",)
"""The citeproc-py versions whose ``CitationStylesElement.xpath_search`` this was written
for; with another, the library's own search runs."""


@contextmanager
def searches_remembered() -> Iterator[None]:
    from importlib.metadata import version

    from citeproc.model import CitationStylesElement

    original = CitationStylesElement.__dict__.get("xpath_search")
    if original is None or not version("citeproc-py").startswith(VERSIONS):
        yield
        return
    found: dict[tuple[Any, str], list[Any]] = {}

    def xpath_search(self: Any, expression: str) -> list[Any]:
        key = (self, expression)
        result = found.get(key)
        if result is None:
            result = found[key] = original(self, expression)
        return list(result)  # a caller may change its list

    CitationStylesElement.xpath_search = xpath_search
    try:
        yield
    finally:
        CitationStylesElement.xpath_search = original
