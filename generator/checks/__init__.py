"""Consistency rules (domain.md §2): report data → findings. Pure: no I/O, nothing printed.

Each rule is a generator over one workbook, registered with @rule in the module of its kind: tables.py (tables
二, 三, 四 and the fee of 六), numbers.py (numbers the narrative states), aspects.py (the five aspects of 一),
text.py (the rest of the narrative). Rule ids follow domain.md §2, with English key stems where it has
{col}/{row}/{grp}: T3-BAL-natural, T2-XY-norms, T4-SUM-review. A rule never judges a cell the reader could not
read: that cell already has its own finding.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .. import schema
from ..errors import Finding
from ..model import ReportData
from . import aspects, numbers, tables, text
from .aspects import blank_aspects, place
from .common import FEE_LIMIT, RULES, Context, Previous, Registered

__all__ = ["FEE_LIMIT", "Previous", "blank_aspects", "check", "place", "table_rules"]

# Importing a module registers its rules; they run module by module in this order, each in definition order
# (a module not named here runs after these).
_ORDER = (tables.__name__, numbers.__name__, aspects.__name__, text.__name__)


def _rules() -> list[Registered]:
    """Every registered rule, in the order above: read at each check, so a rule registered later runs too."""
    return sorted(
        RULES, key=lambda r: _ORDER.index(r.check.__module__) if r.check.__module__ in _ORDER else len(_ORDER)
    )


def check(
    data: ReportData,
    previous: ReportData | None = None,
    *,
    fee_limit: Decimal = FEE_LIMIT,
    published: bool = False,
) -> list[Finding]:
    """Every finding about the data, the reader's included, in workbook order (sheet by sheet, row by row).

    `published`: the data was read back from a published report, whose 六 states the 信息处理费 itself.
    """
    last = Previous(previous, f"上年工作簿“{previous.source}”") if previous is not None else None
    ctx = Context(last, fee_limit, published)
    findings = [*data.findings, *(finding for r in _rules() for finding in r.check(data, ctx))]
    return sorted(findings, key=_position)


def table_rules(data: ReportData) -> list[Finding]:
    """The rules on tables 二, 三 and 四 alone: a county's summed tables must pass them as a township's do."""
    ctx = Context()
    return sorted((finding for r in _rules() if r.tables for finding in r.check(data, ctx)), key=_position)


def _position(f: Finding) -> tuple[int, int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", f.cell)
    col, row = (m.group(1), int(m.group(2))) if m else ("", 0)
    sheet = schema.SHEETS.index(f.sheet) if f.sheet in schema.SHEETS else len(schema.SHEETS)
    return sheet, row, sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(col)))
