"""What every route reaches through the request: the store, the pool's jobs, whether PDFs can be made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from starlette.requests import Request

from .jobs import Jobs
from .store import Store


@dataclass(frozen=True)
class Site:
    store: Store
    jobs: Jobs
    pdf: bool  # LibreOffice is installed: reports can be downloaded as PDF too


def site(request: Request) -> Site:
    """The running site (set up by the application's start-up)."""
    return cast(Site, request.app.state.site)
