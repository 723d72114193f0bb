"""The rows found in tables 二, 三 and 四 → values by key: by the header above them in a grid, in order in a copy.

A value is kept as printed: an int for digits, a Decimal for the fee, the text for anything else (“—”, “/”, “O”);
a blank cell is a key in origins without a value. A row with more values than columns reads the first and says
what was left over; a row with fewer, where it cannot be known which column is missing, reads none of them and
says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from .. import schema
from ..errors import Finding, Severity
from .document import Cell, Part
from .normal import squeezed, tidy
from .shapes import THREE, TRIAL, TWO, Shape

_MONEY = re.compile(r"^\d+(?:\.\d+)?$|^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_COUNT = re.compile(r"^\d+$|^\d{1,3}(?:,\d{3})+$")
NUMBER = {"二": "2", "三": "3", "四": "4"}


@dataclass(frozen=True)
class Line:
    """A data row of an official table as found: its row, the cells after its label, and how to place them."""

    row: str
    cells: tuple[Cell, ...]
    place: str
    grid: bool
    positions: dict[int, str]  # grid column → column id, from the header above
    header: tuple[str, ...]  # the column ids of the header row above, in printed order (text copies)


@dataclass
class Scan:
    """What one table's blocks hold: its data rows, the columns its header names, and what could not be placed."""

    shape: Shape
    lines: list[Line] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)
    trial: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    positions: dict[int, str] = field(default_factory=dict)
    width: int = 0  # how many grid columns the block had whose columns positions are
    header: tuple[str, ...] = ()
    # table 四: (first, last grid column, group)
    groups: list[tuple[int, int, str]] = field(default_factory=list)
    # table 二: a fee header in 元, and where it stood
    units: list[tuple[str, str]] = field(default_factory=list)


def finding(rule: str, severity: Severity, message: str, place: str, key: str = "") -> Finding:
    """A finding at a place in the document, and at the workbook cell of the key it is about, if any."""
    if key:
        f = schema.FIELD_BY_KEY[key]
        return Finding(rule, severity, f.sheet, f.cell, message, place)
    return Finding(rule, severity, "", "", message, place)


def extra(scan: Scan, message: str, place: str) -> Finding:
    """Something printed in the table that has no cell in the workbook."""
    return finding(f"IMP-T{NUMBER[scan.shape.name]}-EXTRA", Severity.WARNING, message, place)


def value(text: str, money: bool) -> object | None:
    """A cell's value as printed: int, Decimal for money, the text itself otherwise; None when blank."""
    plain = squeezed(text)
    if not plain:
        return None
    if money and _MONEY.match(plain):
        return Decimal(plain.replace(",", ""))
    if _COUNT.match(plain):
        return int(plain.replace(",", ""))
    return tidy(text)


def place_values(scan: Scan, part: Part, table_place: str) -> None:
    """Every data row's values by key; then the rows and columns of the official table that were not found."""
    columns, most = _text_columns(scan)
    shape = scan.shape
    covered: set[str] = set()
    for line in scan.lines:
        if columns or line.grid:  # without columns, a copy's rows are said once below
            covered |= _place_line(scan, line, columns, part)
    if not columns:
        message = (
            f"表三多数行印了{most}个数，与表头的列对不上（国办格式为7列），不知道各数属于哪一列，"
            "表三这些行都没有读取。"
        )
        part.findings.append(finding("IMP-T3-COLUMNS", Severity.ERROR, message, table_place))
        return
    if shape is not TWO and scan.lines:
        official = shape.row_columns[scan.lines[0].row]
        for col in (c for c in official if c not in covered):
            key = shape.keys[(scan.lines[0].row, col)]
            message = f"表{shape.name}没有“{shape.column_names[col]}”列，这一列各格都没有读取。"
            part.findings.append(
                finding(f"IMP-T{NUMBER[shape.name]}-COLUMN", Severity.ERROR, message, table_place, key)
            )
    for row, cols in shape.row_columns.items():
        if row in scan.seen or (scan.trial and (shape is TWO or row.startswith("other_"))):
            continue
        label = f"“{shape.row_names[row]}”这一行" if row else "数值行"
        message = f"表{shape.name}没有找到{label}，这一行的各格都没有读取。"
        part.findings.append(
            finding(
                f"IMP-T{NUMBER[shape.name]}-ROW",
                Severity.ERROR,
                message,
                table_place,
                shape.keys[(row, cols[0])],
            )
        )


def _text_columns(scan: Scan) -> tuple[tuple[str, ...], int]:
    """The columns of table 三 in a text copy, and how many numbers most of its rows have.

    All seven, or those its header names when most rows have fewer; none when the count matches neither (an extra
    column, such as a 小计, whose place a copy does not show). Rows printed blank do not count.
    """
    official = tuple(col for col, _ in schema.T3_COLUMNS)
    printed = [sum(1 for c in line.cells if c.text.strip()) for line in scan.lines if not line.grid]
    counts = Counter(n for n in printed if n)
    if scan.shape is not THREE or not counts:
        return official, len(official)
    most = max(counts, key=lambda n: (counts[n], n))
    if most == len(official):
        return official, most
    named = tuple(col for col in official if col in scan.columns)
    return (named if len(named) == most else ()), most


