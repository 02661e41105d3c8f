"""The output folder belongs to its user: a build removes only what it can prove it made,
touches nothing before it is about to write, writes alone, and leaves nothing behind when a
write fails.

Each test runs the command as a stranger would (``tarkbook build ms --out DIR``), in a
subprocess where a process-wide setting (a file size limit) is part of the case.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tarkbook.theme import THEME
from test_hardening_atomic import KILLER, snapshot

ROOT = Path(__file__).resolve().parent.parent
STYLES = THEME
FIXTURE = ROOT / "tests" / "fixtures" / "good" / "figure"
TIMEOUT = 300

# Files of a user's that look like the temporary files of other programs, or of tarkbook
# itself but with no journal that names them.
USER_FILES = {
    ".bashrc.2024.old": b"x\n",
    ".notes.draft.part": b"a draft\n",
    ".tarkbook-0123456789abcdef-0.part": b"not made by a build\n",
    "figure.epub.old": b"kept by hand\n",
}


def tarkbook(*args: str, cwd: Path | None = None,
             limit_file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # in the child, before it runs tarkbook
        if limit_file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails, as on a full disk
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run([sys.executable, "-m", "tarkbook", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=TIMEOUT, check=False,
                          preexec_fn=limit)


@pytest.fixture
def ms(tmp_path: Path) -> Path:
    manuscript = tmp_path / "ms"
    shutil.copytree(FIXTURE, manuscript)
    return manuscript


def user_folder(folder: Path) -> Path:
    folder.mkdir()
    for name, data in USER_FILES.items():
        (folder / name).write_bytes(data)
    return folder


def test_a_build_keeps_the_users_files_in_the_output_folder(ms: Path, tmp_path: Path) -> None:
    home = user_folder(tmp_path / "h")
    result = tarkbook("build", str(ms), "--out", str(home), "--styles", str(STYLES),
                      "--format", "epub")
    assert result.returncode == 0, result.stderr
    for name, data in USER_FILES.items():
        assert (home / name).read_bytes() == data, name
    made = sorted(p.name for p in home.iterdir() if p.name not in USER_FILES)
    assert made == [".tarkbook-build.json", ".tarkbook.lock", "figure.epub"]


def test_a_failed_build_touches_nothing_in_the_output_folder(ms: Path, tmp_path: Path) -> None:
    home = user_folder(tmp_path / "h")
    before = snapshot(home)
    (ms / "figure.md").write_text("No title here.\n", encoding="utf-8")
    result = tarkbook("build", str(ms), "--out", str(home), "--styles", str(STYLES),
                      "--format", "epub")
    assert result.returncode == 1
    assert "nothing was written" in result.stderr
    assert snapshot(home) == before


def test_a_failed_build_makes_no_output_folder(ms: Path, tmp_path: Path) -> None:
    (ms / "figure.md").write_text("No title here.\n", encoding="utf-8")
    result = tarkbook("build", str(ms), "--out", str(tmp_path / "new" / "out"),
                      "--styles", str(STYLES))
    assert result.returncode == 1
    assert not (tmp_path / "new").exists()


def test_a_second_build_into_a_folder_being_written_is_refused(
    ms: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["build", str(ms), "--out", str(out), "--styles", str(STYLES), "--format", "epub"]
    assert tarkbook(*args).returncode == 0
    (ms / "figure.md").write_text((ms / "figure.md").read_text(encoding="utf-8")
                                  + "\nOne more paragraph.\n", encoding="utf-8")
    before = snapshot(out)
    with (out / ".tarkbook.lock").open("a") as lock:  # as another build holds it
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = tarkbook(*args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == (f"tarkbook: cannot build: another build is writing to {out}; "
                             "nothing was written\n")
    assert snapshot(out) == before
    assert tarkbook(*args).returncode == 0  # the lock is gone with its holder


SLOW_RENAMES = """\
import os, sys, time
from tarkbook import cli

real_replace = os.replace


def replace(source, target):
    time.sleep(1.5)
    real_replace(source, target)


