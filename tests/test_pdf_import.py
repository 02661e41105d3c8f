"""Importing the PDF renderer without a library search, and the usual way when needed."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys
from pathlib import Path

import pytest

from tarkbook import pdf_import

FRESH_IMPORT = """\
import ctypes.util

def search(name):
    raise AssertionError(f"searched for {name}")

ctypes.util.find_library = search
from tarkbook.pdf_import import import_renderer
module = import_renderer()
assert module.render_pdf is not None
assert ctypes.util.find_library is search
print("ok")
"""


def test_the_renderer_imports_without_searching_for_libraries() -> None:
    done = subprocess.run([sys.executable, "-c", FRESH_IMPORT], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.stdout == "ok\n", done.stderr


def test_a_library_found_only_by_search_is_imported_the_usual_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "needs_search.py").write_text(
        "import ctypes.util\n"
        "PATH = ctypes.util.find_library('pango-1.0')\n"
        "if PATH is None:\n"
        "    raise OSError('cannot load library pango-1.0')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(pdf_import, "RENDERER", "needs_search")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: f"/opt/lib/lib{name}.so")
    monkeypatch.delitem(sys.modules, "needs_search", raising=False)
    loaded = set(sys.modules)
    module = pdf_import.import_renderer()
    assert module.PATH == "/opt/lib/libpango-1.0.so"
    assert set(sys.modules) - loaded == {"needs_search"}  # nothing else forgotten or added
    assert loaded <= set(sys.modules)
    monkeypatch.delitem(sys.modules, "needs_search")
