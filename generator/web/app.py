"""The web application: its routes, the request size limit, the headers every answer carries, the error pages.

create_app(DIR) serves the data folder DIR; the checks run in a process pool (or in the executor a test gives).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from concurrent.futures import Executor
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import GigenError
from . import office, unit, work
from .folder import StorageError
from .jobs import Jobs
from .pages import STATIC, error_page
from .replies import BAD_LINK, BUG, NOT_SAVED, SENTENCES, TOO_LARGE, Refused
from .site import Site
from .sniff import MAX_UPLOAD
from .store import Store

LIMIT = (
    MAX_UPLOAD + 256 * 1024
)  # a body: one file of 20 MB, its form's other fields and the multipart framing
DRAIN = 10 * LIMIT  # read (and drop) this much of an oversize body so that the browser sees the 413 page
# Nothing on these pages comes from elsewhere, runs inline or may be framed; a unit's link is never sent on.
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
LOG = logging.getLogger("gigen.web")
NOT_INITIALISED = "{folder}：数据文件夹还没有初始化，请先运行 gigen serve --init。"


class _TooLarge(Exception):
    """The request's body passed LIMIT."""


class Guard:
    """Every request: its body limited to LIMIT while it streams in (413 page), every answer's headers set."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        received, ended, started = 0, False, False

        async def limited() -> Message:
            nonlocal received, ended
            if declared.isdigit() and int(declared) > LIMIT:
                raise _TooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                ended = not message.get("more_body", False)
                if received > LIMIT:
                    raise _TooLarge
            return message

        async def headed(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                cache = b"max-age=3600" if scope["path"].startswith("/static/") else b"no-store"
                message["headers"] = [*message.get("headers", []), *HEADERS, (b"cache-control", cache)]
            await send(message)

        try:
            await self.app(scope, limited, headed)
        except _TooLarge:
            if started:
                raise
            if not ended:
                await _drain(receive)
            await error_page(413, TOO_LARGE)(scope, receive, headed)


async def _drain(receive: Receive) -> None:
    """Read the rest of an oversize body (up to DRAIN): a browser shows an answer only once it has sent its file."""
    drained = 0
    while drained < DRAIN:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return
        drained += len(message.get("body", b""))


def _back(path: str, status: int) -> str:
    """Where the error page's 返回 leads: the unit's page, the office, or nowhere (a dead link)."""
    parts = path.split("/")
    if len(parts) > 3 and parts[1] == "u" and status != 404:
        return f"/u/{parts[2]}"
    if parts[1:2] == ["office"] and status != 404:
        return "/office"
    return ""


async def refused(request: Request, exc: Exception) -> Response:
    """A refused request's page: gigen's own sentence, or the one for the framework's status."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if isinstance(exc, Refused):
        sentence = exc.detail
    elif status == 404 and request.url.path.startswith("/u/"):
        sentence = BAD_LINK
    else:
        sentence = SENTENCES.get(status, BUG)
    response = error_page(status, sentence, back=_back(request.url.path, status))
    response.headers.update(exc.headers or {})
    return response


async def unsaved(request: Request, exc: Exception) -> Response:
    """The data folder refused a write: the page says nothing was kept, the server's terminal says where and why."""
    LOG.error("%s", exc)
    return error_page(503, NOT_SAVED, back=_back(request.url.path, 503))


async def failed(request: Request, exc: Exception) -> Response:
    """A bug: one sentence on the page; the traceback goes to the server's log (the server re-raises it there)."""
    return error_page(500, BUG)


def create_app(data: Path, *, workers: Executor | None = None) -> Starlette:
    """The application serving the data folder `data` (initialised already); checks run in `workers` (default: a
    process pool of one worker per core, made at start-up and shut down, after the last check, at the end)."""
    store = Store(data)
    if not store.initialised():
        store.close()
        raise GigenError(NOT_INITIALISED.format(folder=data))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        jobs = Jobs(store, workers)
        app.state.site = Site(store, jobs, work.has_pdf())
        jobs.start()
        try:
            yield
        finally:
            await jobs.close()

    return Starlette(
        routes=[*office.ROUTES, *unit.ROUTES, Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=[Middleware(Guard)],
        exception_handlers={HTTPException: refused, StorageError: unsaved, Exception: failed},
        lifespan=lifespan,
    )
