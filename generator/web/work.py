"""What the web pages hand to worker processes: check an upload, build its report, carry a workbook forward.

Each function takes and returns plain picklable values and never raises: gigen's own error becomes its Chinese
sentence, anything else the sentence that asks for the file to be sent to gigen's maintainers (the traceback goes
to the server's log). A file is read from a copy named as the clerk's file was, in a private temporary folder, so
every sentence names the file the clerk sent, never the server's stored name; nothing is written into the data
folder here: results come back as bytes.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .. import pdf, pipeline
from ..archive import UNPRINTABLE, escaped
from ..batch import _reason
from ..errors import Finding, GigenError, Severity, count_errors
from ..files import file_name, write_atomic
from ..importing import read_any
from ..model import ReportData
from ..published import is_published
from ..xlsx import blank_workbook
from ..xlsx.names import first_column
from .work_county import County, county_files, reports_zip, sent_for

__all__ = [
    "Carried",
    "Checked",
    "County",
    "blank",
    "carry",
    "carry_forward",
    "check_upload",
    "county_files",
    "has_pdf",
    "reports_zip",
    "to_pdf",
    "unit_names",
]

log = logging.getLogger("gigen.web")


MAX_NAMES = 2000  # units in one uploaded list
MAX_NAME = 100  # characters of one unit's name
# What the first row of a list says when it is a header, not a unit.
HEADERS = frozenset(
    {"机关", "单位", "名称", "机关名称", "单位名称", "机关全称", "单位全称", "机关（单位）名称"}
)


@dataclass(frozen=True)
class Checked:
    """One uploaded workbook checked, and its report (a draft, marked, while errors remain)."""

    ok: bool  # False: the file could not be read at all (note says why)
    org: str = ""
    year: int = 0
    errors: int = 0
    warnings: int = 0
    findings: tuple[dict[str, str], ...] = ()  # errors first, then warnings, each in workbook order
    report: bytes | None = None  # the .docx; None when it could not be made
    report_name: str = ""  # its proper file name, for Content-Disposition
    draft: bool = False
    note: str = ""  # one Chinese sentence when not ok, or when the report could not be made


@dataclass(frozen=True)
class Carried:
    """Next year's workbook made from last year's workbook or published report, and what could not be read of it."""

    workbook: bytes | None  # None: none could be made (note says why)
    note: str = ""
    findings: tuple[dict[str, str], ...] = ()  # of a published report: what could not be read or placed
    errors: int = 0
    warnings: int = 0


def findings_of(findings: Sequence[Finding]) -> tuple[dict[str, str], ...]:
    """Findings as plain dicts, errors first and then warnings, each kind in the order given (workbook order)."""
    ordered = sorted(findings, key=lambda f: f.severity is not Severity.ERROR)
    return tuple(
        {"severity": f.severity.value, "where": f.where, "message": f.message, "rule": f.rule}
        for f in ordered
    )


def check_upload(path: Path, shown_name: str, year: int = 0, unit: str = "") -> Checked:
    """Check the uploaded workbook at `path` and build its report; sentences name `shown_name`, the clerk's file.

    With the report year the office collects and the unit whose link sent it: a workbook of another year is an
    error (its report would pass for this year's), one made out to another 机关 a warning.
    """
    shown, copy_name = names(shown_name, path.suffix)
    try:
        with under_name(path, copy_name) as copy:
            checked = pipeline.check_workbook(copy)
    except Exception as e:
        return Checked(False, note=sentence(e, shown, copy_name))
    checked = replace(checked, findings=(*sent_for(checked.data, year, unit), *checked.findings))
    data = checked.data
    result = Checked(
        True,
        data.text("org_name"),
        data.count("year"),
        checked.errors,
        checked.warnings,
        findings_of(checked.findings),
        draft=checked.errors > 0,
    )
    try:
        report = pipeline.render_report(checked)
        name = pipeline.report_name(result.org, result.year, draft=result.draft)
    except Exception as e:  # a report this workbook's data cannot fill: the findings still stand
        return replace(result, note=sentence(e, shown, copy_name))
    return replace(result, report=report, report_name=name)


def blank(org: str, year: int) -> bytes:
    """The blank standardized workbook for a unit and year."""
    return blank_workbook(plain(org), year or None)


def carry_forward(path: Path, shown_name: str, org: str, year: int) -> tuple[bytes | None, str]:
    """Next year's workbook from last year's gigen workbook or published report: (bytes, "") or (None, why)."""
    carried = carry(path, shown_name, org, year)
    return carried.workbook, carried.note


def carry(path: Path, shown_name: str, org: str, year: int) -> Carried:
    """carry_forward, with what could not be read of a published report (shown to the unit with the workbook).

    As `gigen new --previous`: 上年结转 from 结转下年度, the 上年 现行有效 cells, the signature and titles, every
    paragraph copied and marked 需更新. A report read back with errors (a number not found) carries nothing: a
    wrong 上年 figure would pass into this year's report unseen.
    """
    shown, copy_name = names(shown_name, path.suffix)
    try:
        with under_name(path, copy_name) as copy:
            data, problems = read_any(copy)
            what = "报告" if is_published(copy) else "工作簿"
        return _carried(data, problems, plain(org), year, f"{shown}：这份{what}")
    except Exception as e:
        return Carried(None, sentence(e, shown, copy_name))


def _carried(data: ReportData, problems: Sequence[Finding], org: str, year: int, this: str) -> Carried:
    errors = count_errors(problems)

    def carried(workbook: bytes | None, note: str = "") -> Carried:
        return Carried(workbook, note, findings_of(problems), errors, len(problems) - errors)

    if errors:
        first = next(f for f in problems if f.severity is Severity.ERROR)
        return carried(
            None,
            f"{this}有{errors}处未能读取（首先是{first.where}：{first.message.rstrip('。')}），不能据此结转；"
            "请上传上年的gigen工作簿，或下载空白工作簿填写。",
        )
    last = data.count("year")
    if year and last and last != year - 1:
        return carried(
            None, f"{this}是{last}年度的，本年度为{year}年度，请上传{year - 1}年度的报告或工作簿。"
        )
    values, copied = pipeline.carried_forward(data)
    return carried(
        blank_workbook(org or data.text("org_name"), year or None, values, copied=copied, copied_year=last)
    )


def has_pdf() -> bool:
    """Whether LibreOffice is installed, so that a report can be had as PDF."""
    return pdf.soffice() is not None


def to_pdf(docx: Path, shown_name: str = "报告.docx") -> tuple[bytes | None, str]:
    """The report as PDF through LibreOffice: (bytes, "") or (None, one sentence: no LibreOffice, failed…)."""
    shown, copy_name = names(shown_name, ".docx")
    try:
        with under_name(docx, copy_name) as copy:
            (made,) = pdf.to_pdf([copy]).pdfs
            return made.read_bytes(), ""
    except Exception as e:
        return None, sentence(e, shown, copy_name)


def unit_names(xlsx: Path, shown_name: str = "") -> tuple[list[str], str]:
    """The units of an uploaded list: column A of its first sheet, a header row (机关/单位/名称) skipped, each name
    once; (names, "") or ([], one sentence)."""
    shown, copy_name = names(shown_name or xlsx.name, ".xlsx")
    try:
        with under_name(xlsx, copy_name) as copy:
            cells = first_column(copy, MAX_NAMES + 1)  # one more: the header row
    except Exception as e:
        return [], sentence(e, shown, copy_name)
    if cells and cells[0][0] == 1 and re.sub(r"\s", "", cells[0][1]) in HEADERS:
        cells = cells[1:]
    if not cells:
        return [], f"{shown}：第一个工作表的A列没有单位名称；请把各单位的全称逐行填在A列后重新上传。"
    if len(cells) > MAX_NAMES:
        return [], f"{shown}：名单超过{MAX_NAMES}个单位，不像本县的单位名单，请核对是否选错了文件。"
    for row, text in cells:
        if len(text) > MAX_NAME:
            return [], f"{shown}：A{row}的名称有{len(text)}个字，超过{MAX_NAME}个字，不像机关全称，请核对。"
    return list(dict.fromkeys(plain(text) for _, text in cells)), ""


def plain(text: str) -> str:
    """A name as a cell and a file name can hold it: control characters (a terminal's escapes) removed."""
    return UNPRINTABLE.sub("", text).strip()


def names(shown_name: str, suffix: str) -> tuple[str, str]:
    """The name to say (the file the clerk sent, without the folder an old browser sends) and the name of the copy
    to read: the same, made safe for a file system, ending in the suffix its content was found to have."""
    shown = escaped(re.split(r"[\\/]", shown_name)[-1].strip())
    stem = shown[: -len(suffix)] if suffix and shown.lower().endswith(suffix.lower()) else shown
    end = shown[len(stem) :] or suffix
    copy_name = file_name(stem, lambda s: s, end)
    if copy_name == end:  # nothing of the name is left
        copy_name = "上传的文件" + end
    return shown or copy_name, copy_name


@contextmanager
def under_name(path: Path, copy_name: str) -> Iterator[Path]:
    """A copy of the stored file, named `copy_name`, in a temporary folder of its own (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="gigen-web-") as folder:
        yield write_atomic(Path(folder) / copy_name, path.read_bytes())


def sentence(e: Exception, shown: str, copy_name: str) -> str:
    """What went wrong, in one Chinese sentence naming the clerk's file; a bug's traceback goes to the log."""
    if not isinstance(e, GigenError):
        log.error("gigen web: %s (%s)", type(e).__name__, shown, exc_info=e)
    return _reason(Path(copy_name), e).replace(copy_name, shown)
