"""A unit's page, through its private link: its workbook, its uploads and findings, its report, its history."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..pipeline import report_name
from . import words, work
from .folder import StorageError
from .pages import page
from .records import Unit, Upload
from .replies import BAD_LINK, Refused, check_csrf, download, download_file, read_form, sent_file, text_field
from .security import unit_csrf
from .site import Site, site
from .sniff import LABELS, kind_of

# What last year's report may be (what gigen imports), by its content; a Word 97-2003 file may be a .wps too.
PUBLISHED = {".xlsx", ".docx", ".doc", ".pdf", ".html", ".txt"}
LOG = logging.getLogger("gigen.web")
NO_REPORT = "还没有生成报告：请先上传填好的工作簿，检查完成后再下载。"
NOT_SEEN = "这期间又上传了新的工作簿，请刷新页面，看过新工作簿的检查结果后再定稿。"
NOT_FINAL = "报告还有错误或还没有生成，不能定稿；请修改工作簿后重新上传。"


def _unit(request: Request) -> tuple[Site, Unit]:
    """The unit whose link this is; a wrong, old or stopped link is the 404 page."""
    here = site(request)
    unit = here.store.unit_by_token(str(request.path_params["token"]))
    if unit is None:
        raise Refused(404, BAD_LINK)
    return here, unit


def _back(unit: Unit) -> RedirectResponse:
    return RedirectResponse(f"/u/{unit.token}", status_code=303)


def _history(uploads: list[Upload]) -> list[dict[str, object]]:
    return [
        {
            "id": u.id,
            "year": u.year,
            "at": words.when(u.at),
            "filename": u.filename,
            "result": words.result(u),
        }
        for u in uploads
    ]


async def unit_page(request: Request) -> Response:
    here, unit = _unit(request)
    store = here.store
    year = store.year()
    current = store.current(unit.id, year)
    history = store.uploads(unit.id)
    previous = next((u for u in history if u.what == "published" and u.year == year), None)
    busy = any(u.state == "checking" for u in (current, previous) if u is not None)
    findings = sorted(current.findings, key=lambda f: f.get("severity") != "错误") if current else []
    return page(
        "unit.html",
        unit=unit,
        year=year,
        base=f"/u/{unit.token}",
        csrf=unit_csrf(store.secret(), unit.token),
        carried=store.carried(unit.id, year) is not None,
        current=current,
        current_at=words.when(current.at) if current else "",
        summary=words.summary(current) if current else "",
        findings=findings,
        draft=bool(current and (current.draft or current.errors)),
        pdf=here.pdf,
        previous=previous,
        previous_result=words.result(previous) if previous else "",
        previous_findings=previous.findings if previous else (),
        history=_history(history),
        refresh=busy,
    )


async def workbook(request: Request) -> Response:
    here, unit = _unit(request)
    year = here.store.year()
    name = f"{unit.name}{year}年度工作簿.xlsx"
    carried = here.store.carried(unit.id, year)
    if carried:
        return download_file(here.store.path(carried), name)
    return download(await here.jobs.run(work.blank, unit.name, year), name)


async def _posted(request: Request, field: str) -> tuple[Site, Unit, str, bytes]:
    """A unit's POST: the unit (404), its csrf (403), the file sent in `field` (400, 413)."""
    here, unit = _unit(request)
    form = await read_form(request)
    check_csrf(form, unit_csrf(here.store.secret(), unit.token))
    name, data = await sent_file(form, field)
    _unit(request)  # still its link: not stopped or deleted while the file was arriving
    return here, unit, name, data


def _not_workbook(name: str, kind: str | None) -> str:
    """Why the file sent is no workbook, naming what it is when that is known (a report sent by mistake)."""
    if kind == ".doc" and name.lower().endswith((".xls", ".et")):
        return f"“{name}”是旧版Excel文件，请在Excel或WPS中另存为“Excel工作簿（.xlsx）”后再上传。"
    if kind is None or kind not in LABELS:
        return f"“{name}”不是Excel工作簿（.xlsx），请上传用gigen下发的工作簿。"
    report = "（上年发布的报告请用第一步的“上传上年报告”）" if kind != ".txt" else ""
    return f"“{name}”是{LABELS[kind]}，不是Excel工作簿（.xlsx），请上传用gigen下发、填好的工作簿{report}。"


