"""The official shapes of tables 二, 三 and 四 as a reader looks for them: rows, columns and keys, from schema.py.

Only the labels of the 2019 trial format (国办公开办函〔2019〕60号, domain.md §1.4) are written here, since the
workbook has no place for them: a report still on that format is recognised by them and said to be so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import schema
from .document import Cell
from .labels import Labels, core, is_value

TRIAL = "2019"  # what a label of the 2019 trial format names
IGNORED = ""  # a header label that names no column of values (信息内容, 申请人情况, 法人或其他组织)
_SPLIT = re.compile(r"^(.*\S)\s+(\S+)$")  # 行政许可 0: a label and its value in one cell

# The 2019 trial format's labels (domain.md §1.4) that have no cell in the 2021 workbook.
TRIAL_COLUMNS = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "采购项目数量",
    "采购总金额",
)
TRIAL_ROWS = ("其他对外管理服务事项", "政府集中采购")
TRIAL_SECTION = "第二十条第（九）项"


@dataclass(frozen=True)
class Shape:
    """One official table as labels: rows and columns, the key of each (row, column), and its anchors."""

    name: str  # 二, 三, 四
    rows: Labels[str]  # printed row label → row id
    groups: Labels[str]  # labels that head several rows (（三）不予公开, 第二十条第（一）项) → group id
    columns: Labels[str]  # printed column header → column id (IGNORED, TRIAL)
    keys: dict[tuple[str, str], str]  # (row id, column id) → workbook key
    row_columns: dict[str, tuple[str, ...]]  # row id → its columns, in official order
    row_names: dict[str, str]  # row id → its label in a message
    column_names: dict[str, str]  # column id → its label in a message
    anchors: frozenset[str]  # the cores of every label: which Table blocks are this table


def _anchors(*texts: str) -> frozenset[str]:
    return frozenset(c for c in map(core, texts) if len(c) >= 2)


def _two() -> Shape:
    table = schema.TABLE_TWO
    texts = {(c.row, c.col): c for c in table.cells if c.text}
    keys: dict[tuple[str, str], str] = {}
    for cell in (c for c in table.cells if c.key):
        row = texts[(cell.row, 0)].text
        head = next(
            texts[(r, c)].text
            for r in range(cell.row - 1, -1, -1)
            for c in range(cell.col, -1, -1)
            if (r, c) in texts and texts[(r, c)].colspan < table.cols and c + texts[(r, c)].colspan > cell.col
        )
        keys[(row, head)] = cell.key
    sections = [c.text for c in table.cells if c.colspan == table.cols]
    heads = {head for _, head in keys}
    rows = {row for row, _ in keys}
    row_columns = {row: tuple(h for r, h in keys if r == row) for row in rows}
    ignored = {c.text for c in table.cells if c.text and c.text not in heads | rows | set(sections)}
    return Shape(
        "二",
        Labels([(r, r) for r in rows] + [(r, TRIAL) for r in TRIAL_ROWS]),
        Labels([(s, s) for s in sections] + [(TRIAL_SECTION, TRIAL)]),
        Labels(
            [(h, h) for h in heads] + [(h, IGNORED) for h in ignored] + [(h, TRIAL) for h in TRIAL_COLUMNS]
        ),
        keys,
        row_columns,
        {r: r for r in rows},
        {h: h for h in heads},
        _anchors(*rows, *sections, *heads, *TRIAL_COLUMNS, *TRIAL_ROWS, TRIAL_SECTION),
    )


def _three() -> Shape:
    columns = tuple(col for col, _ in schema.T3_COLUMNS)
    groups = [*sorted({row.group for row in schema.T3_ROWS if row.group}), schema.T3_RESULTS]
    headers = [c.text for c in schema.TABLE_THREE.cells if c.text and c.row < schema.T3_BODY]
    names = dict(schema.T3_COLUMNS)
    # A short label (3.其他) is named with its group, so a message is never ambiguous.
    row_names = {
        r.key: r.full_label if len(core(r.label)) <= 4 and r.group else r.label for r in schema.T3_ROWS
    }
    return Shape(
        "三",
        Labels([(r.label, r.key) for r in schema.T3_ROWS]),
        Labels([(g, g) for g in groups]),
        Labels([(name, col) for col, name in schema.T3_COLUMNS] + [(h, IGNORED) for h in headers]),
        {(r.key, col): schema.t3_key(r.key, col) for r in schema.T3_ROWS for col in columns},
        {r.key: columns for r in schema.T3_ROWS},
        row_names,
        names,
        _anchors(*(r.label for r in schema.T3_ROWS), *groups, *headers),
    )


def _four() -> Shape:
    """Table 四 has one row of values and no row labels: its columns are a group and a result each."""
    heads = [c.text for c in schema.TABLE_FOUR.cells if c.text and c.colspan > 1]
    groups = [(h, next((g for g, name in schema.T4_GROUPS if name.endswith(h)), IGNORED)) for h in heads]
    columns = {
        f"{g}_{r}": f"{gname}/{rname}" for g, gname in schema.T4_GROUPS for r, rname in schema.T4_RESULTS
    }
    return Shape(
        "四",
        Labels([]),
        Labels(groups),
        Labels([(name, r) for r, name in schema.T4_RESULTS]),
        {("", c): f"t4_{c}" for c in columns},
        {"": tuple(columns)},
        {"": ""},
        columns,
        _anchors(*heads, *(name for _, name in schema.T4_RESULTS)),
    )


TWO, THREE, FOUR = _two(), _three(), _four()
SHAPES = (TWO, THREE, FOUR)


def row_label(shape: Shape, cells: tuple[Cell, ...]) -> tuple[int, str | None, Cell | None]:
    """The rightmost cell naming a row: its index, the row, and a value printed in the same cell (行政许可 0)."""
    for index in range(len(cells) - 1, -1, -1):
        text = cells[index].text.strip()
        if not text or is_value(text):
            continue
        split = _SPLIT.match(text)
        if split and is_value(split[2]) and (name := shape.rows.match(split[1])) is not None:
            return index, name, Cell(split[2], cells[index].col)
        name = shape.rows.match(text)
        # A near miss that a group label matches too is no row: 予公开 is a piece of （三）不予公开.
        if name is not None and (shape.rows.exact(text) or shape.groups.match(text) is None):
            return index, name, None
    return -1, None, None
