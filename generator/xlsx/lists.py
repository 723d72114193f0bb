"""Plain list workbooks (the batch summary) and the county roll-up workbook, written with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from .. import schema
from ..archive import printable
from ..model import text_width
from .style import page_setup, styles, write_table


def list_workbook(sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """Plain lists as .xlsx bytes: one sheet per entry, a bold frozen header row with filters, widths to fit."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, (headers, rows) in sheets.items():
        write_list(wb.create_sheet(name), headers, rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rollup_workbook(
    first: tuple[str, Sequence[str], Sequence[Sequence[object]]],
    totals: Mapping[str, object],
    last: tuple[str, Sequence[str], Sequence[Sequence[object]]],
) -> bytes:
    """The county roll-up: a list sheet, tables 二, 三 and 四 in the official layout holding `totals`, a list sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    write_list(wb.create_sheet(first[0]), first[1], first[2])
    for table in schema.TABLES:
        ws = wb.create_sheet(table.sheet)
        write_table(ws, table)
        for cell in table.cells:
            if cell.key:
                ws[schema.FIELD_BY_KEY[cell.key].cell] = totals[cell.key]
        ws.protection.sheet = False  # the county's copy: nothing to protect
        page_setup(ws)
    write_list(wb.create_sheet(last[0]), last[1], last[2])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_list(ws: Any, headers: Sequence[str], rows: Sequence[Sequence[object]], first_row: int = 1) -> None:
    from openpyxl.utils import get_column_letter

    st = styles()
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=first_row, column=col, value=header)
        cell.font, cell.fill, cell.border, cell.alignment = (
            st["bold"],
            st["label_fill"],
            st["border"],
            st["center"],
        )
    widths = [text_width(h) for h in headers]
    for r, row in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(row, start=1):
            # a file name's undecodable bytes or control characters: no cell holds them
            if isinstance(value, str):
                value = printable(value)
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text a township typed, never a formula in the county's workbook
            cell.font = st["font"]
            widths[col - 1] = max(widths[col - 1], min(40.0, text_width(str(value))))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = max(6.0, width * 2 + 2)
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{first_row}:{last}{first_row + max(1, len(rows))}"
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1)
    ws.print_title_rows = f"{first_row}:{first_row}"
    page_setup(ws)
