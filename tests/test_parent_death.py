"""A worker ends with the process that started it, however that ends, and cleans up after
a parent that could not: killed whole, or its starting thread ended before its others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

PARENT = '''
import ctypes, multiprocessing, os, sys, threading, time
from pathlib import Path

def work(parent, marker):
    from tarkbook.build.lifetime import end_with_parent_after
    end_with_parent_after(parent, lambda: Path(marker).write_text("cleaned"))
    Path(marker + ".ready").write_text("")
    time.sleep(120)

if __name__ == "__main__":
    marker, how = sys.argv[1], sys.argv[2]
    worker = multiprocessing.get_context("spawn").Process(
        target=work, args=(os.getpid(), marker), daemon=True)
    worker.start()
    print(worker.pid, flush=True)
    while not os.path.exists(marker + ".ready"):
        time.sleep(0.02)
    if how == "threads":  # as a process killed whole: the thread that started it ends first
        def later():
            time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=later).start()
        ctypes.CDLL(None).pthread_exit(None)
    time.sleep(120)
'''


def _alive(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _wait(condition: Callable[[], bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", ["kill", "threads", "alive"])
def test_a_worker_ends_with_its_parent_and_cleans_up_only_after_its_death(
    tmp_path: Path, how: str
) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT, "utf-8")
    marker = tmp_path / "marker"
    parent = subprocess.Popen([sys.executable, str(script), str(marker), how],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    try:
        assert _wait(lambda: Path(f"{marker}.ready").exists(), 30)
        if how == "kill":
            parent.kill()
        elif how == "alive":  # a hang-up while the parent lives: the worker ends, no more
            os.kill(worker, signal.SIGHUP)
        assert _wait(lambda: not _alive(worker), 10), "the worker outlived its parent"
        if how == "alive":
            assert parent.poll() is None and not marker.exists()
        else:
            assert marker.read_text() == "cleaned"
    finally:
        for pid in (worker, parent.pid):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        parent.wait()
