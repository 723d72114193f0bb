"""Helpers for the web page's HTTP tests: a data folder, a client logged in as the office, the words on a page."""

from __future__ import annotations

import html
import re
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

with (
    warnings.catch_warnings()
):  # Starlette would have its TestClient on httpx2; the one installed works the same
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from generator.web import create_app
from generator.web.jobs import Inline
from generator.web.security import hash_password
from generator.web.store import Store

PASSWORD = "abcd-efgh-jkmn-pqrs"
YEAR = 2024
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def new_data(folder: Path, year: int = YEAR) -> Path:
    """An initialised data folder whose office password is PASSWORD."""
    store = Store(folder)
    store.initialise(hash_password(PASSWORD), year)
    store.close()
    return folder


@contextmanager
def running(data: Path, **options: object) -> Iterator[TestClient]:
    """The application on the data folder, its checks run at once in the request's thread, started and stopped."""
    with TestClient(create_app(data, workers=Inline()), **options) as client:  # type: ignore[arg-type]
        yield client


def csrf(page: str) -> str:
    """The csrf field of the page's first form."""
    found = _CSRF.search(page)
    assert found, page
    return found.group(1)


def sentence(page: str) -> str:
    """The one sentence of an error page."""
    found = re.search(r'<p class="sentence">(.*?)</p>', page)
    assert found, page
    return html.unescape(found.group(1))


def text(page: str) -> str:
    """The page's visible words, tags removed, runs of space made one."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def log_in(client: TestClient, password: str = PASSWORD) -> str:
    """Log in as the office through the login form; the office page's HTML."""
    form = client.get("/login")
    answer = client.post("/login", data={"password": password, "csrf": csrf(form.text)})
    assert answer.status_code == 200 and answer.url.path == "/office", answer.text
    return answer.text


def add_units(client: TestClient, *names: str) -> dict[str, str]:
    """Add units through the office's form; each unit's link as the office page shows it."""
    page = client.get("/office").text
    answer = client.post("/office/units", data={"names": "\n".join(names), "csrf": csrf(page)})
    assert answer.status_code == 200
    return links(answer.text)


def links(page: str) -> dict[str, str]:
    """Each unit's link in the office's table, by unit name."""
    rows = re.findall(r'<td class="name">(.*?)</td>.*?(?:value="(http[^"]+)"|已停用)', page, re.S)
    return {html.unescape(name): link for name, link in rows}


def states(page: str) -> dict[str, list[str]]:
    """The office table: unit name → [状态, 错误, 警告]."""
    rows = re.findall(
        r'<td class="name">(.*?)</td>\s*<td class="state[^"]*"[^>]*>(.*?)</td>\s*'
        r'<td class="num">(.*?)</td>\s*<td class="num">(.*?)</td>',
        page,
    )
    return {html.unescape(name): [state, errors, warnings] for name, state, errors, warnings in rows}


def findings(page: str) -> list[tuple[str, str, str]]:
    """The findings table of a unit's page: (级别, 位置, 说明) in the order shown."""
    rows = re.findall(
        r'<tr class="(?:error|warning)"><td>(.*?)</td><td class="where">(.*?)</td><td>(.*?)</td></tr>', page
    )
    return [(a, b, html.unescape(c)) for a, b, c in rows]


def send(
    client: TestClient, link: str, name: str, data: bytes, field: str = "workbook", to: str = "upload"
) -> str:
    """Send a file through the unit's form (its csrf from the unit page); the page after the redirect, checked."""
    answer = client.post(
        f"{link}/{to}", data={"csrf": csrf(client.get(link).text)}, files={field: (name, data)}
    )
    assert answer.status_code == 200 and answer.url.path == link.split("testserver")[1], answer.text
    return settled(client, link)


def settled(client: TestClient, link: str, seconds: float = 60) -> str:
    """The unit's page once nothing of it is being checked any more (it refreshes itself until then)."""
    deadline = time.monotonic() + seconds
    while True:
        page = client.get(link).text
        if 'http-equiv="refresh"' not in page:
            return page
        assert time.monotonic() < deadline, "still checking"
        time.sleep(0.1)
