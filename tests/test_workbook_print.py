"""The blank workbook as a clerk sees and prints it: reopened with openpyxl, its row heights, print setup, frozen
headings, input messages, date rule, protection and money units."""

from __future__ import annotations

import openpyxl
import pytest
from support import named_cells, new_workbook

FORMS = ("基本信息", "一、总体情况", "五、六")
TABLES = ("表二", "表三", "表四")


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    from typer.testing import CliRunner

    path = new_workbook(CliRunner(), tmp_path_factory.mktemp("blank") / "测试镇2024.xlsx", {})
    return openpyxl.load_workbook(path)


def test_the_fee_rows_are_tall_enough_for_their_labels(blank) -> None:
    ws = blank["五、六"]
    assert ws["A5"].value == "六、本年发出信息处理费收费通知的件数（必填，没有就填0）"
    assert ws["A6"].value == "六、本年实际收取的信息处理费（元）（必填，没有就填0）"
    # 28 characters of 11 pt in a column of 22 units (about 10 characters a line): three lines, 11 pt × 1.45 each.
    for row in (5, 6):
        assert ws.row_dimensions[row].height is not None and ws.row_dimensions[row].height >= 3 * 11 * 1.45


def test_text_cells_are_tall_and_one_line_cells_clickable(blank) -> None:
    heights = {ws.title: ws.row_dimensions for ws in blank.worksheets}
    assert heights["五、六"][3].height >= 120  # 五、（一）存在问题: a text cell shows about seven lines
    assert heights["基本信息"][4].height >= 22  # 报告年度
    assert all(heights["表三"][r].height >= 22 for r in range(6, 31))


@pytest.mark.parametrize(
    ("sheet", "orientation", "area", "titles", "frozen"),
    [
        ("填写说明", "portrait", "$A$1:$A$17", None, None),
        ("基本信息", "portrait", "$A$1:$B$8", None, "A2"),
        ("一、总体情况", "portrait", "$A$1:$B$17", None, "A2"),  # the five aspects and 监督保障's four cells
        ("五、六", "portrait", "$A$1:$B$7", None, "A2"),
        ("表二", "portrait", "$A$1:$D$20", "$1:$2", "A3"),
        ("表三", "landscape", "$A$1:$J$31", "$1:$5", "D6"),
        ("表四", "landscape", "$A$1:$O$6", "$1:$5", "A6"),
    ],
)
def test_each_sheet_prints_on_a4_at_full_size(blank, sheet, orientation, area, titles, frozen) -> None:
    ws = blank[sheet]
    setup = ws.page_setup
    assert (int(setup.paperSize), setup.orientation) == (9, orientation)  # 9: A4
    # One page wide, as many pages tall as needed, and no scale below 100 %.
    assert (int(setup.fitToWidth), int(setup.fitToHeight), setup.scale) == (1, 0, None)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # Forms print their labels and inputs, not the hint column C; the hints are the cells' input messages.
    assert ws.print_area == f"'{sheet}'!{area}"
    assert ws.print_title_rows == titles
    assert ws.freeze_panes == frozen


def _columns_in_inches(ws, last: str) -> float:
    """The printed width of columns A..last in inches: Excel's width unit is about 7 pixels at 96 dpi."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    units = sum(
        ws.column_dimensions[get_column_letter(c)].width for c in range(1, column_index_from_string(last) + 1)
    )
    return units * 7 / 96


@pytest.mark.parametrize(("sheet", "last", "page"), [("基本信息", "B", 8.27), ("表三", "J", 11.69)])
def test_the_printed_columns_fit_the_paper_without_shrinking(blank, sheet, last, page) -> None:
    ws = blank[sheet]
    margins = ws.page_margins.left + ws.page_margins.right
    assert _columns_in_inches(ws, last) <= page - margins


def test_every_input_cell_has_an_input_message(blank) -> None:
    prompted: dict[tuple[str, str], str] = {}
    for ws in blank.worksheets:
        for dv in ws.data_validations.dataValidation:
            for bounds in dv.sqref.ranges:
                for row in ws.iter_rows(
                    min_row=bounds.min_row,
                    max_row=bounds.max_row,
                    min_col=bounds.min_col,
                    max_col=bounds.max_col,
                ):
                    for cell in row:
                        if dv.showInputMessage and dv.prompt:
                            prompted[(ws.title, cell.coordinate)] = dv.prompt
    inputs = [
        (sheet, cell)
        for sheet, cell in named_cells(blank).values()
        if not str(blank[sheet][cell].value or "").startswith("=")
    ]
    assert len(inputs) > 150  # the forms' cells and every input cell of the three tables
    assert [c for c in inputs if c not in prompted] == []


def test_the_date_cell_takes_only_a_date(blank) -> None:
    sheet, cell = named_cells(blank)["date"]
    (rule,) = [dv for dv in blank[sheet].data_validations.dataValidation if cell in str(dv.sqref)]
    # A warning, not a refusal: 2025年1月26日 typed as text is read too.
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == (
        "date",
        "between",
        "DATE(2000,1,1)",
        "DATE(2100,12,31)",
    )
    assert (rule.promptTitle, rule.showErrorMessage, rule.errorStyle) == ("成文日期", True, "warning")
    assert blank[sheet][cell].number_format == 'yyyy"年"m"月"d"日"'


def test_the_structure_is_locked_and_the_sheets_protected_without_password(blank) -> None:
    assert blank.security.lockStructure
    assert not blank.security.workbookPassword
    for ws in blank.worksheets:
        assert ws.protection.sheet and not ws.protection.password, ws.title
    # Input cells stay editable, labels do not.
    meta = blank["基本信息"]
    assert (meta["B3"].protection.locked, meta["A3"].protection.locked) == (False, True)


def test_money_cells_show_their_unit(blank) -> None:
    cells = named_cells(blank)
    fees, collected = cells["t2_fees"], cells["fee_collected"]
    assert blank[fees[0]][fees[1]].number_format == 'General"万元"'
    assert blank[collected[0]][collected[1]].number_format == 'General"元"'
    # Counts carry no unit: a count with 元 after it would read as an amount.
    notices = cells["fee_notices"]
    assert blank[notices[0]][notices[1]].number_format == "General"


def test_the_guide_names_both_units(blank) -> None:
    guide = "\n".join(str(c.value) for c in blank["填写说明"]["A"] if c.value)
    assert "表二“行政事业性收费”以万元为单位" in guide and "“信息处理费”以元为单位" in guide
