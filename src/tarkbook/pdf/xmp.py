"""The XMP metadata packet that WeasyPrint wrote into a PDF, read and replaced."""

from __future__ import annotations

from typing import Any

import pydyf


def metadata_stream(pdf: Any) -> tuple[Any, bytes]:
    """The PDF's metadata stream and its packet; raises ValueError when it has none."""
    for item in pdf.objects:
        if isinstance(item, pydyf.Stream) and item.extra.get("Type") == "/Metadata":
            packet = b"".join(part if isinstance(part, bytes) else str(part).encode()
                              for part in item.stream)
            return item, packet
    raise ValueError("the PDF has no XMP metadata stream")
