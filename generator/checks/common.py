"""What every rule shares: the registry, the options a check runs with, and how a finding names its cell."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import schema
from ..errors import Finding, Severity
from ..model import ReportData, paragraphs

E, W = Severity.ERROR, Severity.WARNING

FEE_LIMIT = Decimal(100)  # 万元: a township's administrative fees above this were probably typed in 元
FEE_DECIMALS = 4  # 万元 to the 元


@dataclass(frozen=True)
class Previous:
    """Last year's report, for the cross-year rules: its data and how to name it in a message."""

    data: ReportData
    name: str  # e.g. 上年工作簿“白杨镇2023.xlsx”


@dataclass(frozen=True)
class Context:
    """What a check runs with besides the workbook: last year's report, and the fee a county finds implausible."""

    previous: Previous | None = None
    fee_limit: Decimal = FEE_LIMIT
    # read back from a published report: its 六 states the 信息处理费 in its own words, and a fee cell left blank
    # is one the report did not state (the import says so), not one a clerk forgot
    published: bool = False


Rule = Callable[[ReportData, Context], Iterable[Finding]]


@dataclass(frozen=True)
class Registered:
    """A rule, and whether it also runs on a county's summed tables (a rule on tables alone)."""

    check: Rule
    tables: bool


RULES: list[Registered] = []


def rule(*, tables: bool = False) -> Callable[[Rule], Rule]:
    """Register a rule: every rule of the modules in this folder runs, in the order they are defined."""

    def register(check: Rule) -> Rule:
        RULES.append(Registered(check, tables))
        return check

    return register


def at(data: ReportData, key: str, rule: str, severity: Severity, message: str) -> Finding:
    """A finding at the cell of a key."""
    sheet, cell = where(data, key).split("!")
    return Finding(rule, severity, sheet, cell, message)


def where(data: ReportData, key: str) -> str:
    """Where a key's cell is in the township's workbook, as findings name it: 表二!B12."""
    field = schema.FIELD_BY_KEY[key]
    return data.locations.get(key, f"{field.sheet}!{field.cell}")


def printed_place(data: ReportData, key: str) -> str:
    """Where a key's cell is, as a placeholder in the report names it for a reader of paper: 表二 B12."""
    return where(data, key).replace("!", " ", 1)


def readable(data: ReportData, *keys: str) -> bool:
    """None of the keys had a cell the reader could not read (a total counts as unreadable when a part is)."""
    return not data.invalid.intersection(keys)


def plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 1500000, 12.5."""
    return format(value.normalize(), "f") if value else "0"


@dataclass(frozen=True)
class Para:
    """One paragraph of a narrative cell, and how a message names it."""

    key: str
    text: str
    where: str  # "这一格", or "这一格第2段" when the cell has several paragraphs


def paragraphs_of(data: ReportData, keys: Iterable[str] | None = None) -> Iterator[Para]:
    """Each paragraph of the narrative cells (all of them unless `keys` are given), with how a message names it.

    A paragraph gigen wrote itself is left out: it agrees with the tables by construction, and what it quotes of a
    clerk's cells (监督保障's) is judged at those cells, where the clerk typed it.
    """
    for key in schema.TEXT_KEYS if keys is None else keys:
        if key in data.generated:
            continue
        paras = paragraphs(data.text(key))
        for n, text in enumerate(paras, 1):
            yield Para(key, text, f"这一格第{n}段" if len(paras) > 1 else "这一格")