os.replace = replace
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_build_started_while_another_writes_never_mixes_their_files(
    ms: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    other = tmp_path / "other"
    shutil.copytree(ms, other)
    (other / "figure.md").write_text((other / "figure.md").read_text(encoding="utf-8")
                                     + "\nThe other build's paragraph.\n", encoding="utf-8")

    def start(script: list[str], folder: Path) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, *script, "build", str(folder), "--out",
                                 str(out), "--styles", str(STYLES)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    first = start(["-c", SLOW_RENAMES], ms)
    deadline = time.monotonic() + TIMEOUT
    while not (out.is_dir() and any(p.name.endswith(".part") for p in out.iterdir())):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.05)
    second = start(["-m", "tarkbook"], other)  # while the first renames its files
    results = [(b.wait(timeout=TIMEOUT), *b.communicate()) for b in (first, second)]
    for status, _, stderr in results:
        assert "Traceback" not in stderr
        assert status == 0 or stderr.endswith(f"another build is writing to {out}; "
                                              "nothing was written\n"), stderr
    assert results[0][0] == 0, results[0][2]  # the build that was writing finishes
    record = json.loads((out / ".tarkbook-build.json").read_text(encoding="utf-8"))
    for entry in record["editions"].values():  # the editions are those the record names
        data = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert sorted(p.name for p in out.iterdir()) == [
        ".tarkbook-build.json", ".tarkbook.lock", "figure.epub", "figure.pdf"]


WAIT_BETWEEN_EDITIONS = """\
import sys, time
from pathlib import Path
from tarkbook import cli
from tarkbook.build import pipeline

real_put = pipeline._put
flag = Path(sys.argv.pop(1))


def put(*args, **kwargs):
    if put.calls:  # between the first edition in place and the next: until told to go on
        deadline = time.monotonic() + 120
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    put.calls += 1
    real_put(*args, **kwargs)


put.calls = 0
pipeline._put = put
sys.exit(cli.main(sys.argv[1:]))
"""


