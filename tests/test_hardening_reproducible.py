"""The editions of the real book are the same bytes whatever the build's environment.

The book is built with ``python -m tarkbook build manuscript --out DIR`` in subprocesses:
once in a baseline environment (TZ=UTC, LC_ALL=C.UTF-8, no SOURCE_DATE_EPOCH,
PYTHONHASHSEED=0), once with every variation at the same time (another time zone, 14 hours
ahead of UTC; another locale; SOURCE_DATE_EPOCH=1; another hash seed; the manuscript
copied to another, deeper folder and the build run from there), and, for the EPUB alone,
which is quick, once per variation. The manuscript is copied once at the start, so that
all builds read the same files; it is set in the default theme.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = ("the-truth-of-memory.epub", "the-truth-of-memory.pdf")
TIMEOUT = 600

KIRITIMATI = (
    "Pacific/Kiritimati" if Path("/usr/share/zoneinfo/Pacific/Kiritimati").is_file()
    else "<+14>-14"  # the same offset as a POSIX rule, which needs no time zone database
)


def _other_locale() -> str:
    """A locale of this system other than C.UTF-8: a UTF-8 one of a language if there is
    one, else POSIX (the C locale without UTF-8)."""
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True,
                                timeout=30, check=False).stdout.split()
    except (OSError, subprocess.SubprocessError):
        listed = []
    languages = sorted(name for name in listed
                       if "." in name and name.split(".")[0] not in ("C", "POSIX")
                       and name.lower().endswith(("utf-8", "utf8")))
    preferred = [n for n in languages if n.startswith(("tr_", "de_", "fr_", "ja_"))]
    return (preferred or languages or ["POSIX"])[0]


BASELINE = {"TZ": "UTC", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"}
VARIATIONS = {
    "time-zone": {"TZ": KIRITIMATI},
    "locale": {"LC_ALL": _other_locale()},
    "source-date-epoch": {"SOURCE_DATE_EPOCH": "1"},
    "hash-seed": {"PYTHONHASHSEED": "4242"},
}
ALL_VARIATIONS = {key: value for change in VARIATIONS.values() for key, value in change.items()}
CLEARED = ("TZ", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_TIME", "LC_NUMERIC",
           "LC_COLLATE", "LC_MESSAGES", "SOURCE_DATE_EPOCH", "PYTHONHASHSEED")


@dataclass(frozen=True)
class Copy:
    """A folder holding a copy of ``manuscript/``, to build from (in the default theme)."""

    folder: Path

    @classmethod
    def of(cls, source: Path, folder: Path) -> Copy:
        shutil.copytree(source / "manuscript", folder / "manuscript")
        return cls(folder)

    def build(self, out: Path, environment: dict[str, str], *formats: str) -> dict[str, bytes]:
        """The editions built into ``out`` (a fresh folder) in ``environment``."""
        env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        env.update(environment)
        args = [sys.executable, "-m", "tarkbook", "build", "manuscript", "--out", str(out)]
        for name in formats:
            args += ["--format", name]
        result = subprocess.run(args, cwd=self.folder, env=env, capture_output=True,
                                text=True, timeout=TIMEOUT, check=False)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name in EDITIONS}


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Copy:
    return Copy.of(ROOT, tmp_path_factory.mktemp("reproducible") / "book")


@pytest.fixture(scope="module")
def baseline(source: Copy, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    editions = source.build(tmp_path_factory.mktemp("baseline") / "out", BASELINE)
    assert sorted(editions) == sorted(EDITIONS)
    return editions


def _differences(name: str, first: bytes, second: bytes) -> str:
    """Where two editions differ: the EPUB members, or the first differing byte."""
    if name.endswith(".epub"):
        with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
            members = sorted(set(a.namelist()) | set(b.namelist()))
            changed = [m for m in members if m not in a.namelist() or m not in b.namelist()
                       or a.read(m) != b.read(m) or a.getinfo(m) != b.getinfo(m)]
        return f"{name}: members differ: {changed}"
    offset = next((i for i, (x, y) in enumerate(zip(first, second, strict=False)) if x != y),
                  min(len(first), len(second)))
    return (f"{name}: {len(first)} and {len(second)} bytes, first difference at byte "
            f"{offset}: {first[offset:offset + 60]!r} / {second[offset:offset + 60]!r}")


def assert_same(expected: dict[str, bytes], actual: dict[str, bytes]) -> None:
    assert sorted(actual) == sorted(expected)
    differences = [_differences(name, expected[name], actual[name])
                   for name in sorted(expected) if expected[name] != actual[name]]
    assert not differences, "\n".join(differences)


@pytest.mark.slow
def test_every_variation_at_once_gives_the_same_editions(
    baseline: dict[str, bytes], source: Copy, tmp_path: Path
) -> None:
    elsewhere = Copy.of(source.folder, tmp_path / "a" / "much" / "deeper" / "place")
    assert_same(baseline, elsewhere.build(tmp_path / "out", {**BASELINE, **ALL_VARIATIONS}))


@pytest.mark.slow
@pytest.mark.parametrize("change", VARIATIONS.values(), ids=VARIATIONS.keys())
def test_each_variation_gives_the_same_epub(
    baseline: dict[str, bytes], source: Copy, tmp_path: Path, change: dict[str, str]
) -> None:
    epub = source.build(tmp_path / "out", {**BASELINE, **change}, "epub")
    assert_same({EDITIONS[0]: baseline[EDITIONS[0]]}, epub)


@pytest.mark.slow
def test_another_place_gives_the_same_epub(
    baseline: dict[str, bytes], source: Copy, tmp_path: Path
) -> None:
    elsewhere = Copy.of(source.folder, tmp_path / "elsewhere")
    epub = elsewhere.build(tmp_path / "out", BASELINE, "epub")
    assert_same({EDITIONS[0]: baseline[EDITIONS[0]]}, epub)


PROBE = """\
import locale, os, time
print(time.strftime("%z", time.localtime(1_764_000_000)))
print(locale.setlocale(locale.LC_ALL, ""))
print(os.environ.get("SOURCE_DATE_EPOCH"), hash("tarkbook"))
"""


def test_the_variations_reach_the_build_process(tmp_path: Path) -> None:
    """Each variation changes what a process started like the builds sees."""

    def probe(environment: dict[str, str]) -> list[str]:
        env = {k: v for k, v in os.environ.items() if k not in CLEARED}
        env.update(environment)
        result = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=60, check=True)
        return result.stdout.splitlines()

    zone, language, epoch_and_hash = probe(BASELINE)
    assert zone == "+0000"
    assert language == "C.UTF-8"
    varied = probe({**BASELINE, **ALL_VARIATIONS})
    assert varied[0] == "+1400"
    assert varied[1] != language
    assert varied[2].split()[0] == "1"
    assert varied[2].split()[1] != epoch_and_hash.split()[1]
