"""``python -m tarkbook`` leaves as soon as its command is done (``cli.run``): its exit
code and all it printed are there, and under a profiler it ends as usual, so that the
profile is written."""

from __future__ import annotations

import os
import pstats
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANUSCRIPT = ROOT / "manuscript"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_the_exit_code_and_the_output_are_all_there(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "tarkbook", "check", str(MANUSCRIPT)],
                          capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() and done.stdout.endswith("\n")
    missing = tmp_path / "nothing-here"
    done = subprocess.run([sys.executable, "-m", "tarkbook", "check", str(missing)],
                          capture_output=True, text=True, env=_env())
    assert done.returncode == 1
    assert "M001" in done.stdout + done.stderr


def test_under_a_profiler_the_profile_is_written(tmp_path: Path) -> None:
    profile = tmp_path / "check.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m",
                           "tarkbook", "check", str(MANUSCRIPT)],
                          capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr
    assert any(func[2] == "main" for func in pstats.Stats(str(profile)).stats)  # type: ignore[attr-defined]
