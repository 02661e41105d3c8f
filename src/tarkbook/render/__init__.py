"""Rendering the model to markup: one environment, shared partials, inline rendering."""

from tarkbook.render.environment import environment
from tarkbook.render.inlines import NoteCallRenderer, plain_text, render_inlines, render_title

__all__ = ["NoteCallRenderer", "environment", "plain_text", "render_inlines", "render_title"]
