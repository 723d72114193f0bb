"""Write the blank standardized workbook and read a filled one (the only module importing openpyxl)."""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import schema
from .errors import Finding, Severity, WorkbookError
from .files import reason
from .model import (
    ReportData,
    Value,
    clean_text,
    format_date,
    parse_count,
    parse_money,
    parse_year,
    shown,
    text_width,
)
from .schema import Field, Kind

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls files and password-protected .xlsx files

INPUT_FILL = "FFF2CC"  # pale yellow: the clerk types here
DERIVED_FILL = "DDEBF7"  # pale blue: computed by a formula
LABEL_FILL = "F2F2F2"  # grey: fixed labels
FONT_NAME = "宋体"

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
    from openpyxl.workbook.defined_name import DefinedName

    filled: dict[str, object] = {"org_name": org_name or None, "year": year}
    filled.update(values or {})
    unknown = sorted(set(filled) - set(schema.FIELD_BY_KEY))
    if unknown:
        raise ValueError(f"unknown keys: {unknown}")

    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in schema.SHEETS}
    _write_guide(sheets[schema.SHEET_GUIDE], notes)
    _write_form(sheets[schema.SHEET_META], "基本信息", schema.META_FIELDS)
    _write_form(sheets[schema.SHEET_ONE], "一、总体情况", schema.SECTION_ONE_FIELDS)
    _write_form(sheets[schema.SHEET_FIVE_SIX], "五、存在的主要问题及改进情况　六、其他需要报告的事项",
                schema.FIVE_SIX_FIELDS)
    for table in schema.TABLES:
        _write_table(sheets[table.sheet], table)
    _write_t2_previous(sheets[schema.SHEET_T2])
    _write_t3_check_row(sheets[schema.SHEET_T3])
    _add_validation(sheets)

    for f in schema.FIELDS:
        ws = sheets[f.sheet]
        cell = ws[f.cell]
        value = filled.get(f.key)
        if value is not None:
            cell.value = value.isoformat() if isinstance(value, dt.date) and f.kind is not Kind.DATE else value
        elif f.derived:
            cell.value = "=" + "+".join(_address(schema.FIELD_BY_KEY[p], f.sheet) for p in f.parts)
        elif f.kind is Kind.TITLE:
            cell.value = f.default
        if f.kind is Kind.TEXT and isinstance(value, str):
            ws.row_dimensions[cell.row].height = _row_height(value, TEXT_CELL_CHARS, minimum=120)
        column, row = cell.column_letter, cell.row
        wb.defined_names[f.key] = DefinedName(f.key, attr_text=f"'{f.sheet}'!${column}${row}")
    wb.defined_names[schema.FORMAT_NAME] = DefinedName(
        schema.FORMAT_NAME, attr_text=str(schema.FORMAT_VERSION), hidden=True
    )
    for key in copied:
        _mark_copied(sheets[schema.FIELD_BY_KEY[key].sheet], key, str(filled[key]), copied_year)
        wb.defined_names[COPIED_PREFIX + key] = DefinedName(
            COPIED_PREFIX + key, attr_text=f'"{fingerprint(str(filled[key]))}"', hidden=True)

    for ws in wb.worksheets:
        _page_setup(ws)
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


COPIED_FILL = "FCE4D6"  # pale orange: last year's text, to be updated
COPIED_PREFIX = "gigen_copied_"  # + key: a hidden name holding the fingerprint of the text copied from last year


def fingerprint(text: str) -> str:
    """A short fingerprint of a cell's text as gigen reads it, to tell whether last year's copy was edited."""
    import hashlib

    return hashlib.sha256(clean_text(text).encode("utf-8")).hexdigest()[:16]


