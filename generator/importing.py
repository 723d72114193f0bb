"""The steps that read a published report back: import (→ the standardized workbook), check (→ every rule, each
finding placed in the document as well as in the workbook) and last year's data for `new --previous`.

The workbook holds exactly what the report printed: a published total is a typed value over its formula, so
`check` verifies it; a "—" stays text, so `check` names it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from . import kinds, schema
from .errors import Finding, GigenError, OutputExistsError, count_errors
from .files import file_name, refuse_existing, write_atomic
from .model import ReportData, shown
from .outcome import Outcome, Status
from .published import is_published, read_report
from .published.document import DocumentError, Imported
from .xlsx import blank_workbook, read_workbook
from .xlsx.interpret import interpret

_CELLS = {f"{f.sheet}!{f.cell}": f.key for f in schema.FIELDS}
_LOCATIONS = {f.key: f"{f.sheet}!{f.cell}" for f in schema.FIELDS}
RECORD_HEADERS = ("工作表", "单元格", "项目", "导入的内容", "在原报告中的位置")


@dataclass(frozen=True)
class ImportedWorkbook:
    """What an import wrote: the workbook, and what could not be placed (the workbook still holds the rest)."""

    source: Path
    workbook: Path
    imported: Imported

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.imported.findings

    @property
    def errors(self) -> int:
        return count_errors(self.imported.findings)


def cell_values(imported: Imported) -> dict[str, object]:
    """The values as the workbook's cells hold them: money as a number when Excel keeps its digits, else as text."""
    values: dict[str, object] = {}
    for key, value in imported.values.items():
        if isinstance(value, Decimal):
            text = format(value, "f")
            value = int(text) if text.isdigit() else float(text) if repr(float(text)) == text else text
        values[key] = value
    return values


# What any document may seem to hold: text before the first heading reads as a preface, a closing name and date.
_NOT_A_REPORT = frozenset({"preface", "signature", "date"})


def read_published(report: Path) -> Imported:
    """A published report read back; a document with neither a report's title nor its tables is refused."""
    imported = read_report(report)
    if not set(imported.origins) - _NOT_A_REPORT:
        raise DocumentError(
            f"{report.name}：没有找到政府信息公开工作年度报告的标题、章节或统计表，不是年度报告，未导入。"
        )
    return imported


def published_data(imported: Imported) -> ReportData:
    """The report's data exactly as reading its imported workbook gives it (the same typed values and findings)."""
    values = cell_values(imported)
    return interpret(imported.source, {f.key: values.get(f.key) for f in schema.FIELDS}, _LOCATIONS)


def record(imported: Imported) -> tuple[tuple[str, ...], list[list[object]]]:
    """The 导入记录 sheet: every filled cell and where in the report it stood, then what could not be placed."""
    rows: list[list[object]] = []
    values = cell_values(imported)
    for f in schema.FIELDS:
        if f.key in imported.origins:
            value = values.get(f.key)
            rows.append(
                [
                    f.sheet,
                    f.cell,
                    f.label,
                    "（空白）" if value is None else str(value),
                    imported.origins[f.key],
                ]
            )
    for finding in imported.findings:
        rows.append(
            [
                finding.sheet or "",
                finding.cell or "",
                f"未能导入（{finding.severity.value}）",
                finding.message,
                finding.place,
            ]
        )
    return RECORD_HEADERS, rows


def workbook_name(imported: Imported, report: Path) -> str:
    """机关全称+年度.xlsx as `gigen new` suggests, or the report's own name when its title could not be read."""
    org, year = imported.values.get("org_name"), imported.values.get("year")
    if isinstance(org, str) and org and isinstance(year, int):
        return file_name(org, lambda name: f"{name}{year}", ".xlsx")
    return report.stem + ".xlsx"


def import_report(report: Path, output_dir: Path, *, force: bool = False) -> ImportedWorkbook:
    """Read a published report and write its standardized workbook (with 导入记录) into output_dir."""
    imported = read_published(report)
    target = output_dir / workbook_name(imported, report)
    data = imported_workbook(imported)
    return ImportedWorkbook(report, write_atomic(target, data, force=force), imported)


def import_outcome(report: Path, output_dir: Path, *, force: bool) -> tuple[Outcome, bytes | None]:
    """One published report of a batch, in a worker: its outcome and its workbook's bytes (the parent writes)."""
    try:
        imported = read_published(report)
    except GigenError as e:
        return Outcome(report, Status.UNREADABLE, note=str(e)), None
    data = published_data(imported)
    target = output_dir / workbook_name(imported, report)
    outcome = Outcome(
        report,
        Status.PARTIAL if count_errors(imported.findings) else Status.IMPORTED,
        data.text("org_name"),
        data.count("year"),
        imported.findings,
        report=target,
        kind=kinds.of(data.values).value,
    )
    try:
        refuse_existing(target, force=force)
    except OutputExistsError as e:
        return replace(outcome, status=Status.EXISTS, note=str(e)), None
    return outcome, imported_workbook(imported)


def imported_workbook(imported: Imported) -> bytes:
    """The standardized workbook, as `gigen new` writes it, filled with what the report says."""
    values = cell_values(imported)
    org = values.pop("org_name", "")
    year = values.pop("year", None)
    return blank_workbook(
        org if isinstance(org, str) else shown(org),
        year if isinstance(year, int) else None,
        values,
        record=record(imported),
    )


def placed(findings: Iterable[Finding], origins: Mapping[str, str]) -> list[Finding]:
    """Each finding about a workbook cell also named by its place in the published report."""
    result = []
    for finding in findings:
        key = _CELLS.get(f"{finding.sheet}!{finding.cell}")
        if key is not None and key in origins and not finding.place:
            finding = replace(finding, place=origins[key])
        result.append(finding)
    return result


def read_any(path: Path) -> tuple[ReportData, tuple[Finding, ...]]:
    """A workbook, or a published report read back (with what could not be placed); for check and --previous."""
    if not is_published(path):
        return read_workbook(path), ()
    imported = read_published(path)
    data = published_data(imported)
    return replace(data, findings=tuple(placed(data.findings, imported.origins))), imported.findings


def last_year(path: Path) -> ReportData:
    """Last year's data for `new --previous` and `check --previous`: a workbook, or a report read back whole."""
    data, problems = read_any(path)
    errors = [f for f in problems if count_errors([f])]
    if errors:
        raise GigenError(
            f"{path.name}：上年报告未能完整读取，不能据此结转（{len(errors)}处，首先是{errors[0].where}："
            f"{errors[0].message.rstrip('。')}）；请先用 gigen import 导入并改正工作簿，再用 --previous 给出那个工作簿。"
        )
    return data
