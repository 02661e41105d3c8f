"""The folders watched for saves: the manuscript's and every style folder the build
looks a sheet up in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from watchfiles import awatch

from tarkbook.build.styles import stands_by, style_folders
from tarkbook.theme import THEME

STEP_MS = 20
"""How long the watcher waits for another change before it reports the ones it saw."""


def watched_folders(manuscript: Path, styles: Path | None) -> list[Path]:
    """The folders that exist among the book's and its style folders: those inside the
    book or beside it (a ``styles/`` that is a link to a folder elsewhere is not
    watched), the theme's and the one named with ``--styles``."""
    folders = [manuscript, *(f for f, _ in style_folders(manuscript)
                             if f == THEME or stands_by(manuscript, f))]
    if styles is not None:
        folders.append(styles)
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir() and not any(folder.resolve().is_relative_to(f.resolve())
                                       for f in found):
            found.append(folder)
    return found


async def saves(folders: list[Path], stop: asyncio.Event) -> AsyncIterator[int]:
    """The number of changes of each group of saves in ``folders``, until ``stop``."""
    async for changes in awatch(*folders, stop_event=stop, step=STEP_MS, debounce=400,
                                rust_timeout=200, yield_on_timeout=False):
        yield len(changes)
