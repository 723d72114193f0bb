"""The standardized workbook: what `gigen new` writes, and how a filled one is read."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from official import TABLE_THREE, TABLE_THREE_KEYS
from support import (
    EXAMPLES,
    TEMPLATE,
    cell_of,
    consistent_values,
    convert,
    derived,
    fill,
    named_cells,
    rewrite_part,
)

from generator import schema
from generator.errors import WorkbookError
from generator.xlsx import blank_workbook, read_workbook

HAND_PLACED = {
    "org_name": ("基本信息", "B3"),
    "year": ("基本信息", "B4"),
    "date": ("基本信息", "B6"),
    "t2_rules_issued": ("表二", "B5"),
    "t2_rules_in_force": ("表二", "D5"),
    "t2_norms_repealed": ("表二", "C6"),
    "t2_norms_in_force": ("表二", "D6"),
    "t2_licensing": ("表二", "B9"),
    "t2_fees": ("表二", "B16"),
    "prev_norms_in_force": ("表二", "B20"),
    "t3_new_natural": ("表三", "D6"),
    "t3_carried_over_natural": ("表三", "D7"),
    "t3_new_total": ("表三", "J6"),
    "t3_carried_forward_natural": ("表三", "D30"),
    "t4_suit_after_review_pending": ("表四", "N6"),
    "t4_suit_after_review_total": ("表四", "O6"),
    "fee_notices": ("五、六", "B5"),
    "fee_collected": ("五、六", "B6"),
    "s6_other": ("五、六", "B7"),
}


def test_every_key_is_a_workbook_level_defined_name(make_workbook):
    wb = openpyxl.load_workbook(make_workbook(values={}))
    cells = named_cells(wb)
    # Where the official layout and the workbook's guide put them, written out by hand: a county's script relies on them.
    assert {key: cells[key] for key in HAND_PLACED} == HAND_PLACED
    for field in schema.FIELDS:
        assert cells[field.key] == (field.sheet, field.cell)
    for ws in wb.worksheets:
        assert not ws.defined_names, "names must be workbook-level, not sheet-level"


def test_blank_workbook_reads_as_zero_with_default_titles(make_workbook):
    data = read_workbook(make_workbook(values={}))
    assert data.findings == ()
    assert data.values["org_name"] == "测试县测试镇人民政府"
    assert data.values["year"] == 2024
    assert all(data.values[f.key] == 0 for f in schema.FIELDS if f.kind is schema.Kind.COUNT)
    assert data.values["t2_fees"] == Decimal(0)
    assert data.values["s1_platform_title"] == "政府信息公开平台建设"
    assert "t3_new_natural" in data.blank


def test_sheets_look_like_the_report():
    wb = openpyxl.load_workbook(io.BytesIO(blank_workbook()))
    assert wb.sheetnames == ["填写说明", "基本信息", "一、总体情况", "表二", "表三", "表四", "五、六"]
    ws = wb["表三"]
    merged = {str(m) for m in ws.merged_cells.ranges}
    # Table 三's merges are the official ones, shifted to start at A3.
    for r, c, rs, cs, text in TABLE_THREE:
        top = ws.cell(row=r + 3, column=c + 1)
        if text is not None:
            assert top.value == text
        if rs > 1 or cs > 1:
            end = ws.cell(row=r + 3 + rs - 1, column=c + cs)
            assert f"{top.coordinate}:{end.coordinate}" in merged
    assert wb.defined_names["t3_denied_law_natural"].attr_text == "'表三'!$D$11"
    assert ws["C11"].value == "2.其他法律行政法规禁止公开"


def test_input_cells_unlocked_labels_locked_and_validated():
    wb = openpyxl.load_workbook(io.BytesIO(blank_workbook()))
    ws = wb["表三"]
    assert ws.protection.sheet and not ws.protection.password
    assert ws["D6"].protection.locked is False  # 一、本年新收 / 自然人
    assert ws["A6"].protection.locked is True  # its label
    assert ws["J6"].protection.locked is True  # its 总计, a formula
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    whole = next(dv for dv in rules.values() if "D6" in str(dv.sqref))
    assert (whole.type, whole.operator, whole.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert "整数" in whole.prompt
    fee = next(dv for dv in wb["表二"].data_validations.dataValidation if "B16" in str(dv.sqref))
    assert fee.type == "decimal"


def test_derived_cells_are_formulas_and_a_check_row_follows_table_three():
    wb = openpyxl.load_workbook(io.BytesIO(blank_workbook()))
    ws = wb["表三"]
    assert ws["J6"].value == "=D6+E6+F6+G6+H6+I6"
    assert ws["D29"].value == "=" + "+".join(f"D{r}" for r in range(8, 29))
    assert wb["表四"]["E6"].value == "=A6+B6+C6+D6"
    assert ws["D31"].value.startswith("=IF(D6+D7=D29+D30,")


def test_filled_values_are_read_with_totals_computed(make_workbook):
    values = consistent_values()
    data = read_workbook(make_workbook(values=values))
    assert data.findings == ()
    for position, key in TABLE_THREE_KEYS.items():
        expected = values[key] if key in values else derived(values, key)
        assert data.values[key] == expected, (position, key)
    assert data.values["t2_fees"] == Decimal("1.2345")
    assert data.values["fee_collected"] == Decimal("7730.28")


def test_a_total_typed_over_its_formula_is_read_as_typed(make_workbook):
    data = read_workbook(make_workbook(t3_new_total=999))
    assert data.values["t3_new_total"] == 999
    assert data.findings == ()  # reading is not judging: the checks compare it with its parts


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (None, 0),
        ("", 0),
        ("  7 ", 7),
        ("１２", 12),
        ("３", 3),
        (5.0, 5),
        ("5.0", 5),
        ("+4", 4),
        ("1,024", 1024),
    ],
)
def test_counts_accept_what_a_clerk_types(make_workbook, typed, read):
    data = read_workbook(make_workbook(values={}, t3_new_natural=typed))
    assert data.findings == ()
    assert data.values["t3_new_natural"] == read


@pytest.mark.parametrize("typed", [-1, 2.5, "/", "无", "abc", "—", "-3", True])
def test_a_bad_count_names_its_sheet_and_cell(make_workbook, typed):
    path = make_workbook(values={}, t3_denied_law_commercial=typed)
    (finding,) = read_workbook(path).findings
    assert (finding.rule, finding.where) == ("T3-INT", "表三!E11")
    shown = "TRUE" if typed is True else str(typed)
    assert finding.message == (
        f"表三“（三）不予公开 2.其他法律行政法规禁止公开/商业企业”必须填写不小于0的整数（没有就填0），现在填的是“{shown}”。"
    )


@pytest.mark.parametrize(
    ("key", "typed", "rule", "where"),
    [
        ("t2_norms_issued", "两件", "T2-INT", "表二!B6"),
        ("t4_review_upheld", -2, "T4-INT", "表四!A6"),
        ("t2_fees", "七千", "T2-FEE", "表二!B16"),
        ("fee_collected", -5, "VAL-MONEY", "五、六!B6"),
        ("fee_notices", "一件", "VAL-INT", "五、六!B5"),
        ("year", "去年", "META-YEAR", "基本信息!B4"),
        ("org_name", None, "META-REQ", "基本信息!B3"),
    ],
)
def test_bad_values_elsewhere_are_findings_too(make_workbook, key, typed, rule, where):
    (finding,) = read_workbook(make_workbook(values={key: typed})).findings
    assert (finding.rule, finding.where) == (rule, where)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [(7730.28, "7730.28"), ("0.1", "0.1"), (0.3, "0.3"), ("１２.５", "12.5"), (12, "12")],
)
def test_money_is_kept_exactly_as_typed(make_workbook, typed, expected):
    data = read_workbook(make_workbook(values={}, fee_collected=typed))
    assert str(data.values["fee_collected"]) == expected


def test_text_is_cleaned_into_paragraphs(make_workbook):
    typed = "\u3000\u3000第一段 & <b>“引号”\r\n\r\n  第二段\t结束  \n"
    data = read_workbook(make_workbook(values={}, s1_intro=typed, org_name=" 测试镇\n人民政府 "))
    assert data.values["s1_intro"] == "第一段 & <b>“引号”\n第二段 结束"
    assert data.values["org_name"] == "测试镇人民政府"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [(dt.datetime(2025, 1, 26), "2025年1月26日"), ("2025年2月3日", "2025年2月3日"), (None, "")],
)
def test_dates_read_as_chinese_dates(make_workbook, typed, expected):
    assert read_workbook(make_workbook(values={}, date=typed)).values["date"] == expected


def test_cells_are_found_by_name_after_rows_are_inserted(make_workbook, tmp_path):
    """A clerk inserts two rows above table 三: every name moves with its cell, and the reader follows."""
    path = make_workbook(values={"t3_new_natural": 4, "t3_carried_forward_natural": 4})
    wb = openpyxl.load_workbook(path)
    ws = wb["表三"]
    ws.insert_rows(2, amount=2)  # openpyxl moves cells but not names: move the names as Excel would
    for name in list(wb.defined_names):
        defined = wb.defined_names[name]
        if defined.attr_text.startswith("'表三'!"):
            column, row = defined.attr_text.split("$")[1:]
            defined.attr_text = f"'表三'!${column}${int(row) + 2}"
    wb.save(path)
    data = read_workbook(path)
    assert data.values["t3_new_natural"] == 4
    assert data.values["t3_carried_forward_natural"] == 4
    assert cell_of(path, "t3_new_natural") == "表三!D8"
    fill(path, {"t3_new_natural": "很多"})
    # openpyxl moved no formula either: the totals still add the old rows' cells, which VAL-TOTAL reports
    (finding,) = [f for f in read_workbook(path).findings if f.rule != "VAL-TOTAL"]
    assert finding.where == "表三!D8"


def test_reading_never_modifies_the_workbook(make_workbook):
    path = make_workbook()
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    read_workbook(path)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def _corrupt(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:2000])


def _drop_names(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    del wb.defined_names["t3_new_natural"]
    del wb.defined_names["s5_problems"]
    wb.save(path)


def _other_version(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    wb.defined_names[schema.FORMAT_NAME].attr_text = "7"
    wb.save(path)


def _ref_error(path: Path) -> None:
    """Excel's rewrite of a name whose row was deleted."""
    wb = openpyxl.load_workbook(path)
    wb.defined_names["t3_new_natural"].attr_text = "'表三'!#REF!"
    wb.save(path)


