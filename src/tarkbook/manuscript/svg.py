"""What an SVG image may hold, read by parsing it: its XML with lxml, its CSS with tinycss2.

An SVG that both editions may take in is a static drawing (SVG 1.1's static elements,
without scripts, foreign objects or animation) that refers only to parts of itself:
every ``href`` is a ``#fragment``, and every ``url()``, in a ``style`` attribute, a
``<style>`` element or a presentation attribute (``fill``, ``filter``, ``clip-path``…),
is a ``url(#fragment)``, the fragment an id. Its style sheets hold no at-rules
(``@import``, ``@font-face``) and only the properties that draw; a presentation attribute
is read by the renderers as it is written, so it may hold no CSS escape. The CSS is
tokenised, so that an escape (``@im\\70 ort``, ``u\\72l(``) is read as what it spells,
as a renderer would read it.

:func:`svg_problem` says what the first forbidden thing is, and where in the SVG it
stands; an SVG with none is written into the editions as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import tinycss2
from lxml import etree
from tinycss2.ast import (
    AtRule,
    Declaration,
    FunctionBlock,
    Node,
    ParseError,
    QualifiedRule,
    StringToken,
    URLToken,
    WhitespaceToken,
)

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

ELEMENTS = frozenset({
    "svg", "g", "defs", "desc", "title", "metadata", "symbol", "use", "switch", "a", "view",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image", "style",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset",
    "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
    "text", "tspan", "textPath",  # allowed here, refused as text (I016)
})
"""The SVG elements of a static drawing (SVG 1.1, with SVG 2's ``feDropShadow``)."""

TEXT_ELEMENTS = frozenset({"text", "tspan", "textPath"})

ANIMATION = frozenset({"set", "animate", "animateMotion", "animateTransform",
                       "animateColor", "mpath", "discard"})

PROPERTIES = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "opacity", "color", "display", "visibility", "overflow", "clip",
    "clip-path", "clip-rule", "mask", "mask-type", "filter", "marker", "marker-start",
    "marker-mid", "marker-end", "stop-color", "stop-opacity", "flood-color",
    "flood-opacity", "lighting-color", "color-interpolation",
    "color-interpolation-filters", "color-rendering", "shape-rendering", "image-rendering",
    "text-rendering", "enable-background", "paint-order", "vector-effect",
    "mix-blend-mode", "isolation", "transform", "transform-origin", "transform-box",
    "font", "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
    "font-variant", "font-weight", "letter-spacing", "word-spacing", "text-anchor",
    "text-decoration", "dominant-baseline", "alignment-baseline", "baseline-shift",
    "writing-mode", "direction", "unicode-bidi", "line-height", "white-space",
    "solid-color", "solid-opacity",
})
"""The CSS properties that draw: SVG 1.1's presentation properties and a few of CSS's."""

ATTRIBUTES = PROPERTIES | frozenset({
    "id", "class", "style", "lang", "tabindex", "role", "focusable", "version",
    "baseProfile", "x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "fx", "fy",
    "fr", "x1", "y1", "x2", "y2", "dx", "dy", "points", "d", "pathLength", "viewBox",
    "preserveAspectRatio", "zoomAndPan", "href", "gradientUnits", "gradientTransform",
    "spreadMethod", "offset", "patternUnits", "patternContentUnits", "patternTransform",
    "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits", "markerWidth",
    "markerHeight", "refX", "refY", "orient", "filterUnits", "primitiveUnits", "filterRes",
    "in", "in2", "result", "stdDeviation", "mode", "operator", "k1", "k2", "k3", "k4",
    "type", "values", "tableValues", "slope", "intercept", "amplitude", "exponent",
    "kernelMatrix", "order", "divisor", "bias", "targetX", "targetY", "edgeMode",
    "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
    "specularExponent", "kernelUnitLength", "scale", "xChannelSelector",
    "yChannelSelector", "radius", "baseFrequency", "numOctaves", "seed", "stitchTiles",
    "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ",
    "limitingConeAngle", "requiredFeatures", "requiredExtensions", "systemLanguage",
    "externalResourcesRequired", "media", "title", "contentScriptType",
    "contentStyleType", "rotate", "lengthAdjust", "textLength", "startOffset", "method",
    "spacing", "xmlns",
})
"""The attributes (in no namespace) an element of :data:`ELEMENTS` may have; ``data-*``
and ``aria-*`` are allowed too, and every value is read as CSS for its ``url()``."""

