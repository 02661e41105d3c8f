"""An SVG image is read by parsing it (its XML, and its CSS as CSS is read): scripts,
animation, foreign elements and references to other files are refused (I014) however they
are written (CSS escapes, upper case, quotes, presentation attributes), and what is
accepted is a drawing both editions take in.

The Hypothesis tests build SVGs from parts each known to be allowed or forbidden: an SVG
is accepted exactly when it holds no forbidden part, and a few accepted ones are checked
in a book and rendered in its PDF.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from epub_support import STYLES
from tarkbook.edition import Context
from tarkbook.manuscript import load_book, read_manuscript
from tarkbook.manuscript.image_content import svg_problem

OPEN = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="40" height="40" viewBox="0 0 40 40">')
DEFS = ('<defs><linearGradient id="g"><stop offset="0" stop-color="red"/>'
        '<stop offset="1" stop-color="blue"/></linearGradient>'
        '<filter id="f"><feGaussianBlur stdDeviation="1"/></filter>'
        '<clipPath id="c"><rect width="30" height="30"/></clipPath>'
        '<marker id="m" markerWidth="4" markerHeight="4"><circle cx="2" cy="2" r="2"/></marker>'
        '</defs>')


def svg(body: str) -> bytes:
    return f"{OPEN}{DEFS}{body}</svg>\n".encode()


REFUSED = {
    "escaped-import": ("<style>@im\\70 ort url(http://example.org/x.css);</style>",
                       "a style sheet with an @import rule (line 1 of the SVG)"),
    "escaped-url-in-sheet": ("<style>rect { fill: u\\72l(http://example.org/p) }</style>",
                             "a url() to 'http://example.org/p' in the property fill of a "
                             "style sheet (line 1 of the SVG)"),
    "escaped-url-in-style": ('<rect width="5" height="5" style="fill: u\\72l(file:///etc/x)"/>',
                             "a url() to 'file:///etc/x' in the property fill of a style "
                             "attribute (line 1 of the SVG)"),
    "url-in-presentation-attribute": ('<rect width="5" height="5" '
                                      'fill="url(http://example.org/p)"/>',
                                      "a url() to 'http://example.org/p' in the attribute "
                                      "fill= (line 1 of the SVG)"),
    "filter-in-another-file": ('<rect width="5" height="5" filter="url(other.svg#f)"/>',
                               "a url() to 'other.svg#f' in the attribute filter= (line 1 of "
                               "the SVG)"),
    "set-to-javascript": ('<a href="#g"><set attributeName="href" to="javascript:alert(1)"/>'
                          '<rect width="5" height="5"/></a>',
                          "an animation element <set> (line 1 of the SVG)"),
    "animate-to-javascript": ('<a href="#g"><animate attributeName="href" '
                              'values="javascript:alert(1)"/></a>',
                              "an animation element <animate> (line 1 of the SVG)"),
    "xhtml-script": ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
                     "an element <script> that is not SVG (line 1 of the SVG)"),
    "unknown-element": ("<iframe/>",
                        "an element <iframe> that is not part of a static drawing (line 1 "
                        "of the SVG)"),
    "font-face": ("<style>\nrect { fill: red }\n@font-face { src: url(f.woff) }</style>",
                  "a style sheet with an @font-face rule (line 3 of the SVG)"),
    "url-not-named-url": ('<path d="M1 1L9 9" style="marker-end: urL(&quot;#m&quot;)"/>',
                          "a url() written urL() in the property marker-end of a style "
                          "attribute, which a renderer reads only as url() (line 1 of the "
                          "SVG)"),
    "loading-property": ('<rect width="5" height="5" style="cursor: auto"/>',
                         "a style attribute with the property 'cursor' (line 1 of the SVG)"),
}


@pytest.mark.parametrize(("body", "what"), REFUSED.values(), ids=REFUSED.keys())
def test_what_an_svg_may_not_hold_is_refused_however_it_is_written(body: str, what: str) -> None:
    problem = svg_problem(svg(body))
    assert problem is not None
    assert (problem.code, problem.params) == ("I014", {"what": what})


INKSCAPE = """\
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg5"
   inkscape:version="1.2.2" sodipodi:docname="drawing.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" inkscape:document-units="mm"/>
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="lg1">
      <stop style="stop-color:#000000;stop-opacity:1;" offset="0" id="stop1"/>
    </linearGradient>
    <linearGradient xlink:href="#lg1" id="lg2" x1="0" y1="0" x2="1" y2="1"/>
    <filter style="color-interpolation-filters:sRGB" id="f1">
      <feGaussianBlur stdDeviation="2"/>
    </filter>
  </defs>
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></rdf:RDF>
  </metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#lg2);stroke:#000;filter:url(#f1);-inkscape-stroke:none"
       id="rect1" width="50" height="40" x="20" y="30"/>
    <use xlink:href="#rect1" transform="translate(60,0)"/>
  </g>