def _mark_copied(ws: Any, key: str, text: str, year: int) -> None:
    """需更新: an orange cell, a comment saying so, and last year's year in red wherever the text names it."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    cell = ws[schema.FIELD_BY_KEY[key].cell]
    cell.fill = PatternFill("solid", fgColor=COPIED_FILL)
    cell.comment = Comment(f"需更新：这一格是从{year}年度工作簿复制的原文，请按本年度情况修改。"
                           "改过之后 gigen check 不再提示。", "gigen")
    old = f"{year}年"
    if year and old in text:
        pieces: list[Any] = []
        for i, part in enumerate(text.split(old)):
            if i:
                pieces.append(TextBlock(InlineFont(color="C00000", b=True), old))
            if part:
                pieces.append(part)
        cell.value = CellRichText(pieces)


TEXT_CELL_CHARS = 44  # Chinese characters per line in a 90-wide text cell
GUIDE_CHARS = 40  # Chinese characters per line in the 88-wide column of 填写说明


def _row_height(text: str, chars_per_line: int, minimum: float = 0.0) -> float:
    """A row tall enough to show the whole text (Excel does not grow a row for text written by a program)."""
    lines = sum(max(1, math.ceil(text_width(line) / chars_per_line)) for line in text.splitlines() or [""])
    return min(409.0, max(minimum, lines * 15 + 6))  # 15 pt a line; Excel's tallest row is 409 pt


def _page_setup(ws: Any) -> None:
    """Print each sheet one page wide: the tables in landscape, the forms in portrait, on A4."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ws.title in (schema.SHEET_T3, schema.SHEET_T4) else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _address(f: Field, from_sheet: str) -> str:
    return f.cell if f.sheet == from_sheet else f"'{f.sheet}'!{f.cell}"


def _styles() -> dict[str, Any]:
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


def _protect(ws: Any) -> None:
    # Labels are locked against accidental edits; there is no password, so a user can still unprotect.
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # False = allowed: widths, heights and new rows stay possible
    ws.protection.formatRows = False
    ws.protection.insertRows = False


def _write_guide(ws: Any, notes: Sequence[str]) -> None:
    st = _styles()
    ws.column_dimensions["A"].width = 88
    lines = [
        ("政府信息公开工作年度报告 标准化工作簿", st["title"]),
        (f"工作簿格式版本：{schema.FORMAT_VERSION}。请勿修改工作表名称、删除工作表或复制粘贴整张工作表。", st["font"]),
        ("", st["font"]),
        ("怎样填写", st["bold"]),
        ("1. 黄色格子由您填写；蓝色格子是公式，自动计算，不用填；灰色格子是固定标签，已锁定（审阅→撤销工作表保护，无密码）。",
         st["font"]),
        ("2. 数字格只填不小于0的整数，没有就填0或留空（留空按0计）；表二“本年收费金额”单位是万元，可带小数。"
         "“五、六”表的两个信息处理费格子例外：必须填写，没有就填0。", st["font"]),
        ("3. 文字格可写多段：在单元格内按 Alt+Enter 换行（WPS 同样），每行在报告中成为一段，不必在段首加空格。", st["font"]),
        ("4. 可以插入行、调整行高列宽：程序通过“名称”找到每个格子，不依赖行号。", st["font"]),
        ("5. 表三下方的“核对”一行实时显示每列是否满足 一+二=（七）总计+四。", st["font"]),
        ("6. 填好后运行：gigen build 本工作簿.xlsx ，即生成国办格式的Word报告。", st["font"]),
        ("", st["font"]),
        ("工作表", st["bold"]),
        ("基本信息：机关全称、报告年度、署名、成文日期、开头段落。", st["font"]),
        ("一、总体情况：开头段落和主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面。", st["font"]),
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
        ws.row_dimensions[row].height = _row_height(text, GUIDE_CHARS)
    _protect(ws)


def _write_form(ws: Any, title: str, fields: Sequence[Field]) -> None:
    """A two-column form: label, input cell, and a hint to the right."""
    st = _styles()
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
    _protect(ws)


def _write_table(ws: Any, table: schema.Table) -> None:
    """An official table, cell for cell and merge for merge, starting at column A of table.first_row."""
    st = _styles()
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
            ws.merge_cells(start_row=r0, start_column=cell.col + 1,
                           end_row=r0 + cell.rowspan - 1, end_column=cell.col + cell.colspan)
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
    _protect(ws)


def _write_t2_previous(ws: Any) -> None:
    st = _styles()
    fields = [f for f in schema.T2_FIELDS if f.key.startswith("prev_")]
    first = ws[fields[0].cell].row - 1
    ws.cell(row=first, column=1, value="上年数据（可不填；填了就核对“现行有效件数”是否前后衔接）").font = st["bold"]
    for f in fields:
        cell = ws[f.cell]
        label = ws.cell(row=cell.row, column=1, value=f.label)
        label.fill, label.border, label.font, label.alignment = st["label_fill"], st["border"], st["font"], st["left"]
        cell.fill, cell.border, cell.font = st["input_fill"], st["border"], st["font"]
        cell.protection = st["unlocked"]
        cell.alignment = st["center"]


def _write_t3_check_row(ws: Any) -> None:
    """A live check under table 三: per column, does 一+二 equal （七）总计+四?"""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font

    st = _styles()
    table = schema.TABLE_THREE
    row = table.first_row + table.rows
    cells = {f.key: ws[f.cell] for f in schema.T3_FIELDS}
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    label = ws.cell(row=row, column=1, value="核对：一+二 是否等于（七）总计+四")
    label.font, label.alignment, label.fill = st["bold"], st["left"], st["label_fill"]
    for col, _ in schema.T3_COLUMNS:
        a, b, c, d = (cells[schema.t3_key(r, col)].coordinate
                      for r in ("new", "carried_over", "handled", "carried_forward"))
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
        whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, showInputMessage=True, errorTitle="请填写整数",
                               error="这里只能填写不小于0的整数，没有就填0。", promptTitle="整数",
                               prompt="填写不小于0的整数，没有就填0。")
        money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, showInputMessage=True, errorTitle="请填写金额",
                               error="这里只能填写不小于0的数字，没有就填0。", promptTitle="金额",
                               prompt="填写不小于0的数字，可带小数，没有就填0。")
        year = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100",
                              allow_blank=False, showErrorMessage=True, errorTitle="请填写年度",
                              error="报告年度是四位数字的年份，如2024。")
        by_kind = {Kind.COUNT: whole, Kind.MONEY: money, Kind.YEAR: year}
        for f in schema.FIELDS:
            if f.sheet == name and not f.derived and f.kind in by_kind:
                by_kind[f.kind].add(f.cell)
        for dv in by_kind.values():
            if dv.sqref:
                ws.add_data_validation(dv)


