"""Importing the PDF renderer without a library search, and the usual way when needed."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys
from pathlib import Path

import pytest

from tarkbook.pdf.weasyprint import fast_import as pdf_import

FRESH_IMPORT = """\
import ctypes.util

def search(name):
    raise AssertionError(f"searched for {name}")

ctypes.util.find_library = search
from tarkbook.pdf.weasyprint.fast_import import import_renderer
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
    import fontTools  # noqa: F401  (what the import loads in any case, to defer its subsetter)

    loaded = set(sys.modules)
    module = pdf_import.import_renderer()
    assert module.PATH == "/opt/lib/libpango-1.0.so"
    added = set(sys.modules) - loaded  # nothing else forgotten or added:
    assert "needs_search" in added
    assert added <= {"needs_search", pdf_import.SUBSETTER}  # (the deferred subsetter)
    assert loaded <= set(sys.modules)
    monkeypatch.delitem(sys.modules, "needs_search")


DEFERRED = """\
import sys
from tarkbook.pdf.weasyprint.fast_import import import_renderer
import_renderer()
assert "fontTools.varLib" not in sys.modules, "the instancer's package was imported"
assert type(sys.modules["fontTools.subset"]).__name__ == "_LazyModule"
from weasyprint.pdf import fonts
assert fonts.subset.Options.__module__ == "fontTools.subset"  # loaded when first used
try:
    fonts.instantiateVariableFont(None, {})
except Exception as exc:
    assert sys.modules["fontTools.varLib.instancer"].__name__ == "fontTools.varLib.instancer"
    print("forwarded", type(exc).__name__)
"""


def test_font_tools_subsetter_and_instancer_load_when_first_used() -> None:
    done = subprocess.run([sys.executable, "-c", DEFERRED], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.stdout.startswith("forwarded "), done.stderr


PDF_BYTES = """\
import sys
from pathlib import Path
if sys.argv[1] == "eager":
    import fontTools.subset, fontTools.varLib.instancer  # so nothing is deferred
from tarkbook.edition import Context
from tarkbook.manuscript import load_book
from tarkbook.pdf.weasyprint.fast_import import import_renderer
book = load_book(Path(sys.argv[2]))
data = import_renderer().render_pdf(book, Context(Path(sys.argv[2]), Path(sys.argv[3])))
sys.stdout.buffer.write(data)
"""


def test_deferring_font_tools_changes_no_byte_of_the_pdf() -> None:
    from pdf_support import FIXTURE_MANUSCRIPT, STYLES

    outputs = [
        subprocess.run([sys.executable, "-c", PDF_BYTES, how, str(FIXTURE_MANUSCRIPT),
                        str(STYLES)], capture_output=True, timeout=300, check=True).stdout
        for how in ("eager", "deferred")
    ]
    assert outputs[0].startswith(b"%PDF")
    assert outputs[0] == outputs[1]
