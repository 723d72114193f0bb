"""Every kind of 行政机关 builds its report: 规章 judged by kind, the report's own words, and a county's mixed roll-up."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from support import consistent_values, report_paragraphs

from generator.cli import app

WITH_RULES = {"t2_rules_issued": 2, "t2_rules_repealed": 1, "t2_rules_in_force": 9, "prev_rules_in_force": 8}


def _build(runner, workbook: Path, out: Path) -> tuple[int, str, list[str]]:
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    reports = sorted(out.glob("*.docx"))
    return result.exit_code, result.output, [p.text for p in report_paragraphs(reports[0])] if reports else []


@pytest.mark.parametrize(
    ("org", "kind", "we"),
    [
        ("淮安市人民政府", "设区的市人民政府", "我市"),
        ("国家统计局", "国务院部门", "我局"),
        ("江苏省人民政府", "省级人民政府", "我省"),
    ],
)
def test_a_maker_of_rules_reports_them_without_a_finding(runner, make_workbook, tmp_path, org, kind, we):
    workbook = make_workbook(org_name=org, s1_request="", **WITH_RULES)
    code, output, paragraphs = _build(runner, workbook, tmp_path / "out")
    assert code == 0, output
    assert "T2-GZ" not in output and "规章" not in output
    text = "".join(paragraphs).replace("\n", "")
    assert f"{org}2024年政府信息公开工作年度报告" in text
    assert (
        f"2024年，{we}新收政府信息公开申请" in text
    )  # the standard 依申请公开 paragraph in the kind's own words
    wb = openpyxl.load_workbook(workbook, read_only=True)
    assert wb["基本信息"]["B8"].value is None  # the kind was inferred from the name, not typed
    wb.close()
    target = tmp_path / "汇总.xlsx"
    assert runner.invoke(app, ["rollup", str(workbook), "-o", str(target)]).exit_code == 0
    row = next(openpyxl.load_workbook(target)["机关"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert row[1:3] == (org, kind)


@pytest.mark.parametrize(
    ("org", "severity", "we"),
    [
        ("叶城县教育局", "错误", "我局"),  # a 县级 department has no 规章 even to draft
        ("叶城县城关街道办事处", "错误", "我街道"),
        ("叶城县人民政府", "错误", "我县"),
        ("淮安市自然资源和规划局", "警告", "我局"),  # a 市级 department drafts its city's 规章
    ],
)
def test_rules_are_judged_by_kind(runner, make_workbook, tmp_path, org, severity, we):
    workbook = make_workbook(org_name=org, s1_request="", **WITH_RULES)
    result = runner.invoke(app, ["check", str(workbook)])
    lines = [line for line in result.output.splitlines() if "[T2-GZ]" in line]
    assert [line.split(" ")[1] for line in lines] == ["表二!B5", "表二!C5", "表二!D5"]
    assert all(line.split(" ")[2].startswith(f"{severity}：表二“规章/") for line in lines)
    assert "乡镇人民政府没有规章制定权" not in result.output
    assert result.exit_code == (1 if severity == "错误" else 0)

    fixed = make_workbook("无规章.xlsx", org_name=org, s1_request="")
    code, output, paragraphs = _build(runner, fixed, tmp_path / "out")
    assert code == 0, output
    assert f"2024年，{we}新收政府信息公开申请" in "".join(paragraphs)


def test_a_mixed_county_rolls_up_by_kind(runner, make_workbook, tmp_path):
    units = {
        "叶城县白杨镇人民政府": 1,
        "叶城县柯克亚乡人民政府": 2,
        "叶城县城关街道办事处": 3,
        "叶城县教育局": 4,
        "叶城县人民政府": 5,
    }
    for n, (org, new) in enumerate(units.items()):
        values = consistent_values()
        values["t3_new_natural"] = int(values["t3_new_natural"]) + new  # the more received, the more carried
        values["t3_carried_forward_natural"] = int(values["t3_carried_forward_natural"]) + new
        make_workbook(f"单位{n + 1}.xlsx", values=values, org_name=org)
    target = tmp_path / "out" / "汇总.xlsx"
    result = runner.invoke(
        app, ["rollup", *map(str, sorted(tmp_path.glob("*.xlsx"))), "--name", "叶城县", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    rows = [list(r) for r in openpyxl.load_workbook(target)["机关"].iter_rows(values_only=True)]
    header = rows[0]
    new = header.index("新收")
    kinds = {r[1]: r[2] for r in rows[1:6]}
    assert kinds == {
        "叶城县白杨镇人民政府": "乡镇人民政府",
        "叶城县柯克亚乡人民政府": "乡镇人民政府",
        "叶城县城关街道办事处": "街道办事处",
        "叶城县教育局": "县级政府部门",
        "叶城县人民政府": "县级人民政府",
    }
    per_unit = {r[1]: r[new] for r in rows[1:6]}
    values = consistent_values()
    base = sum(
        int(values[f"t3_new_{c}"]) for c in ("natural", "commercial", "research", "social", "legal", "other")
    )
    assert per_unit == {org: n + base for org, n in units.items()}
    subtotals = {r[1]: r[new] for r in rows if str(r[1]).startswith("小计")}
    assert subtotals == {
        "小计：乡镇人民政府（2个）": 1 + 2 + 2 * base,
        "小计：街道办事处（1个）": 3 + base,
        "小计：县级人民政府（1个）": 5 + base,
        "小计：县级政府部门（1个）": 4 + base,
    }
    assert rows[-1][1] == "合计（5个机关）" and rows[-1][new] == 15 + 5 * base
