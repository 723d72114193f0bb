"""The workbook an import writes, from what a reader found: every value as printed, where it came from, and the
rules of `check` applied to it (a published total is verified, never recomputed)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl

from generator import importing, schema
from generator.errors import Finding, Severity
from generator.published.document import Imported
from generator.xlsx import read_workbook

PAGE = "第3页 表三“一、本年新收政府信息公开申请数量”行“自然人”列"


def _imported(**changes: object) -> Imported:
    values: dict[str, object] = {
        "org_name": "淮安市人民政府",
        "year": 2024,
        "date": "2025年1月20日",
        "s1_intro": "2024年，全市政务公开工作……\n第二段。",
        "s1_proactive_title": "主动公开情况",
        "t2_fees": Decimal("96171.6"),
        "t3_new_natural": 3,
        "t3_new_total": 3,
        "t3_handled_total": 2,  # the report printed 2 where its rows add up to 0
        "t4_review_upheld": "—",
    }
    values.update(changes)
    origins = {key: f"第{n}段" for n, key in enumerate(values, 1)}
    origins["t3_new_natural"] = PAGE
    origins["t3_new_commercial"] = (
        "第3页 表三“一、本年新收政府信息公开申请数量”行“商业企业”列"  # printed blank
    )
    finding = Finding(
        "IMP-ROW", Severity.WARNING, "", "", "这一行不是国办格式的行，未导入。", "第4页第2个表格第9行"
    )
    return Imported("淮安市2024年报.pdf", values, origins, (finding,))


def test_the_workbook_holds_every_value_as_printed(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(importing.imported_workbook(_imported()))
    data = read_workbook(path)
    assert data.text("org_name") == "淮安市人民政府" and data.count("year") == 2024
    assert data.text("date") == "2025年1月20日"
    assert data.text("s1_intro") == "2024年，全市政务公开工作……\n第二段。"
    assert data.text("s1_proactive_title") == "主动公开情况"
    assert data.money("t2_fees") == Decimal("96171.6")
    assert data.count("t3_new_natural") == 3
    assert data.count("t3_handled_total") == 2  # typed over the formula, as published
    assert "t3_new_commercial" in data.blank
    (bad,) = [f for f in data.findings if f.cell == schema.FIELD_BY_KEY["t4_review_upheld"].cell]
    assert "“—”" in bad.message


def test_money_whose_digits_a_number_cell_would_lose_is_kept_as_text(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(importing.imported_workbook(_imported(t2_fees=Decimal("0.0000"))))
    wb = openpyxl.load_workbook(path)
    sheet, cell = schema.FIELD_BY_KEY["t2_fees"].sheet, schema.FIELD_BY_KEY["t2_fees"].cell
    assert wb[sheet][cell].value == "0.0000"
    assert read_workbook(path).money("t2_fees") == Decimal("0.0000")


def test_the_record_sheet_names_where_each_value_stood(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(importing.imported_workbook(_imported()))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [*schema.SHEETS, schema.SHEET_RECORD]
    rows = list(wb[schema.SHEET_RECORD].iter_rows(values_only=True))
    assert rows[0] == importing.RECORD_HEADERS
    by_cell = {(r[0], r[1]): r for r in rows[1:]}
    natural = schema.FIELD_BY_KEY["t3_new_natural"]
    assert by_cell[(natural.sheet, natural.cell)][2:] == (natural.label, "3", PAGE)
    commercial = schema.FIELD_BY_KEY["t3_new_commercial"]
    assert by_cell[(commercial.sheet, commercial.cell)][3] == "（空白）"
    assert rows[-1][2:] == ("未能导入（警告）", "这一行不是国办格式的行，未导入。", "第4页第2个表格第9行")


def test_check_verifies_a_published_total_and_places_the_finding_in_the_report():
    imported = _imported()
    data = importing.published_data(imported)
    from generator.checks import check

    found = importing.placed(check(data), imported.origins)
    total = schema.FIELD_BY_KEY["t3_handled_total"]
    wrong = [
        f for f in found if (f.sheet, f.cell) == (total.sheet, total.cell) and f.severity is Severity.ERROR
    ]
    assert wrong, "a published total that does not add up must be refused"
    assert wrong[0].place == imported.origins["t3_handled_total"]
    assert wrong[0].where == f"{imported.origins['t3_handled_total']}（{total.sheet}!{total.cell}）"


def test_the_workbook_is_named_by_the_report_title_or_else_by_the_file(tmp_path):
    from pathlib import Path

    assert importing.workbook_name(_imported(), Path("a/年报.pdf")) == "淮安市人民政府2024.xlsx"
    untitled = Imported("年报.pdf", {"t3_new_natural": 1}, {"t3_new_natural": PAGE}, ())
    assert importing.workbook_name(untitled, Path("a/年报.pdf")) == "年报.xlsx"


def test_a_published_six_states_the_fee_in_its_own_words():
    """A report's 六 says the fee itself: neither "write it in the fee cells" nor "gigen prints it already"."""
    from generator.checks import check

    statement = "全年收取政府信息公开信息处理费3940元。"
    imported = _imported(s6_other=statement, fee_collected=Decimal(3940))
    data = importing.published_data(imported)
    assert "fee_notices" in data.blank  # the report did not say how many notices
    rules = {f.rule for f in check(data, published=True)}
    assert not rules & {"S-SIX", "S-SIX-FEE", "S-SIX-DUP"}
    as_workbook = {f.rule for f in check(data)}
    assert {"S-SIX", "S-SIX-DUP"} <= as_workbook
    stated = importing.published_data(
        _imported(s6_other=statement, fee_collected=Decimal(3940), fee_notices=0)
    )
    assert "S-SIX-FEE" in {f.rule for f in check(stated, published=True)}
