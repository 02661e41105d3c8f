"""Running ``tarkbook preview`` in a child process for the tests, on 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

BOOKS = Path(__file__).resolve().parent / "books"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="the browser tests drive the system's Chromium, "
                                           "and /usr/bin/chromium is not installed")


def copy_book(name: str, into: Path) -> Path:
    """A copy of the test book ``name`` that a test may edit."""
    return Path(shutil.copytree(BOOKS / name, into / name))


@contextmanager
def running_preview(
    manuscript: Path, *extra: str, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A preview of ``manuscript`` in a child process and its address; stopped with
    Ctrl-C (SIGINT) at the end if it still runs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tarkbook", "preview", str(manuscript), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})}, start_new_session=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, f"no address in {line!r}; {process.stderr.read() if process.stderr else ''}"
        yield process, found.group(0)
    finally:
        if process.poll() is None:
            process.send_signal(2)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        data: bytes = response.read()
        return data


def state(address: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(get(address + "state"))
    return result


def poll(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Wait until ``condition`` holds, at most ``seconds``."""
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.05)


def events(address: str, since: str = "") -> Iterator[tuple[str, str]]:
    """The server-sent events of the preview at ``address``: (event, data), one by one."""
    with urllib.request.urlopen(address + f"events?since={since}", timeout=60) as response:
        kind, data = "message", []
        for raw in response:
            line = raw.decode("utf-8").rstrip("\r\n")
            if not line:
                if data:
                    yield kind, "\n".join(data)
                kind, data = "message", []
            elif line.startswith("event:"):
                kind = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
