"""The document's pictures as the book's figures: each image written into ``images/``
once, under its name in the document, with its alt text (or a ``TODO`` that ``tarkbook
check`` refuses, I017) and the caption that follows it."""

from __future__ import annotations

import posixpath

from tarkbook.importer.blocks import Block
from tarkbook.importer.package import Docx, ImportFailed
from tarkbook.importer.report import Report

IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"GIF87a": ".gif",
               b"GIF89a": ".gif"}
MISSING_ALT = "TODO: describe this image"
"""The alt text of an image the document gives none; ``tarkbook check`` flags it (I017)."""

def attach_captions(blocks: list[Block]) -> list[Block]:
    """A caption paragraph right after a figure becomes that figure's caption."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if ("caption" in block.extra and previous is not None and previous.kind == "figure"
                and not previous.caption):
            previous.caption = " ".join("".join(
                p.text for p in block.pieces if p.kind == "text").split())
            continue
        out.append(block)
    return out


def write_images(docx: Docx, blocks: list[Block], report: Report,
            files: dict[str, bytes]) -> dict[int, str]:
    """Each figure's image written into ``images/``: its path by the figure's id."""
    paths: dict[int, str] = {}
    by_part: dict[str, str] = {}
    for block in blocks:
        if block.kind != "figure" or block.picture is None:
            continue
        part = block.picture.part
        if part not in by_part:
            try:
                data = docx.read(part)
            except ImportFailed as exc:
                report.add("image", block.place, f"an image that cannot be read: {exc}")
                continue
            suffix = next((s for magic, s in IMAGE_TYPES.items() if data.startswith(magic)), "")
            if not suffix:
                kind = posixpath.splitext(part)[1].lstrip(".").upper() or "unknown"
                report.add("image", block.place, f"an image in the {kind} format, left out "
                           "(the format takes PNG, JPEG and GIF): export it again")
                continue
            stem = posixpath.splitext(posixpath.basename(part))[0]
            name = f"images/{stem}{suffix}"
            files[name] = data
            by_part[part] = name
        paths[id(block)] = by_part[part]
        if not block.picture.alt:
            block.picture = type(block.picture)(block.picture.part, MISSING_ALT,
                                                block.picture.title)
            report.add("image", block.place, f"{by_part[part]} has no alt text in the "
                       f"document: write what it shows in place of “{MISSING_ALT}”")
    return paths
