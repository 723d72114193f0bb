"""The jinja2 environments gigen renders with: sandboxed and strict (the only module importing jinja2's sandbox).

A county may bring its own Word template and its own standard paragraphs, so neither may reach Python: both render
in a SandboxedEnvironment, with StrictUndefined so a missing name is an error, not a blank.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

# jinja2's exceptions, for the modules that turn them into one Chinese sentence.
TemplateError = jinja2.TemplateError
TemplateSyntaxError = jinja2.TemplateSyntaxError
UndefinedError = jinja2.UndefinedError
Template = jinja2.Template


class _CompileOnce(SandboxedEnvironment):
    """A sandboxed environment that compiles each template source once per process.

    docxtpl hands the whole document XML to from_string on every render; compiling it took most of a render's
    time. The XML of one template is the same every time, so its compiled form is kept (a few templates at most).
    """

    _KEEP = 16

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= self._KEEP:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


@cache
def jinja_env() -> SandboxedEnvironment:
    """One environment for every render: sandboxed (a county may bring its own template), escaping, strict."""
    return _CompileOnce(autoescape=True, undefined=jinja2.StrictUndefined)


@cache
def text_env() -> SandboxedEnvironment:
    """The environment of the standard paragraphs: plain text, not XML (the report's renderer escapes it like any
    text a clerk typed)."""
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
