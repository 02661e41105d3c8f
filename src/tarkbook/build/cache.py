"""Nothing changed, nothing done: the fingerprint of a build's inputs and the record of
the editions it made.

An edition's key is a hash of everything that can change its bytes: every file of the
manuscript folder and of the styles folder, tarkbook's own files (code and templates),
the versions of Python and of the packages that render, and the edition's settings. The
build keeps, next to the editions, a record (``.tarkbook-build.json``) of each edition's
key, file and content hash, and the warnings its build gave. An edition is reused only
when its key is the same and its file is still there with the same content.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tarkbook
from tarkbook.diagnostics import Diagnostic, SourcePos
from tarkbook.versions import installed_versions, version_of

RECORD = ".tarkbook-build.json"
RENDERING_PACKAGES = (
    "markdown-it-py", "mdit-py-plugins", "jinja2", "markupsafe", "lxml", "weasyprint",
    "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pyphen", "pillow",
    "font-source-serif-pro", "fontpkg", "fontpkg-source-serif-4", "fontpkg-noto-serif",
    "fontpkg-frank-ruhl-libre", "fontpkg-eb-garamond", "fontpkg-literata",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the record says of one edition."""

    key: str
    file: str
    sha256: str
    warnings: tuple[Diagnostic, ...]


def inputs_digest(manuscript: Path, styles: Path) -> str:
    """One hash of the manuscript, the styles, tarkbook itself and the rendering packages."""
    digest = hashlib.sha256()
    for label, folder in (("manuscript", manuscript), ("styles", styles),
                          ("tarkbook", Path(tarkbook.__file__).parent)):
        digest.update(f"[{label}]\n".encode())
        _add_folder(digest, folder)
    digest.update(f"python {platform.python_version()}\n".encode())
    installed = installed_versions()
    for name in RENDERING_PACKAGES:
        digest.update(f"{name} {version_of(name, installed) or '-'}\n".encode())
    return digest.hexdigest()


def edition_key(inputs: str, edition: str, settings: str) -> str:
    return hashlib.sha256(f"{inputs}\n{edition}\n{settings}".encode()).hexdigest()


def _add_folder(digest: Any, folder: Path) -> None:
    """Every file under ``folder`` by relative path: a file's bytes, a link's target.

    Links are not followed: a link's target is part of the fingerprint, its content is not
    read (it may lie outside the folder).
    """
    if not folder.is_dir():
        digest.update(b"(missing)\n")
        return
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(root, d))]):
            path = Path(root, name)
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                digest.update(f"{relative} -> {os.readlink(path)}\n".encode())
            elif path.is_file():
                digest.update(f"{relative} {_file_digest(path)}\n".encode())


def _file_digest(path: Path) -> str:
    """The hash of a file's bytes; a file that cannot be read (reported when the
    manuscript is read) gets a mark that never matches a hash."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable ({exc.errno})"


def read_record(out: Path) -> dict[str, Entry]:
    """The record of the last build into ``out`` (empty when there is none or it is bad)."""
    try:
        data = json.loads((out / RECORD).read_text(encoding="utf-8"))
        return {
            name: Entry(item["key"], item["file"], item["sha256"], tuple(
                Diagnostic(w["code"], w["message"], SourcePos(w["file"], w["line"], w["column"]))
                for w in item["warnings"]))
            for name, item in data["editions"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def record_bytes(entries: dict[str, Entry]) -> bytes:
    data = {"editions": {
        name: {"key": e.key, "file": e.file, "sha256": e.sha256, "warnings": [
            {"code": w.code, "message": w.message, "file": w.pos.file, "line": w.pos.line,
             "column": w.pos.column} for w in e.warnings]}
        for name, e in sorted(entries.items())
    }}
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode()


def still_there(out: Path, entry: Entry) -> bool:
    """The edition file the record names is in ``out`` with the content recorded."""
    path = out / entry.file
    try:
        return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256
    except OSError:
        return False
