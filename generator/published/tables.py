"""Tables 二, 三 and 四 of a published report → the workbook's keys, by their printed labels, never by position.

Each Table block is given to the official table whose labels it holds (table 二 may be several small tables, table
三 may go on in the next block with its header repeated, or without it and with a row broken by the page, which
continued.py mends). In a block, a header row names the columns; a data row is named by its rightmost cell that is
a row label, and its values are the cells right of that label. Where the medium has a grid (cells spanning
columns), values go to the column whose header stands above them; in text copies they go in order, the header
deciding which columns the report has (a report without the 其他 column).
"""

from __future__ import annotations

from dataclasses import replace

from .. import schema
from ..errors import Finding, Severity
from . import continued
from .document import Cell, Document, Paragraph, Part, Row, Table
from .labels import core, is_value, numbered
from .normal import squeezed, tidy
from .placing import NUMBER, Line, Scan, extra, finding, place_values
from .shapes import FOUR, IGNORED, SHAPES, TRIAL, TWO, Shape, row_label

_TRIAL_GROUP = "（六）其他处理"  # the undivided row of the 2019 trial format


def read(document: Document) -> Part:
    """Tables 二, 三 and 四 by key, where each value stood, and a finding for whatever could not be placed."""
    part = Part()
    blocks = _classify(document)
    trial: list[str] = []
    for shape in SHAPES:
        tables = blocks[shape.name]
        if not tables:
            part.findings.append(_missing_table(shape, document))
            continue
        scan = Scan(shape)
        for table in continued.joined(shape, tables):
            _scan_table(scan, table, part)
        place_values(scan, part, tables[0].place)
        for header, place in scan.units:
            message = f"表二收费金额的表头印作“{tidy(header)}”，单位不是万元；读取的数照原样，没有换算成万元，请核对。"
            part.findings.append(finding("IMP-T2-UNIT", Severity.WARNING, message, place, "t2_fees"))
        trial += scan.trial
    if trial:
        listed = "、".join(dict.fromkeys(trial))
        part.findings.append(
            finding(
                "IMP-TRIAL",
                Severity.ERROR,
                f"这份报告的表格是2019年试行格式（国办公开办函〔2019〕60号），不是国办公开办函〔2021〕30号的格式，{listed}在现行工作簿里没有对应的格，没有读取；与现行格式相同的各格照常读取。",
                _first_place(blocks),
            )
        )
    return part


def _classify(document: Document) -> dict[str, list[Table]]:
    """The Table blocks of each official table, by the labels they hold (a block holding two is split)."""
    found: dict[str, list[Table]] = {shape.name: [] for shape in SHAPES}
    for block in document.blocks:
        if isinstance(block, Table):
            for name, rows in _segments(block):
                found[name].append(Table(rows, block.place))
    return found


def _segments(block: Table) -> list[tuple[str, tuple[Row, ...]]]:
    """A block's runs of rows, each run the table its labels name: one extractor may join 二, 三 and 四 in one block."""
    runs: list[tuple[str, list[Row], int]] = []  # (table, rows, how many of its labels)
    leading: list[Row] = []
    for row in block.rows:
        cores = {core(cell.text) for cell in row.cells}
        hits = {shape.name: len(cores & shape.anchors) for shape in SHAPES}
        best = max(hits, key=lambda name: hits[name])
        vote = best if hits[best] and list(hits.values()).count(hits[best]) == 1 else None
        # Another table starts on a row with two of its labels (行政复议, 行政诉讼), not on a stray word (其他).
        if vote and (not runs or (runs[-1][0] != vote and hits[vote] >= 2)):
            runs.append((vote, [*leading, row], hits[vote]))
            leading = []
        elif runs:
            name, rows, score = runs[-1]
            rows.append(row)
            runs[-1] = (name, rows, score + (hits[name] if vote == name else 0))
        else:
            leading.append(row)
    return [(name, tuple(rows)) for name, rows, score in runs if score >= 2]


