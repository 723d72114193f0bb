"""The blank standardized workbook, written with openpyxl: forms, the three tables, formulas, validation, print setup.

openpyxl is imported when a workbook is first written, so commands that never write one start faster.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from .. import schema
from ..schema import Field, Kind
from .interpret import fingerprint
from .lists import write_list
from .prompts import add_validation
from .style import (
    HINT_WIDTH,
    INPUT_MIN_HEIGHT,
    INPUT_WIDTH,
    LABEL_WIDTH,
    PORTRAIT_UNITS,
    TEXT_MIN_HEIGHT,
    fit_rows,
    money_format,
    page_setup,
    protect,
    styles,
    write_table,
)

# Printed columns per sheet: a form prints its labels and inputs, not the hint column (each hint is also the input
# message of its cell, so it shows on screen where it is needed); the guide is one column; a table is all its own.
FORM_SHEETS = (schema.SHEET_META, schema.SHEET_ONE, schema.SHEET_FIVE_SIX)
PRINTED_COLUMNS = {
    schema.SHEET_GUIDE: 1,
    **dict.fromkeys(FORM_SHEETS, 2),
    **{t.sheet: t.cols for t in schema.TABLES},
}

# ---------------------------------------------------------------------------------------------------------
# Writing the blank workbook
# ---------------------------------------------------------------------------------------------------------


def blank_workbook(
    org_name: str = "",
    year: int | None = None,
    values: Mapping[str, object] | None = None,
    notes: Sequence[str] = (),
    copied: Sequence[str] = (),
    copied_year: int = 0,
    record: tuple[Sequence[str], Sequence[Sequence[object]]] | None = None,
) -> bytes:
    """The standardized workbook as .xlsx bytes; `values` fills cells by key, `notes` go to 填写说明.

    `copied` are text keys whose value is last year's text (from `copied_year`): each is marked 需更新 (an orange
    cell, a comment, the old year in red) and its text's fingerprint is kept, so `check` can tell it is unchanged.
    `record` (headers, rows) is a last sheet, 导入记录: where in a published report each imported value stood.
    """
    from openpyxl import Workbook

    filled: dict[str, object] = {"org_name": org_name or None, "year": year}
    filled.update(values or {})
    unknown = sorted(set(filled) - set(schema.FIELD_BY_KEY))
    if unknown:
        raise ValueError(f"unknown keys: {unknown}")
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in schema.SHEETS}
    _write_sheets(sheets, notes)
    _fill(wb, sheets, filled)
    for key in copied:
        _mark_copied(wb, sheets[schema.FIELD_BY_KEY[key].sheet], key, str(filled[key]), copied_year)
    for ws in wb.worksheets:
        fit_rows(ws)
        page_setup(ws, PRINTED_COLUMNS[ws.title])
    if record is not None:
        write_list(wb.create_sheet(schema.SHEET_RECORD), *record)
    _lock_structure(wb)
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_sheets(sheets: Mapping[str, Any], notes: Sequence[str]) -> None:
    """Every sheet's labels, tables, formulas and validation, before any value is filled in."""
    _write_guide(sheets[schema.SHEET_GUIDE], notes)
    _write_form(sheets[schema.SHEET_META], "基本信息", schema.META_FIELDS)
    _write_form(sheets[schema.SHEET_ONE], "一、总体情况", schema.SECTION_ONE_FIELDS)
    _write_form(
        sheets[schema.SHEET_FIVE_SIX],
        "五、存在的主要问题及改进情况　六、其他需要报告的事项",
        schema.FIVE_SIX_FIELDS,
    )
    for table in schema.TABLES:
        write_table(sheets[table.sheet], table)
    _write_t2_previous(sheets[schema.SHEET_T2])
    _write_t3_check_row(sheets[schema.SHEET_T3])
    add_validation(sheets)


def _lock_structure(wb: Any) -> None:
    """Sheets cannot be renamed, moved, added or deleted (the reader finds them by name); no password, as for the
    sheets, and every input cell stays editable."""
    from openpyxl.workbook.protection import WorkbookProtection

    wb.security = WorkbookProtection(lockStructure=True)


