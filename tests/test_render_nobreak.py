"""A note call is bound to the last word before it, never to a whole title or phrase."""

from __future__ import annotations

from markupsafe import Markup

from tarkbook.diagnostics import SourcePos
from tarkbook.model import Emphasis, LanguageSpan, NoteCall, Strong, Text
from tarkbook.render.inlines import render_inlines

P = SourcePos("x.md")


def call(node: NoteCall) -> Markup:
    return Markup("<sup>{}</sup>").format(node.key)


def test_a_title_in_italics_keeps_only_its_last_word_with_the_call() -> None:
    nodes = [Text("Read ", P), Emphasis((Text("The Collected Poems", P),), P),
             NoteCall("a", P), Text(" now.", P)]
    assert render_inlines(nodes, call) == (
        'Read <em>The Collected </em><span class="nobreak"><em>Poems</em><sup>a</sup></span>'
        " now."
    )


def test_a_language_span_keeps_only_its_last_word_with_the_call() -> None:
    nodes = [LanguageSpan((Text("Die Übersetzung kann lügen.", P),), "de", P),
             NoteCall("b", P)]
    assert render_inlines(nodes, call) == (
        '<span lang="de" xml:lang="de">Die Übersetzung kann </span><span class="nobreak">'
        '<span lang="de" xml:lang="de">lügen.</span><sup>b</sup></span>'
    )


def test_nested_elements_are_split_at_their_last_word() -> None:
    nodes = [Emphasis((Text("a ", P), Strong((Text("b c", P),), P)), P), NoteCall("c", P)]
    assert render_inlines(nodes, call) == (
        '<em>a <strong>b </strong></em><span class="nobreak"><em><strong>c</strong></em>'
        "<sup>c</sup></span>"
    )


def test_a_one_word_title_and_punctuation_after_italics() -> None:
    one = [Emphasis((Text("Mirror", P),), P), NoteCall("a", P)]
    assert render_inlines(one, call) == (
        '<span class="nobreak"><em>Mirror</em><sup>a</sup></span>'
    )
    after = [Emphasis((Text("Mirror", P),), P), Text(".", P), NoteCall("a", P)]
    assert render_inlines(after, call) == (
        '<em>Mirror</em><span class="nobreak">.<sup>a</sup></span>'
    )


def test_a_call_after_a_space_binds_nothing_before_it() -> None:
    nodes = [Text("word ", P), NoteCall("a", P)]
    assert render_inlines(nodes, call) == 'word <span class="nobreak"><sup>a</sup></span>'
