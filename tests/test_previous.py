"""`gigen new --previous`: next year's workbook carried forward from last year's, copied text marked 需更新."""

from __future__ import annotations

import openpyxl
import pytest
from support import EXAMPLES, consistent_values, fill

from generator.cli import app
from generator.schema import FIELD_BY_KEY, T3_APPLICANTS, Kind
from generator.xlsx import read_workbook


def _cells(path) -> dict[str, object]:
    """Every field's cell as openpyxl reads it, independently of gigen's reader."""
    wb = openpyxl.load_workbook(path, rich_text=True)
    return {key: wb[f.sheet][f.cell] for key, f in FIELD_BY_KEY.items()}


def _new(runner, previous, target):
    result = runner.invoke(app, ["new", str(target), "--previous", str(previous)])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_next_years_workbook_carries_the_numbers_and_marks_the_text(runner, example, tmp_path):
    target = tmp_path / "下一年.xlsx"
    result = _new(runner, example, target)
    old, new = _cells(example), _cells(target)
    assert new["year"].value == int(old["year"].value) + 1
    assert new["org_name"].value == old["org_name"].value
    for col in T3_APPLICANTS:
        assert (new[f"t3_carried_over_{col}"].value or 0) == (old[f"t3_carried_forward_{col}"].value or 0)
    assert (new["prev_norms_in_force"].value or 0) == (old["t2_norms_in_force"].value or 0)

    copied = [key for key, f in FIELD_BY_KEY.items() if f.kind is Kind.TEXT and old[key].value]
    assert f"{len(copied)}段文字从上年复制" in result.stdout
    names = openpyxl.load_workbook(target).defined_names
    for key in copied:
        cell = new[key]
        assert cell.fill.fgColor.rgb.endswith("FCE4D6"), key
        assert cell.comment is not None and cell.comment.text.startswith("需更新"), key
        assert f"gigen_copied_{key}" in names, key
        assert str(cell.value) == str(old[key].value).replace(
            "\r", ""
        )  # CellRichText prints as its plain text
    checked = runner.invoke(app, ["check", str(target)])
    assert sorted(
        line.split()[1] for line in checked.stdout.splitlines() if line.endswith("[S-COPY]")
    ) == sorted(f"{FIELD_BY_KEY[key].sheet}!{FIELD_BY_KEY[key].cell}" for key in copied)


def test_numbers_carry_column_by_column_and_edited_text_is_no_longer_flagged(runner, make_workbook, tmp_path):
    last = make_workbook("白杨镇2024.xlsx")
    target = tmp_path / "白杨镇2025.xlsx"
    _new(runner, last, target)
    old, new = _cells(last), _cells(target)
    assert [new[f"t3_carried_over_{c}"].value for c in T3_APPLICANTS] == [
        old[f"t3_carried_forward_{c}"].value for c in T3_APPLICANTS
    ]
    values = consistent_values()
    assert (
        [new[f"t3_carried_over_{c}"].value for c in T3_APPLICANTS]
        == [values[f"t3_carried_forward_{c}"] for c in T3_APPLICANTS]
        == [1, 2, 1, 2, 1, 2]
    )
    cross = runner.invoke(app, ["check", str(target), "--previous", str(last)])
    assert "[T3-XY" not in cross.stdout  # this year's 上年结转 is last year's 结转下年度, by construction

    before = runner.invoke(app, ["check", str(target)]).stdout
    assert "一、总体情况!B7 警告：“（二）依申请公开”仍是从上年工作簿复制的原文" in before
    fill(target, {"s1_request": "2025年，本镇新收政府信息公开申请若干件，已全部按时办结。"})
    after = runner.invoke(app, ["check", str(target)]).stdout
    assert "一、总体情况!B7 警告：“（二）依申请公开”仍是从上年工作簿复制的原文" not in after
    assert after.count("[S-COPY]") == before.count("[S-COPY]") - 1


def test_a_blank_last_year_carries_numbers_and_says_there_is_no_text(runner, make_workbook, tmp_path):
    last = make_workbook("上年.xlsx", values={})
    result = _new(runner, last, tmp_path / "今年.xlsx")
    assert result.stdout.splitlines()[1].endswith("；上年没有可沿用的文字段落。")


def test_previous_that_cannot_be_read_says_so(runner, tmp_path):
    broken = tmp_path / "上年.xlsx"
    broken.write_bytes(b"not a workbook")
    result = runner.invoke(app, ["new", str(tmp_path / "今年.xlsx"), "--previous", str(broken)])
    assert (result.exit_code, result.stderr) == (
        1,
        "上年.xlsx：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。\n",
    )
    assert not (tmp_path / "今年.xlsx").exists()


def test_last_years_in_force_becomes_this_years_previous(runner, make_workbook, tmp_path):
    last = make_workbook("白杨镇2024.xlsx", t2_norms_issued=3, t2_norms_repealed=1, t2_norms_in_force=12)
    target = tmp_path / "白杨镇2025.xlsx"
    _new(runner, last, target)
    data = read_workbook(target)
    assert (data.values["prev_norms_in_force"], data.values["prev_rules_in_force"]) == (12, 0)


def test_a_year_that_does_not_follow_last_years_is_refused_and_nothing_written(
    runner, make_workbook, tmp_path
):
    last = make_workbook("上年.xlsx")  # 2024
    for year in ("2024", "2030"):
        target = tmp_path / f"{year}.xlsx"
        result = runner.invoke(app, ["new", str(target), "--previous", str(last), "--year", year])
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            f"上年.xlsx：这是2024年度的工作簿，本报告为{year}年度，--previous 应给{int(year) - 1}年度的工作簿。\n",
        )
        assert not target.exists()
    following = runner.invoke(
        app, ["new", str(tmp_path / "2025.xlsx"), "--previous", str(last), "--year", "2025"]
    )
    assert following.exit_code == 0, following.output