def _fill(wb: Any, sheets: Mapping[str, Any], filled: Mapping[str, object]) -> None:
    """Every field's cell: its value, its formula or its default; its defined name; and the format version."""
    from openpyxl.workbook.defined_name import DefinedName

    for f in schema.FIELDS:
        ws = sheets[f.sheet]
        cell = ws[f.cell]
        value = filled.get(f.key)
        if value is not None:
            cell.value = (
                value.isoformat() if isinstance(value, dt.date) and f.kind is not Kind.DATE else value
            )
        elif f.derived:
            cell.value = "=" + "+".join(_address(schema.FIELD_BY_KEY[p], f.sheet) for p in f.parts)
        elif f.kind is Kind.TITLE:
            cell.value = f.default
        wb.defined_names[f.key] = DefinedName(
            f.key, attr_text=f"'{f.sheet}'!${cell.column_letter}${cell.row}"
        )
    wb.defined_names[schema.FORMAT_NAME] = DefinedName(
        schema.FORMAT_NAME, attr_text=str(schema.FORMAT_VERSION), hidden=True
    )


COPIED_FILL = "FCE4D6"  # pale orange: last year's text, to be updated


def _mark_copied(wb: Any, ws: Any, key: str, text: str, year: int) -> None:
    """需更新: an orange cell, a comment saying so, and last year's year in red wherever the text names it; a hidden
    name keeps the text's fingerprint, so `check` can tell whether it was edited."""
    from openpyxl.workbook.defined_name import DefinedName

    name = schema.COPIED_PREFIX + key
    wb.defined_names[name] = DefinedName(name, attr_text=f'"{fingerprint(text)}"', hidden=True)
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    cell = ws[schema.FIELD_BY_KEY[key].cell]
    cell.fill = PatternFill("solid", fgColor=COPIED_FILL)
    cell.comment = Comment(
        f"需更新：这一格是从{year}年度工作簿复制的原文，请按本年度情况修改。改过之后 gigen check 不再提示。",
        "gigen",
    )
    old = f"{year}年"
    if year and old in text:
        pieces: list[Any] = []
        for i, part in enumerate(text.split(old)):
            if i:
                pieces.append(TextBlock(InlineFont(color="C00000", b=True), old))
            if part:
                pieces.append(part)
        cell.value = CellRichText(pieces)


def _address(f: Field, from_sheet: str) -> str:
    return f.cell if f.sheet == from_sheet else f"'{f.sheet}'!{f.cell}"


def _write_guide(ws: Any, notes: Sequence[str]) -> None:
    st = styles()
    ws.column_dimensions["A"].width = PORTRAIT_UNITS
    lines = [
        ("政府信息公开工作年度报告 标准化工作簿", st["title"]),
        (
            f"工作簿格式版本：{schema.FORMAT_VERSION}。工作表已锁定，不能改名、删除或移动；请勿复制粘贴整张工作表。",
            st["font"],
        ),
        ("", st["font"]),
        ("怎样填写", st["bold"]),
        (
            "1. 黄色格子由您填写；蓝色格子是公式，自动计算，不用填；灰色格子是固定标签，已锁定（审阅→撤销工作表保护，无密码）。",
            st["font"],
        ),
        (
            "2. 数字格填不小于0的整数，没有就填0。留空的数字格按0计，只有“五、六”表的两个信息处理费格子"
            "必须填写（没有发出收费通知、没有收费也要填0）。",
            st["font"],
        ),
        (
            "3. 两处金额单位不同：表二“行政事业性收费”以万元为单位，“五、六”表的“信息处理费”以元为单位，"
            "都可带小数；格子里的数字后面会显示单位。",
            st["font"],
        ),
        (
            "4. 文字格可写多段：在单元格内按 Alt+Enter 换行（WPS 同样），每行在报告中成为一段，不必在段首加空格。",
            st["font"],
        ),
        ("5. 可以插入行、调整行高列宽：程序通过“名称”找到每个格子，不依赖行号。", st["font"]),
        ("6. 表三下方的“核对”一行实时显示每列是否满足 一+二=（七）总计+四。", st["font"]),
        ("7. 填好后运行：gigen build 本工作簿.xlsx ，即生成国办格式的Word报告。", st["font"]),
        ("", st["font"]),
        ("工作表", st["bold"]),
        ("基本信息：机关全称、报告年度、署名、成文日期、开头段落。", st["font"]),
        (
            "一、总体情况：开头段落和主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面。",
            st["font"],
        ),
        ("表二、表三、表四：与国办格式（国办公开办函〔2021〕30号）的表格完全一致。", st["font"]),
        ("五、六：存在的主要问题及改进情况；信息处理费和其他需要报告的事项。", st["font"]),
    ]
    if notes:
        lines += [("", st["font"]), ("本示例工作簿的录入说明", st["bold"])]
        lines += [(f"· {note}", st["font"]) for note in notes]
    for row, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        cell.font = font
        cell.alignment = st["left"]
    protect(ws)


