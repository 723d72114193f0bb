"""Raw cell values → ReportData and findings: the format version, where each key is, and how each value reads.

Pure: what the reader found goes in, typed values and findings come out, so tests can feed it directly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from decimal import Decimal

from .. import schema
from ..errors import Finding, Severity, WorkbookError
from ..model import (
    ReportData,
    Value,
    clean_text,
    format_date,
    parse_count,
    parse_money,
    parse_year,
    shown,
    too_long,
)
from ..schema import Field, Kind
from . import sizes
from .read import Formula, destination, from_serial


def fingerprint(text: str) -> str:
    """A short fingerprint of a cell's text as gigen reads it, to tell whether last year's copy was edited."""
    return hashlib.sha256(clean_text(text).encode("utf-8")).hexdigest()[:16]


def format_version(names: Mapping[str, str], source: str) -> int:
    """The workbook's format version; a workbook without one, or from a newer gigen, is refused."""
    if schema.FORMAT_NAME not in names:
        raise WorkbookError(
            f"{source}：不是 gigen 标准工作簿（缺少格式版本标记），请用 gigen new 生成工作簿后填写。"
        )
    text = names[schema.FORMAT_NAME].strip().strip('="')
    version = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else 0
    if version > schema.FORMAT_VERSION:
        raise WorkbookError(
            f"{source}：工作簿由较新版本的 gigen 生成（格式版本{version}），本程序只支持到版本"
            f"{schema.FORMAT_VERSION}，请先更新 gigen 再检查这个工作簿。"
        )
    if version < 1:
        raise WorkbookError(
            f"{source}：工作簿的格式版本标记“{text[:20]}”无法识别，请用 gigen new 重新生成工作簿。"
        )
    return version


def locate(names: Mapping[str, str], sheets: Mapping[str, str], source: str) -> dict[str, tuple[str, str]]:
    """Where each key's cell is, from the workbook's defined names.

    A field newer than the workbook's format has no name there and reads as blank; a field the workbook's format
    has but whose name is gone (a deleted row or sheet) makes the workbook unreadable.
    """
    version = format_version(names, source)
    locations: dict[str, tuple[str, str]] = {}
    missing: list[str] = []
    gone: dict[str, None] = {}  # sheets of missing names that the workbook no longer has, in order
    for f in schema.FIELDS:
        found = destination(names.get(f.key), sheets)
        if found is not None:
            locations[f.key] = found
        elif f.since <= version:
            missing.append(f"{f.key}（{f.label}）")
            if f.sheet not in sheets:
                gone[f.sheet] = None
    if gone:
        raise WorkbookError(
            f"{source}：工作簿缺少工作表“{'”“'.join(gone)}”，可能被删除或改了名，"
            "请用 gigen new 重新生成工作簿，把填好的内容复制过去。"
        )
    if missing:
        listed = "、".join(missing[:5]) + (f"等{len(missing)}个" if len(missing) > 5 else "")
        raise WorkbookError(
            f"{source}：工作簿缺少名称 {listed}，可能删除了行、列或工作表，请用 gigen new 重新生成工作簿。"
        )
    return locations


def copied_marks(names: Mapping[str, str]) -> dict[str, str]:
    """key → fingerprint of the text `new --previous` copied into it, from the hidden names it left."""
    return {
        key.removeprefix(schema.COPIED_PREFIX): value.strip().strip('"')
        for key, value in names.items()
        if key.startswith(schema.COPIED_PREFIX)
    }


def empty_report() -> ReportData:
    """The data of a blank workbook, read as the reader would (every count 0, every text empty)."""
    return interpret("", {}, {})


def interpret(
    source: str,
    raw: Mapping[str, object],
    locations: Mapping[str, str],
    copied: Mapping[str, str] | None = None,
) -> ReportData:
    """Turn raw cell values into typed values plus findings; pure, so tests can feed it directly."""
    values: dict[str, Value] = {}
    findings: list[Finding] = []
    blank = {
        key for key, value in raw.items() if value is None or (isinstance(value, str) and not value.strip())
    }
    formulas: list[Field] = []
    invalid: set[str] = set()

    def finding(f: Field, rule: str, message: str) -> None:
        sheet, cell = locations.get(f.key, f"{f.sheet}!{f.cell}").split("!")
        findings.append(Finding(rule, Severity.ERROR, sheet, cell, message))
        invalid.add(f.key)

    for f in schema.FIELDS:
        value = raw.get(f.key)
        if f.derived and (value is None or isinstance(value, Formula)):
            formulas.append(f)
            continue
        if isinstance(value, Formula):
            what = "数字" if f.numeric else "内容"
            finding(f, "VAL-FORMULA", f"{f.label}应直接填写{what}，不能是公式（{shown(value)}）。")
            value = None
        values[f.key], problem = _typed(f, value)
        if problem is not None:
            finding(f, *problem)
    for f in formulas:  # in schema order, so a total's parts are computed before the total
        values[f.key] = sum(int(values[p]) for p in f.parts)
        if invalid.intersection(f.parts):
            invalid.add(f.key)
        formula = raw.get(f.key)
        if isinstance(formula, Formula) and not sizes.sums_parts(formula, f, locations):
            finding(f, "VAL-TOTAL", sizes.wrong_total(formula, f, locations, int(values[f.key])))
    findings.extend(sizes.implausible(values, locations, invalid))
    unchanged = _unchanged(values, copied or {})
    return ReportData(
        source,
        values,
        dict(locations),
        frozenset(blank),
        tuple(findings),
        frozenset(invalid),
        copied=unchanged,
    )