</svg>
"""

ILLUSTRATOR = """\
<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In -->
<svg version="1.1" id="Layer_1" xmlns="http://www.w3.org/2000/svg"
  xmlns:xlink="http://www.w3.org/1999/xlink" x="0px" y="0px" viewBox="0 0 100 100"
  style="enable-background:new 0 0 100 100;" xml:space="preserve">
<style type="text/css">
  .st0{fill:#FF0000;}
  .st1{fill:none;stroke:#000000;stroke-miterlimit:10;}
</style>
<g id="Group_1" data-name="Group 1">
<circle class="st0" cx="50" cy="50" r="40"/>
<polyline class="st1" points="10,10 20,30 40,20 "/>
</g>
</svg>
"""


@pytest.mark.parametrize("drawing", [INKSCAPE, ILLUSTRATOR], ids=["inkscape", "illustrator"])
def test_what_drawing_programs_write_is_accepted(drawing: str) -> None:
    assert svg_problem(drawing.encode()) is None


# --------------------------------------------------------------------------- Hypothesis

def escaped(word: str, upper: bool = True) -> st.SearchStrategy[str]:
    """``word`` as CSS may write it: each letter as it is, as a hexadecimal escape
    (``\\70 `` for "p") or, with ``upper``, in upper case."""
    letters = [st.sampled_from([char, f"\\{ord(char):x} ", f"\\{ord(char):06x}",
                                *([char.upper()] if upper else [])])
               for char in word]
    return st.tuples(*letters).map("".join)


def url(target: str, escapes: bool = True) -> st.SearchStrategy[str]:
    """``url(target)``, its target quoted or not; with ``escapes``, "url" as CSS may
    write it, in upper case only when the target is not quoted (a renderer reads the
    function ``url("…")`` by its name as written, the token ``URL(…)`` as CSS reads it)."""
    bare = st.tuples(escaped("url") if escapes else st.just("url"), st.just(target))
    quoted = st.tuples(escaped("url", upper=False) if escapes else st.just("url"),
                       st.sampled_from([f"'{target}'", f'"{target}"']))
    return st.one_of(bare, quoted).map(lambda parts: f"{parts[0]}({parts[1]})")


LOCAL = st.sampled_from(["#g", "#f", "#c", "#m"])
EXTERNAL = st.sampled_from(["http://example.org/a", "https://example.org/b.svg#f",
                            "other.svg#f", "file:///etc/passwd", "data:image/png;base64,AA",
                            "javascript:alert(1)", "//example.org/c", "# g", "#g'"])
PAINT_ATTRIBUTES = st.sampled_from(["fill", "stroke", "filter", "clip-path", "mask",
                                    "marker-end", "marker-start"])

Part = tuple[str, bool]
"""A piece of an SVG, and whether an SVG may hold it."""


def part(allowed: bool, text: st.SearchStrategy[str]) -> st.SearchStrategy[Part]:
    return text.map(lambda value: (value, allowed))


def attribute_part(element: str, name: str, value: str, local: bool) -> Part:
    """An element with a presentation attribute that holds a url(): allowed when it names
    a fragment and is written without CSS escapes (a renderer reads it as written)."""
    return f'{element} {name}="{escape(value)}"/>', local and "\\" not in value


SAFE_PARTS = st.one_of(
    part(True, st.just('<circle cx="20" cy="20" r="15" fill="#2a2"/>')),
    st.builds(attribute_part, st.just('<rect width="9" height="9"'), PAINT_ATTRIBUTES,
              LOCAL.flatmap(lambda target: url(target, escapes=False)), st.just(True)),
    part(True, st.builds(lambda prop, target: f'<path d="M1 1L9 9" style="{escape(prop)}: '
                                              f'{escape(target)}"/>',
                         st.sampled_from(["fill", "stroke", "marker-end"]).flatmap(escaped),
                         LOCAL.flatmap(url))),
    part(True, st.builds(lambda target: f"<style>rect {{ fill: {escape(target, False)} }}</style>",
                         LOCAL.flatmap(url))),
    part(True, st.sampled_from(['<use href="#g"/>', '<use xlink:href="#c"/>',
                                '<a href="#g"><circle r="2"/></a>', "<!-- a comment -->",
                                '<g class="x" data-name="y"><ellipse rx="2" ry="1"/></g>'])),
)

UNSAFE_PARTS = st.one_of(
    st.builds(attribute_part, st.just('<rect width="9" height="9"'), PAINT_ATTRIBUTES,
              EXTERNAL.flatmap(url), st.just(False)),
    st.builds(attribute_part, st.just('<path d="M1 1L9 9"'), PAINT_ATTRIBUTES,
              LOCAL.flatmap(url), st.just(True)),
    part(False, st.builds(lambda target: f'<path d="M1 1L9 9" style="fill: {escape(target)}"/>',
                          EXTERNAL.flatmap(url))),
    part(False, st.builds(lambda target: f"<style>rect {{ stroke: {escape(target, False)} }}"
                                         "</style>",
                          EXTERNAL.flatmap(url))),
    part(False, st.builds(lambda at, target: f"<style>@{at} {escape(target, False)};</style>",
                          escaped("import"), EXTERNAL.flatmap(url))),
    part(False, st.builds(lambda at, target: f"<style>@{at} '{escape(target, False)}';</style>",
                          escaped("import"), EXTERNAL)),
    part(False, st.builds(lambda name, target: f'<image {name}="{escape(target)}" width="4" '
                                               'height="4"/>',
                          st.sampled_from(["href", "xlink:href"]), EXTERNAL)),
    part(False, st.builds(lambda name, target: f'<use {name}="{escape(target)}"/>',
                          st.sampled_from(["href", "xlink:href"]), EXTERNAL)),
    part(False, st.sampled_from([
        "<script>alert(1)</script>", "<foreignObject width='4' height='4'/>",
        '<a href="#g"><set attributeName="href" to="javascript:alert(1)"/></a>',
        '<a href="#g"><animate attributeName="href" values="javascript:alert(1)"/></a>',
        '<rect width="4" height="4"><animateTransform attributeName="transform"/></rect>',
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
        '<a href="javascript:alert(1)"><circle r="2"/></a>',
        '<rect width="4" height="4" onclick="alert(1)"/>',
        '<rect width="4" height="4" style="background-image: url(#g)"/>',
        '<path d="M1 1L9 9" style="marker-end: urL(\'#m\')"/>',
        '<path d="M1 1L9 9" style="marker-end: \\55 rl(&quot;#m&quot;)"/>',
        '<path d="M1 1L9 9" marker-end="URL(\'#m\')"/>',
    ])),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(SAFE_PARTS, UNSAFE_PARTS), min_size=1, max_size=6))
def test_an_svg_is_accepted_exactly_when_it_holds_nothing_forbidden(
    parts: list[Part],
) -> None:
    data = svg("".join(text for text, _ in parts))
    problem = svg_problem(data)
    allowed = all(ok for _, ok in parts)
    assert (problem is None) == allowed, (data, problem)
    if problem is not None:
        assert problem.code == "I014"


BOOK = """\
[book]
title = "A drawing"
language = "en"
identifier = "urn:x-drawing"
date = "2026-11-25"

[[sections]]
kind = "prose"
file = "text.md"
"""


@settings(max_examples=3, deadline=None, derandomize="CI" in os.environ,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(SAFE_PARTS, min_size=1, max_size=5))
def test_an_accepted_svg_passes_the_check_and_renders_in_print(
    tmp_path_factory: pytest.TempPathFactory, parts: list[Part]
) -> None:
    from tarkbook.pdf.edition import render_pdf

    folder: Path = tmp_path_factory.mktemp("drawing")
    (folder / "images").mkdir()
    (folder / "book.toml").write_text(BOOK, "utf-8")
    (folder / "text.md").write_text("# Drawn\n\n![A drawing](images/d.svg)\n", "utf-8")
    (folder / "images" / "d.svg").write_bytes(svg("".join(text for text, _ in parts)))
    assert read_manuscript(folder).errors == ()
    pdf = render_pdf(load_book(folder), Context(folder, STYLES))
    assert pdf.startswith(b"%PDF")