OTHER_ATTRIBUTES = {XLINK_NAMESPACE: frozenset({"href", "title", "type", "show", "actuate",
                                               "role", "arcrole"}),
                    XML_NAMESPACE: frozenset({"space", "lang", "id"})}
"""Attributes in a namespace of the SVG standard; a drawing program's own namespaces
(Inkscape's, Sodipodi's, RDF's) hold notes about the drawing, and are left alone unless
they refer to something."""

REFERENCE_ATTRIBUTES = frozenset({"href", "src"})
LOADING_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "-webkit-image-set",
                               "cross-fade", "element"})
"""CSS functions that load what they name; only ``url(#fragment)`` stays in the file."""
FRAGMENT = re.compile(r"#[\w.:-]+")
"""A reference to an element of the same file, by its id (a name: the renderer looks it
up by its letters, and a quote or a space in it is no id)."""


@dataclass(frozen=True, slots=True)
class Forbidden:
    """What an SVG may not hold (``what``, as a message says it), at its line in the SVG;
    ``text`` when it is text (which print cannot set), not a danger."""

    what: str
    line: int | None = None
    text: bool = False

    def described(self) -> str:
        return self.what if self.line is None else f"{self.what} (line {self.line} of the SVG)"


def parse(data: bytes) -> etree._Element:
    """The root of the SVG in ``data``: no entity is resolved, nothing is loaded."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_pis=False)
    return etree.fromstring(data, parser)


def svg_forbidden(data: bytes) -> Forbidden | None:
    """The first thing the SVG in ``data`` (parsed already once by the caller) holds that
    no edition may take in, in document order; a text element is reported only when
    nothing else is."""
    root = parse(data)
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None:  # a public SVG 1.1 doctype alone is harmless
        return Forbidden("a document type declaration (it may define entities)")
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction):
            return Forbidden(f"a processing instruction <?{node.target!s} ...?>",
                             _source_line(node))
    text: Forbidden | None = None
    for element in root.iter():
        found = _element(element)
        if found is not None and not found.text:
            return found
        text = text or found
    return text


def _source_line(node: etree._Element) -> int | None:
    line = getattr(node, "sourceline", None)
    return line if isinstance(line, int) else None


def _element(element: etree._Element) -> Forbidden | None:
    line = _source_line(element)
    if isinstance(element, etree._ProcessingInstruction):
        return Forbidden(f"a processing instruction <?{element.target!s} ...?>", line)
    if isinstance(element, etree._Entity):
        return Forbidden(f"an entity reference &{element.name};", line)
    if not isinstance(element.tag, str):
        return None  # a comment
    qname = etree.QName(element)
    name, namespace = qname.localname, qname.namespace
    if namespace == SVG_NAMESPACE:
        if name == "script":
            return Forbidden("a <script> element", line)
        if name == "foreignObject":
            return Forbidden("a <foreignObject> element", line)
        if name in ANIMATION:
            return Forbidden(f"an animation element <{name}>", line)
        if name not in ELEMENTS:
            return Forbidden(f"an element <{name}> that is not part of a static drawing",
                             line)
    elif namespace == XHTML_NAMESPACE or namespace is None:
        return Forbidden(f"an element <{name}> that is not SVG", line)
    for attribute, value in element.attrib.items():
        found = _attribute(etree.QName(attribute), str(value), namespace == SVG_NAMESPACE,
                           line)
        if found is not None:
            return found
    if namespace == SVG_NAMESPACE and name == "style":
        return _style_sheet("".join(str(text) for text in element.itertext()), line)
    if namespace == SVG_NAMESPACE and name in TEXT_ELEMENTS:
        return Forbidden("text", line, text=True)
    return None


def _attribute(
    qname: etree.QName, value: str, svg: bool, line: int | None
) -> Forbidden | None:
    name, namespace = qname.localname, qname.namespace
    if name.lower().startswith("on"):
        return Forbidden(f"an event handler ({name}=)", line)
    if name in REFERENCE_ATTRIBUTES:
        if not FRAGMENT.fullmatch(value):
            return Forbidden(f"a reference to '{_short(value.strip())}'", line)
        return None
    if namespace is None:
        if svg and name not in ATTRIBUTES and not name.startswith(("data-", "aria-")):
            return Forbidden(f"an attribute {name}= that is not part of a static drawing",
                             line)
    elif namespace in OTHER_ATTRIBUTES and name not in OTHER_ATTRIBUTES[namespace]:
        return Forbidden(f"an attribute {name}= of the namespace {namespace}", line)
    if name == "style":
        css = tinycss2.parse_blocks_contents(value, skip_comments=True, skip_whitespace=True)
        return _declarations(css, line, "a style attribute")
    if "\\" in value:  # a renderer reads a presentation attribute's url() as it is written
        return Forbidden(f"a CSS escape in the attribute {name}=", line)
    return _values(tinycss2.parse_component_value_list(value), line,
                   f"the attribute {name}=")


def _style_sheet(css: str, line: int | None) -> Forbidden | None:
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        at = _line(line, rule)
        if isinstance(rule, AtRule):
            return Forbidden(f"a style sheet with an @{rule.lower_at_keyword} rule", at)
        if isinstance(rule, ParseError):
            return Forbidden(f"a style sheet it cannot read ({rule.message})", at)
        if isinstance(rule, QualifiedRule):
            declarations = tinycss2.parse_blocks_contents(rule.content, True, True)
            found = (_values(rule.prelude, line, "a selector of a style sheet")
                     or _declarations(declarations, line, "a style sheet"))
            if found is not None:
                return found
    return None


def _declarations(nodes: Iterable[Node], line: int | None, where: str) -> Forbidden | None:
    for node in nodes:
        at = _line(line, node)
        if isinstance(node, AtRule):
            return Forbidden(f"{where} with an @{node.lower_at_keyword} rule", at)
        if isinstance(node, ParseError):
            return Forbidden(f"{where} it cannot read ({node.message})", at)
        if isinstance(node, QualifiedRule):  # a nested rule: read as a style sheet would
            return Forbidden(f"{where} with a nested rule", at)
        if isinstance(node, Declaration):
            name = node.lower_name
            if name not in PROPERTIES and not name.startswith("-"):
                return Forbidden(f"{where} with the property '{_short(name)}'", at)
            found = _values(node.value, line, f"the property {name} of {where}")
            if found is not None:
                return found
    return None


def _values(nodes: Iterable[Node], line: int | None, where: str) -> Forbidden | None:
    """The first ``url()`` in ``nodes`` (CSS tokens, nested blocks too) that names
    anything but a fragment of the same file, or a function that loads a file."""
    for node in _tokens(nodes):
        target: str | None = None
        if isinstance(node, URLToken):
            target = node.value
        elif isinstance(node, FunctionBlock) and node.lower_name in LOADING_FUNCTIONS:
            if node.lower_name == "url" and node.name != "url":  # the renderer's spelling
                return Forbidden(f"a url() written {node.name}() in {where}, which a renderer "
                                 "reads only as url()", _line(line, node))
            arguments = [a for a in node.arguments if not isinstance(a, WhitespaceToken)]
            if node.lower_name != "url" or len(arguments) != 1 or not isinstance(
                    arguments[0], StringToken):
                return Forbidden(f"a {node.lower_name}() in {where}",
                                 _line(line, node))
            target = arguments[0].value
        elif isinstance(node, ParseError):
            return Forbidden(f"CSS it cannot read in {where} ({node.message})",
                             _line(line, node))
        if target is not None and not FRAGMENT.fullmatch(target):
            return Forbidden(f"a url() to '{_short(target.strip())}' in {where}",
                             _line(line, node))
    return None


def _tokens(nodes: Iterable[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        if isinstance(node, FunctionBlock):
            yield from _tokens(node.arguments)
        elif hasattr(node, "content") and isinstance(node.content, list):
            yield from _tokens(node.content)


def _line(element_line: int | None, node: Node) -> int | None:
    """The line in the SVG of a CSS node, from the line its element starts on."""
    if element_line is None:
        return None
    return element_line + max(getattr(node, "source_line", 1), 1) - 1


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
