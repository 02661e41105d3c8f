"""Which style sheet each edition uses: the first of the book's style folders that holds
it, else the packaged theme's.

The order is ``--styles DIR``; ``[style] dir`` in book.toml (relative to the book); a
``styles/`` folder inside the book; a ``styles/`` folder beside it; the theme packaged
with tarkbook. Each sheet is looked up on its own, so a book's folder may hold only
``print.css`` or only ``epub.css``. A folder named with ``--styles`` must hold every
sheet the build needs: a sheet missing there is an error that names the flag.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    open every file beside it to the style sheets)."""
    path = book / folder
    if Path(folder).is_absolute():
        return f"'{folder}' is not a path relative to the book's folder"
    if not path.is_dir():
        return f"there is no folder '{folder}' (relative to the book's folder)"
    if path.resolve() != book.resolve() and book.resolve().is_relative_to(path.resolve()):
        return f"the folder '{folder}' holds the book's folder; name a folder of style sheets"
    return None


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; a path the system refuses (a part over 255 bytes, a loop
    of links) is none: reading the manuscript reports it."""
    try:
        return path.is_file()
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
