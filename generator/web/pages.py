"""The web pages: Jinja2 templates rendered with autoescape (the only web module importing jinja2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from starlette.responses import HTMLResponse

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# autoescape: a unit's name, a file name or a finding is text, never markup; StrictUndefined: a misspelt
# variable is a bug found at once, not a blank on the page.
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(name: str, **context: Any) -> str:
    """The page's HTML."""
    return _ENV.get_template(name).render(**context)


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page as the response to send."""
    return HTMLResponse(render(name, **context), status_code=status)


def error_page(status: int, sentence: str, *, back: str = "") -> HTMLResponse:
    """The page of a refused or failed request: one Chinese sentence, and a way back where there is one."""
    return page("error.html", status, sentence=sentence, back=back)
