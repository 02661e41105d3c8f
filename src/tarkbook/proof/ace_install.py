"""DAISY Ace installed for the proof: ``tarkbook proof --install-ace`` puts
``@daisy/ace-cli`` into the user's data folder with npm, without the browser Puppeteer
would download (Ace runs in the system's Chromium), and the proof finds it there when
neither ``TARKBOOK_ACE`` nor the ``PATH`` names another."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ACE_PACKAGE = "@daisy/ace-cli@1.4.6"
"""The version of Ace the proof is tested with (``nox -s accessibility`` installs it too)."""

TIME_LIMIT = 900.0
"""Seconds npm may take to install it."""


def data_folder() -> Path:
    """The user's data folder for tarkbook: ``$XDG_DATA_HOME/tarkbook`` (else
    ``~/.local/share/tarkbook``); on macOS ``~/Library/Application Support/tarkbook``, on
    Windows ``%LOCALAPPDATA%\\tarkbook``."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "tarkbook"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "tarkbook"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tarkbook"


def installed_ace() -> Path:
    """Where ``--install-ace`` puts Ace's command."""
    name = "ace-cli.cmd" if sys.platform == "win32" else "ace-cli"
    return data_folder() / "ace" / "node_modules" / ".bin" / name


class InstallError(Exception):
    """Ace could not be installed: why, and what to do."""


def install_ace(say: Callable[[str], None] = print) -> Path:
    """Install Ace into the data folder with npm; its command. Raises InstallError when
    npm is missing or fails."""
    npm = shutil.which("npm")
    if npm is None:
        raise InstallError("npm is not installed (apt-get install nodejs npm, or see "
                           "nodejs.org); Ace also needs Chromium (apt-get install chromium)")
    folder = installed_ace().parents[2]
    folder.mkdir(parents=True, exist_ok=True)
    say(f"installing {ACE_PACKAGE} into {folder} with npm")
    try:
        done = subprocess.run(
            [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund",
             ACE_PACKAGE], check=False, capture_output=True, text=True, errors="replace",
            timeout=TIME_LIMIT, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    except (OSError, subprocess.TimeoutExpired) as error:
        raise InstallError(f"npm could not install {ACE_PACKAGE}: {error}") from None
    command = installed_ace()
    if done.returncode != 0 or not command.exists():
        said = (done.stderr or done.stdout).strip().splitlines()
        raise InstallError(f"npm could not install {ACE_PACKAGE} (exit status "
                           f"{done.returncode}{': ' + said[-1] if said else ''})")
    return command