def _place_line(scan: Scan, line: Line, columns: tuple[str, ...], part: Part) -> set[str]:
    """One row's values by key; the columns it covered."""
    shape = scan.shape
    official = shape.row_columns[line.row]
    if line.grid and set(official) & set(line.positions.values()):
        return _by_position(scan, line, official, part)
    cells = list(line.cells) if line.grid else [c for c in line.cells if c.text.strip()]
    if shape is TWO and any(h in official or h == TRIAL for h in line.header):
        if len(line.header) == len(cells) and len(cells) > 1:
            pairs = [(h, c) for h, c in zip(line.header, cells, strict=True) if h in official]
            return _assign(scan, line, pairs, part)
        if TRIAL in line.header:
            return set()  # the 2019 columns: said once for the whole report
    cols = [c for c in official if c in columns] if shape is THREE else list(official)
    if not cells:
        return _assign(scan, line, [(c, Cell("", 0)) for c in cols], part)
    if len(cells) >= len(cols):
        _leftover(scan, line, cells[0], cells[len(cols) :], len(cols) == 1 and shape is TWO, part)
        return _assign(scan, line, list(zip(cols, cells, strict=False)), part)
    trimmed = list(line.cells)
    while trimmed and not trimmed[-1].text.strip():
        trimmed.pop()
    if len(trimmed) == len(cols):
        return _assign(scan, line, list(zip(cols, trimmed, strict=True)), part)
    name = shape.row_names[line.row] or "数值"
    message = f"表{shape.name}“{name}”一行只印了{len(cells)}个数，少于{len(cols)}列，不知道缺的是哪一列，这一行没有读取。"
    key = shape.keys[(line.row, cols[0])]
    part.findings.append(
        finding(f"IMP-T{NUMBER[shape.name]}-SHORT", Severity.ERROR, message, line.place, key)
    )
    return set(cols)


def _by_position(scan: Scan, line: Line, official: tuple[str, ...], part: Part) -> set[str]:
    """A grid row: each cell goes to the column whose header stands above it."""
    placed: dict[str, Cell] = {}
    for cell in line.cells:
        spanned = range(cell.col, cell.col + cell.colspan)
        col = next((line.positions[at] for at in spanned if at in line.positions), None)
        if col in official and col not in placed:
            placed[col] = cell
        elif col in placed:
            _leftover(scan, line, placed[col], [cell], scan.shape is TWO, part)
        elif cell.text.strip() and TRIAL not in line.header:  # a 2019 column is said once for the report
            message = (
                f"表{scan.shape.name}这一行多出一格“{tidy(cell.text)}”，不在国办格式的任何一列里，没有读取。"
            )
            part.findings.append(extra(scan, message, line.place))
    _assign(scan, line, list(placed.items()), part)
    return set(line.positions.values())


def _leftover(scan: Scan, line: Line, first: Cell, rest: list[Cell], split: bool, part: Part) -> None:
    """Cells beyond the columns: table 二's one value printed as several cells (0 0 0), or extra cells."""
    rest = [c for c in rest if c.text.strip()]
    if not rest:
        return
    shown = "、".join(tidy(c.text) for c in (first, *rest))
    name = scan.shape.row_names[line.row] or "数值"
    if split:
        if any(squeezed(c.text) != squeezed(first.text) for c in rest):
            message = f"表二“{name}”的数值印成了几格（{shown}），各格不同，读取了第一格“{tidy(first.text)}”，请核对。"
            key = scan.shape.keys[(line.row, scan.shape.row_columns[line.row][0])]
            part.findings.append(finding("IMP-T2-SPLIT", Severity.WARNING, message, line.place, key))
        return
    extra_cells = "、".join(tidy(c.text) for c in rest)
    message = f"表{scan.shape.name}“{name}”一行多印了{len(rest)}格（{extra_cells}），超出国办格式的列，多出的没有读取。"
    part.findings.append(extra(scan, message, line.place))


def _assign(scan: Scan, line: Line, pairs: list[tuple[str, Cell]], part: Part) -> set[str]:
    shape = scan.shape
    for col, cell in pairs:
        key = shape.keys[(line.row, col)]
        row = f"“{shape.row_names[line.row]}”行" if line.row else ""
        part.origins[key] = f"{line.place} 表{shape.name}{row}“{shape.column_names[col]}”列"
        found = value(cell.text, schema.FIELD_BY_KEY[key].kind is schema.Kind.MONEY)
        if found is not None:
            part.values[key] = found
    return {col for col, _ in pairs}