def list_workbook(sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """Plain lists as .xlsx bytes: one sheet per entry, a bold frozen header row with filters, widths to fit."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, (headers, rows) in sheets.items():
        _write_list(wb.create_sheet(name), headers, rows)
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
    _write_list(wb.create_sheet(first[0]), first[1], first[2])
    for table in schema.TABLES:
        ws = wb.create_sheet(table.sheet)
        _write_table(ws, table)
        for cell in table.cells:
            if cell.key:
                ws[schema.FIELD_BY_KEY[cell.key].cell] = totals[cell.key]
        ws.protection.sheet = False  # the county's copy: nothing to protect
        _page_setup(ws)
    _write_list(wb.create_sheet(last[0]), last[1], last[2])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_list(ws: Any, headers: Sequence[str], rows: Sequence[Sequence[object]], first_row: int = 1) -> None:
    from openpyxl.utils import get_column_letter

    st = _styles()
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=first_row, column=col, value=header)
        cell.font, cell.fill, cell.border, cell.alignment = st["bold"], st["label_fill"], st["border"], st["center"]
    widths = [text_width(h) for h in headers]
    for r, row in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(row, start=1):
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
    _page_setup(ws)


# ---------------------------------------------------------------------------------------------------------
# Reading a filled workbook
# ---------------------------------------------------------------------------------------------------------


def read_workbook(path: Path) -> ReportData:
    """Read every field through its defined name; bad cells become findings, a bad file a WorkbookError.

    The .xlsx is read straight from its XML parts (only the sheets that hold fields, only the cells that are
    named): a tenth of the time openpyxl takes to build its objects for the same file, and openpyxl is not imported.
    """
    name = path.name or str(path)
    archive = _open(path, name)
    try:
        with archive:
            book = _Book(archive)
            locations = _locate(book, name)
            raw = book.values(locations)
            copied = {key.removeprefix(COPIED_PREFIX): value.strip().strip('"') for key, value in book.names.items()
                      if key.startswith(COPIED_PREFIX)}
    except WorkbookError:
        raise
    except _Unsafe:
        raise WorkbookError(f"{name}：工作簿的XML中有文档类型声明（DTD），Excel和WPS不会这样保存，可能是恶意构造的文件，"
                            "未读取。请在Excel中打开后另存再试。") from None
    except Exception as e:  # damaged XML or a missing part: all mean the same to the user
        raise _damaged(name, type(e).__name__) from e
    return _interpret(name, raw, {k: f"{s}!{c}" for k, (s, c) in locations.items()}, copied)


def empty_report() -> ReportData:
    """The data of a blank workbook, read as the reader would (every count 0, every text empty)."""
    return _interpret("", {}, {})


def _damaged(name: str, why: str) -> WorkbookError:
    return WorkbookError(f"{name}：工作簿已损坏，无法打开（{why}）。请在Excel中打开后另存再试。")


def _open(path: Path, name: str) -> zipfile.ZipFile:
    if path.is_dir():
        raise WorkbookError(f"{name}：这是一个文件夹，不是工作簿。")
    if not path.is_file():
        raise WorkbookError(f"{name}：找不到这个文件。")
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 20)  # the OLE directory of an encrypted workbook lies within its first MB
    except OSError as e:
        raise WorkbookError(f"{name}：无法读取这个文件（{reason(e)}）。") from e
    not_excel = WorkbookError(f"{name}：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。")
    if head.startswith(OLE_SIGNATURE):
        # An encrypted .xlsx is an OLE file holding an EncryptionInfo stream; any other OLE file is an old .xls.
        if "EncryptionInfo".encode("utf-16-le") in head:
            raise WorkbookError(f"{name}：工作簿设置了打开密码（已加密），请在Excel中取消密码后另存再试。")
        raise WorkbookError(f"{name}：这是旧版Excel（.xls）文件，请在Excel中打开，另存为“Excel工作簿（*.xlsx）”后再试。")
    if not head:
        raise WorkbookError(f"{name}：文件是空的（0字节），可能没有传送完整，请重新发送或另存后再试。")
    if path.suffix.lower() == ".xlsm" and head.startswith(b"PK"):
        raise WorkbookError(f"{name}：这是启用宏的工作簿（.xlsm），请在Excel中另存为“Excel工作簿（*.xlsx）”后再试。")
    if path.suffix.lower() != ".xlsx" or not head.startswith(b"PK"):
        raise not_excel
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise _damaged(name, "压缩包不完整") from e
    if "xl/workbook.xml" not in archive.namelist():  # a .docx or another zip renamed to .xlsx
        archive.close()
        raise not_excel
    return archive


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")
_DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47,
                              50, 51, 52, 53, 54, 55, 56, 57, 58})  # built-in date formats, CJK ones included


def _xml(data: bytes) -> Any:
    """Parse one XML part: nothing is fetched, and a DTD (which Excel never writes) is refused, entities and all."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(data, parser)
    if root.getroottree().docinfo.doctype:
        raise _Unsafe
    return root


class _Unsafe(Exception):
    """An XML part declares a DTD: never written by Excel, WPS or LibreOffice, and the way XML bombs are built."""


class _Book:
    """The parts of an .xlsx that reading named cells needs: sheets, defined names, shared strings, date styles."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        root = _xml(archive.read("xl/workbook.xml"))
        rels = {r.get("Id", ""): (r.get("Type", ""), _part_name(r.get("Target", "")))
                for r in _xml(archive.read("xl/_rels/workbook.xml.rels")).iter(_PKG_REL)}
        self.sheets: dict[str, str] = {}  # sheet name → part name
        for sheet in root.iter(_NS + "sheet"):
            self.sheets[sheet.get("name", "")] = rels.get(sheet.get(_REL, ""), ("", ""))[1]
        # Workbook-level names only: a name scoped to one sheet (localSheetId) is not one of gigen's keys.
        self.names = {n.get("name", ""): (n.text or "") for n in root.iter(_NS + "definedName")
                      if n.get("localSheetId") is None}
        pr = root.find(_NS + "workbookPr")
        self.epoch = dt.datetime(1904, 1, 1) if pr is not None and pr.get("date1904") in ("1", "true") else None
        parts = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
        self.strings = self._shared_strings(parts.get("sharedStrings", "xl/sharedStrings.xml"))
        self.date_styles = self._date_styles(parts.get("styles", "xl/styles.xml"))

    def _shared_strings(self, part: str) -> list[str]:
        if part not in self.archive.namelist():
            return []
        return [_text(si) for si in _xml(self.archive.read(part)).iter(_NS + "si")]

    def _date_styles(self, part: str) -> frozenset[int]:
        if part not in self.archive.namelist():
            return frozenset()
        root = _xml(self.archive.read(part))
        custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(_NS + "numFmt")}
        xfs = root.find(_NS + "cellXfs")
        dates = set()
        for i, xf in enumerate(xfs if xfs is not None else ()):
            fmt = int(xf.get("numFmtId", "0"))
            if fmt in _DATE_FORMAT_IDS or (fmt in custom and _is_date_format(custom[fmt])):
                dates.add(i)
        return frozenset(dates)

    def values(self, locations: Mapping[str, tuple[str, str]]) -> dict[str, object]:
        """The value of each key's cell: numbers, text, dates, a Formula for a formula; None when empty."""
        wanted: dict[str, set[str]] = {}
        for sheet, coord in locations.values():
            wanted.setdefault(sheet, set()).add(coord)
        cells = {sheet: self._sheet(sheet, coords) for sheet, coords in wanted.items()}
        return {key: cells[sheet].get(coord) for key, (sheet, coord) in locations.items()}

    def _sheet(self, sheet: str, wanted: set[str]) -> dict[str, object]:
        root = _xml(self.archive.read(self.sheets[sheet]))
        found: dict[str, object] = {}
        for row_number, row in enumerate(root.iter(_NS + "row"), start=1):
            row_number = int(row.get("r", row_number))
            for col_number, c in enumerate(row.iter(_NS + "c"), start=1):
                ref = c.get("r") or f"{schema.column_letter(col_number - 1)}{row_number}"
                if ref in wanted:
                    found[ref] = self._value(c)
        return found

    def _value(self, c: Any) -> object:
        formula = c.find(_NS + "f")
        if formula is not None:
            return Formula("=" + (formula.text or ""))
        kind = c.get("t", "n")
        if kind == "inlineStr":
            inline = c.find(_NS + "is")
            return _text(inline) if inline is not None else None
        v = c.find(_NS + "v")
        text = v.text if v is not None else None
        if text is None:
            return None
        if kind == "s":
            return self.strings[int(text)]
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text == "1"
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:  # a time alone, or a date Python cannot hold: the text is what was typed
                return text
        number: int | float = float(text) if any(ch in text for ch in ".eE") else int(text)
        if int(c.get("s", "0")) in self.date_styles:
            try:
                return _from_serial(number, self.epoch)
            except (OverflowError, ValueError):  # 20241231 typed into a date cell is no date
                return number
        return number


def _text(element: Any) -> str:
    """The text of a string item (<si> or <is>): its <t> pieces, not the phonetic guide (<rPh>) East Asian files add."""
    return "".join(t.text or "" for t in element.iter(_NS + "t") if t.getparent().tag != _NS + "rPh")


def _part_name(target: str) -> str:
    """A relationship target of xl/workbook.xml as a zip entry name: xl/worksheets/sheet1.xml."""
    target = unquote(target)
    return posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target))


