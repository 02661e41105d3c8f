"""Importing the PDF renderer, and with it WeasyPrint, without searching for libraries.

WeasyPrint loads Pango, HarfBuzz and fontconfig by trying several names for each, for
every platform. Each name that does not load directly makes cffi ask ``ctypes.util.
find_library``, which on Linux runs ``ldconfig``, ``gcc`` and ``ld``: some fifty processes
and a fifth of a second per build. The libraries load by their direct names wherever
Pango is installed as the README says, so the import is tried first with that search
turned off; if a library is then not found, the import is done again the usual way.
"""

from __future__ import annotations

import ctypes.util
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

RENDERER = "tarkbook.pdf"


def import_renderer() -> ModuleType:
    """The module ``tarkbook.pdf``; raises OSError or ImportError as a plain import would."""
    if RENDERER in sys.modules:
        return sys.modules[RENDERER]
    before = set(sys.modules)
    try:
        with _no_library_search():
            return importlib.import_module(RENDERER)
    except OSError:
        for name in set(sys.modules) - before:  # what the failed import left half made
            del sys.modules[name]
    return importlib.import_module(RENDERER)


@contextmanager
def _no_library_search() -> Iterator[None]:
    search = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        yield
    finally:
        ctypes.util.find_library = search


def _not_found(name: str) -> None:
    return None