def _drop_sheet(path: Path) -> None:
    """A sheet deleted: openpyxl drops its names, Excel turns them into #REF!; either way the sheet is gone."""
    wb = openpyxl.load_workbook(path)
    del wb["表四"]
    wb.save(path)


def _damaged_sheet(path: Path) -> None:
    rewrite_part(path, "xl/worksheets/sheet5.xml", lambda xml: xml[: len(xml) // 2])


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of old .xls and of encrypted .xlsx files


def _not_gigen(path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "随便一个表格"
    wb.save(path)


def _xml_bomb(path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>'
    )
    rewrite_part(path, "xl/workbook.xml", lambda _: bomb.encode())


@pytest.mark.parametrize(
    ("name", "damage", "message"),
    [
        (
            "旧表.xls",
            lambda p: p.write_bytes(OLE + bytes(500)),
            "旧表.xls：这是旧版Excel（.xls）文件，请在Excel中打开，另存为“Excel工作簿（*.xlsx）”后再试。",
        ),
        (
            "改了名的旧表.xlsx",
            lambda p: p.write_bytes(OLE + bytes(500)),
            "改了名的旧表.xlsx：这是旧版Excel（.xls）文件，请在Excel中打开，另存为“Excel工作簿（*.xlsx）”后再试。",
        ),
        (
            "加密.xlsx",
            lambda p: p.write_bytes(OLE + bytes(500) + "EncryptionInfo".encode("utf-16-le") + bytes(500)),
            "加密.xlsx：工作簿设置了打开密码（已加密），请在Excel中取消密码后另存再试。",
        ),
        (
            "改了名的文档.xlsx",
            lambda p: p.write_bytes(TEMPLATE.read_bytes()),
            "改了名的文档.xlsx：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。",
        ),
        (
            "报告.docx",
            lambda p: p.write_bytes(b"PK\x03\x04 not really"),
            "报告.docx：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。",
        ),
        (
            "文本.xlsx",
            lambda p: p.write_text("hello", encoding="utf-8"),
            "文本.xlsx：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。",
        ),
        ("损坏.xlsx", _corrupt, None),
        (
            "缺名称.xlsx",
            _drop_names,
            "缺名称.xlsx：工作簿缺少名称 t3_new_natural（表三“一、本年新收政府信息公开申请数量/自然人”）、"
            "s5_problems（五、（一）存在问题），可能删除了行、列或工作表，请用 gigen new 重新生成工作簿。",
        ),
        (
            "删了行.xlsx",
            _ref_error,
            "删了行.xlsx：工作簿缺少名称 t3_new_natural（表三“一、本年新收政府信息公开申请数量/自然人”），"
            "可能删除了行、列或工作表，请用 gigen new 重新生成工作簿。",
        ),
        (
            "删了表.xlsx",
            _drop_sheet,
            "删了表.xlsx：工作簿缺少工作表“表四”，可能被删除或改了名，请用 gigen new 重新生成工作簿，把填好的内容复制过去。",
        ),
        ("坏表.xlsx", _damaged_sheet, None),
        (
            "新版本.xlsx",
            _other_version,
            f"新版本.xlsx：工作簿由较新版本的 gigen 生成（格式版本7），本程序只支持到版本{schema.FORMAT_VERSION}，请先更新 gigen 再检查这个工作簿。",
        ),
        (
            "别的表.xlsx",
            _not_gigen,
            "别的表.xlsx：不是 gigen 标准工作簿（缺少格式版本标记），请用 gigen new 生成工作簿后填写。",
        ),
        # A DTD is refused outright: entities are never expanded, and no text is silently cut at one.
        (
            "炸弹.xlsx",
            _xml_bomb,
            "炸弹.xlsx：工作簿的XML中有文档类型声明（DTD），Excel和WPS不会这样保存，可能是恶意构造的文件，"
            "未读取。请在Excel中打开后另存再试。",
        ),
    ],
)
def test_a_file_that_is_not_a_gigen_workbook_stops_with_one_sentence(
    make_workbook, tmp_path, name, damage, message
):
    path = make_workbook().rename(tmp_path / name)
    damage(path)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    if message is None:
        assert str(caught.value).startswith(f"{name}：工作簿已损坏，无法打开")
    else:
        assert str(caught.value) == message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(WorkbookError) as missing:
        read_workbook(tmp_path / "没有.xlsx")
    assert str(missing.value) == "没有.xlsx：找不到这个文件。"
    with pytest.raises(WorkbookError) as folder:
        read_workbook(tmp_path)
    assert str(folder.value) == f"{tmp_path.name}：这是一个文件夹，不是工作簿。"


def test_a_wrong_dimension_tag_does_not_hide_cells(make_workbook):
    """Some programs write <dimension ref="A1"/>; the reader must still see every row."""
    path = make_workbook(values={"t3_new_natural": 3, "t3_carried_forward_natural": 3})
    rewrite_part(
        path,
        "xl/worksheets/sheet5.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', xml),
    )
    assert read_workbook(path).values["t3_new_natural"] == 3


def test_text_that_starts_with_an_equals_sign_is_text_but_a_formula_in_a_count_is_not(make_workbook):
    path = make_workbook(values={"t3_new_natural": "=2+3"})
    wb = openpyxl.load_workbook(path)
    wb["五、六"]["B3"] = "==重要== 这是文字"
    wb["五、六"]["B3"].data_type = "s"
    wb.save(path)
    data = read_workbook(path)
    assert data.values["s5_problems"] == "==重要== 这是文字"
    (finding,) = data.findings
    assert (finding.rule, finding.where) == ("VAL-FORMULA", "表三!D6")
    assert (
        finding.message == "表三“一、本年新收政府信息公开申请数量/自然人”应直接填写数字，不能是公式（=2+3）。"
    )


def test_reading_does_not_import_openpyxl():
    """The reader parses the workbook's XML itself (with entities off): a build or check never loads openpyxl."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from generator.xlsx import read_workbook; "
        f"read_workbook(Path({str(EXAMPLES[0])!r})); print('openpyxl' in sys.modules)"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        == "False\n"
    )


def test_libreoffice_recalculates_the_formulas(make_workbook, tmp_path):
    """Excel, WPS and LibreOffice compute the totals and the check row; LibreOffice proves it headless."""
    values = consistent_values()
    values["t3_carried_forward_natural"] += 2  # make column 自然人 disagree by 2
    path = make_workbook(values=values)
    out = tmp_path / "lo"
    out.mkdir()
    converted = convert(path, "xlsx", out)
    wb = openpyxl.load_workbook(converted, data_only=True)
    ws = wb["表三"]
    assert ws["J6"].value == sum(
        values[f"t3_new_{c}"] for c in ("natural", "commercial", "research", "social", "legal", "other")
    )
    assert ws["D29"].value == derived(values, "t3_handled_natural")
    assert ws["D31"].value == "✗ 相差2件"
    assert ws["E31"].value == "✓ 相符"
    assert wb["表四"]["E6"].value == derived(values, "t4_review_total")
    # The workbook LibreOffice saved is still a gigen workbook: names and format version survive.
    data = read_workbook(converted)
    assert data.findings == ()
    assert data.values["t3_carried_forward_natural"] == values["t3_carried_forward_natural"]
    assert data.values["org_name"] == "测试县测试镇人民政府"


def test_a_number_typed_into_the_date_cell_is_a_finding_not_a_damaged_file(make_workbook):
    from generator.checks import check

    data = read_workbook(
        make_workbook(date=20241231)
    )  # the date cell has a date format: 20241231 days is no date
    assert [(f.rule, f.where) for f in check(data) if f.sheet == "基本信息"] == [("META-DATE", "基本信息!B6")]


def test_a_sub_heading_is_one_line(make_workbook):
    data = read_workbook(
        make_workbook(values={}, s1_proactive_title="主动公开\n方面", signature="白杨镇\n人民政府")
    )
    assert (data.values["s1_proactive_title"], data.values["signature"]) == ("主动公开方面", "白杨镇人民政府")
