"""What ``tarkbook --version`` says: the versions that make the editions' bytes, and which
of the patches of WeasyPrint and pydyf are active here."""

from __future__ import annotations

import ctypes
import platform

from tarkbook import __version__
from tarkbook.versions import version_of

SYSTEM_LIBRARIES = (
    ("Pango", ("libpango-1.0.so.0", "libpango-1.0.so"), "pango_version_string"),
    ("HarfBuzz", ("libharfbuzz.so.0", "libharfbuzz.so"), "hb_version_string"),
)


def system_library_version(names: tuple[str, ...], function: str) -> str | None:
    """The version a shared library reports of itself, or None when it does not load."""
    for name in names:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        call = getattr(library, function, None)
        if call is None:
            return None
        call.restype = ctypes.c_char_p
        value = call()
        return value.decode("ascii", "replace") if isinstance(value, bytes) else None
    return None


def version_text() -> str:
    from tarkbook.pdf.weasyprint.registry import PATCHES, status

    lines = [
        f"tarkbook {__version__}",
        f"Python {platform.python_version()}",
        f"WeasyPrint {version_of('weasyprint') or 'not installed'}",
        f"pydyf {version_of('pydyf') or 'not installed'}",
    ]
    for label, names, function in SYSTEM_LIBRARIES:
        lines.append(f"{label} {system_library_version(names, function) or 'not found'}")
    lines.append("patches of WeasyPrint and pydyf:")
    for patch in PATCHES:
        try:
            found = status(patch)
            state = "active" if found.active else f"skipped: {found.reason}"
        except (OSError, ImportError) as exc:  # WeasyPrint cannot load its libraries
            state = f"skipped: {patch.versions.package} does not load ({exc})"
        lines.append(f"  {patch.name:<16} {state}")
    return "\n".join(lines)
