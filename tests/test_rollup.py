"""The county roll-up as the county reads it: the 机关 sheet's columns by their headings, amounts to the cent, a
workbook of another year left out, and --force."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from official import T3_COL_KEYS
from support import consistent_values, report_tables

from generator.cli import app

ORGS = {"甲镇": "测试县甲镇人民政府", "乙镇": "测试县乙镇人民政府", "丙镇": "测试县丙镇人民政府"}


def _folder(tmp_path: Path, make_workbook, **workbooks: dict) -> Path:
    folder = tmp_path / "收件"
    folder.mkdir(exist_ok=True)
    for name, changes in workbooks.items():
        make_workbook(f"{name}.xlsx", org_name=ORGS[name], **changes).rename(folder / f"{name}.xlsx")
    return folder


def _rows(target: Path) -> list[dict[str, object]]:
    """The 机关 sheet as one dict per row, by the headings of its first row."""
    rows = list(openpyxl.load_workbook(target)["机关"].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _total(values: dict, row: str) -> int:
    return sum(int(values[f"t3_{row}_{c}"]) for c in T3_COL_KEYS[:-1])


def test_each_key_figure_is_the_row_its_heading_names(runner, make_workbook, tmp_path):
    folder = _folder(tmp_path, make_workbook, 甲镇={})
    target = tmp_path / "汇总.xlsx"
    assert runner.invoke(app, ["rollup", str(folder), "-o", str(target)]).exit_code == 0
    one = consistent_values()
    new, carried_over, carried_forward = (_total(one, r) for r in ("new", "carried_over", "carried_forward"))
    handled = new + carried_over - carried_forward  # 一 + 二 = （七）总计 + 四
    assert (new, carried_over, carried_forward) == (new, 6, 9) and handled != carried_forward
    row = _rows(target)[0]
    assert (row["机关"], row["新收"], row["上年结转"], row["办结"], row["结转下年度"]) == (
        "测试县甲镇人民政府",
        new,
        6,
        handled,
        9,
    )
    assert (row["予以公开"], row["规范性文件制发"], row["规范性文件现行有效"]) == (
        _total(one, "granted"),
        3,
        12,
    )


def test_amounts_are_summed_to_the_cent(runner, make_workbook, tmp_path):
    # In binary floating point 0.1 + 0.2 is 0.30000000000000004; 7730.28 + 0.01 is 7730.290000000001.
    folder = _folder(
        tmp_path,
        make_workbook,
        甲镇={"t2_fees": 0.1, "fee_collected": 7730.28},
        乙镇={"t2_fees": 0.2, "fee_collected": 0.01},
    )
    target = tmp_path / "汇总.xlsx"
    assert runner.invoke(app, ["rollup", str(folder), "-o", str(target), "--docx"]).exit_code == 0
    assert openpyxl.load_workbook(target)["表二"]["B16"].value == 0.3
    total = _rows(target)[-1]
    assert (total["机关"], total["行政事业性收费（万元）"], total["信息处理费（元）"]) == (
        "合计（2个机关）",
        0.3,
        7730.29,
    )
    two = report_tables(target.with_suffix(".docx"))[0]
    assert "0.3" in {
        cell.text for row in two.rows for cell in row.cells
    }  # 行政事业性收费, in the official table


def test_a_workbook_of_another_year_is_listed_but_not_summed(runner, make_workbook, tmp_path):
    folder = _folder(tmp_path, make_workbook, 甲镇={}, 乙镇={}, 丙镇={"year": 2023, "date": "2024年1月20日"})
    target = tmp_path / "汇总.xlsx"
    result = runner.invoke(app, ["rollup", str(folder), "-o", str(target)])
    assert result.exit_code == 1
    assert (
        "丙镇.xlsx（测试县丙镇人民政府）：报告年度为2023年，与汇总年度2024年不同，未计入。\n" in result.stdout
    )
    rows = _rows(target)
    assert [(r["机关"], r["年度"], r["计入汇总"]) for r in rows[:3]] == [  # in the files' order: 丙 乙 甲
        ("测试县丙镇人民政府", 2023, "否"),
        ("测试县乙镇人民政府", 2024, "是"),
        ("测试县甲镇人民政府", 2024, "是"),
    ]
    new = _total(consistent_values(), "new")
    assert (rows[-1]["机关"], rows[-1]["新收"]) == ("合计（2个机关）", 2 * new)


def test_rollup_replaces_its_workbook_only_with_force(runner, make_workbook, tmp_path):
    folder = _folder(tmp_path, make_workbook, 甲镇={})
    target = tmp_path / "汇总.xlsx"
    assert runner.invoke(app, ["rollup", str(folder), "-o", str(target)]).exit_code == 0
    _folder(tmp_path, make_workbook, 乙镇={})
    refused = runner.invoke(app, ["rollup", str(folder), "-o", str(target)])
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"{target}：文件已存在，未覆盖。如要替换，请加 --force。\n",
    )
    assert _rows(target)[-1]["机关"] == "合计（1个机关）"
    forced = runner.invoke(app, ["rollup", str(folder), "-o", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    assert _rows(target)[-1]["机关"] == "合计（2个机关）"


def test_an_output_that_is_no_workbook_name_is_refused_before_reading(runner, make_workbook, tmp_path):
    folder = _folder(tmp_path, make_workbook, 甲镇={})
    result = runner.invoke(app, ["rollup", str(folder), "-o", str(tmp_path / "汇总")])
    assert (result.exit_code, result.stderr) == (
        1,
        f"{tmp_path / '汇总'}：汇总文件名要以 .xlsx 结尾（-o 给的是汇总工作簿的文件名，不是文件夹）。\n",
    )


def test_a_folder_without_workbooks_is_said_so(runner, tmp_path):
    empty = tmp_path / "收件"
    empty.mkdir()
    result = runner.invoke(app, ["rollup", str(empty), "-o", str(tmp_path / "汇总.xlsx")])
    assert (result.exit_code, result.stderr) == (1, f"{empty}：没有找到Excel工作簿（.xlsx）。\n")


def test_a_mistyped_folder_is_said_so_and_no_rollup_is_written(runner, tmp_path):
    missing = tmp_path / "各乡镇2024"
    target = tmp_path / "汇总.xlsx"
    result = runner.invoke(app, ["rollup", str(missing), "-o", str(target), "--docx"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"{missing}：找不到这个文件或文件夹，未生成汇总表。\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_the_year_is_that_of_the_workbooks_that_pass(runner, make_workbook, tmp_path):
    # Two workbooks of 2023 with errors, one of 2024 without: the roll-up is of 2024, the year that can be summed.
    broken = {"year": 2023, "date": "2024年1月20日", "t3_new_natural": "无"}
    folder = _folder(tmp_path, make_workbook, 甲镇={}, 乙镇=broken, 丙镇=broken)
    target = tmp_path / "汇总.xlsx"
    assert runner.invoke(app, ["rollup", str(folder), "-o", str(target)]).exit_code == 1
    rows = _rows(target)
    assert [(r["机关"], r["计入汇总"]) for r in rows[:3]] == [
        ("测试县丙镇人民政府", "否"),
        ("测试县乙镇人民政府", "否"),
        ("测试县甲镇人民政府", "是"),
    ]
    assert (rows[-1]["机关"], rows[-1]["年度"]) == ("合计（1个机关）", 2024)


def test_with_none_passing_the_year_is_that_of_the_workbooks_read(runner, make_workbook, tmp_path):
    broken = {"year": 2023, "date": "2024年1月20日", "t3_new_natural": "无"}
    folder = _folder(tmp_path, make_workbook, 甲镇=broken, 乙镇=broken)
    (folder / "丁镇.xlsx").write_bytes(b"not a workbook")
    target = tmp_path / "汇总.xlsx"
    assert runner.invoke(app, ["rollup", str(folder), "-o", str(target)]).exit_code == 1
    assert (_rows(target)[-1]["机关"], _rows(target)[-1]["年度"]) == ("合计（0个机关）", 2023)


def test_a_folder_of_unreadable_files_still_gets_its_list(runner, tmp_path):
    folder = tmp_path / "收件"
    folder.mkdir()
    (folder / "丁镇.xlsx").write_bytes(b"not a workbook")
    target = tmp_path / "汇总.xlsx"
    assert runner.invoke(app, ["rollup", str(folder), "-o", str(target)]).exit_code == 1
    rows = _rows(target)
    assert (rows[0]["工作簿"], rows[0]["计入汇总"], rows[-1]["机关"]) == (
        "丁镇.xlsx",
        "否",
        "合计（0个机关）",
    )
