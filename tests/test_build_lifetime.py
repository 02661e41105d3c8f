"""The editions' processes end with the build: a build killed with SIGKILL (which can
clean up nothing) takes them with it, and one stopped by SIGTERM or SIGHUP stops them and
removes its temporary folder, as after Ctrl-C.

Each case runs ``tarkbook build`` in a process of its own and signals that process only,
not its workers.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "good" / "figure"
SLOW_EPUB = """\
import sys, time
from tarkbook import cli
from tarkbook.build import pipeline
from tarkbook.edition import Edition


def slow():  # the EPUB's renderer, as one that takes long to load
    time.sleep(60)
    return pipeline._load_epub()


edition = pipeline.EDITIONS["epub"]
pipeline.EDITIONS["epub"] = Edition(edition.name, edition.suffix, slow,
                                     needs_pages=edition.needs_pages)
sys.exit(cli.main(sys.argv[1:]))
"""


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] != "Z"  # a zombie has ended: it waits only to be reaped


def _start(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int], Path]:
    """A build whose EPUB takes a minute to start, once both its workers are running;
    with the folder it keeps its temporary files in."""
    manuscript = tmp_path / "ms"
    shutil.copytree(FIXTURE, manuscript)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    build = subprocess.Popen(
        [sys.executable, "-c", SLOW_EPUB, "build", str(manuscript), "--out",
         str(tmp_path / "out")],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temporary)})
    deadline = time.monotonic() + 60
    while len(workers := _children(build.pid)) < 2 or not any(temporary.iterdir()):
        assert build.poll() is None and time.monotonic() < deadline, build.communicate()
        time.sleep(0.05)
    time.sleep(0.5)
    return build, workers, temporary


def _gone_soon(workers: set[int]) -> bool:
    deadline = time.monotonic() + 2
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_alive(pid) for pid in workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG: Linux")
def test_a_build_killed_takes_its_workers_with_it(tmp_path: Path) -> None:
    build, workers, _ = _start(tmp_path)
    try:
        build.kill()
        build.wait(timeout=10)
        assert _gone_soon(workers)
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_build_stopped_by_a_signal_cleans_up(tmp_path: Path, number: int) -> None:
    build, workers, temporary = _start(tmp_path)
    try:
        build.send_signal(number)
        _, stderr = build.communicate(timeout=30)
        assert build.returncode == 128 + number, stderr
        assert "Traceback" not in stderr
        assert stderr.endswith(f"tarkbook: stopped by {signal.Signals(number).name}; "
                               "nothing was written\n"), stderr
        assert _gone_soon(workers)
        assert list(temporary.iterdir()) == []
        assert not (tmp_path / "out").exists()
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
