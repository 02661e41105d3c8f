"""``tarkbook preview``: the book served on 127.0.0.1 as it is written, refreshed on save."""

from tarkbook.preview.server import PortInUse, serve

__all__ = ["PortInUse", "serve"]