def _grid(table: Table) -> bool:
    """A medium with a real grid (Word, HTML, some PDFs) spans cells; a text copy never does."""
    return any(cell.colspan > 1 or cell.rowspan > 1 for row in table.rows for cell in row.cells)


def _scan_table(scan: Scan, table: Table, part: Part) -> None:
    grid = _grid(table)
    width = continued.width(table)
    settled = False  # this block's columns are known: by its own header, or matched to the block before
    pending: tuple[str, str] | None = None  # a row label printed on a line of its own, its numbers below
    after_data = True
    previous = False  # the row before held only numbers
    for at, row in enumerate(table.rows):
        if _header(scan, row, after_data, grid):
            after_data, settled, scan.width = False, True, width
            continue
        unsettled = not settled and grid and bool(scan.positions) and width != scan.width
        if unsettled and not continued.placed(scan, table.rows[at:], width, table.place, part):
            return
        after_data, settled = True, True
        index, name, split = row_label(scan.shape, row.cells)
        if name is None:
            pending, previous = _nameless(scan, row, grid, pending, previous, part)
            continue
        previous = False
        values = (*([split] if split else []), *row.cells[index + 1 :])
        _stray(scan, row, row.cells[:index], part)
        if pending:
            _line(scan, pending[0], (), pending[1], grid, part)
            pending = None
        if name == TRIAL:
            scan.trial.append(f"表{scan.shape.name}“{tidy(row.cells[index].text)}”行")
        elif not grid and not any(_printed(c.text) for c in values):
            pending = (name, row.place)
        else:
            _line(scan, name, tuple(values), row.place, grid, part)
    if pending:
        _line(scan, pending[0], (), pending[1], grid, part)


def _nameless(
    scan: Scan, row: Row, grid: bool, pending: tuple[str, str] | None, previous: bool, part: Part
) -> tuple[tuple[str, str] | None, bool]:
    """A row no label names: the numbers of a label printed above it, table 四's values, or what is no row.

    Returns the label still waiting for its numbers, and whether this row held only numbers.
    """
    numbers = [c for c in row.cells if c.text.strip() and is_value(c.text)]
    words = [c.text for c in row.cells if c.text.strip() and not is_value(c.text)]
    if numbers and pending and (not words or not grid):
        # A copy breaks a long label over lines: its start names the row, the rest stands by the numbers.
        rest = tuple(c for c in row.cells if not c.text.strip() or is_value(c.text))
        _line(scan, pending[0], rest if words else row.cells, row.place, grid, part)
        pending = None
    elif numbers and scan.shape is FOUR and not words:
        _four_values(scan, row, grid, previous, part)
    elif numbers:
        _unplaced_row(scan, row, words, part)
    elif any(scan.shape.groups.match(w) == TRIAL for w in words):
        scan.trial.append(f"表{scan.shape.name}“{tidy(words[0])}”")
    return pending, bool(numbers) and not words


def _printed(text: str) -> bool:
    """Whether a cell right of a row's label holds a value, or text with a digit in it (a garbled value)."""
    return bool(text.strip()) and (is_value(text) or any(ch.isdigit() for ch in text))


def _four_values(scan: Scan, row: Row, grid: bool, previous: bool, part: Part) -> None:
    """Table 四's row of numbers; in a copy, a line of numbers right below it goes on the same row."""
    last = scan.lines[-1] if scan.lines else None
    if last and previous and not grid and last.row == "":
        scan.lines[-1] = replace(last, cells=(*last.cells, *row.cells))
        return
    _line(scan, "", row.cells, row.place, grid, part)


