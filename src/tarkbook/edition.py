"""What a build and its editions share: where the build reads from, and how it fails."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the build starts the editions' processes before it loads the model
    from tarkbook.diagnostics import Diagnostic
    from tarkbook.model import Book
    from tarkbook.render.page_places import PageStart


def _ignore(_: object) -> None:
    return None


def _no_pages() -> None:
    return None


@dataclass(frozen=True, slots=True)
class Context:
    """Where a build reads from: the manuscript folder and the styles folder.

    ``sheets`` names, for a style sheet (``print.css``), the folder it is read from when
    that is not ``styles`` (see ``tarkbook.build.styles``).

    ``marks`` asks for the print-shop variant of the PDF (bleed and crop marks). An
    edition reports warnings found while rendering (a note too long for its page) to
    ``warn``, what it is doing, for ``--verbose``, to ``progress``, and a short line of
    what it is doing now, for the line that a terminal updates, to ``status``. ``prepared`` is
    what the edition's ``prepare`` made of the book, or None.

    The print edition tells where each of its pages begins (``render.page_places``) to
    ``paged`` as soon as its layout is done; ``layout_only`` asks it for no more than that
    (its renderer then gives no bytes). The EPUB asks ``pages()`` for those places once it
    has made what does not depend on them, and waits for them there; None makes it
    without a page list.
    """

    manuscript: Path
    styles: Path
    marks: bool = False
    warn: Callable[[Diagnostic], None] = _ignore
    progress: Callable[[str], None] = _ignore
    status: Callable[[str], None] = _ignore
    prepared: Any = None
    sheets: Mapping[str, Path] = field(default_factory=dict)
    paged: Callable[[tuple[PageStart, ...]], None] = _ignore
    layout_only: bool = False
    pages: Callable[[], tuple[PageStart, ...] | None] = _no_pages

    def style_folder(self, name: str) -> Path:
        """The folder the style sheet ``name`` is read from."""
        return self.sheets.get(name, self.styles)


Renderer = Callable[["Book", Context], bytes]


class EditionUnavailable(Exception):
    """An edition that this installation cannot make, with the reason for the user."""


class EditionFailed(EditionUnavailable):
    """An edition whose rendering went wrong (a warning, a refused file), with the reason."""


class PagesNotFound(EditionFailed):
    """The print edition's pages begin at places the book does not have: pages kept by a
    record that is not the book's (the build lays the book out instead)."""


MAX_STYLE_SHEET_BYTES = 1024 * 1024
"""Largest style sheet: the default theme's are a few dozen kilobytes (a sheet of
hundreds of megabytes would take gigabytes to parse, and be packed into the EPUB)."""


def style_sheet(context: Context, name: str, edition: str) -> bytes:
    """The bytes of the style sheet ``name`` of its styles folder; raises EditionFailed
    when it is missing, is no file, is over ``MAX_STYLE_SHEET_BYTES`` or is a link that
    leads outside the folder (nothing else may be read)."""
    from tarkbook.inputs import Outside, read_input

    folder = context.style_folder(name)
    path = folder / name
    try:
        return read_input(path, MAX_STYLE_SHEET_BYTES, inside=folder.resolve())
    except Outside:
        raise EditionFailed(
            f"the {edition} edition failed: the style sheet {path} leads outside the styles "
            "folder; copy the file into the folder instead of linking to it"
        ) from None
    except FileNotFoundError:
        raise EditionFailed(
            f"the {edition} edition failed: the style sheet {path} is missing") from None
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise EditionFailed(
            f"the {edition} edition failed: the style sheet {path} cannot be read: {reason}"
        ) from None


@dataclass(frozen=True, slots=True)
class Edition:
    """An edition: its name, its file's suffix, and how to load its renderer.

    ``niceness`` lowers the scheduling priority of the edition's process (``os.nice``):
    an edition made in a fraction of another's time gives way to it while both start (and
    only when another is made beside it: alone, it has nothing to give way to).
    ``prepare`` does the part of the work that needs only the book, not the renderer,
    in the build's process while the edition's process still loads its renderer; the
    renderer finds the result in ``Context.prepared``.

    An edition that ``gives_pages`` (the print edition) tells where its pages begin; one
    that ``needs_pages`` (the EPUB) waits for them, once it has made the rest. One that
    gives ``pages_only`` is the print edition's layout alone, for an edition built without it.
    One that ``requires_pages`` (the wrap cover, whose spine follows from the page count)
    waits for them whatever the book says of the EPUB's page list. An edition made
    ``by_default`` is made by a build that names none.
    """

    name: str
    suffix: str
    loader: Callable[[], Renderer]
    niceness: int = 0
    prepare: Callable[[Book], Any] | None = None
    gives_pages: bool = False
    needs_pages: bool = False
    pages_only: bool = False
    requires_pages: bool = False
    by_default: bool = True
