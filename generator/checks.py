"""Consistency rules: report data → findings. Pure: no I/O, nothing printed."""

from __future__ import annotations

from collections.abc import Iterator

from . import schema
from .errors import Finding, Severity
from .model import ReportData


def check(data: ReportData) -> list[Finding]:
    """Every finding the rules make about the data, in workbook order."""
    return list(derived_totals(data))


def _rule(field: schema.Field) -> tuple[str, str]:
    """The rule id of a derived field (domain.md §2) and the name of its parts."""
    key = field.key
    if key.startswith("t3_") and key.endswith("_total"):
        return "T3-ROW-" + key.removeprefix("t3_").removesuffix("_total"), "六类申请人"
    if key.startswith("t3_handled_"):
        return "T3-SUM7-" + key.removeprefix("t3_handled_"), "（一）至（六）各项办理结果"
    return "T4-SUM-" + key.removeprefix("t4_").removesuffix("_total"), "结果维持、结果纠正、其他结果、尚未审结四项"


def derived_totals(data: ReportData) -> Iterator[Finding]:
    """A total typed over its formula must equal the sum of its parts (a formula always does)."""
    for field in schema.FIELDS:
        if not field.derived:
            continue
        total, parts = data.count(field.key), sum(data.count(p) for p in field.parts)
        if total == parts:
            continue
        sheet, cell = data.locations.get(field.key, f"{field.sheet}!{field.cell}").split("!")
        first, last = (data.locations.get(p, p) for p in (field.parts[0], field.parts[-1]))
        rule, parts_name = _rule(field)
        yield Finding(
            rule, Severity.ERROR, sheet, cell,
            f"{field.label}填的是{total}件，但{parts_name}合计为{parts}件（{first}至{last}），"
            f"相差{abs(total - parts)}件。请核对各项，或删除手填的数字，让公式自动计算。",
        )
