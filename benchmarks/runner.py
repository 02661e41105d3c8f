"""Running a measured process: its wall time, CPU time and peak memory; the copy of the
code (with the default theme, the real book's style sheets) and the books that every run
measures (``Setup``)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent
"""The environment's scripts folder: its ``weasyprint`` is the one pandoc runs."""

TIMEOUT = 1800.0
"""Seconds any one process may run before it is stopped (the profiled build: twice that)."""


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    cpu: float
    """User and system CPU seconds, of the process and of those it waited for."""
    peak_mb: float
    stdout: str
    stderr: str




# Running a process ---------------------------------------------------------------------


class Failed(Exception):
    """A measured process that failed or ran out of time."""


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


MEASURE = r"""
import json, os, subprocess, sys, time
report, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
child = subprocess.Popen(command)
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as stream:
    json.dump({"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
               "maxrss": usage.ru_maxrss}, stream)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""
"""A small process that starts the measured one, times it and reads its ``wait4``.

The measured process is started from this small one, not from the benchmark: Linux
counts in ``ru_maxrss`` the memory of the process that forked it, up to its ``exec``."""


def run(command: Sequence[str], cwd: Path, env: dict[str, str],
        timeout: float = TIMEOUT, codes: Sequence[int] = (0,),
        memory: int | None = None) -> Run:
    """Run ``command`` to its end; its wall time, CPU time and peak resident memory.

    The times are taken around the process alone (not the small process that measures
    it); the peak is ``ru_maxrss`` from ``wait4``: the largest resident set of the process
    and of any one process it waited for. Both get a session of their own, so that on a
    timeout they are stopped with everything they started. An exit code not in ``codes``
    fails; ``memory`` caps the address space of both, in bytes.
    """
    def cap() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory(prefix="measure-") as folder:
        report = Path(folder) / "report.json"
        child = subprocess.Popen([PYTHON, "-I", "-S", "-c", MEASURE, str(report), *command],
                                 cwd=cwd, env=env, stdout=out, stderr=err,
                                 stdin=subprocess.DEVNULL, start_new_session=True,
                                 preexec_fn=cap if memory is not None else None)
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(child.pid)
            child.wait()
            raise Failed(f"{_shown(command)}: stopped after {timeout:g} s") from None
        except BaseException:
            _kill_group(child.pid)
            child.wait()
            raise
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        if child.returncode not in codes or not report.is_file():
            tail = "\n".join(stderr.strip().splitlines()[-15:])
            raise Failed(f"{_shown(command)}: exit code {child.returncode}\n{tail}")
        measured = json.loads(report.read_text("utf-8"))
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return Run(measured["seconds"], measured["cpu"], measured["maxrss"] / scale, stdout,
               stderr)


def _shown(command: Sequence[str]) -> str:
    return " ".join(Path(part).name if os.sep in part else part for part in command)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# The things measured --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Setup:
    work: Path
    src: Path
    styles: Path
    books: dict[str, Path]
    env: dict[str, str]
    runs: int
    flags: frozenset[str]
    """The options of ``tarkbook build`` this version has (``--one-process`` …)."""

    def build_command(self, manuscript: Path, out: Path, formats: Sequence[str],
                      *extra: str) -> list[str]:
        command = [PYTHON, "-m", "tarkbook", "build", str(manuscript), "--out", str(out),
                   "--styles", str(self.styles)]
        for name in formats:
            command += ["--format", name]
        if "--time-limit" in self.flags:  # the build's own limit must not end a slow run
            command += ["--time-limit", f"{TIMEOUT:g}"]
        return command + list(extra)


def snapshot(work: Path, repeat: int) -> Setup:
    """Copy the code (the default theme with it) and the book into ``work``; generate the
    long book."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    src = work / "src"
    shutil.copytree(ROOT / "src" / "tarkbook", src / "tarkbook", ignore=ignore)
    styles = src / "tarkbook" / "theme"  # the default theme, which the real book takes
    real = work / "books" / "manuscript"
    shutil.copytree(ROOT / "manuscript", real, ignore=ignore)
    long = work / "books" / "long"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    env.pop("PYTHONSTARTUP", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # tarkbook's bytecode is cached, as installed
    generated = run([PYTHON, str(ROOT / "benchmarks" / "generate.py"), str(long),
                     "--source", str(real), "--repeat", str(repeat)], work, env)
    log(generated.stdout.strip().replace(str(long), "long book"))
    help_text = run([PYTHON, "-m", "tarkbook", "build", "--help"], work, env).stdout
    flags = frozenset(re.findall(r"--[a-z][a-z-]+", help_text))
    return Setup(work, src, styles, {"real": real, "long": long}, env, 0, flags)


def count_pages(pdf: Path) -> int:
    """The pages of ``pdf``: with pypdf, else pdfinfo, else by counting page objects."""
    try:
        from pypdf import PdfReader
    except ImportError:
        pass
    else:
        return len(PdfReader(pdf).pages)
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True,
                              timeout=120, check=True).stdout
        match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
        if match:
            return int(match[1])
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))



def commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=60, check=True)
        changed = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--",
                                  "src", "manuscript"],
                                 capture_output=True, text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    state = " with local changes" if changed.stdout.strip() else ""
    return f"commit {head.stdout.strip()}{state}"

