"""The print-shop PDF as PDF/X: the variant, its output intent, and its identifiers fixed.

WeasyPrint 70 writes PDF/X-1a, X-3 and X-4 (``pdf_variant``), with an output intent when a
``device-cmyk`` colour profile is declared. The profile shipped here
(``profiles/CGATS001Compat-v2-micro.icc``, CC0) maps CMYK after the CGATS TR 001
characterization, which the output intent also names by its registered identifier, so
that a print shop's preflight recognises the printing condition. WeasyPrint stamps a PDF/X-4
with a random ``xmpMM:DocumentID``; here it is made from the book's identifier and date,
so that the bytes are the same on every build.
"""

from __future__ import annotations

import re
import uuid
from importlib.resources import files
from pathlib import Path
from typing import Any

import pydyf

from tarkbook.pdf.xmp import metadata_stream

BLEED_MM = 3.0
"""The print-shop files' bleed, past the trim on every side."""
MARKS_MM = 6.0
"""Room outside the bleed for the crop marks, which WeasyPrint draws in the CSS bleed."""
VARIANTS = {"x-4": "pdf/x-4", "x-1a": "pdf/x-1a", "x-3": "pdf/x-3"}
"""``[print] pdf_x``: WeasyPrint's variant for each PDF/X the print-shop PDF can be."""
DEFAULT = "x-4"
READER_VARIANT = "pdf/ua-1"
"""The reader's PDF: tagged, with the PDF/UA-1 identification in its XMP metadata."""
PROFILE = "CGATS001Compat-v2-micro.icc"
CONDITION = "CGATS TR 001"
"""The output intent's printing condition, as the ICC's registry of characterizations
names it (SWOP, coated publication paper)."""
REGISTRY = "http://www.color.org"
CONDITION_TEXT = "SWOP (Publication) Grade 1 Paper, CGATS TR 001-1995"
_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def variant(pdf_x: str, marks: bool) -> str:
    """WeasyPrint's ``pdf_variant``: the PDF/X of ``pdf_x`` for the print shop (``marks``),
    else PDF/UA-1."""
    return VARIANTS[pdf_x] if marks else READER_VARIANT


def profile_folder() -> Path:
    """The folder of the shipped colour profile, for the renderer's fetcher."""
    return Path(str(files("tarkbook.pdf") / "profiles"))


def profile_css(url: str) -> str:
    """The rule that declares the shipped profile as the PDF's CMYK, and so its output
    intent; ``url`` is where the renderer reads the file."""
    return (f"@color-profile device-cmyk {{ src: url(\"{url}\"); "
            "components: cyan magenta yellow black; }\n")


def finish_pdf_x(pdf: Any, seed: str) -> None:
    """Name the output intent's registered printing condition, and make the XMP's
    DocumentID from ``seed`` (the book's identifier and date) instead of a random one."""
    for intent in pdf.catalog.get("OutputIntents", ()):
        intent["OutputConditionIdentifier"] = pydyf.String(CONDITION)
        intent["RegistryName"] = pydyf.String(REGISTRY)
        intent["OutputCondition"] = pydyf.String(CONDITION_TEXT)
        intent["Info"] = pydyf.String(CONDITION_TEXT)
    fixed = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}".encode()
    stream, packet = metadata_stream(pdf)
    stream.stream = [_DOCUMENT_ID.sub(fixed, packet)]