def _is_date_format(code: str) -> bool:
    """A custom number format shows a date when it uses d, m, y (or 年月日) outside quotes, brackets and escapes."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";")[0])
    return bool(re.search(r"[dmyDMY年月日]", plain))


def _from_serial(serial: float, epoch: dt.datetime | None) -> dt.datetime:
    """An Excel date serial as a datetime (1900 system, with its phantom 29 Feb 1900; or the 1904 system)."""
    if epoch is not None:
        return epoch + dt.timedelta(days=serial)
    return dt.datetime(1899, 12, 31) + dt.timedelta(days=serial - (1 if serial >= 60 else 0))


def _locate(book: _Book, name: str) -> dict[str, tuple[str, str]]:
    """Where each key's cell is, from the workbook's defined names."""
    if schema.FORMAT_NAME not in book.names:
        raise WorkbookError(f"{name}：不是 gigen 标准工作簿（缺少格式版本标记），请用 gigen new 生成工作簿后填写。")
    version = book.names[schema.FORMAT_NAME].strip().strip('="')
    if version != str(schema.FORMAT_VERSION):
        raise WorkbookError(
            f"{name}：工作簿格式版本为{version}，本程序只支持版本{schema.FORMAT_VERSION}，请用 gigen new 重新生成工作簿。"
        )
    locations: dict[str, tuple[str, str]] = {}
    missing: list[str] = []
    for f in schema.FIELDS:
        destination = _destination(book.names.get(f.key), book.sheets)
        if destination is None:
            missing.append(f"{f.key}（{f.label}）")
        else:
            locations[f.key] = destination
    if missing:
        listed = "、".join(missing[:5]) + (f"等{len(missing)}个" if len(missing) > 5 else "")
        raise WorkbookError(f"{name}：工作簿缺少名称 {listed}，可能删除了行、列或工作表，请用 gigen new 重新生成工作簿。")
    return locations


_ONE_CELL = re.compile(r"(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?([1-9][0-9]*)")


def _destination(reference: str | None, sheets: Mapping[str, str]) -> tuple[str, str] | None:
    """The (sheet, cell) a name refers to, or None unless it is exactly one cell of an existing sheet.

    Excel rewrites a name whose row was deleted as '表三'!#REF!: that cell is gone, not blank.
    """
    match = _ONE_CELL.fullmatch((reference or "").strip())
    if match is None:
        return None
    quoted, plain, column, row = match.groups()
    sheet = quoted.replace("''", "'") if quoted else plain
    return (sheet, column + row) if sheet in sheets else None


class Formula(str):
    """The text of a formula cell, told apart from text that merely starts with "="."""


def _interpret(source: str, raw: Mapping[str, object], locations: Mapping[str, str],
               copied: Mapping[str, str] | None = None) -> ReportData:
    """Turn raw cell values into typed values plus findings; pure, so tests can feed it directly."""
    values: dict[str, Value] = {}
    findings: list[Finding] = []
    blank = {key for key, value in raw.items() if value is None or (isinstance(value, str) and not value.strip())}
    formulas: list[Field] = []
    invalid: set[str] = set()

    def finding(f: Field, rule: str, message: str) -> None:
        sheet, cell = locations.get(f.key, f"{f.sheet}!{f.cell}").split("!")
        findings.append(Finding(rule, Severity.ERROR, sheet, cell, message))
        invalid.add(f.key)

    for f in schema.FIELDS:
        value = raw.get(f.key)
        if f.derived and (value is None or isinstance(value, Formula)):
            formulas.append(f)
            continue
        if isinstance(value, Formula):
            what = "数字" if f.numeric else "内容"
            finding(f, "VAL-FORMULA", f"{f.label}应直接填写{what}，不能是公式（{shown(value)}）。")
            value = None
        if f.kind is Kind.COUNT:
            count = parse_count(value)
            if count is None:
                finding(f, _int_rule(f), f"{f.label}必须填写不小于0的整数（没有就填0），现在填的是“{shown(value)}”。")
            values[f.key] = count or 0
        elif f.kind is Kind.MONEY:
            money = parse_money(value)
            if money is None:
                finding(f, "T2-FEE" if f.sheet == schema.SHEET_T2 else "VAL-MONEY",
                        f"{f.label}必须填写不小于0的数字（没有就填0），现在填的是“{shown(value)}”。")
            values[f.key] = money if money is not None else Decimal(0)
        elif f.kind is Kind.YEAR:
            year = parse_year(value)
            if year is None:
                message = "报告年度未填写。" if value is None else f"报告年度必须是四位数字的年份，如2024，现在填的是“{shown(value)}”。"
                finding(f, "META-YEAR", message)
            values[f.key] = year or 0
        elif f.kind is Kind.DATE:
            values[f.key] = _date_text(value)
        else:
            text = clean_text(_as_text(value))
            if f.kind in (Kind.LINE, Kind.TITLE):
                text = text.replace("\n", "")
            if not text and f.kind is Kind.TITLE:
                text = f.default
            if not text and f.required:
                finding(f, "META-REQ", f"{f.label}未填写，报告标题和署名都要用它。")
            values[f.key] = text
    for f in formulas:  # in schema order, so a total's parts are computed before the total
        values[f.key] = sum(int(values[p]) for p in f.parts)
        if invalid.intersection(f.parts):
            invalid.add(f.key)
    unchanged = frozenset(key for key, mark in (copied or {}).items()
                          if isinstance(values.get(key), str) and values[key] and fingerprint(str(values[key])) == mark)
    return ReportData(source, values, dict(locations), frozenset(blank), tuple(findings), frozenset(invalid),
                      copied=unchanged)


def _int_rule(f: Field) -> str:
    return {schema.SHEET_T2: "T2-INT", schema.SHEET_T3: "T3-INT", schema.SHEET_T4: "T4-INT"}.get(f.sheet, "VAL-INT")


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value)
    return str(value)


def _date_text(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        return format_date(_from_serial(value, None))
    return clean_text(_as_text(value))
