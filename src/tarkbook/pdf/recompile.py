"""A function of WeasyPrint compiled again from its own source with a few texts replaced:
how the patches that change one condition inside a long function make their change."""

from __future__ import annotations

import inspect
import types
from collections.abc import Mapping
from typing import Any


def recompiled(original: Any, changes: Mapping[str, str]) -> Any | None:
    """``original`` compiled again with each text of ``changes`` replaced by its new text,
    or None when its source is not available or does not hold each text exactly once.
    A change keeps the number of lines, so that tracebacks name the library's lines."""
    try:
        source = inspect.getsource(original)
    except (OSError, TypeError):
        return None
    if not source.startswith(f"def {original.__name__}("):
        return None
    for old, new in changes.items():
        if source.count(old) != 1 or old.count("\n") != new.count("\n"):
            return None
        source = source.replace(old, new)
    lines_before = original.__code__.co_firstlineno - 1
    code = compile("\n" * lines_before + source, original.__code__.co_filename, "exec")
    function_code = next(c for c in code.co_consts if isinstance(c, types.CodeType)
                         and c.co_name == original.__name__)
    return types.FunctionType(function_code, original.__globals__, original.__name__,
                              original.__defaults__, original.__closure__)
