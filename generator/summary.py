"""The summary workbook of a batch: one row per 机关 (with its kind) and one per finding, to sort and filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from .errors import GigenError, OutputExistsError, Severity
from .files import write_atomic
from .folders import Skipped
from .outcome import WRITTEN, Outcome, Status
from .xlsx import list_workbook

SUMMARY_NAME = "检查汇总_{stamp}.xlsx"
IMPORT_SUMMARY_NAME = "导入汇总_{stamp}.xlsx"  # a batch of published reports read back


def summary_rows(
    outcomes: Sequence[Outcome], skipped: Sequence[Skipped]
) -> dict[str, tuple[list[str], list[list[object]]]]:
    """The summary workbook's two sheets: one row per 机关 with its kind, one row per finding."""
    towns: list[list[object]] = []
    problems: list[list[object]] = []
    for i, o in enumerate(outcomes, start=1):
        advice = o.note or ("请按“问题”表逐条修改工作簿后重新提交。" if o.errors else "")
        towns.append(
            [
                i,
                o.source.name,
                o.org,
                o.kind,
                o.year or "",
                o.status.value,
                o.errors,
                o.warnings,
                str(o.report) if o.report and o.status in WRITTEN else "",
                advice,
            ]
        )
        if o.status is Status.UNREADABLE:
            problems.append([o.source.name, o.org, Severity.ERROR.value, "FILE", "", "", o.note])
        for f in o.findings:
            problems.append(
                [o.source.name, o.org, f.severity.value, f.rule, f.sheet, f.cell, f.message, f.place]
            )
    for s in skipped:
        towns.append(["", s.path.name, "", "", "", "跳过", "", "", "", s.reason])
    return {
        "机关": (["序号", "工作簿", "机关", "类别", "年度", "结果", "错误", "警告", "报告", "说明"], towns),
        # a published report's findings also name their place in it (page, table row and column, paragraph)
        "问题": (["工作簿", "机关", "级别", "规则", "工作表", "单元格", "说明", "原报告中的位置"], problems),
    }


def write_summary(
    outcomes: Sequence[Outcome],
    skipped: Sequence[Skipped],
    output_dir: Path,
    now: dt.datetime | None = None,
    name: str = SUMMARY_NAME,
) -> Path:
    """Write the summary workbook into output_dir under a new, time-stamped name; never over an older one."""
    data = list_workbook(summary_rows(outcomes, skipped))
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d_%H%M%S")
    for n in range(1, 100):
        target = output_dir / name.format(stamp=stamp + (f"_{n}" if n > 1 else ""))
        try:
            return write_atomic(target, data)
        except OutputExistsError:
            continue
    raise GigenError(f"{output_dir}：同一秒内已有太多汇总表，请稍后再试。")
