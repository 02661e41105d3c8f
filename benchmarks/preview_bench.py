"""The rows of ``tarkbook preview``: save to refreshed reading view, save to new PDF, and
the memory of a session after 100 saves (``bench.py --preview``).

The reading view is timed in the system's Chromium (Playwright) from the moment the file
is written to the moment the new word is on the page: the server sees the save, reads
the book again, sends the reload event, the page fetches the new text and shows it.
Those sessions run with ``--no-print``, so that a PDF being made does not share the CPU
with the measurement. The PDF rows are timed from the write to the server's report of the
new PDF: once as the writer waits for it, the quiet second included, and once without the
quiet second (less the time the server says it waited for the second to pass, from the
moment it had read the save); beside them a cold ``tarkbook build --format pdf --rebuild``
of the same book, which starts Python, imports WeasyPrint and loads the fonts each time.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SAVES, PDF_SAVES, MEMORY_SAVES = 15, 5, 100


@contextmanager
def preview(command: Sequence[str], cwd: Path, env: dict[str, str]) -> Iterator[tuple[Any, str]]:
    process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline())
        assert found, "the preview did not start"
        yield process, found.group(0)
    finally:
        process.send_signal(2)
        process.wait(60)


def _state(address: str) -> dict[str, Any]:
    with urllib.request.urlopen(address + "state", timeout=10) as response:
        result: dict[str, Any] = json.loads(response.read())
        return result


def _poll(condition: Callable[[], bool], seconds: float) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"waited {seconds} s")
        time.sleep(0.01)


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _target(book: Path) -> Path:
    """The file the saves change: the book's last section."""
    files = sorted(book.glob("*.md"))
    return next(f for f in files if f.name != "notes.md")


def reading_view(command: Sequence[str], book: Path, cwd: Path,
                 env: dict[str, str]) -> list[float]:
    """Seconds from each save to the new word shown in the browser."""
    from playwright.sync_api import sync_playwright

    target = _target(book)
    original = target.read_text("utf-8")
    times = []
    with preview(command, cwd, env) as (_, address), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(address)
        for n in range(SAVES + 1):
            word = f"Benchmarkword{n}x"
            started = time.perf_counter()
            target.write_text(original + f"\n{word} closes the section.\n", "utf-8")
            page.wait_for_function(
                f"document.querySelector('main#book').innerText.includes('{word}')",
                timeout=30_000, polling="raf")
            if n:  # the first save warms the caches
                times.append(time.perf_counter() - started)
        browser.close()
    target.write_text(original, "utf-8")
    return times


def new_pdf(command: Sequence[str], book: Path, cwd: Path, env: dict[str, str],
            cold: Callable[[], float]) -> tuple[list[float], list[float], list[float]]:
    """Seconds from each save to the server's report of the new PDF: with the quiet
    period, and without it (less the time the server reports it waited for the quiet
    period to end, from the moment it had read the save); and the seconds of ``cold``, a
    cold build run after each, while the preview waits, so that both meet the same load."""
    target = _target(book)
    original = target.read_text("utf-8")
    totals, without, colds = [], [], []
    with preview(command, cwd, env) as (_, address):
        _poll(lambda: _state(address)["pdf"] >= 1, 600)
        for n in range(PDF_SAVES + 1):
            done = _state(address)["pdf"]
            started = time.perf_counter()
            target.write_text(original + f"\nA closing line {n}.\n", "utf-8")
            _poll(lambda done=done: _state(address)["pdf"] > done, 600)
            total = time.perf_counter() - started
            if n:  # the first save after the first PDF warms the kept process
                totals.append(total)
                without.append(total - _state(address)["waited"])
            _poll(lambda: _state(address)["print"] == "ready"  # the pages compared
                  and "comparing" not in _state(address)["detail"], 60)
            if n:
                colds.append(cold())
    target.write_text(original, "utf-8")
    return totals, without, colds


def memory(command: Sequence[str], book: Path, cwd: Path,
           env: dict[str, str]) -> tuple[int, int]:
    """The server's resident memory (KB) after the first save and after the last of 100."""
    target = _target(book)
    original = target.read_text("utf-8")
    first = 0
    with preview(command, cwd, env) as (process, address):
        for n in range(1, MEMORY_SAVES + 1):
            seen = _state(address)["view"]
            target.write_text(original + f"\nSave number {n}.\n", "utf-8")
            _poll(lambda seen=seen: _state(address)["view"] > seen, 60)
            if n == 1:
                first = _rss_kb(process.pid)
        last = _rss_kb(process.pid)
    target.write_text(original, "utf-8")
    return first, last


def row(what: str, times: Sequence[float]) -> str:
    ms = [t * 1000 for t in times]
    return (f"| {what} | {statistics.median(ms):,.0f} ms | {min(ms):,.0f} ms "
            f"| {max(ms):,.0f} ms | {len(ms)} |")
