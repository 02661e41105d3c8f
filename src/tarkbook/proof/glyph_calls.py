"""PDFium's functions on a text page's characters, called with plain addresses.

The proof asks PDFium four or five things of every glyph of the book (its character, its
advance's box, its origin, its size; the ink's box of a digit): some hundred thousand
calls for a long book. Through pypdfium2's bindings each call first converts its
arguments to their declared pointer types; here are the same functions of the same
library, declared with untyped addresses (``c_void_p``), which ctypes passes on as they
are: the same answers, in about half the time. Each takes the text page's ``address``
and a character's index first."""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c

_Address = ctypes.c_void_p
_Index = ctypes.c_int


def address(handle: Any) -> int:
    """The address a pypdfium2 handle (a ``PdfTextPage``'s ``raw``, a buffer) points to."""
    found = ctypes.cast(handle, _Address).value
    if found is None:
        raise ValueError("a null handle")
    return found


def _declared(function: Any, result: Any, *arguments: Any) -> Any:
    """PDFium's ``function`` (a pypdfium2 binding), declared to take the text page's
    address, a character's index and ``arguments``."""
    return ctypes.CFUNCTYPE(result, _Address, _Index, *arguments)(address(function))


unicode = _declared(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint)
"""The character's code point."""

size = _declared(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
"""Its font's size."""

loose_box = _declared(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int, _Address)
"""Its advance's box (its font's ascent to descent), into an ``FS_RECTF`` at an address."""

origin = _declared(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int, _Address, _Address)
"""Where its pen stood, on its baseline, into two doubles (x, y) at their addresses."""

generated = _declared(pdfium_c.FPDFText_IsGenerated, ctypes.c_int)
"""1 when PDFium added it (a space or a line's end it guesses)."""

ink_box = _declared(pdfium_c.FPDFText_GetCharBox, ctypes.c_int,
                    _Address, _Address, _Address, _Address)
"""Its ink's box, into four doubles (left, right, bottom, top) at their addresses; 0 when
PDFium has none."""
