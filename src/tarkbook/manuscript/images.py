"""Checking that an image comes from the manuscript's own images/ folder."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from tarkbook.diagnostics import Reporter, SourcePos, printable
from tarkbook.manuscript.image_content import image_problem

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg")


def check_image(
    src: str, pos: SourcePos, folder: Path, reporter: Reporter, content: bool = True
) -> str | None:
    """The image's path relative to the manuscript folder, or None (and a report). With
    ``content``, the file is opened and its bytes checked too (the cover checks its own)."""
    parts = urlsplit(src)
    path = PurePosixPath(unquote(parts.path))
    if parts.scheme or parts.netloc or path.is_absolute() or "\\" in src:
        reporter.report("I001", pos, src=src)
        return None
    marks = [m for m in (("?", "query", "%3F"), ("#", "fragment", "%23")) if m[0] in src]
    if marks:  # a file's name may have one, but a link must escape it
        mark, part, escaped = min(marks, key=lambda m: src.index(m[0]))
        reporter.report("I019", pos, src=src, mark=f"'{mark}'", part=part, escaped=escaped)
        return None
    if ".." in path.parts:
        reporter.report("I003", pos, src=src)
        return None
    if not path.parts or path.parts[0] != "images" or len(path.parts) < 2:
        reporter.report("I001", pos, src=src)
        return None
    for name in path.parts[1:]:
        what = _not_for_epub(name)
        if what is not None:
            reporter.report("I020", pos, src=src, name=name, what=what)
            return None
    if path.suffix.lower() not in IMAGE_TYPES:
        reporter.report("I005", pos, src=src)
        return None
    target = folder.joinpath(*path.parts)
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        reporter.report("I002", pos, src=src)
        return None
    if not inside_images(folder, resolved):
        reporter.report("I003", pos, src=src)
        return None
    if not resolved.is_file():
        reporter.report("I002", pos, src=src)
        return None
    problem = image_problem(resolved, folder.resolve() / "images") if content else None
    if problem is not None:
        reporter.report(problem.code, pos, src=src, **problem.params)
        return None
    return path.as_posix()


# The characters an EPUB's file names may not hold (EPUB 3.3, OCF: file names).
_OCF_FORBIDDEN = re.compile('["*:<>?\\\\\x00-\x1f\x7f-\x9f\ue000-\uf8ff\ufdd0-\ufdef'
                            '\ufff0-\uffff\U000f0000-\U0010ffff]')


def _not_for_epub(name: str) -> str | None:
    """What in the file name ``name`` an EPUB may not hold, or None."""
    found = _OCF_FORBIDDEN.search(name)
    if found is not None:
        return f"the character {printable(repr(found.group()))}"
    if name.endswith("."):
        return "a full stop at its end"
    return None


def inside_images(folder: Path, resolved: Path) -> bool:
    """Whether the real path ``resolved`` lies in the manuscript's images/ folder: the
    folder is not resolved, so that an images/ that is itself a link leads nowhere."""
    return resolved.is_relative_to(folder.resolve() / "images")
