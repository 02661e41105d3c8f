"""The templates escape everything and refuse undefined names, for every template kind."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from tarkbook.render import environment

HOSTILE = '<script>alert("x")</script> & \'quoted\''


def _templates() -> list[str]:
    return sorted(environment().list_templates())


def test_there_are_templates_of_every_kind() -> None:
    suffixes = {name.rsplit(".", 1)[1] for name in _templates()}
    assert {"xhtml", "html", "opf", "ncx", "xml"} <= suffixes


@pytest.mark.parametrize("name", _templates())
def test_every_template_escapes_values(name: str) -> None:
    env = environment()
    template = env.get_template(name)
    assert env.autoescape is True or env.autoescape(name)  # type: ignore[operator]
    source = env.from_string("{{ value }}", template_class=type(template))
    assert source.render(value=HOSTILE) == (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39;"
    )


@pytest.mark.parametrize("name", _templates())
def test_every_template_fails_on_an_undefined_name(name: str) -> None:
    try:
        output = environment().get_template(name).render()
    except UndefinedError:
        return
    assert output.strip() == "", "only a template of macros may render without values"
