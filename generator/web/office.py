"""The office's pages: login, the table of every unit's state, adding units, links, the new year, downloads."""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import downloads, words, work
from .folder import unit_name
from .pages import page
from .records import Unit
from .replies import TOO_MANY, Refused, check_csrf, read_form, sent_file, text_field
from .security import FAILURE_WINDOW, locked_out, login_csrf, new_token, verify_password
from .site import Site, site
from .sniff import kind_of

SESSION = "gigen_session"
PRE = "gigen_pre"  # the login form's cookie: its csrf token is an HMAC of it
SESSION_SECONDS = 12 * 60 * 60
MAX_NAME = 100  # characters of a unit's name
NOTICES = {
    "reissued": "已重新生成链接：原来的链接不能再用，请把新链接发给该单位。",
    "revoked": "已停用链接：该单位在重新生成链接之前无法打开报送页面。",
    "removed": "已删除该单位。",
    "county": "已设置县名：下载的文件名和汇总表都用这个县名。",
    "nocounty": "已清除县名：下载的文件名和汇总表改用各单位名称开头共同的县名，没有时用“本县”。",
}


def _cookie(response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="strict")


def _to(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def session_csrf(request: Request) -> str | None:
    """The logged-in session's CSRF token, or None when the office is not logged in."""
    session = request.cookies.get(SESSION, "")
    return site(request).store.session_csrf(session) if session else None


async def office_form(request: Request) -> FormData | None:
    """A POST from the office's pages: the form, its csrf checked (403), or None when not logged in."""
    csrf = session_csrf(request)
    if csrf is None:
        return None
    form = await read_form(request)
    check_csrf(form, csrf)
    return form


async def home(request: Request) -> Response:
    return _to("/office")


async def login_page(request: Request) -> Response:
    if session_csrf(request) is not None:
        return _to("/office")
    return _login(request, wrong=False)


def _login(request: Request, *, wrong: bool) -> Response:
    pre = request.cookies.get(PRE) or new_token()
    response = page(
        "login.html", 401 if wrong else 200, csrf=login_csrf(site(request).store.secret(), pre), wrong=wrong
    )
    _cookie(response, PRE, pre, SESSION_SECONDS)
    return response


async def login(request: Request) -> Response:
    store = site(request).store
    form = await read_form(request)
    pre = request.cookies.get(PRE, "")
    check_csrf(form, login_csrf(store.secret(), pre) if pre else None)
    client = _client(request)
    if locked_out(store.failures(client, FAILURE_WINDOW)):
        raise Refused(429, TOO_MANY)
    store.login_failed(client)  # counted before the password is tried: attempts sent at once count each
    if not await run_in_threadpool(verify_password, text_field(form, "password"), store.password_hash()):
        return _login(request, wrong=True)
    store.clear_failures(client)
    session, _csrf = store.new_session()
    response = _to("/office")
    _cookie(response, SESSION, session, SESSION_SECONDS)
    response.delete_cookie(PRE, path="/", httponly=True, samesite="strict")
    return response


async def logout(request: Request) -> Response:
    if await office_form(request) is not None:
        site(request).store.end_session(request.cookies.get(SESSION, ""))
    response = _to("/login")
    response.delete_cookie(SESSION, path="/", httponly=True, samesite="strict")
    return response


def _row(here: Site, unit: Unit, year: int, base: str) -> dict[str, object]:
    """One unit's line in the office's table."""
    current = here.store.current(unit.id, year)
    sent = here.store.uploads(unit.id, year)
    state = words.state(current)
    checked = current is not None and current.state == "checked"
    return {
        "id": unit.id,
        "name": unit.name,
        "state": state,
        "css": _css(state),
        "note": current.note if current else "",
        "errors": current.errors if checked and current else "",
        "warnings": current.warnings if checked and current else "",
        "last": words.when(sent[0].at) if sent else "",
        "link": f"{base}u/{unit.token}" if unit.token else "",
        "removable": not sent and not here.store.uploads(unit.id),  # never sent anything, in any year
    }


def _css(state: str) -> str:
    if state.startswith("有错误") or state in (words.UNREADABLE, words.NOT_MADE):
        return "bad"
    return {words.NOT_SENT: "todo", words.CHECKING: "busy", words.BUILT: "ok", words.FINAL: "done"}.get(
        state, ""
    )


def _notice(request: Request) -> str:
    """The line above the table after an action (its redirect says which, by a fixed word or numbers only)."""
    query = request.query_params
    if query.get("done") in NOTICES:
        return NOTICES[query["done"]]
    numbers = {k: int(v) for k, v in query.items() if v.isdigit() and len(v) < 7}
    if "added" in numbers:
        skipped = numbers.get("given", 0) - numbers["added"]
        return (
            f"已添加{numbers['added']}个单位"
            + (f"（{skipped}个已在名单中，未重复添加）" if skipped > 0 else "")
            + "。"
        )
    if "year" in numbers:
        return (
            f"已开始{numbers['year']}年度：{numbers.get('carried', 0)}个单位的工作簿由上年结转，"
            f"{numbers.get('blank', 0)}个单位下载空白工作簿。"
        )
    return ""


async def office(request: Request) -> Response:
    csrf = session_csrf(request)
    if csrf is None:
        return _to("/login")
    here = site(request)
    year, units = here.store.year(), here.store.units()
    base = str(request.base_url)
    rows = [_row(here, unit, year, base) for unit in units]
    chosen, names = here.store.county(), [unit.name for unit in units]
    local = request.url.hostname in ("127.0.0.1", "localhost", "::1")
    return page(
        "office.html",
        csrf=csrf,
        year=year,
        chosen=chosen,
        county=chosen or words.county(names),  # the heading's: never 本县
        named=words.county_name(chosen, names),  # what the downloads are named after
        county_max=words.COUNTY_MAX,
        rows=rows,
        notice=_notice(request),
        local=local,
    )


async def set_county(request: Request) -> Response:
    """设置县名: the county's name, for the downloads' file names; a blank one clears it."""
    form = await office_form(request)
    if form is None:
        return _to("/login")
    name = text_field(form, "county").strip()
    fault = words.county_fault(name)
    if fault:
        raise Refused(400, f"{fault}。")
    site(request).store.set_county(name)
    return _to(f"/office?done={'county' if name else 'nocounty'}")


def _refuse_long(names: list[str]) -> None:
    if len(names) > work.MAX_NAMES:
        raise Refused(
            400, f"一次最多添加{work.MAX_NAMES}个单位，这次有{len(names)}行；请核对是否粘贴错了内容。"
        )
    for number, name in enumerate(map(unit_name, names), start=1):
        if len(name) > MAX_NAME:
            raise Refused(
                400,
                f"第{number}行有{len(name)}个字，超过{MAX_NAME}个字，不像单位全称；请每行只写一个单位的全称。",
            )


def _added(request: Request, names: list[str]) -> Response:
    given = len({name for name in map(unit_name, names) if name})
    added = site(request).store.add_units(names)
    return _to(f"/office?added={len(added)}&given={given}")


async def add_units(request: Request) -> Response:
    form = await office_form(request)
    if form is None:
        return _to("/login")
    names = [work.plain(line) for line in text_field(form, "names").splitlines()]
    _refuse_long(names)
    return _added(request, names)


async def add_list(request: Request) -> Response:
    form = await office_form(request)
    if form is None:
        return _to("/login")
    name, data = await sent_file(form, "list")
    if kind_of(data) != ".xlsx":
        raise Refused(400, f"“{name}”不是Excel工作簿（.xlsx），请上传第一列是各单位全称的Excel名单。")
    here = site(request)
    stored = here.store.save_file(data, ".xlsx", prefix="l")
    names, sentence = await here.jobs.run(work.unit_names, here.store.path(stored), name)
    if sentence:
        raise Refused(400, sentence)
    return _added(request, names)


async def _unit_action(request: Request) -> tuple[Site, Unit] | None:
    if await office_form(request) is None:
        return None
    here = site(request)
    unit = here.store.unit(int(request.path_params["unit_id"]))
    if unit is None:
        raise Refused(404, "没有这个单位，请刷新页面后再试。")
    return here, unit


async def _on_unit(request: Request, act: Callable[[Site, Unit], str]) -> Response:
    """An office button on one unit's row: done, then back to the office page saying what (`act` returns it)."""
    found = await _unit_action(request)
    if found is None:
        return _to("/login")
    return _to(f"/office?done={act(*found)}")


def _reissue(here: Site, unit: Unit) -> str:
    here.store.reissue(unit.id)
    return "reissued"


def _revoke(here: Site, unit: Unit) -> str:
    here.store.revoke(unit.id)
    return "revoked"


def _remove(here: Site, unit: Unit) -> str:
    if not here.store.remove(unit.id):
        raise Refused(
            409,
            f"“{unit.name}”已经上传过文件，不能删除（单位上传的文件都要保留）；不再使用时请停用它的链接。",
        )
    return "removed"


async def reissue(request: Request) -> Response:
    return await _on_unit(request, _reissue)


async def revoke(request: Request) -> Response:
    return await _on_unit(request, _revoke)


async def remove(request: Request) -> Response:
    return await _on_unit(request, _remove)


async def new_year(request: Request) -> Response:
    form = await office_form(request)
    if form is None:
        return _to("/login")
    here = site(request)
    year = here.store.year()
    if text_field(form, "year") != str(year):  # sent twice, or from a page of a year already closed
        return _to("/office")
    carried = await downloads.carry_all(here, year)
    here.store.set_year(year + 1)
    blank = len(here.store.units()) - carried
    return _to(f"/office?year={year + 1}&carried={carried}&blank={blank}")


def _logged_in(endpoint: downloads.Download) -> downloads.Download:
    async def guarded(request: Request) -> Response:
        if session_csrf(request) is None:
            return _to("/login")
        return await endpoint(request)

    return guarded


ROUTES = [
    Route("/", home),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/office", office),
    Route("/office/county", set_county, methods=["POST"]),
    Route("/office/units", add_units, methods=["POST"]),
    Route("/office/units/list", add_list, methods=["POST"]),
    Route("/office/units/{unit_id:int}/reissue", reissue, methods=["POST"]),
    Route("/office/units/{unit_id:int}/revoke", revoke, methods=["POST"]),
    Route("/office/units/{unit_id:int}/remove", remove, methods=["POST"]),
    Route("/office/year", new_year, methods=["POST"]),
    *(Route(f"/office/{name}", _logged_in(endpoint)) for name, endpoint in downloads.OFFICE.items()),
]