def _write_form(ws: Any, title: str, fields: Sequence[Field]) -> None:
    """A two-column form: label, input cell, and a hint to the right."""
    st = styles()
    ws.column_dimensions["A"].width = LABEL_WIDTH
    ws.column_dimensions["B"].width = INPUT_WIDTH
    ws.column_dimensions["C"].width = HINT_WIDTH
    ws.freeze_panes = "A2"
    ws["A1"] = title
    ws["A1"].font = st["title"]
    for f in fields:
        label = ws[f"A{ws[f.cell].row}"]
        label.value = f.label + _mandatory(f)
        label.font = st["bold"]
        label.fill = st["label_fill"]
        label.alignment = st["left"]
        label.border = st["border"]
        cell = ws[f.cell]
        cell.font = st["font"]
        cell.fill = st["input_fill"]
        cell.border = st["border"]
        cell.protection = st["unlocked"]
        cell.alignment = st["top"] if f.kind is Kind.TEXT else st["left"]
        ws.row_dimensions[cell.row].height = TEXT_MIN_HEIGHT if f.kind is Kind.TEXT else INPUT_MIN_HEIGHT
        if f.kind is Kind.DATE:
            cell.number_format = 'yyyy"年"m"月"d"日"'
        if f.kind is Kind.MONEY:
            cell.number_format = money_format(f)
        hint = ws[f"C{cell.row}"]
        hint.value = f.hint or None
        hint.font = st["hint"]
        hint.alignment = st["top"]
    protect(ws)


def _mandatory(f: Field) -> str:
    """What a form label adds for a cell that cannot be left blank."""
    if f.key in schema.FEE_KEYS:
        return "（必填，没有就填0）"
    return "（必填）" if f.required else ""


def _write_t2_previous(ws: Any) -> None:
    st = styles()
    fields = [f for f in schema.T2_FIELDS if f.key.startswith("prev_")]
    first = ws[fields[0].cell].row - 1
    heading = ws.cell(row=first, column=1, value="上年数据（可不填；填了就核对“现行有效件数”是否前后衔接）")
    heading.font, heading.alignment = st["bold"], st["left"]
    ws.merge_cells(start_row=first, start_column=1, end_row=first, end_column=schema.TABLE_TWO.cols)
    for f in fields:
        cell = ws[f.cell]
        label = ws.cell(row=cell.row, column=1, value=f.label)
        label.fill, label.border, label.font, label.alignment = (
            st["label_fill"],
            st["border"],
            st["font"],
            st["left"],
        )
        cell.fill, cell.border, cell.font = st["input_fill"], st["border"], st["font"]
        cell.protection = st["unlocked"]
        cell.alignment = st["center"]
        ws.row_dimensions[cell.row].height = INPUT_MIN_HEIGHT


def _write_t3_check_row(ws: Any) -> None:
    """A live check under table 三: per column, does 一+二 equal （七）总计+四?"""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font

    st = styles()
    table = schema.TABLE_THREE
    row = table.first_row + table.rows
    cells = {f.key: ws[f.cell] for f in schema.T3_FIELDS}
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    label = ws.cell(row=row, column=1, value="核对：一+二 是否等于（七）总计+四")
    label.font, label.alignment, label.fill = st["bold"], st["left"], st["label_fill"]
    for col, _ in schema.T3_COLUMNS:
        a, b, c, d = (cells[schema.t3_key(r, col)].coordinate for r in schema.T3_BALANCE_ROWS)
        target = ws.cell(row=row, column=cells[schema.t3_key("new", col)].column)
        target.value = f'=IF({a}+{b}={c}+{d},"✓ 相符","✗ 相差"&ABS({a}+{b}-{c}-{d})&"件")'
        target.font, target.alignment, target.border = st["font"], st["center"], st["border"]
    first = ws.cell(row=row, column=4).coordinate
    last = ws.cell(row=row, column=10).coordinate
    ws.conditional_formatting.add(
        f"{first}:{last}", FormulaRule(formula=[f'LEFT({first},1)="✗"'], font=Font(color="C00000", bold=True))
    )
    ws.row_dimensions[row].height = 24
