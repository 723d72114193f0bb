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
from .style import GUIDE_CHARS, TEXT_CELL_CHARS, page_setup, protect, row_height, styles, write_table

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
) -> bytes:
    """The standardized workbook as .xlsx bytes; `values` fills cells by key, `notes` go to 填写说明.

    `copied` are text keys whose value is last year's text (from `copied_year`): each is marked 需更新 (an orange
    cell, a comment, the old year in red) and its text's fingerprint is kept, so `check` can tell it is unchanged.
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
        page_setup(ws)
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
    _add_validation(sheets)


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
        if f.kind is Kind.TEXT and isinstance(value, str):
            ws.row_dimensions[cell.row].height = row_height(value, TEXT_CELL_CHARS, minimum=120)
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
    ws.column_dimensions["A"].width = 88
    lines = [
        ("政府信息公开工作年度报告 标准化工作簿", st["title"]),
        (
            f"工作簿格式版本：{schema.FORMAT_VERSION}。请勿修改工作表名称、删除工作表或复制粘贴整张工作表。",
            st["font"],
        ),
        ("", st["font"]),
        ("怎样填写", st["bold"]),
        (
            "1. 黄色格子由您填写；蓝色格子是公式，自动计算，不用填；灰色格子是固定标签，已锁定（审阅→撤销工作表保护，无密码）。",
            st["font"],
        ),
        (
            "2. 数字格只填不小于0的整数，没有就填0或留空（留空按0计）；表二“本年收费金额”单位是万元，可带小数。"
            "“五、六”表的两个信息处理费格子例外：必须填写，没有就填0。",
            st["font"],
        ),
        (
            "3. 文字格可写多段：在单元格内按 Alt+Enter 换行（WPS 同样），每行在报告中成为一段，不必在段首加空格。",
            st["font"],
        ),
        ("4. 可以插入行、调整行高列宽：程序通过“名称”找到每个格子，不依赖行号。", st["font"]),
        ("5. 表三下方的“核对”一行实时显示每列是否满足 一+二=（七）总计+四。", st["font"]),
        ("6. 填好后运行：gigen build 本工作簿.xlsx ，即生成国办格式的Word报告。", st["font"]),
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
        ws.row_dimensions[row].height = row_height(text, GUIDE_CHARS)
    protect(ws)


def _write_form(ws: Any, title: str, fields: Sequence[Field]) -> None:
    """A two-column form: label, input cell, and a hint to the right."""
    st = styles()
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 40
    ws["A1"] = title
    ws["A1"].font = st["title"]
    for f in fields:
        label = ws[f"A{ws[f.cell].row}"]
        label.value = f.label + ("（必填）" if f.required else "")
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
        if f.kind is Kind.TEXT:
            ws.row_dimensions[cell.row].height = 120
        if f.kind is Kind.DATE:
            cell.number_format = 'yyyy"年"m"月"d"日"'
        hint = ws[f"C{cell.row}"]
        hint.value = f.hint or None
        hint.font = st["hint"]
        hint.alignment = st["top"]
    protect(ws)


def _write_t2_previous(ws: Any) -> None:
    st = styles()
    fields = [f for f in schema.T2_FIELDS if f.key.startswith("prev_")]
    first = ws[fields[0].cell].row - 1
    ws.cell(row=first, column=1, value="上年数据（可不填；填了就核对“现行有效件数”是否前后衔接）").font = st[
        "bold"
    ]
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


def _add_validation(sheets: Mapping[str, Any]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    for name, ws in sheets.items():
        whole = DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="请填写整数",
            error="这里只能填写不小于0的整数，没有就填0。",
            promptTitle="整数",
            prompt="填写不小于0的整数，没有就填0。",
        )
        money = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="请填写金额",
            error="这里只能填写不小于0的数字，没有就填0。",
            promptTitle="金额",
            prompt="填写不小于0的数字，可带小数，没有就填0。",
        )
        year = DataValidation(
            type="whole",
            operator="between",
            formula1="2000",
            formula2="2100",
            allow_blank=False,
            showErrorMessage=True,
            errorTitle="请填写年度",
            error="报告年度是四位数字的年份，如2024。",
        )
        by_kind = {Kind.COUNT: whole, Kind.MONEY: money, Kind.YEAR: year}
        for f in schema.FIELDS:
            if f.sheet == name and not f.derived and f.kind in by_kind:
                by_kind[f.kind].add(f.cell)
            if f.sheet == name and f.kind is Kind.CHOICE:
                ws.add_data_validation(_choice_list(f))
        for dv in by_kind.values():
            if dv.sqref:
                ws.add_data_validation(dv)


def _choice_list(f: Field) -> Any:
    """A drop-down list of the field's choices; typing something else is refused by Excel and WPS."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(f.choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="请从列表中选择",
        error=f"{f.label}只能从下拉列表中选择，不确定就留空。",
        promptTitle=f.label,
        prompt="从下拉列表选择；不填则按机关全称判断。",
    )
    dv.add(f.cell)
    return dv
