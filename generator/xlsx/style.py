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

# Column widths are in character units of the default font: 5.25 pt each in Excel and WPS (Calibri), about 6.6 pt in
# LibreOffice where Calibri falls back to a wider font. An A4 page within the margins below is 509 pt across in
# portrait and 755 pt in landscape, so sheets laid out to these widths print at 100 % in all three ("fit to one page
# wide" is kept only as a safety net and does not shrink them).
UNIT_PT = 5.25
PORTRAIT_UNITS = 76.0
LANDSCAPE_UNITS = 112.0
LABEL_WIDTH = 22.0  # the label column of a form
INPUT_WIDTH = PORTRAIT_UNITS - LABEL_WIDTH  # the input column of a form
HINT_WIDTH = 40.0  # the hint column of a form: on screen only, outside the print area
TEXT_MIN_HEIGHT = 120.0  # a text cell shows about seven lines before the clerk starts typing
INPUT_MIN_HEIGHT = 22.0  # a one-line input cell, tall enough to click and read
LANDSCAPE = (schema.SHEET_T3, schema.SHEET_T4)


def lines_needed(text: str, width: float, size: float) -> int:
    """How many lines `text` wraps to in a cell `width` units wide, at font `size` pt (a CJK glyph is `size` wide)."""
    per_line = max(1.0, (width * UNIT_PT - 6) / size)
    return sum(max(1, math.ceil(text_width(line) / per_line)) for line in text.splitlines() or [""])


def line_height(size: float) -> float:
    """One line of text at `size` pt, as Excel and LibreOffice space CJK fonts, with the cell's padding."""
    return size * 1.45


def fit_rows(ws: Any) -> None:
    """Raise every row to the height its wrapped text needs, merged cells included.

    Excel and WPS do not grow a row for text a program wrote, and a printout shows only what the row height allows,
    so every height is written out. A row is only ever raised: a taller minimum set by the writer stays.
    """
    from openpyxl.cell.cell import MergedCell

    spans = {(m.min_row, m.min_col): (m.max_row, m.max_col) for m in ws.merged_cells.ranges}
    deferred = []
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell, MergedCell) or cell.value is None:
                continue
            text = str(cell.value)
            if text.startswith("="):
                continue  # a formula's result is a number or a short ✓/✗
            last_row, last_col = spans.get((cell.row, cell.column), (cell.row, cell.column))
            width = sum(_width(ws, c) for c in range(cell.column, last_col + 1))
            size = float(cell.font.sz or 11)
            wrapped = bool(cell.alignment.wrap_text)
            lines = lines_needed(text, width, size) if wrapped else 1
            needed = lines * line_height(size) + 6
            deferred.append((last_row - cell.row, cell.row, last_row, needed))
    for _, first, last, needed in sorted(deferred):  # single rows first, then what spans several
        rows = range(first, last + 1)
        have = sum(_height(ws, r) for r in rows)
        if have < needed:
            for r in rows:
                ws.row_dimensions[r].height = round(_height(ws, r) + (needed - have) / len(rows), 1)


def _width(ws: Any, column: int) -> float:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    width = ws.column_dimensions[letter].width if letter in ws.column_dimensions else None
    return float(width or 8.43)


def _height(ws: Any, row: int) -> float:
    height = ws.row_dimensions[row].height if row in ws.row_dimensions else None
    return float(height or 15.0)


def page_setup(ws: Any, columns: int | None = None, title_rows: str | None = None) -> None:
    """A4, one page wide: the wide tables in landscape, the rest in portrait; the print area is the first `columns`
    columns (all when None), and `title_rows` ("1:5") repeat at the top of every printed page."""
    from openpyxl.utils import get_column_letter

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ws.title in LANDSCAPE else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_options.horizontalCentered = True
    if columns is not None:
        ws.print_area = f"A1:{get_column_letter(columns)}{ws.max_row}"
    if title_rows is not None:
        ws.print_title_rows = title_rows


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
    # Excel widths in the proportions of the Word table, as wide as the printed page holds at 100 %.
    scale = (LANDSCAPE_UNITS if table.sheet in LANDSCAPE else PORTRAIT_UNITS) / sum(table.widths)
    for col, twips in enumerate(table.widths):
        ws.column_dimensions[schema.column_letter(col)].width = round(max(8.0, twips * scale), 2)
    for r in range(table.first_row, table.first_row + table.rows):
        ws.row_dimensions[r].height = INPUT_MIN_HEIGHT
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
                top.number_format = money_format(f)
        else:
            top.value = cell.text
            top.fill = st["label_fill"]
            top.alignment = st["left"] if cell.left else st["center"]
    # The headings stay in view while scrolling, and table 三's repeat on its second printed page.
    heading = table.first_row + (schema.T3_BODY if table.name == "三" else 3 if table.name == "四" else 0)
    ws.freeze_panes = f"{'D' if table.name == '三' else 'A'}{heading}"
    ws.print_title_rows = f"1:{heading - 1}"
    fit_rows(ws)
    protect(ws)


def money_unit(f: schema.Field) -> str:
    """The unit a money cell's label names: 表二's 行政事业性收费 is in 万元, 六's 信息处理费 in 元."""
    return "万元" if "万元" in f.label else "元"


def money_format(f: schema.Field) -> str:
    """The number as typed, followed by its unit, so a figure in 元 never reads as 万元 or the other way round."""
    return f'General"{money_unit(f)}"'
