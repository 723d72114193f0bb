"""How large a value can plausibly be, whether a typed date exists, and whether a total's formula sums its parts.

Pure, like interpret.py which calls it: values and locations in, findings or verdicts out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from decimal import Decimal

from .. import schema
from ..errors import Finding, Severity
from ..model import Value
from ..schema import Field, Kind

# Past a billion a count is no agency's year (China has 1.4 billion people): an error, not a typo to confirm.
MOST = 10**9
MOST_MONEY = Decimal(10**12)  # 万亿: more than any fee income, in 元 or in 万元
# Above these a count is possible but far beyond the largest agencies' reports: a warning asks to confirm it.
# 规章 and 规范性文件: a province has a few thousand in force. 许可、处罚、强制: a big city's police issue
# millions of traffic penalties a year. Applications: the busiest ministries receive tens of thousands. Reviews and
# suits over disclosure: hundreds at most. Fees in 元 for information requests are tens or hundreds of 元 each.
_PLAUSIBLE: tuple[tuple[str, int | Decimal], ...] = (
    ("t2_rules_", 10_000),
    ("t2_norms_", 10_000),
    ("prev_", 10_000),
    ("t2_licensing", 10_000_000),
    ("t2_penalty", 10_000_000),
    ("t2_coercion", 10_000_000),
    ("t2_fees", Decimal(10_000_000)),  # 万元: 1,000亿元
    ("t3_", 100_000),
    ("fee_notices", 100_000),
    ("t4_", 10_000),
    ("fee_collected", Decimal(1_000_000)),
)


def plausible_bound(key: str) -> int | Decimal | None:
    """The largest value of this key a real report has room for; None when there is no bound."""
    return next((bound for prefix, bound in _PLAUSIBLE if key.startswith(prefix)), None)


def implausible(
    values: Mapping[str, Value], locations: Mapping[str, str], invalid: frozenset[str] | set[str]
) -> Iterator[Finding]:
    """VAL-SIZE warnings: input counts and amounts past what any real report holds (totals follow their parts)."""
    for f in schema.FIELDS:
        bound = plausible_bound(f.key)
        value = values.get(f.key)
        if f.derived or bound is None or f.key in invalid or not isinstance(value, int | Decimal):
            continue
        if value > bound:
            sheet, cell = locations.get(f.key, f"{f.sheet}!{f.cell}").split("!")
            unit = "件" if f.kind is Kind.COUNT else ""
            yield Finding(
                "VAL-SIZE",
                Severity.WARNING,
                sheet,
                cell,
                f"{f.label}为{value:,}{unit}，超过{bound:,}{unit}，远大于实际可能的数量，请核对是否多填了位数。",
            )


_DATE = re.compile(r"(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})\s*[月./\-]\s*(?P<d>\d{1,2})")


def impossible_date(text: str) -> bool:
    """Whether a date typed as text names a day no calendar has: 2025年13月45日, 2025年2月30日."""
    m = _DATE.search(text)
    if m is None:
        return False
    try:
        dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return True
    return False


_REF = r"(?:(?:'(?:[^']|'')+'|[^'!+(),:=\s]+)!)?\$?[A-Z]{1,3}\$?[1-9][0-9]*"
_TERM = re.compile(rf"(?P<ref>{_REF})|SUM\((?P<args>[^()]*)\)", re.IGNORECASE)
_ARG = re.compile(rf"(?P<a>{_REF})(?::(?P<b>{_REF}))?", re.IGNORECASE)
_LARGEST_RANGE = 1000


def sums_parts(formula: str, f: Field, locations: Mapping[str, str]) -> bool:
    """Whether a total's formula adds exactly its parts' cells, each once: A1+B1, SUM(A1:F1), SUM(A1,B1)+C1 …

    A formula filled down from another cell is stored without its text (Excel's shared formulas): it cannot be
    judged, and passes.
    """
    text = formula.removeprefix("=").replace(" ", "")
    if not text:
        return True
    cells: Counter[tuple[str, str]] = Counter()
    for term in text.split("+"):
        m = _TERM.fullmatch(term)
        if m is None:
            return False
        for arg in [m["ref"]] if m["ref"] else m["args"].split(","):
            got = _cells(arg, f.sheet)
            if got is None:
                return False
            cells.update(got)
    return cells == Counter(_part_cells(f, locations))


def _part_cells(f: Field, locations: Mapping[str, str]) -> list[tuple[str, str]]:
    found = (
        locations.get(p, f"{schema.FIELD_BY_KEY[p].sheet}!{schema.FIELD_BY_KEY[p].cell}") for p in f.parts
    )
    return [(sheet, cell) for sheet, cell in (where.split("!") for where in found)]


def _cells(arg: str, sheet: str) -> list[tuple[str, str]] | None:
    m = _ARG.fullmatch(arg)
    if m is None:
        return None
    first = _cell(m["a"], sheet)
    if m["b"] is None:
        return [first]
    last = _cell(m["b"], first[0])
    (c1, r1), (c2, r2) = _position(first[1]), _position(last[1])
    if last[0] != first[0] or (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1) > _LARGEST_RANGE:
        return None
    return [
        (first[0], f"{schema.column_letter(c)}{r}")
        for r in range(min(r1, r2), max(r1, r2) + 1)
        for c in range(min(c1, c2), max(c1, c2) + 1)
    ]


def _cell(ref: str, sheet: str) -> tuple[str, str]:
    if "!" in ref:
        sheet, ref = ref.rsplit("!", 1)
        sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
    return sheet, ref.replace("$", "").upper()


def _position(cell: str) -> tuple[int, int]:
    letters = cell.rstrip("0123456789")
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return column - 1, int(cell[len(letters) :])


def wrong_total(formula: str, f: Field, locations: Mapping[str, str], total: int) -> str:
    """The message for a total whose formula is not the sum of its parts."""
    expected = "+".join(
        cell if sheet == f.sheet else f"'{sheet}'!{cell}" for sheet, cell in _part_cells(f, locations)
    )
    cached = getattr(formula, "cached", None)
    shows = f"Excel中显示为{cached}，" if cached not in (None, "") else ""
    return (
        f"{f.label}的公式“{formula[:40]}”不是各分项之和，{shows}而报告按各分项相加打印{total}件。"
        f"请把公式改回“={expected}”。"
    )
