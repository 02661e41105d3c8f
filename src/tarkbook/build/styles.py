"""Which style sheet each edition uses: the first of the book's style folders that holds
it, else the packaged theme's.

The order is ``--styles DIR``; ``[style] dir`` in book.toml (relative to the book, and
standing inside it or beside it: ``stands_by``); a ``styles/`` folder inside the book; a
``styles/`` folder beside it; the theme packaged with tarkbook. Each sheet is looked up
on its own, so a book's folder may hold only ``print.css`` or only ``epub.css``. A folder
named with ``--styles`` must hold every sheet the build needs: a sheet missing there is an
error that names the flag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tarkbook.build.cache import book_table
from tarkbook.theme import THEME

SHEETS = {"epub": "epub.css", "pdf": "print.css"}
"""The style sheet of each edition, by the edition's ``--format`` name."""


class StylesError(Exception):
    """A styles folder named on the command line that cannot be used, with the reason."""


@dataclass(frozen=True, slots=True)
class StyleSheet:
    """A style sheet, the folder it was found in, and which rule of the order chose it."""

    name: str
    folder: Path
    origin: str

    @property
    def path(self) -> Path:
        return self.folder / self.name


def find_style_sheets(
    manuscript: Path, styles: Path | None, editions: Iterable[str]
) -> dict[str, StyleSheet]:
    """The style sheet of each edition in ``editions``, by edition name; ``styles`` is the
    folder named with ``--styles`` (None: look it up). Raises StylesError when a sheet is
    missing from that folder."""
    names = [SHEETS[edition] for edition in editions]
    if styles is not None:
        try:
            if not styles.is_dir():
                raise StylesError(f"--styles {styles}: there is no such folder")
        except OSError as exc:  # a name too long, a loop of links
            raise StylesError(f"--styles {styles}: {exc.strerror or exc}") from None
        for name in names:
            if not _is_file(styles / name):
                raise StylesError(
                    f"--styles {styles}: the folder has no {name}; add it, or leave out "
                    "--styles to use the book's own styles or the default theme"
                )
        return {e: StyleSheet(SHEETS[e], styles, "--styles") for e in editions}
    folders = style_folders(manuscript)
    found = {}
    for edition in editions:
        name = SHEETS[edition]
        folder, origin = next((f, o) for f, o in folders if _is_file(f / name))
        found[edition] = StyleSheet(name, folder, origin)
    return found


def style_folders(manuscript: Path) -> list[tuple[Path, str]]:
    """The folders a sheet is looked for in, in order, each with the rule that names it;
    the theme's comes last."""
    folders = []
    configured = configured_folder(manuscript)
    if configured is not None:
        folders.append((manuscript / configured, "[style] dir in book.toml"))
    folders.append((manuscript / "styles", "styles/ inside the book"))
    folders.append((manuscript.resolve().parent / "styles", "styles/ beside the book"))
    folders.append((THEME, "the default theme"))
    return folders


def style_folder_problem(book: Path, folder: str) -> str | None:
    """Why ``folder`` (``[style] dir``) cannot be the book's style folder, or None. It is a
    relative path to a folder that does not hold the book (a folder above the book would
    open every file beside it to the style sheets) and that stands inside the book or
    beside it (``stands_by``): a folder elsewhere is named with ``--styles``."""
    path = book / folder
    if Path(folder).is_absolute():
        return f"'{folder}' is not a path relative to the book's folder"
    if not _is_folder(path):
        return f"there is no folder '{folder}' (relative to the book's folder)"
    if path.resolve() != book.resolve() and book.resolve().is_relative_to(path.resolve()):
        return f"the folder '{folder}' holds the book's folder; name a folder of style sheets"
    if not stands_by(book, path):
        return (f"the folder '{folder}' is neither inside the book's folder nor beside it; "
                "move it there, or name it with --styles")
    return None


def stands_by(book: Path, folder: Path) -> bool:
    """Whether ``folder``, its links followed, is the book's folder or inside it, or beside
    it (a folder of the folder that holds the book, as ``styles/`` beside the book)."""
    home, found = book.resolve(), folder.resolve()
    return found.is_relative_to(home) or found.parent == home.parent


def _is_folder(path: Path) -> bool:
    return _answered(path.is_dir)


def _is_file(path: Path) -> bool:
    return _answered(path.is_file)


def _answered(question: Callable[[], bool]) -> bool:
    """The answer to ``question`` about a path; a path the system refuses (a part over
    255 bytes, a loop of links) is no file and no folder: reading the manuscript reports
    it."""
    try:
        return question()
    except OSError:
        return False


def configured_folder(manuscript: Path) -> str | None:
    """``[style] dir`` of the book's book.toml, or None. A book.toml that cannot be read,
    or a value that is not a usable folder, gives None here: reading the manuscript
    reports it and stops the build before any sheet is read."""
    table = book_table(manuscript).get("style")
    folder = table.get("dir") if isinstance(table, dict) else None
    if not isinstance(folder, str) or not folder.strip():
        return None
    return None if style_folder_problem(manuscript, folder) else folder
