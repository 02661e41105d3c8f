"""``tarkbook new``: a new book, ready to check and build, from one of the starters here.

Each starter is a complete manuscript folder (``interview/``, ``prose/``); its book.toml
gets the new book's title, a fresh identifier and today's date. The book is written into a
temporary folder beside its place (``.tarkbook-new-RANDOM``) and renamed into place at
the end, so a folder that is refused, or a write that fails half way, leaves nothing
behind.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import string
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

STARTERS = Path(__file__).resolve().parent
KINDS = ("interview", "prose")
DEFAULT_TITLE = "A New Book"


class NewBookError(Exception):
    """A book that cannot be made there, with the reason for the user."""


def new_book(folder: Path, kind: str, today: datetime.date) -> list[str]:
    """Make a book of ``kind`` in ``folder`` (which must not exist or be empty); returns
    the names of what was written, relative to ``folder``."""
    starter = STARTERS / kind

    def fill(scratch: Path) -> None:
        shutil.copytree(starter, scratch, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        toml = scratch / "book.toml"
        toml.write_text(string.Template(toml.read_text("utf-8")).substitute(
            title=json.dumps(title_of(folder), ensure_ascii=False), uuid=uuid.uuid4(),
            date=today.isoformat(),
        ), encoding="utf-8")

    return fill_new_folder(folder, fill, "tarkbook new")


def fill_new_folder(folder: Path, fill: Callable[[Path], None], command: str) -> list[str]:
    """Have ``fill`` write a book into a temporary folder beside ``folder``, then move it
    into place: ``folder`` must not exist or be empty, and is left as it was when ``fill``
    fails. Returns the names written, relative to ``folder``."""
    try:  # a name too long, a folder that cannot be read
        if folder.exists() and not folder.is_dir():
            raise NewBookError(f"{folder} is a file, not a folder")
        if folder.is_dir() and any(folder.iterdir()):
            raise NewBookError(f"{folder} is not empty; {command} writes only into a new "
                               "or empty folder")
    except OSError as exc:
        raise NewBookError(f"cannot make {folder}: {exc.strerror or exc}") from None
    parent = folder.absolute().parent
    try:  # a name of its own, short whatever the book's (which may be 255 bytes long)
        parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".tarkbook-new-", dir=parent))
    except OSError as exc:
        raise NewBookError(f"cannot make {folder}: {exc.strerror}") from None
    try:
        fill(scratch)
        if folder.is_dir():  # empty: it may be the working folder, which must stay itself
            for entry in sorted(scratch.iterdir()):
                os.rename(entry, folder / entry.name)
            scratch.rmdir()
        else:
            scratch.chmod(0o777 & ~_umask())
            os.rename(scratch, folder)
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        raise NewBookError(f"cannot make {folder}: {exc.strerror or exc}") from None
    except BaseException:  # Ctrl-C, or a fill that failed: leave nothing behind either
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return sorted(
        path.relative_to(folder).as_posix() + ("/" if path.is_dir() else "")
        for path in folder.rglob("*")
    )


def title_of(folder: Path) -> str:
    """A title from the folder's name: 'my-first-book' -> 'My First Book'. A name of other
    characters than ASCII letters, digits, spaces, '-' and '_' gives 'A New Book' (the
    print edition's face may lack them)."""
    words = re.split(r"[-_ ]+", folder.absolute().name)
    if not all(re.fullmatch(r"[A-Za-z0-9]*", word) for word in words):
        return DEFAULT_TITLE
    title = " ".join(word[:1].upper() + word[1:] for word in words if word)
    return title or DEFAULT_TITLE


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
