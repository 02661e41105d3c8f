"""One cProfiled build of the long book's PDF, and where its time goes."""

from __future__ import annotations

import os
import pstats
import re
import shutil
from pathlib import Path
from typing import Any

from results import Results
from runner import PYTHON, TIMEOUT, Setup, log, run

TOP = 25

WEASYPRINT_PACKAGES = frozenset(
    {"weasyprint", "pydyf", "tinycss2", "cssselect2", "fontTools", "tinyhtml5", "pyphen"}
)
"""WeasyPrint and the packages it lays out and writes with (HTML, CSS, fonts, hyphens)."""


Func = tuple[str, int, str]


def profile(setup: Setup, results: Results) -> None:
    """One cProfiled build of the long book's PDF, in one process."""
    out = setup.work / "out" / "profile"
    data = setup.work / "pdf.prof"
    extra = [flag for flag in ("--one-process", "--verbose") if flag in setup.flags]
    if "--one-process" not in setup.flags:
        results.notes.append("the profile may miss work done in other processes")
    command = [PYTHON, "-m", "cProfile", "-o", str(data),
               *setup.build_command(setup.books["long"], out, ["pdf"], *extra)[1:]]
    done = run(command, setup.work, setup.env, timeout=2 * TIMEOUT)
    log(f"profile: {done.seconds:.1f} s")
    stats = pstats.Stats(str(data))
    entries: dict[Func, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in entries.values())
    split = {"weasyprint": 0.0, "tarkbook": 0.0, "other": 0.0}
    for func, (_, _, tottime, _, callers) in entries.items():
        if func[0] == "~" and callers:  # a built-in: its time goes to those that called it
            called = sum(c[2] for c in callers.values()) or 1.0
            for caller, numbers in callers.items():
                split[_category(setup, caller)] += tottime * numbers[2] / called
        else:
            split[_category(setup, func)] += tottime

    def top(key: int, only: str | None = None, limit: int = TOP) -> list[list[str]]:
        chosen = [f for f in entries if only is None or _category(setup, f) == only]
        chosen.sort(key=lambda f: (-entries[f][key], _short(setup, f)))
        return [[str(entries[f][1]), f"{entries[f][2]:.2f}", f"{entries[f][3]:.2f}",
                 _short(setup, f)] for f in chosen[:limit]]

    renders = [f for f in entries if f[2] == "render" and _short(setup, f).startswith(
        "weasyprint/__init__.py")]
    imports = sum(entries[f][3] for f in entries
                  if f[2] == "_find_and_load" and f[0].startswith("<frozen importlib"))
    layouts = re.findall(r"layout (\d+): (\d+) pages in ([\d.]+) s, (\d+) note", done.stderr)
    results.profile = {
        "seconds": done.seconds,
        "total": total,
        "split": split,
        "cumulative": top(3),
        "tottime": top(2),
        "ours": top(3, "tarkbook", 15),
        "ours_tottime": top(2, "tarkbook", 10),
        "renders": sum(entries[f][1] for f in renders),
        "imports": imports,
        "layouts": [f"{n}: {p} pages, {s} s (profiled), {m} note(s) to mend"
                    for n, p, s, m in layouts],
    }
    shutil.rmtree(out, ignore_errors=True)
    data.unlink()


def _category(setup: Setup, func: Func) -> str:
    package = _package(setup, func[0])
    if package == "tarkbook":
        return "tarkbook"
    return "weasyprint" if package in WEASYPRINT_PACKAGES else "other"


def _package(setup: Setup, filename: str) -> str | None:
    if filename.startswith(str(setup.src) + os.sep):
        return Path(filename).relative_to(setup.src).parts[0]
    parts = Path(filename).parts
    if "site-packages" in parts:
        index = len(parts) - 1 - parts[::-1].index("site-packages")
        return parts[index + 1] if index + 1 < len(parts) else None
    return None


def _short(setup: Setup, func: Func) -> str:
    """The function as pstats names it, with its file relative to its package."""
    filename, line, name = func
    if filename == "~":
        return name
    path = Path(filename)
    parts = path.parts
    if filename.startswith(str(setup.src) + os.sep):
        shown = "src/" + path.relative_to(setup.src).as_posix()
    elif "site-packages" in parts:
        index = len(parts) - 1 - parts[::-1].index("site-packages")
        shown = "/".join(parts[index + 1:])
    elif any(re.fullmatch(r"python3\.\d+", part) for part in parts):
        index = next(i for i, p in enumerate(parts) if re.fullmatch(r"python3\.\d+", p))
        shown = "/".join(parts[index + 1:])
    elif filename.startswith("<"):
        shown = filename
    else:
        shown = path.name
    return f"{shown}:{line}({name})"


# The report ----------------------------------------------------------------------------

