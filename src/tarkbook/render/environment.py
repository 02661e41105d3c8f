"""The one Jinja2 environment both editions render their templates with."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import quote

from tarkbook.manuscript.spacing import space_text
from tarkbook.model import InterviewSection
from tarkbook.render.contents import heading_id, listed_titles
from tarkbook.render.credits import (
    book_labels,
    credit_line,
    long_date,
    main_names,
    role_credits,
    title_credit,
)
from tarkbook.render.epigraph import is_epigraph
from tarkbook.render.inlines import anchor
from tarkbook.render.labels import direction

if TYPE_CHECKING:  # loaded when a template is rendered: reading a book needs neither
    from jinja2 import Environment


def node_kind(node: object) -> str:
    """The model class of ``node`` in lower case, for dispatch in templates."""
    return type(node).__name__.lower()


@cache
def environment() -> Environment:
    """Templates from tarkbook/templates; everything autoescaped, undefined names fail."""
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from stdnum import isbn

    env = Environment(
        loader=PackageLoader("tarkbook", "templates"),
        autoescape=True,  # every template is markup (.xhtml, .html, .xml, .opf, .ncx)
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["kind"] = node_kind
    env.globals["credit_line"] = credit_line
    env.globals["main_names"] = main_names
    env.globals["title_credit"] = title_credit
    env.globals["long_date"] = long_date
    env.globals["role_credits"] = role_credits
    env.globals["labels"] = book_labels
    env.globals["isbn"] = isbn.format  # hyphenated by the ISBN agency's ranges
    env.filters["href"] = lambda path: quote(path, safe="/")  # a file's path as a URL
    env.filters["direction"] = direction  # a language's: "rtl" or "ltr"
    # words the templates write themselves, with the spaces of a language (": " in French)
    env.filters["spaced"] = lambda text, language: space_text(text, language, before="x")
    env.globals["is_epigraph"] = is_epigraph
    env.globals["anchor"] = anchor  # the id of a manuscript's {#id}
    env.globals["heading_id"] = heading_id  # a heading's: its {#id}'s, or a ## title's
    env.globals["listed_titles"] = listed_titles  # the ## titles in the contents
    env.tests["interview"] = lambda section: isinstance(section, InterviewSection)
    return env


def compile_templates(folder: str) -> None:
    """Compile now every template of ``folder`` and the shared partials: an edition's
    process does it while the build reads the book, instead of after."""
    env = environment()
    for name in env.list_templates():
        if name.startswith((f"{folder}/", "partials/")):
            env.get_template(name)