def _unchanged(values: Mapping[str, Value], copied: Mapping[str, str]) -> frozenset[str]:
    """The texts still exactly as carried forward from last year's workbook."""
    return frozenset(
        key
        for key, mark in copied.items()
        if isinstance(values.get(key), str) and values[key] and fingerprint(str(values[key])) == mark
    )


def _count(f: Field, value: object) -> tuple[Value, tuple[str, str] | None]:
    count = parse_count(value)
    if too_long(value) or (count is not None and count > sizes.MOST):
        return 0, (
            "VAL-SIZE",
            f"{f.label}填写的“{shown(value)}”大得不可能（一年的件数不会超过{sizes.MOST:,}），请核对。",
        )
    if count is None:
        return 0, (
            _int_rule(f),
            f"{f.label}必须填写不小于0的整数（没有就填0），现在填的是“{shown(value)}”。",
        )
    return count, None


def _typed(f: Field, value: object) -> tuple[Value, tuple[str, str] | None]:
    """One cell's value as its kind reads it, and (rule, message) when it cannot be read so (the value is then 0)."""
    if f.kind is Kind.COUNT:
        return _count(f, value)
    if f.kind is Kind.MONEY:
        money = parse_money(value)
        if money is not None and money > sizes.MOST_MONEY:
            return Decimal(0), ("VAL-SIZE", f"{f.label}填写的“{shown(value)}”大得不可能，请核对。")
        if money is None:
            rule = "T2-FEE" if f.sheet == schema.SHEET_T2 else "VAL-MONEY"
            return Decimal(0), (
                rule,
                f"{f.label}必须填写不小于0的数字（没有就填0），现在填的是“{shown(value)}”。",
            )
        return money, None
    if f.kind is Kind.YEAR:
        year = parse_year(value)
        if year is None:
            if value is None:
                return 0, ("META-YEAR", "报告年度未填写。")
            return 0, ("META-YEAR", f"报告年度必须是四位数字的年份，如2024，现在填的是“{shown(value)}”。")
        return year, None
    if f.kind is Kind.DATE:
        text = _date_text(value)
        if sizes.impossible_date(text):
            return "", (  # not printed, not even in a draft: the signature stands without a date
                "META-DATE",
                f"成文日期“{shown(text)}”不是真实存在的日期，请改正，如“2025年1月20日”。",
            )
        return text, None
    text = clean_text(_as_text(value))
    if f.kind is Kind.CHOICE:
        return _choice(f, text)
    if f.kind in (Kind.LINE, Kind.TITLE):
        text = text.replace("\n", "")
    if not text and f.kind is Kind.TITLE:
        text = f.default
    if not text and f.required:
        return text, ("META-REQ", f"{f.label}未填写，报告标题和署名都要用它。")
    return text, None


def _choice(f: Field, text: str) -> tuple[Value, tuple[str, str] | None]:
    """One of the field's choices, or the one choice the text begins (乡镇 → 乡镇人民政府); blank stays blank."""
    text = "".join(text.split())
    found = [c for c in f.choices if c == text] or [c for c in f.choices if text and c.startswith(text)]
    if not text or len(found) == 1:
        return (found[0] if found else ""), None
    return "", (
        "META-KIND",
        f"{f.label}填的是“{shown(text)}”，不是可选的类别。请从下拉列表中选择（{'、'.join(f.choices)}），"
        "或留空，由程序按机关全称判断。",
    )


def _int_rule(f: Field) -> str:
    return {schema.SHEET_T2: "T2-INT", schema.SHEET_T3: "T3-INT", schema.SHEET_T4: "T4-INT"}.get(
        f.sheet, "VAL-INT"
    )


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value)
    return str(value)


def _date_text(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        return format_date(from_serial(value, None))
    return clean_text(_as_text(value))