def _pair_from(out: Path) -> set[str]:
    """Which manuscript each edition in ``out`` was made from: 'other' when it has the
    other build's paragraph, else 'first'."""
    with zipfile.ZipFile(out / "figure.epub") as epub:
        text = " ".join(epub.read(n).decode("utf-8", "replace") for n in epub.namelist()
                        if n.endswith(".xhtml"))
    pdf = subprocess.run(["pdftotext", str(out / "figure.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    return {"other" if "other build" in t else "first" for t in (text, " ".join(pdf.split()))}


def test_a_build_between_the_editions_of_another_never_puts_its_own_among_them(
    ms: Path, tmp_path: Path
) -> None:
    """A build puts each edition in place as soon as it is made: the folder stays its own
    from the first to the last, so that a second build (two real processes) cannot put its
    EPUB beside the first's PDF."""
    out, flag = tmp_path / "out", tmp_path / "go-on"
    other = tmp_path / "other"
    shutil.copytree(ms, other)
    (other / "figure.md").write_text((other / "figure.md").read_text(encoding="utf-8")
                                     + "\nThe other build's paragraph.\n", encoding="utf-8")
    command = ["build", "--out", str(out), "--styles", str(STYLES)]
    first = subprocess.Popen([sys.executable, "-c", WAIT_BETWEEN_EDITIONS, str(flag),
                              *command, str(ms)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT
    while not (out / ".tarkbook-build.json").exists():  # its first edition is in place
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.05)
    second = tarkbook(*command, str(other))
    flag.touch()
    assert first.wait(timeout=TIMEOUT) == 0, first.communicate()
    assert "Traceback" not in second.stderr
    assert second.returncode == 1, second.stderr
    assert f"another build is writing to {out}" in second.stderr
    assert _pair_from(out) == {"first"}
    record = json.loads((out / ".tarkbook-build.json").read_text(encoding="utf-8"))
    for entry in record["editions"].values():
        assert hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
    assert tarkbook(*command, str(other)).returncode == 0  # the folder is free again
    assert _pair_from(out) == {"other"}


def test_a_write_that_fails_leaves_no_temporary_file(ms: Path, tmp_path: Path) -> None:
    out = user_folder(tmp_path / "out")
    before = snapshot(out)
    result = tarkbook("build", str(ms), "--out", str(out), "--styles", str(STYLES),
                      "--format", "epub", limit_file_size=16 * 1024)  # the EPUB is bigger
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    # The print layout, which the EPUB's page list comes from, cannot write its font
    # files either: the build says so on a line of its own, before the failure.
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"tarkbook: cannot build: cannot write to {out}: ")
    assert last.endswith("nothing was written")
    after = snapshot(out)
    assert {n: v for n, v in after.items() if n != ".tarkbook.lock"} == before


def test_a_killed_build_is_cleared_by_its_journal_and_by_nothing_else(
    ms: Path, tmp_path: Path
) -> None:
    out = user_folder(tmp_path / "out")
    args = ["build", str(ms), "--out", str(out), "--styles", str(STYLES), "--format", "epub"]
    killed = subprocess.run([sys.executable, "-c", KILLER, "before-the-renames", *args],
                            capture_output=True, text=True, timeout=TIMEOUT,
                            start_new_session=True, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = sorted(p.name for p in out.iterdir() if p.name not in USER_FILES)
    assert ".tarkbook-journal" in left
    assert any(name.endswith(".part") for name in left)
    again = tarkbook(*args)
    assert again.returncode == 0, again.stderr
    names = sorted(p.name for p in out.iterdir() if p.name not in USER_FILES)
    assert names == [".tarkbook-build.json", ".tarkbook.lock", "figure.epub"]
    for name, data in USER_FILES.items():
        assert (out / name).read_bytes() == data, name


def test_a_journal_names_only_files_the_build_can_remove(ms: Path, tmp_path: Path) -> None:
    out = user_folder(tmp_path / "out")
    (out / "precious.txt").write_bytes(b"mine\n")
    (out / ".tarkbook-journal").write_text(json.dumps({"made": [
        "precious.txt", "../ms/book.toml", ".bashrc.2024.old", str(out / "precious.txt"),
        ".tarkbook-0123456789abcdef-0.part/../precious.txt"]}), encoding="utf-8")
    before = (ms / "book.toml").read_bytes()
    result = tarkbook("build", str(ms), "--out", str(out), "--styles", str(STYLES),
                      "--format", "epub")
    assert result.returncode == 0, result.stderr
    assert (out / "precious.txt").read_bytes() == b"mine\n"
    assert (ms / "book.toml").read_bytes() == before
    for name, data in USER_FILES.items():
        assert (out / name).read_bytes() == data, name


@pytest.mark.parametrize("where", ["out", "out-parent"])
def test_an_output_folder_name_too_long_is_a_clear_failure(
    ms: Path, tmp_path: Path, where: str
) -> None:
    long = "o" * 300
    out = long if where == "out" else f"{long}/build"
    result = tarkbook("build", str(ms), "--out", out, "--styles", str(STYLES),
                      "--format", "epub", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr == (f"tarkbook: cannot build: cannot use the output folder {out}: "
                             "File name too long; nothing was written\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ms"]


def test_the_lock_and_the_journal_do_not_follow_links(ms: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"untouched\n")
    os.symlink(victim, out / ".tarkbook-journal")
    result = tarkbook("build", str(ms), "--out", str(out), "--styles", str(STYLES),
                      "--format", "epub")
    assert "Traceback" not in result.stderr
    assert victim.read_bytes() == b"untouched\n"


@pytest.mark.parametrize("inside", ["images", "images/out", "styles/out"])
def test_an_output_folder_among_the_inputs_is_refused(
    ms: Path, tmp_path: Path, inside: str
) -> None:
    """The images folder and the styles folder are read whole: editions put there would be
    inputs of the next build, which could never reuse them."""
    styles = ms / "styles"
    shutil.copytree(STYLES, styles)
    before = snapshot(ms)
    out = ms / inside
    result = tarkbook("build", str(ms), "--out", str(out))
    assert result.returncode == 1
    folder, what = ((styles, "the folder of its style sheets") if inside.startswith("styles")
                    else (ms / "images", "the book's images folder"))
    assert result.stderr == (f"tarkbook: cannot build: the output folder {out} is in {what}, "
                             f"{folder}, which the build reads; choose a folder outside it; "
                             "nothing was written\n")
    assert snapshot(ms) == before
