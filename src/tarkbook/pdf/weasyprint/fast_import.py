"""Importing the PDF renderer, and with it WeasyPrint, without searching for libraries.

WeasyPrint loads Pango, HarfBuzz and fontconfig by trying several names for each, for
every platform. Each name that does not load directly makes cffi ask ``ctypes.util.
find_library``, which on Linux runs ``ldconfig``, ``gcc`` and ``ld``: some fifty processes
and a fifth of a second per build. The libraries load by their direct names wherever
Pango is installed as the README says, so the import is tried first with that search
turned off; if a library is then not found, the import is done again the usual way.

WeasyPrint also imports, at start, fontTools's subsetter and variable-font instancer, a
third of its import time. It uses them only for a font that HarfBuzz cannot subset or
that is variable, which the book's face is not; they are loaded when first used instead.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from tarkbook.pdf.weasyprint.registry import applies

RENDERER = "tarkbook.pdf.edition"
SUBSETTER = "fontTools.subset"
INSTANCER = "fontTools.varLib.instancer"


def internals() -> str | None:
    """Checked without importing WeasyPrint, which this patch is for."""
    import ctypes.util

    if not callable(getattr(ctypes.util, "find_library", None)):
        return "ctypes.util has no find_library"
    spec = importlib.util.find_spec("weasyprint")
    if spec is None or not spec.submodule_search_locations:
        return "WeasyPrint is not installed"
    fonts = Path(next(iter(spec.submodule_search_locations)), "pdf", "fonts.py")
    try:
        source = fonts.read_text(encoding="utf-8")
    except OSError:
        return "weasyprint/pdf/fonts.py cannot be read"
    for line in (f"from fontTools import {SUBSETTER.rpartition('.')[2]}",
                 f"from {INSTANCER} import instantiateVariableFont"):
        if line not in source:
            return f"weasyprint/pdf/fonts.py no longer says '{line}'"
    return None


def import_renderer() -> ModuleType:
    """The module ``tarkbook.pdf.edition``; raises OSError or ImportError as a plain import
    would."""
    if RENDERER in sys.modules:
        return sys.modules[RENDERER]
    if not applies("fast_import"):
        return importlib.import_module(RENDERER)
    before = set(sys.modules)
    try:
        with _no_library_search(), _font_tools_deferred():
            return importlib.import_module(RENDERER)
    except OSError:
        for name in set(sys.modules) - before:  # what the failed import left half made
            del sys.modules[name]
    with _font_tools_deferred():
        return importlib.import_module(RENDERER)


@contextmanager
def _no_library_search() -> Iterator[None]:
    import ctypes.util  # here: a build imports this module before it starts the PDF's process

    search = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        yield
    finally:
        ctypes.util.find_library = search


def _not_found(name: str) -> None:
    return None


@contextmanager
def _font_tools_deferred() -> Iterator[None]:
    """While in it, ``from fontTools import subset`` gives a module that loads when first
    used, and ``from fontTools.varLib.instancer import instantiateVariableFont`` a function
    that imports the instancer when first called."""
    if SUBSETTER in sys.modules or INSTANCER in sys.modules:
        yield
        return
    import fontTools

    spec = importlib.machinery.PathFinder.find_spec(SUBSETTER, fontTools.__path__)
    if spec is None or spec.loader is None:
        yield
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    subsetter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(subsetter)
    sys.modules[SUBSETTER] = subsetter
    # An attribute of the package, so that ``from fontTools import subset`` takes it
    # without the import system touching (and so loading) it.
    fontTools.subset = subsetter
    instancer = ModuleType(INSTANCER)
    instancer.instantiateVariableFont = _instantiate_variable_font  # type: ignore[attr-defined]
    sys.modules[INSTANCER] = instancer
    try:
        yield
    finally:  # the stand-in served its import; a later import gets the real module
        if sys.modules.get(INSTANCER) is instancer:
            del sys.modules[INSTANCER]


def _instantiate_variable_font(*args: Any, **kwargs: Any) -> Any:
    return importlib.import_module(INSTANCER).instantiateVariableFont(*args, **kwargs)
