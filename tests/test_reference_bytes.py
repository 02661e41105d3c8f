"""The real book's editions are the reference bytes recorded for the locked versions.

tests/reference-bytes.json records the SHA-256 of both editions of manuscript/ and the
versions they were made with: every package of requirements.lock, Pango, HarfBuzz and
zlib. Where those are installed, a build must give exactly those bytes; elsewhere the test
says which version differs and is skipped. After a deliberate change of the book or of a
version (`nox -s upgrade`), look at the pages, then record the new bytes with
TARKBOOK_REGENERATE=1.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from pathlib import Path

import pytest

from tarkbook.about import SYSTEM_LIBRARIES, system_library_version
from tarkbook.build import build
from tarkbook.versions import installed_versions, normalized

ROOT = Path(__file__).resolve().parent.parent
RECORD = Path(__file__).resolve().parent / "reference-bytes.json"


def _made_with() -> dict[str, str]:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    installed = installed_versions()
    versions = {name: installed.get(normalized(name), "not installed")
                for name in re.findall(r"^([a-z0-9_.-]+)==", lock, re.MULTILINE)}
    for label, names, function in SYSTEM_LIBRARIES:
        versions[label] = system_library_version(names, function) or "not found"
    versions["zlib"] = zlib.ZLIB_RUNTIME_VERSION
    return versions


def test_the_real_book_gives_the_reference_bytes(tmp_path: Path) -> None:
    made_with = _made_with()
    outputs = build(ROOT / "manuscript", tmp_path, None, reuse=False)
    hashes = {o.path.name: hashlib.sha256(o.path.read_bytes()).hexdigest() for o in outputs}
    if os.environ.get("TARKBOOK_REGENERATE"):
        RECORD.write_text(json.dumps({"made_with": made_with, "editions": hashes}, indent=1,
                                     sort_keys=True) + "\n", encoding="utf-8")
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    differ = {k: (v, made_with.get(k)) for k, v in record["made_with"].items()
              if made_with.get(k) != v}
    if differ:
        pytest.skip("made with other versions (recorded, here): " + ", ".join(
            f"{k} {a} / {b}" for k, (a, b) in sorted(differ.items())))
    assert hashes == record["editions"]
