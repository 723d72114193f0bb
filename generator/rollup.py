"""The roll-up: each 机关's key figures, a subtotal per kind of 机关, and tables 二, 三 and 四 summed over the
机关 that pass (a county's townships, 街道, departments and government in one folder).

Pure: outcomes of a batch check in, a Rollup out. A 机关 with errors, an unreadable file, a second workbook of
one 机关 or a workbook of another year is listed with the reason and left out of the sums.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import kinds, schema
from .archive import control_characters
from .batch import Progress, ctrl_c, gather
from .checks import table_rules
from .docx import context, tables_report
from .errors import Finding, GigenError
from .files import refuse_existing, refuse_input, write_atomic
from .folders import Skipped, collect, nothing_found
from .model import ReportData, Value
from .outcome import Outcome, Status
from .pipeline import DEFAULT_OUTPUT
from .schema import KEY_FIGURES, Kind
from .xlsx import rollup_workbook

# Every count and amount of the three tables (and the 信息处理费 cells), summed field by field.
SUMMED = tuple(
    f.key
    for f in schema.FIELDS
    if f.kind in (Kind.COUNT, Kind.MONEY)
    and f.sheet in (schema.SHEET_T2, schema.SHEET_T3, schema.SHEET_T4, schema.SHEET_FIVE_SIX)
)


@dataclass(frozen=True)
class Township:
    """One workbook in the roll-up: whether its numbers are in the sums, and if not, why."""

    outcome: Outcome
    included: bool
    reason: str = ""

    def figure(self, keys: tuple[str, ...]) -> Value:
        data = self.outcome.data
        if data is None:
            return ""
        return _total((data.values[k] for k in keys), keys[0])


@dataclass(frozen=True)
class Rollup:
    year: int
    townships: tuple[Township, ...]
    totals: ReportData  # the summed tables, as one report's data
    findings: tuple[Finding, ...]  # the table rules, run on the sums

    @property
    def included(self) -> int:
        return sum(t.included for t in self.townships)


def _total(values: Iterable[Value], key: str) -> Value:
    """A sum of counts, or of amounts (kept as Decimal) when `key` is an amount."""
    return sum(values, Decimal(0) if schema.FIELD_BY_KEY[key].kind is Kind.MONEY else 0)


def roll_up_folders(
    paths: Sequence[Path],
    name: str,
    output: Path | None,
    *,
    progress: Progress,
    on_skipped: Callable[[Sequence[Skipped]], None],
    on_summed: Callable[[Rollup], None] = lambda rollup: None,
    docx: bool = False,
    force: bool = False,
    jobs: int | None = None,
) -> tuple[Rollup, list[Path]]:
    """Read and check every workbook of the folders and files given, sum those that pass, and write the roll-up.

    Ctrl+C stops it without writing: a roll-up of some townships only would read as the county's.
    """
    if output is not None and output.suffix.lower() != ".xlsx":
        raise GigenError(f"{output}：汇总文件名要以 .xlsx 结尾（-o 给的是汇总工作簿的文件名，不是文件夹）。")
    control = control_characters(name)
    if control:  # checked first: the roll-up's workbook and its .docx would both refuse it, after the work
        raise GigenError(f"--name 给的单位名称中有控制字符（{control}），无法写入汇总表，请去掉后重试。")
    found, skipped = collect(paths)
    on_skipped(skipped)
    if not found:
        raise nothing_found(paths)
    if all(map(_absent, found)):  # a mistyped folder: no roll-up of nothing
        raise GigenError(f"{'、'.join(map(str, found))}：找不到这个文件或文件夹，未生成汇总表。")
    if output is not None:
        refuse_input(output, found, "工作簿")
        refuse_input(output.with_suffix(".docx"), found, "工作簿")
    with ctrl_c() as stop:
        outcomes = gather(found, progress, "汇总", stop, jobs=jobs, keep_data=True)
    if stop.pressed:
        raise KeyboardInterrupt
    result = roll_up(outcomes, name)
    on_summed(result)  # what was left out, and why, is said even when the roll-up cannot then be written
    return result, write_rollup(result, output, docx=docx, force=force)


def _absent(path: Path) -> bool:
    """The path names nothing at all (any other failure to look it up is the reader's to explain)."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def roll_up(outcomes: Sequence[Outcome], name: str) -> Rollup:
    """Sum the townships that pass; mark the others with the reason they are left out."""
    # The roll-up's year: the most common among the workbooks that pass, else among those that can be read.
    passing = Counter(o.year for o in outcomes if o.data is not None and o.year and not o.failed)
    readable = Counter(o.year for o in outcomes if o.data is not None and o.year)
    year = (passing or readable).most_common(1)[0][0] if (passing or readable) else 0
    townships = []
    for o in outcomes:
        note = o.note.removeprefix(f"{o.source.name}：")
        if o.status is Status.UNREADABLE or o.data is None:
            townships.append(Township(o, False, f"无法读取，未计入：{note}"))
        elif o.status is Status.DUPLICATE:
            townships.append(Township(o, False, f"未计入：{note}"))
        elif o.errors:
            townships.append(Township(o, False, f"有{o.errors}处错误，未计入；请该机关改正后重新提交。"))
        elif o.year != year:
            townships.append(Township(o, False, f"报告年度为{o.year}年，与汇总年度{year}年不同，未计入。"))
        else:
            townships.append(Township(o, True))
    values: dict[str, Value] = {
        f.key: ("" if f.kind not in (Kind.COUNT, Kind.MONEY) else 0) for f in schema.FIELDS
    }
    for key in SUMMED:
        parts = [t.outcome.data.values[key] for t in townships if t.included and t.outcome.data is not None]
        values[key] = _total(parts, key)
    # The sums are of one kind when every 机关 in them is (a county's townships), else of none in particular.
    included_kinds = {t.outcome.kind for t in townships if t.included}
    common = included_kinds.pop() if len(included_kinds) == 1 else kinds.OrgKind.OTHER.value
    values.update({"org_name": name, "year": year, "org_kind": common})
    # A 上年 cell is optional: when any township left it blank, the county's sum of it is not last year's total.
    blank = frozenset(
        key
        for key in schema.PREVIOUS_KEYS
        if any(t.included and t.outcome.data is not None and key in t.outcome.data.blank for t in townships)
    )
    totals = ReportData(name, values, blank=blank)
    return Rollup(year, tuple(townships), totals, tuple(table_rules(totals)))


def township_rows(rollup: Rollup) -> tuple[list[str], list[list[object]]]:
    """The 机关 sheet: one row per workbook with its key figures, a 小计 per kind, then the 合计 of those included."""
    headers = [
        "序号",
        "机关",
        "类别",
        "工作簿",
        "年度",
        "计入汇总",
        "说明",
        *(title for title, _ in KEY_FIGURES),
    ]
    rows: list[list[object]] = []
    for i, t in enumerate(rollup.townships, start=1):
        o = t.outcome
        rows.append(
            [
                i,
                o.org,
                o.kind,
                o.source.name,
                o.year or "",
                "是" if t.included else "否",
                t.reason,
                *(t.figure(keys) if o.data is not None else "" for _, keys in KEY_FIGURES),
            ]
        )
    rows += subtotal_rows(rollup)
    totals = rollup.totals.values
    rows.append(
        [
            "",
            f"合计（{rollup.included}个机关）",
            "",
            "",
            rollup.year,
            "",
            "",
            *(_total((totals[k] for k in keys), keys[0]) for _, keys in KEY_FIGURES),
        ]
    )
    return headers, rows


def subtotal_rows(rollup: Rollup) -> list[list[object]]:
    """One 小计 row per kind of 机关 in the roll-up, in the kinds' order: the key figures of those included."""
    rows: list[list[object]] = []
    for kind in kinds.NAMES:
        members = [t for t in rollup.townships if t.outcome.kind == kind]
        counted = [t for t in members if t.included]
        if not members:
            continue
        rows.append(
            [
                "",
                f"小计：{kind}（{len(counted)}个）",
                kind,
                "",
                rollup.year,
                "",
                "" if len(counted) == len(members) else f"{len(members) - len(counted)}个未计入",
                *(_total((t.figure(keys) for t in counted), keys[0]) for _, keys in KEY_FIGURES),
            ]
        )
    return rows


def write_rollup(
    rollup: Rollup, target: Path | None, *, docx: bool = False, force: bool = False
) -> list[Path]:
    """Write the roll-up workbook (and with docx, the summed tables in the official layout) atomically."""
    target = target or DEFAULT_OUTPUT / (f"机关汇总{rollup.year}年.xlsx" if rollup.year else "机关汇总.xlsx")
    if target.suffix.lower() != ".xlsx":
        raise GigenError(f"{target}：汇总文件名要以 .xlsx 结尾。")
    tables = target.with_suffix(".docx")
    for path in (target, tables) if docx else (target,):
        refuse_existing(path, force=force)
    checked = [["", "", f.severity.value, f.rule, f.sheet, f.cell, f.message] for f in rollup.findings]
    if not rollup.included:
        checked = [["", "", "", "", "", "", "没有机关计入汇总：每个工作簿都有错误或无法读取，见上面各行。"]]
    elif not checked:
        checked = [
            [
                "",
                "",
                "",
                "",
                "",
                "",
                f"合计的表二、表三、表四通过全部表格核对规则（{rollup.included}个机关）。",
            ]
        ]
    excluded = [
        [t.outcome.source.name, t.outcome.org, "未计入", "", "", "", t.reason]
        for t in rollup.townships
        if not t.included
    ]
    headers, rows = township_rows(rollup)
    data = rollup_workbook(
        ("机关", headers, rows),
        rollup.totals.values,
        ("核对", ["工作簿", "机关", "级别", "规则", "工作表", "单元格", "说明"], excluded + checked),
    )
    title = f"{rollup.totals.text('org_name')}{rollup.year}年政府信息公开工作年度报告表格汇总"
    report = tables_report(title, context(rollup.totals)) if docx else None  # made before either is written
    written = [write_atomic(target, data, force=force)]
    if report is not None:
        written.append(write_atomic(tables, report, force=force))
    return written
