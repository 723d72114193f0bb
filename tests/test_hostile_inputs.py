"""Hostile inputs met outside a single check: last year's workbook, a county's batch, odd file names, `new --org`,
two builds at once. Each ends in Chinese sentences naming the file (and cell), exit 1 where something is wrong,
nothing written that should not be, and every input's bytes and time of modification as they were."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import openpyxl
import pytest
from support import cell_of, inbox_folder

from generator.cli import app

HUGE = "9" * 5000  # past Python's 4,300-digit int() limit


def _state(*paths: Path) -> list[tuple[str, int]]:
    return [(hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths]


@pytest.mark.parametrize(
    ("key", "sentence"),
    [
        ("t3_carried_forward_natural", "{name}：{cell}无法读取，不能结转到下一年度；请先改正上年工作簿。"),
        (
            "year",
            "{name}：{cell}的报告年度没有填写或无法读取，推算不出下一年度；请先改正上年工作簿，或用 --year 给出年度。",
        ),
    ],
    ids=["carried", "year"],
)
def test_last_years_workbook_with_a_number_past_int_stops_new(runner, make_workbook, tmp_path, key, sentence):
    last = make_workbook("上年.xlsx", **{key: HUGE})
    before = _state(last)
    target = tmp_path / "下年.xlsx"
    result = runner.invoke(app, ["new", str(target), "--previous", str(last)])
    cell = cell_of(last, key)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == sentence.format(name=last.name, cell=cell) + "\n"
    assert not target.exists() and _state(last) == before


def test_a_blank_year_in_last_years_workbook_needs_year_given(runner, make_workbook, tmp_path):
    last = make_workbook("上年.xlsx", year=None)
    target = tmp_path / "下年.xlsx"
    refused = runner.invoke(app, ["new", str(target), "--previous", str(last)])
    assert refused.exit_code == 1 and "推算不出下一年度" in refused.stderr and not target.exists()
    given = runner.invoke(app, ["new", str(target), "--previous", str(last), "--year", "2025"])
    assert given.exit_code == 0, given.stderr
    checked = runner.invoke(app, ["check", str(target)])
    assert "报告年度" not in checked.stdout  # 2025, as given


def test_a_number_past_int_in_a_batch_fails_that_township_alone(runner, make_workbook, tmp_path):
    folder = inbox_folder(
        tmp_path, make_workbook, 巨数={"t3_new_natural": HUGE, "org_name": "测试县巨数镇人民政府"}, 正常={}
    )
    inputs = sorted(folder.iterdir())
    before = _state(*inputs)
    line = (
        "巨数.xlsx 表三!D6 错误：表三“一、本年新收政府信息公开申请数量/自然人”填写的“99999999999999999999…”"
        "大得不可能（一年的件数不会超过1,000,000,000），请核对。 [VAL-SIZE]"
    )
    checked = runner.invoke(app, ["check", str(folder), "-o", str(tmp_path / "查")])
    assert checked.exit_code == 1 and line in checked.stdout.splitlines()
    built = runner.invoke(app, ["build", str(folder), "-o", str(tmp_path / "报告")])
    assert built.exit_code == 1 and line in built.stdout.splitlines()
    (summary,) = (tmp_path / "报告").glob("检查汇总_*.xlsx")
    assert sorted(p.name for p in (tmp_path / "报告").iterdir()) == sorted(
        [summary.name, "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"]
    )  # no report for 巨数
    rolled = runner.invoke(app, ["rollup", str(folder), "-o", str(tmp_path / "汇总.xlsx")])
    assert rolled.exit_code == 1
    assert "巨数.xlsx（测试县巨数镇人民政府）：有1处错误，未计入；请该机关改正后重新提交。" in rolled.stdout
    assert sorted(folder.iterdir()) == inputs and _state(*inputs) == before


def test_new_refuses_a_name_with_a_control_character(runner, tmp_path):
    target = tmp_path / "白杨镇2024.xlsx"
    result = runner.invoke(app, ["new", str(target), "--org", "白杨镇\x07人民政府", "--year", "2024"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "白杨镇2024.xlsx：--org 给的机关全称中有控制字符（\\x07），无法写入工作簿，请去掉后重试。\n"
    )
    assert list(tmp_path.iterdir()) == []


GBK = os.fsdecode(
    "白杨镇".encode("gbk") + b".xlsx"
)  # a Windows zip unpacked on Linux: bytes that are not UTF-8
CONTROL = "朱阳关\x1b[31m镇.xlsx"  # a terminal's colour escape in a file name


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_batch_over_odd_file_names_keeps_its_table_and_summary(runner, make_workbook, tmp_path, command):
    folder = tmp_path / "收件"
    folder.mkdir()
    make_workbook("a.xlsx", org_name="叶城县白杨镇人民政府").rename(folder / GBK)
    make_workbook("b.xlsx", org_name="卢氏县朱阳关镇人民政府").rename(folder / CONTROL)
    inputs = sorted(folder.iterdir())
    before = _state(*inputs)
    out = tmp_path / "输出"
    result = runner.invoke(app, [command, str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    shown = ["\\xb0\\xd7\\xd1\\xee\\xd5\\xf2.xlsx", "朱阳关\\x1b[31m镇.xlsx"]
    table = [line.split()[0] for line in result.stdout.splitlines()[1:3]]
    assert sorted(table) == sorted(shown)
    (summary,) = out.glob("检查汇总_*.xlsx")
    rows = openpyxl.load_workbook(summary)["机关"].iter_rows(min_row=2, values_only=True)
    assert sorted(row[1] for row in rows) == sorted(shown)
    assert len(list(out.glob("*.docx"))) == (2 if command == "build" else 0)
    assert sorted(folder.iterdir()) == inputs and _state(*inputs) == before


def test_a_batch_over_odd_file_names_prints_valid_json(runner, make_workbook, tmp_path):
    folder = tmp_path / "收件"
    folder.mkdir()
    make_workbook("a.xlsx").rename(folder / GBK)
    result = runner.invoke(
        app, ["check", str(folder), str(folder / GBK), "--format", "json", "-o", str(tmp_path)]
    )
    files = [f["file"] for f in json.loads(result.stdout)["files"]]
    assert files == [str(folder / GBK)]  # the name's own bytes, escaped as JSON escapes them


def test_two_builds_into_one_folder_the_second_is_told(runner, make_workbook, tmp_path, monkeypatch):
    """Another build writes the same report while this one renders: this one is refused, the other's kept."""
    import generator.files as files

    workbook = make_workbook()
    before = _state(workbook)
    out = tmp_path / "out"
    report = out / "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"
    real_link = os.link

    def the_other_build_first(source: str, destination: str) -> None:
        Path(destination).write_bytes(b"the other build's report")
        real_link(source, destination)

    monkeypatch.setattr(files.os, "link", the_other_build_first)
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith(f"{report}：文件已存在，未覆盖。如要替换，请加 --force。\n")
    assert report.read_bytes() == b"the other build's report"
    assert [p.name for p in out.iterdir()] == [report.name]  # no temporary file left behind
    assert _state(workbook) == before


