"""Data validation on every input cell: what it accepts, and the input message Excel and WPS show when it is selected.

The message carries the field's hint, so the hint column can stay off the printed page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import schema
from ..schema import Field, Kind
from .style import money_unit

PROMPT_CHARS = 250  # Excel refuses an input message longer than 255 characters
TITLE_CHARS = 30  # and a title longer than 32


def add_validation(sheets: Mapping[str, Any]) -> None:
    """One rule per input cell (counts share one), each with an input message."""
    for name, ws in sheets.items():
        whole = _count("整数", "")
        for f in schema.FIELDS:
            if f.sheet != name or f.derived:
                continue
            dv = whole if f.kind is Kind.COUNT and not f.hint else _for_field(f)
            dv.add(f.cell)
            if dv is not whole:
                ws.add_data_validation(dv)
        if whole.sqref:
            ws.add_data_validation(whole)


def _for_field(f: Field) -> Any:
    title = f.label[:TITLE_CHARS]
    if f.kind is Kind.COUNT:
        return _count(title, f.hint)
    if f.kind is Kind.MONEY:
        unit = money_unit(f)
        return _rule(
            "decimal",
            f"金额（单位：{unit}）",
            f"单位：{unit}。填写不小于0的数字，可带小数，没有就填0。"
            + (f.hint if unit not in f.hint else ""),
            error=f"这里只能填写不小于0的数字（单位：{unit}），没有就填0。",
            operator="greaterThanOrEqual",
            formula1="0",
        )
    if f.kind is Kind.YEAR:
        return _rule(
            "whole",
            title,
            f.hint,
            error="报告年度是四位数字的年份，如2024。",
            operator="between",
            formula1="2000",
            formula2="2100",
            allow_blank=False,
        )
    if f.kind is Kind.DATE:
        # A warning, not a refusal: a date typed as text (2025年1月26日) is read too.
        return _rule(
            "date",
            title,
            f.hint,
            error="成文日期应是一个日期，如2025年1月26日。仍要保留这样填写，请点“是”。",
            operator="between",
            formula1="DATE(2000,1,1)",
            formula2="DATE(2100,12,31)",
            style="warning",
        )
    if f.kind is Kind.CHOICE:
        return _choice(f)
    return _rule(None, title, f.hint)


def _count(title: str, hint: str) -> Any:
    """A whole number of at least 0; the counts without a hint of their own share one such rule per sheet."""
    return _rule(
        "whole",
        title,
        hint or "填写不小于0的整数，没有就填0。",
        error="这里只能填写不小于0的整数，没有就填0。",
        operator="greaterThanOrEqual",
        formula1="0",
    )


def _choice(f: Field) -> Any:
    """A drop-down list; typing something else is refused by Excel and WPS."""
    return _rule(
        "list",
        f.label[:TITLE_CHARS],
        f.hint or "从下拉列表选择；不填则按机关全称判断。",
        error=f"{f.label}只能从下拉列表中选择，不确定就留空。",
        formula1='"' + ",".join(f.choices) + '"',
    )


def _rule(
    kind: str | None,
    title: str,
    prompt: str,
    *,
    error: str = "",
    style: str = "stop",
    allow_blank: bool = True,
    **limits: str,
) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type=kind,
        allow_blank=allow_blank,
        showErrorMessage=bool(error),
        showInputMessage=True,
        errorTitle="请检查填写的内容" if error else None,
        error=error or None,
        errorStyle=style if error else None,
        promptTitle=title,
        prompt=prompt[:PROMPT_CHARS],
        **limits,
    )