def _header(scan: Scan, row: Row, after_data: bool, grid: bool) -> bool:
    """A row of column headers: no values, more column labels than row labels; it sets where each column is."""
    cells = [c for c in row.cells if c.text.strip()]
    if not cells or any(is_value(c.text) for c in cells):
        return False
    shape = scan.shape
    # 其他 and 总计 head columns of 三 and also end row labels; a row's label carries its numbering (3.其他).
    heads = [
        (c, col) for c in cells if (col := shape.columns.match(c.text)) is not None and not numbered(c.text)
    ]
    groups = [(c, g) for c in cells if (g := shape.groups.match(c.text)) is not None]
    if shape is FOUR and groups:
        scan.groups += [(c.col, c.col + c.colspan - 1, g) for c, g in groups if g != IGNORED]
    named_rows = sum(1 for c in cells if shape.rows.match(c.text) is not None and c not in dict(heads))
    if not heads or len(heads) <= named_rows:
        return bool(groups) and shape is FOUR
    if after_data:
        scan.positions = {}
    for cell, col in heads:
        column = _column(scan, cell, col)
        if column is None:
            continue
        scan.columns.add(column)
        for at in range(cell.col, cell.col + cell.colspan):
            scan.positions[at] = column
    scan.header = tuple(col for _, col in heads if col != IGNORED)
    if TRIAL in scan.header:
        scan.trial += [f"表{shape.name}“{tidy(c.text)}”列" for c, col in heads if col == TRIAL]
    scan.units += [(c.text, row.place) for c, col in heads if shape is TWO and _yuan(c.text)]
    return True


def _yuan(text: str) -> bool:
    """A fee column headed in 元 where the format has 万元: the number is read as printed, not converted."""
    plain = squeezed(text)
    return "收费" in plain and "元" in plain and "万元" not in plain


def _column(scan: Scan, cell: Cell, col: str) -> str | None:
    """The column a header cell names: table 四's result under the group spanning it, others as they are."""
    if col in (IGNORED, TRIAL):
        return None
    if scan.shape is not FOUR:
        return col
    group = next((g for first, last, g in reversed(scan.groups) if first <= cell.col <= last), None)
    return f"{group}_{col}" if group else None


def _line(scan: Scan, name: str, cells: tuple[Cell, ...], place: str, grid: bool, part: Part) -> None:
    if name in scan.seen:
        label = scan.shape.row_names[name] or "数值"
        message = f"表{scan.shape.name}“{label}”一行印了两次，这一次没有读取，以前面一次为准。"
        part.findings.append(finding(f"IMP-T{NUMBER[scan.shape.name]}-DUP", Severity.WARNING, message, place))
        return
    scan.seen.add(name)
    scan.lines.append(Line(name, cells, place, grid, dict(scan.positions), scan.header))


def _stray(scan: Scan, row: Row, before: tuple[Cell, ...], part: Part) -> None:
    """A number printed left of a row's label is in no column of the official table."""
    for cell in before:
        if cell.text.strip() and is_value(cell.text):
            message = f"表{scan.shape.name}这一行标签前多出一格“{tidy(cell.text)}”，不在国办格式的任何一格里，没有读取。"
            part.findings.append(extra(scan, message, row.place))


def _unplaced_row(scan: Scan, row: Row, words: list[str], part: Part) -> None:
    """Numbers beside a label that names no row: a 2019 trial row, a subtotal (小计), or text too garbled to name."""
    label = tidy(" ".join(words)) or "（无标签）"
    if scan.shape.groups.match(label) == _TRIAL_GROUP:
        scan.trial.append(f"表三未分项的“{_TRIAL_GROUP}”行")
        return
    message = f"表{scan.shape.name}“{label}”这一行不是国办格式的行（如小计），其中的数没有读取。"
    part.findings.append(extra(scan, message, row.place))


def _first_place(blocks: dict[str, list[Table]]) -> str:
    return next((tables[0].place for tables in blocks.values() if tables), "全文")


def _missing_table(shape: Shape, document: Document) -> Finding:
    """A table not found, placed at its section's heading when the report has one."""
    index = {"二": 1, "三": 2, "四": 3}[shape.name]
    heading = core(schema.HEADINGS[index])
    place = next(
        (b.place for b in document.blocks if isinstance(b, Paragraph) and heading in core(b.text)),
        "全文",
    )
    message = f"没有找到表{shape.name}（{schema.TABLES[index - 1].title}），表{shape.name}的各格都没有读取。"
    return finding(f"IMP-T{NUMBER[shape.name]}-TABLE", Severity.ERROR, message, place)