def test_rollup_refuses_a_name_with_a_control_character_before_writing(runner, make_workbook, tmp_path):
    workbook = make_workbook()
    before = _state(workbook)
    out = tmp_path / "汇总"
    args = ["rollup", str(workbook), "--name", "叶城县\x07各机关", "-o", str(out / "汇总.xlsx"), "--docx"]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "--name 给的单位名称中有控制字符（\\x07），无法写入汇总表，请去掉后重试。\n"
    assert not out.exists() and _state(workbook) == before


def test_force_never_writes_over_the_file_being_read(runner, make_workbook, tmp_path):
    """new --previous X X, a roll-up named as one of its workbooks (or a hard link to it), a report over its own
    template: each is refused, even with --force, and the input stays as it was."""
    workbook = make_workbook()
    os.link(workbook, tmp_path / "硬链接.xlsx")
    before = _state(workbook)
    cases = [
        (
            ["new", str(workbook), "--previous", str(workbook), "--force"],
            workbook,
            "上年工作簿（--previous）",
        ),
        (
            ["rollup", str(workbook), "-o", str(tmp_path / "硬链接.xlsx"), "--force"],
            tmp_path / "硬链接.xlsx",
            "工作簿",
        ),
    ]
    for args, target, what in cases:
        result = runner.invoke(app, args)
        assert (result.exit_code, result.stderr) == (
            1,
            f"{target}：这是要读取的{what}，不能把结果写在它上面（即使加 --force）；请换一个文件名。\n",
        )
        assert _state(workbook) == before
    out = tmp_path / "out"
    out.mkdir()
    template = out / "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"
    template.write_bytes((Path(__file__).parent.parent / "templates" / "report.docx").read_bytes())
    kept = _state(template)
    result = runner.invoke(
        app, ["build", str(workbook), "--template", str(template), "-o", str(out), "--force"]
    )
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        1,
        f"{template}：这是要读取的模板（--template），不能把结果写在它上面（即使加 --force）；请换一个文件名。",
    )
    assert _state(template) == kept and _state(workbook) == before


def test_a_batch_folder_of_links_and_pipes_names_each_and_keeps_the_summary(runner, make_workbook, tmp_path):
    folder = tmp_path / "收件"
    folder.mkdir()
    make_workbook().rename(folder / "正常.xlsx")
    (folder / "循环.xlsx").symlink_to("循环.xlsx")  # Python 3.11's resolve() says a loop by RuntimeError
    (folder / "断开.xlsx").symlink_to("没有.xlsx")
    (folder / "设备.xlsx").symlink_to("/dev/zero")
    os.mkfifo(folder / "管道.xlsx")
    out = tmp_path / "输出"
    result = runner.invoke(app, ["check", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for sentence in [
        "循环.xlsx：无法读取这个文件（符号链接形成了循环，指不到真正的文件）。",
        "断开.xlsx：找不到这个文件。",
        "设备.xlsx：不是普通文件（是设备、管道或套接字），无法当作文件读取。",
        "管道.xlsx：不是普通文件（是设备、管道或套接字），无法当作文件读取。",
    ]:
        assert sentence in lines
    assert lines[-1].startswith("共5个工作簿：1个检查通过，4个未通过。")
    assert len(list(out.glob("检查汇总_*.xlsx"))) == 1
    rolled = runner.invoke(app, ["rollup", str(folder), "-o", str(tmp_path / "汇总.xlsx")])
    assert rolled.exit_code == 1
    assert (
        "循环.xlsx：无法读取，未计入：无法读取这个文件（符号链接形成了循环，指不到真正的文件）。"
        in rolled.stdout
    )
