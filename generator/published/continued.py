"""A table broken across pages read as one: a row the page break split is joined again, and a part printed without
its header is placed under the header's columns.

Word and LibreOffice let a row break across pages: one page ends with the first line of its label (with its numbers,
where cells are aligned at their tops), the next begins with the rest of the label over empty value cells. Each
page's table has a grid of its own, and where the label columns' inner rules do not reach a page its grid has fewer
columns than the next one's. Both are mended here by the labels and by the value columns counted from the right (in
every official table the values stand right of the labels); neither is guessed at: a part whose value cells do not
line up with the header's columns is said and left unread. This works on the Document's blocks, whatever medium cut
the table into them, since only the labels tell a row split in two from two rows.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import Severity
from .document import Cell, Part, Row, Table
from .labels import is_value
from .placing import NUMBER, Scan, finding
from .shapes import Shape, row_label


def width(table: Table) -> int:
    """How many grid columns the block has."""
    return max((c.col + c.colspan for row in table.rows for c in row.cells), default=0)


def joined(shape: Shape, tables: list[Table]) -> list[Table]:
    """The blocks of one table, a row split between the end of one block and the top of the next made one row.

    The joined row stays where its values are, at that row's place; the piece without values is taken out.
    """
    out = list(tables)
    for k in range(1, len(out)):
        before, after = out[k - 1], out[k]
        if not before.rows or not after.rows:
            continue
        last, first = before.rows[-1], after.rows[0]
        # A column of the next block, counted from the right, is this one's column col + offset.
        offset = width(before) - width(after)
        if _has_values(last) and not _has_values(first):
            row = _join(shape, last, first, offset, True)
            if row is not None:
                out[k - 1] = replace(before, rows=(*before.rows[:-1], row))
                out[k] = replace(after, rows=after.rows[1:])
        elif _has_values(first) and not _has_values(last):
            row = _join(shape, first, last, -offset, False)
            if row is not None:
                out[k - 1] = replace(before, rows=before.rows[:-1])
                out[k] = replace(after, rows=(row, *after.rows[1:]))
    return out


def _has_values(row: Row) -> bool:
    return any(c.text.strip() and is_value(c.text) for c in row.cells)


def _join(shape: Shape, whole: Row, piece: Row, shift: int, piece_after: bool) -> Row | None:
    """The row with values (whole) and the piece of its label on the other side of the page break, as one row.

    Each of the piece's cells (in the whole row's grid) goes with the cell it stands on, its label or a cell left of
    it; a piece of a cell merged down from a row above has none. It is a piece only when it says nothing of its
    own (no text over the values) and it completes the whole row's label: joined, the label
    names the row that each part names, if any; a part naming it alone joins only into the label exactly.
    """
    label = _label_index(whole)
    if label is None:
        return None
    own = whole.cells[label]
    texts = [c.text for c in whole.cells]
    added = ""  # what the piece adds to the label
    for cell in (c for c in piece.cells if c.text.strip()):
        start, end = cell.col + shift, cell.col + cell.colspan + shift
        under = [i for i, c in enumerate(whole.cells) if c.col < end and start < c.col + c.colspan]
        if len(under) > 1 or (under and under[0] > label) or (not under and start >= own.col + own.colspan):
            return None
        if under:
            i = under[0]
            texts[i] = texts[i] + cell.text if piece_after else cell.text + texts[i]
            added = cell.text if i == label else added
    name = shape.rows.match(texts[label]) if added else None
    if name is None or shape.rows.match(own.text) not in (None, name):
        return None
    # A piece naming the row by itself may be that row printed blank: joined, it must then be the label exactly.
    alone = shape.rows.match(added)
    if alone is not None and (alone != name or not shape.rows.exact(texts[label])):
        return None
    return Row(tuple(replace(c, text=t) for c, t in zip(whole.cells, texts, strict=True)), whole.place)


def _label_index(row: Row) -> int | None:
    """The rightmost cell with words in it: where a row's label stands."""
    found = [i for i, c in enumerate(row.cells) if c.text.strip() and not is_value(c.text)]
    return found[-1] if found else None


def placed(scan: Scan, rows: tuple[Row, ...], columns: int, place: str, part: Part) -> bool:
    """A part of the table without its header, its grid other than the header's: its columns matched to the header's.

    The header's columns, in order, go to each row's value cells (right of its label), when every row has that
    many at the same grid columns; otherwise which number is in which column is not known: a finding says so, the
    rows are taken as found (not said missing) and False tells the caller to read none of them.
    """
    shape = scan.shape
    ids = list(dict.fromkeys(scan.positions[at] for at in sorted(scan.positions)))
    layouts = {
        tuple((c.col, c.colspan) for c in cells) for cells in (_values(shape, r) for r in rows) if cells
    }
    if not layouts:
        return True
    if len(layouts) == 1 and len(layout := next(iter(layouts))) == len(ids):
        scan.positions = {at: ids[i] for i, (col, span) in enumerate(layout) for at in range(col, col + span)}
        scan.width = columns
        return True
    names = [name for name in (row_label(shape, r.cells)[1] for r in rows) if name is not None]
    scan.seen.update(names)
    counts = sorted({len(layout) for layout in layouts})
    if counts == [len(ids)]:
        detail = f"各行的{len(ids)}格数值不在同样的列上"
    else:
        detail = f"各行的数值印了{'、'.join(map(str, counts))}格，前面的表头是{len(ids)}列"
    message = (
        f"表{shape.name}的这一部分接着前面的表格、没有重印表头，表格的列与前面不同，{detail}，"
        f"不知道各数属于哪一列，这一部分的{len(names) or len(rows)}行都没有读取。"
    )
    part.findings.append(finding(f"IMP-T{NUMBER[shape.name]}-CONTINUED", Severity.ERROR, message, place))
    return False


def _values(shape: Shape, row: Row) -> tuple[Cell, ...]:
    """The cells right of the row's label (table 四's row of numbers has no label); none for a row no label names."""
    index, name, _ = row_label(shape, row.cells)
    if name is not None:
        return row.cells[index + 1 :]
    if "" in shape.row_columns and _has_values(row) and _label_index(row) is None:  # 四: no labels
        return row.cells
    return ()
