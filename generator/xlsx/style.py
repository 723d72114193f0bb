"""The look every gigen workbook shares: fills, fonts, borders, row heights, protection, A4 print setup, and the
official tables laid out cell for cell (the township's workbook and the county's roll-up alike)."""

from __future__ import annotations

import math
from typing import Any

from .. import schema
from ..model import text_width
from ..schema import Kind

INPUT_FILL = "FFF2CC"  # pale yellow: the clerk types here
DERIVED_FILL = "DDEBF7"  # pale blue: computed by a formula
LABEL_FILL = "F2F2F2"  # grey: fixed labels
FONT_NAME = "宋体"

TEXT_CELL_CHARS = 44  # Chinese characters per line in a 90-wide text cell
GUIDE_CHARS = 40  # Chinese characters per line in the 88-wide column of 填写说明


def row_height(text: str, chars_per_line: int, minimum: float = 0.0) -> float:
    """A row tall enough to show the whole text (Excel does not grow a row for text written by a program)."""
    lines = sum(max(1, math.ceil(text_width(line) / chars_per_line)) for line in text.splitlines() or [""])
    return min(409.0, max(minimum, lines * 15 + 6))  # 15 pt a line; Excel's tallest row is 409 pt


def page_setup(ws: Any) -> None:
    """Print each sheet one page wide: the tables in landscape, the forms in portrait, on A4."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ws.title in (schema.SHEET_T3, schema.SHEET_T4) else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="808080")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "label_fill": PatternFill("solid", fgColor=LABEL_FILL),
        "input_fill": PatternFill("solid", fgColor=INPUT_FILL),
        "derived_fill": PatternFill("solid", fgColor=DERIVED_FILL),
        "font": Font(name=FONT_NAME, size=11),
        "bold": Font(name=FONT_NAME, size=11, bold=True),
        "title": Font(name=FONT_NAME, size=14, bold=True),
        "hint": Font(name=FONT_NAME, size=10, color="666666"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "top": Alignment(horizontal="left", vertical="top", wrap_text=True),
        "unlocked": Protection(locked=False),
    }


def protect(ws: Any) -> None:
    # Labels are locked against accidental edits; there is no password, so a user can still unprotect.
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # False = allowed: widths, heights and new rows stay possible
    ws.protection.formatRows = False
    ws.protection.insertRows = False


def write_table(ws: Any, table: schema.Table) -> None:
    """An official table, cell for cell and merge for merge, starting at column A of table.first_row."""
    st = styles()
    ws["A1"] = table.title + ("（单位：件）" if table.name != "二" else "")
    ws["A1"].font = st["title"]
    # Excel widths in characters, in the proportions of the Word table.
    scale = 9.0 if table.name == "四" else 7.0
    for col, twips in enumerate(table.widths):
        ws.column_dimensions[schema.column_letter(col)].width = max(8.0, twips / 1000 * scale * 1.6)
    for cell in table.cells:
        r0 = cell.row + table.first_row
        for r in range(r0, r0 + cell.rowspan):
            for c in range(cell.col + 1, cell.col + cell.colspan + 1):
                ws.cell(row=r, column=c).border = st["border"]
        top = ws.cell(row=r0, column=cell.col + 1)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=r0,
                start_column=cell.col + 1,
                end_row=r0 + cell.rowspan - 1,
                end_column=cell.col + cell.colspan,
            )
        top.font = st["font"]
        if cell.key:
            f = schema.FIELD_BY_KEY[cell.key]
            top.fill = st["derived_fill"] if f.derived else st["input_fill"]
            top.alignment = st["center"]
            if not f.derived:
                top.protection = st["unlocked"]
            if f.kind is Kind.MONEY:
                top.number_format = "General"
        else:
            top.value = cell.text
            top.fill = st["label_fill"]
            top.alignment = st["left"] if cell.left else st["center"]
    if table.name == "三":
        for r in range(table.first_row + schema.T3_BODY, table.first_row + table.rows):
            ws.row_dimensions[r].height = 30
        ws.row_dimensions[table.first_row].height = 30
    if table.name == "四":
        ws.row_dimensions[table.first_row + 1].height = 20
        ws.row_dimensions[table.first_row + 2].height = 30
    ws.freeze_panes = None
    protect(ws)
