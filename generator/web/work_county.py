"""The office's downloads, made in a worker process: the summary workbook, the roll-up, all reports in one zip.

Each unit's current workbook is read from a copy named after the unit, so the summary and the roll-up list units by
name, never by the server's stored file names.
"""

from __future__ import annotations

import io
import logging
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from .. import schema
from ..batch import _reason, annotate, run
from ..errors import Finding, GigenError, Severity, count_errors
from ..files import file_name, write_atomic
from ..model import ReportData
from ..outcome import Outcome, Status
from ..rollup import roll_up, write_rollup
from ..summary import write_summary

log = logging.getLogger("gigen.web")


@dataclass(frozen=True)
class County:
    """The county's files as bytes; all three empty when they could not be made (note says why)."""

    summary_xlsx: bytes
    rollup_xlsx: bytes
    rollup_docx: bytes
    note: str  # one Chinese sentence: why nothing was made, or what to look at in what was


def county_files(workbooks: Sequence[tuple[str, Path]], county: str, year: int) -> County:
    """The summary workbook (one row per unit, one per finding) and the roll-up (.xlsx and the summed tables as
    .docx) of the units' current workbooks: (unit name, path), a unit without a workbook simply left out."""
    try:
        with tempfile.TemporaryDirectory(prefix="gigen-web-county-") as tmp:
            folder = Path(tmp)
            copies = _copies(workbooks, folder / "工作簿")
            # Already in a worker process: no pool of its own.
            checked = run(copies, jobs=1, keep_data=True)
            outcomes = annotate(
                [_sent_for(o, unit, year) for o, (unit, _) in zip(checked, workbooks, strict=True)]
            )
            summary = write_summary(outcomes, [], folder)
            rolled = roll_up(outcomes, county)
            made = write_rollup(rolled, folder / "汇总.xlsx", docx=True)
            note = ""
            if rolled.year and year and rolled.year != year:
                note = f"汇总的是{rolled.year}年度（多数工作簿的年度），不是本年度{year}年，请核对各单位上传的工作簿。"
            return County(summary.read_bytes(), made[0].read_bytes(), made[1].read_bytes(), note)
    except Exception as e:
        if not isinstance(e, GigenError):
            log.error("gigen web: county files (%s)", type(e).__name__, exc_info=e)
        return County(b"", b"", b"", _reason(Path("汇总表"), e))


def sent_for(data: ReportData, year: int, unit: str) -> tuple[Finding, ...]:
    """What the workbook says against where it was sent: the report year (错误) and the unit's name (警告)."""
    found = []
    year_cell, org_cell = (schema.FIELD_BY_KEY[key] for key in ("year", "org_name"))
    sent_year = data.count("year")
    if year and sent_year and sent_year != year:
        found.append(
            Finding(
                "WEB-YEAR",
                Severity.ERROR,
                year_cell.sheet,
                year_cell.cell,
                f"这份工作簿是{sent_year}年度的，本次报送的是{year}年度；请下载本年度工作簿填写，"
                f"或确认是本年度的情况后把这一格改为{year}，再重新上传。",
            )
        )
    org = _bare(data.text("org_name"))
    if unit and org and _bare(unit) not in org and org not in _bare(unit):
        found.append(
            Finding(
                "WEB-ORG",
                Severity.WARNING,
                org_cell.sheet,
                org_cell.cell,
                f"这份工作簿的机关全称是“{data.text('org_name')}”，而这个链接是“{unit}”的；"
                "如果选错了文件，请换成本单位的工作簿重新上传，是全称写错了就改正这一格。",
            )
        )
    return tuple(found)


def _bare(name: str) -> str:
    """A name without any space (a pasted name often holds one): 叶城县 白杨镇 is 叶城县白杨镇."""
    return re.sub(r"\s", "", name)


def _sent_for(outcome: Outcome, unit: str, year: int) -> Outcome:
    """The outcome with the findings of the unit's page that a plain check does not make (sent_for): the summary
    says what the office's table says."""
    found = sent_for(outcome.data, year, unit) if outcome.data is not None else ()
    if not found:
        return outcome
    status = Status.ERRORS if count_errors(found) and outcome.status is Status.PASSED else outcome.status
    return replace(outcome, status=status, findings=(*found, *outcome.findings))


def _copies(workbooks: Sequence[tuple[str, Path]], folder: Path) -> list[Path]:
    """Each workbook copied under its unit's name (made safe; a second unit of the same name numbered)."""
    used: set[str] = set()
    copies = []
    for i, (unit, path) in enumerate(workbooks, start=1):
        name = _unique(file_name(unit, lambda s: s, ".xlsx"), used, f"单位{i}.xlsx")
        copies.append(write_atomic(folder / name, path.read_bytes()))
    return copies


def _unique(name: str, used: set[str], fallback: str) -> str:
    """The name, or the fallback when nothing of it is left, numbered （2）, （3）… when taken already."""
    suffix = PurePosixPath(name).suffix
    stem = name[: len(name) - len(suffix)]
    if not stem:
        name, suffix = fallback, PurePosixPath(fallback).suffix
        stem = name[: len(name) - len(suffix)]
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}（{n}）{suffix}"
    used.add(candidate.lower())
    return candidate


def reports_zip(reports: Sequence[tuple[str, Path]]) -> bytes:
    """One zip of the reports: (its file name in the zip, the stored file). Names are made plain file names (no
    folders), a repeated one numbered, so unpacking it never writes outside the folder chosen. A stored file that
    cannot be read is the server's fault, not the office's: its OSError is raised (the page says so)."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, path) in enumerate(reports, start=1):
            base = re.split(r"[\\/]", name)[-1]
            suffix = PurePosixPath(base).suffix
            safe = file_name(base[: len(base) - len(suffix)], lambda s: s, suffix)
            archive.writestr(_unique(safe, used, f"报告{i}.docx"), path.read_bytes())
    return buffer.getvalue()
