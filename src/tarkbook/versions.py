"""The versions of the installed distributions, read without importlib.metadata."""

from __future__ import annotations

import os
import re
import sys


def installed_versions() -> dict[str, str]:
    """The version of each distribution on ``sys.path`` that has a ``NAME-VERSION.dist-info``
    folder, as pip installs them, by normalized name; the first on the path counts, as for
    an import. (importlib.metadata gives the same, but its import alone takes a third of
    a build that has nothing to do.)"""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name.removesuffix(".dist-info").partition("-")
                found.setdefault(normalized(project), version)
    return found


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def version_of(name: str, installed: dict[str, str] | None = None) -> str | None:
    """The installed version of distribution ``name``, or None when it is not installed."""
    found = (installed if installed is not None else installed_versions()).get(normalized(name))
    return found or _version_by_metadata(name)


def _version_by_metadata(name: str) -> str | None:
    from importlib import metadata  # only for a package installed some other way

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def release(version: str) -> tuple[int, ...]:
    """The numeric release of a version: '70.0' -> (70, 0), '0.13.0rc1' -> (0, 13, 0)."""
    parts: list[int] = []
    for part in version.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        parts.append(int(digits.group()))
        if digits.group() != part:
            break
    return tuple(parts)
