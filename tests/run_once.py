"""Editions that many tests read and none changes, made once for the whole run: by the
first test that asks for them, in whichever process of the run. The processes of
pytest-xdist share them through a folder of the run's temporary folder, under a lock, so
that a book is built once however the test files fall to the processes."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: each process of pytest-xdist has a folder of
    its own inside it."""
    base = factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


def made_once(key: str, factory: pytest.TempPathFactory, make: Callable[[Path], None]) -> Path:
    """A folder of the run named for ``key``, which ``make`` fills (an empty folder given)
    the first time any process asks for it; later calls, in any process, wait for it to be
    made and return it as it was made."""
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    folder = run_folder(factory) / f"once-{name}"
    with (run_folder(factory) / f"once-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not (folder / ".made").exists():  # not made, or a maker that failed half-way
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder
