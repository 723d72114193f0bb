"""The office's downloads (every report in one zip, the summary, the roll-up) and the new year's workbooks."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from ..pipeline import report_name
from . import words, work
from .records import Unit, Upload
from .replies import Refused, download
from .site import Site, site

Download = Callable[[Request], Awaitable[Response]]
NO_REPORTS = "还没有可下载的报告：各单位上传工作簿、生成报告后才能下载。"
NO_WORKBOOKS = "还没有单位上传工作簿，暂时无法汇总。"


def _sent(here: Site, year: int) -> list[tuple[Unit, Upload]]:
    """Each unit with a current workbook of the year, checked (or found unreadable) already."""
    found = []
    for unit in here.store.units():
        current = here.store.current(unit.id, year)
        if current is not None and current.state != "checking":
            found.append((unit, current))
    return found


def _county(here: Site) -> str:
    """The county's name in the downloads' file names and the roll-up's 单位."""
    return words.county_name(here.store.county(), [unit.name for unit in here.store.units()])


async def reports_zip(request: Request) -> Response:
    here = site(request)
    year = here.store.year()
    reports = [
        (report_name(upload.org or unit.name, year, draft=upload.draft), here.store.path(upload.report))
        for unit, upload in _sent(here, year)
        if upload.report
    ]
    if not reports:
        raise Refused(409, NO_REPORTS)
    data = await here.jobs.run(work.reports_zip, reports)
    return download(data, f"{_county(here)}{year}年度政府信息公开工作年度报告.zip")


async def _county_files(request: Request) -> tuple[work.County, str]:
    """The summary and roll-up of the units' current workbooks, and the county's name for the file names."""
    here = site(request)
    year = here.store.year()
    workbooks = [(unit.name, here.store.path(upload.stored)) for unit, upload in _sent(here, year)]
    if not workbooks:
        raise Refused(409, NO_WORKBOOKS)
    county = _county(here)
    made = await here.jobs.run(work.county_files, workbooks, f"{county}各行政机关", year)
    if not made.summary_xlsx:
        raise Refused(500, made.note)
    return made, f"{county}{year}年"


async def summary(request: Request) -> Response:
    made, prefix = await _county_files(request)
    return download(made.summary_xlsx, f"{prefix}检查汇总.xlsx")


async def rollup_xlsx(request: Request) -> Response:
    made, prefix = await _county_files(request)
    return download(made.rollup_xlsx, f"{prefix}机关汇总.xlsx")


async def rollup_docx(request: Request) -> Response:
    made, prefix = await _county_files(request)
    return download(made.rollup_docx, f"{prefix}政府信息公开工作年度报告表格汇总.docx")


OFFICE: dict[str, Download] = {
    "reports.zip": reports_zip,
    "summary.xlsx": summary,
    "rollup.xlsx": rollup_xlsx,
    "rollup.docx": rollup_docx,
}


async def carry_all(here: Site, year: int) -> int:
    """Next year's workbook of each unit, carried forward from this year's; how many units got one."""
    done = await asyncio.gather(*(_carry(here, unit, year) for unit in here.store.units()))
    return sum(done)


async def _carry(here: Site, unit: Unit, year: int) -> bool:
    """The unit's newest workbook that could be read (else the one made from the published report it sent)
    carried into year + 1; False: none."""
    sent = here.store.uploads(unit.id, year)
    read = next((u for u in sent if u.what == "workbook" and u.state == "checked"), None)
    if read is not None:
        path, shown = here.store.path(read.stored), read.filename
    else:
        carried = here.store.carried(unit.id, year)  # this year's, made from last year's report
        if carried is None or not any(u.what == "published" and u.result == carried for u in sent):
            return False
        path, shown = here.store.path(carried), f"{unit.name}{year}年度工作簿.xlsx"
    made, _why = await here.jobs.run(work.carry_forward, path, shown, unit.name, year + 1)
    if made is None:
        return False
    here.store.set_carried(unit.id, year + 1, here.store.save_file(made, ".xlsx", prefix="c"))
    return True