async def upload(request: Request) -> Response:
    here, unit, name, data = await _posted(request, "workbook")
    kind = kind_of(data)
    if kind != ".xlsx":
        raise Refused(400, _not_workbook(name, kind))
    sent = here.store.add_upload(unit.id, here.store.year(), "workbook", name, data, ".xlsx")
    here.jobs.later(sent, unit.name)
    return _back(unit)


async def previous(request: Request) -> Response:
    here, unit, name, data = await _posted(request, "report")
    kind = kind_of(data)
    if kind not in PUBLISHED:
        raise Refused(
            400,
            f"“{name}”不是gigen能读取的年度报告，请上传上年发布的报告（Word、PDF、网页或文本文件）或上年的工作簿。",
        )
    suffix = ".wps" if kind == ".doc" and name.lower().endswith(".wps") else str(kind)
    sent = here.store.add_upload(unit.id, here.store.year(), "published", name, data, suffix)
    here.jobs.later(sent, unit.name)
    return _back(unit)


async def final(request: Request) -> Response:
    here, unit = _unit(request)
    form = await read_form(request)
    check_csrf(form, unit_csrf(here.store.secret(), unit.token))
    current = here.store.current(unit.id, here.store.year())
    if current is None or current.state != "checked" or current.errors or not current.report:
        raise Refused(409, NOT_FINAL)
    if text_field(form, "upload") != str(current.id):  # a newer workbook came in after the page was shown
        raise Refused(409, NOT_SEEN)
    here.store.mark_final(current.id)
    return _back(unit)


def _report(request: Request) -> tuple[Site, Upload, str]:
    """The unit's current report and its proper file name (a draft's says so)."""
    here, unit = _unit(request)
    current = here.store.current(unit.id, here.store.year())
    if current is None or not current.report:
        raise Refused(404, NO_REPORT)
    name = report_name(current.org or unit.name, current.year, draft=current.draft or current.errors > 0)
    return here, current, name


async def report_docx(request: Request) -> Response:
    here, current, name = _report(request)
    return download_file(here.store.path(current.report), name)


async def report_pdf(request: Request) -> Response:
    here, current, name = _report(request)
    pdf_name = name.removesuffix(".docx") + ".pdf"
    if current.pdf:
        return download_file(here.store.path(current.pdf), pdf_name)
    if not here.pdf:
        raise Refused(404, "本机没有安装LibreOffice，不能生成PDF；请下载Word版的报告。")
    made, sentence = await here.jobs.run(work.to_pdf, here.store.path(current.report), name)
    if made is None:
        raise Refused(500, sentence)
    try:
        here.store.set_pdf(current.id, here.store.save_file(made, ".pdf", prefix="pdf"))
    except StorageError as e:  # a full disk: the clerk still gets the PDF, made again next time
        LOG.error("%s", e)
    return download(made, pdf_name)


async def sent_back(request: Request) -> Response:
    """A file the unit sent, as it sent it (another unit's upload is the 404 page)."""
    here, unit = _unit(request)
    sent = here.store.upload(int(request.path_params["upload_id"]))
    if sent is None or sent.unit_id != unit.id:
        raise Refused(404, BAD_LINK)
    return download_file(here.store.path(sent.stored), sent.filename)


ROUTES = [
    Route("/u/{token}", unit_page),
    Route("/u/{token}/workbook.xlsx", workbook),
    Route("/u/{token}/upload", upload, methods=["POST"]),
    Route("/u/{token}/previous", previous, methods=["POST"]),
    Route("/u/{token}/final", final, methods=["POST"]),
    Route("/u/{token}/report.docx", report_docx),
    Route("/u/{token}/report.pdf", report_pdf),
    Route("/u/{token}/uploads/{upload_id:int}", sent_back),
]
