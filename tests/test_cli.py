"""The command line as a clerk meets it: exit codes and the exact messages."""

from __future__ import annotations

import os
import subprocess
import sys

from support import ROOT

from generator.cli import app

REPORT = "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"


def test_new_writes_a_workbook_and_says_what_next(runner, tmp_path):
    path = tmp_path / "白杨镇2024.xlsx"
    result = runner.invoke(app, ["new", str(path), "--org", "叶城县白杨镇人民政府", "--year", "2024"])
    assert result.exit_code == 0
    assert result.stdout == f"已生成空白工作簿：{path}\n填好黄色格子后运行：gigen build {path}\n"
    again = runner.invoke(app, ["new", str(path)])
    assert again.exit_code == 1
    assert again.stderr == f"{path}：文件已存在，未覆盖。如要替换，请加 --force。\n"
    forced = runner.invoke(app, ["new", str(path), "--force"])
    assert forced.exit_code == 0
    assert forced.stdout.splitlines()[1] == "请在“基本信息”工作表填写机关全称和报告年度。"


def test_new_wants_xlsx_and_a_plausible_year(runner, tmp_path):
    result = runner.invoke(app, ["new", str(tmp_path / "a.xls")])
    assert (result.exit_code, result.stderr) == (1, f"{tmp_path / 'a.xls'}：工作簿文件名要以 .xlsx 结尾。\n")
    assert runner.invoke(app, ["new", str(tmp_path / "a.xlsx"), "--year", "24"]).exit_code == 2


def test_build_writes_the_report_and_refuses_to_overwrite(runner, make_workbook, tmp_path):
    workbook = make_workbook()
    out = tmp_path / "报告"
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已生成报告：{out / REPORT}\n"
    before = (out / REPORT).read_bytes()

    again = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert again.exit_code == 1
    assert again.stderr == f"{out / REPORT}：文件已存在，未覆盖。如要替换，请加 --force。\n"
    assert (out / REPORT).read_bytes() == before

    forced = runner.invoke(app, ["build", str(workbook), "-o", str(out), "--force"])
    assert forced.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [REPORT], "no temporary file may be left behind"


def test_build_defaults_to_the_outputs_folder(runner, make_workbook, tmp_path, monkeypatch):
    workbook = make_workbook()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", str(workbook)])
    assert result.exit_code == 0
    assert result.stdout == f"已生成报告：outputs/{REPORT}\n"
    assert (tmp_path / "outputs" / REPORT).is_file()


def test_build_refuses_a_total_that_disagrees_with_its_parts(runner, make_workbook, tmp_path):
    workbook = make_workbook(values={"t4_review_upheld": 1, "t4_review_total": 2})
    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "测试镇2024.xlsx 表四!E6 错误：表四“行政复议/总计”填的是2件，但结果维持、结果纠正、其他结果、尚未审结四项合计为1件"
        "（表四!A6至表四!D6），相差1件。请核对各项，或删除手填的数字，让公式自动计算。",
        "测试镇2024.xlsx：发现1处错误，未生成报告。请按以上提示修改工作簿后重试。",
    ]
    assert not (tmp_path / "out").exists()


def test_build_lists_every_bad_cell_and_writes_nothing(runner, make_workbook, tmp_path):
    workbook = make_workbook(t3_new_natural="无", t4_review_upheld=-1, year=None)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "测试镇2024.xlsx 基本信息!B4 错误：报告年度未填写。",
        "测试镇2024.xlsx 表三!D6 错误：表三“一、本年新收政府信息公开申请数量/自然人”必须填写不小于0的整数（没有就填0），现在填的是“无”。",
        "测试镇2024.xlsx 表四!A6 错误：表四“行政复议/结果维持”必须填写不小于0的整数（没有就填0），现在填的是“-1”。",
        "测试镇2024.xlsx：发现3处错误，未生成报告。请按以上提示修改工作簿后重试。",
    ]
    assert not out.exists()


def test_build_of_a_file_that_is_not_a_workbook(runner, tmp_path):
    bogus = tmp_path / "通知.xlsx"
    bogus.write_text("不是表格", encoding="utf-8")
    result = runner.invoke(app, ["build", str(bogus)])
    assert (result.exit_code, result.stderr) == (1, "通知.xlsx：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。\n")
    missing = runner.invoke(app, ["build", str(tmp_path / "没有.xlsx")])
    assert (missing.exit_code, missing.stderr) == (1, "没有.xlsx：找不到这个文件。\n")


def test_build_of_a_folder_and_with_a_missing_template(runner, make_workbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", "."])
    assert (result.exit_code, result.stderr) == (1, ".：这是一个文件夹，不是工作簿。\n")
    result = runner.invoke(app, ["build", str(make_workbook()), "--template", "县模板.docx"])
    assert (result.exit_code, result.stderr) == (1, "县模板.docx：找不到模板文件。\n")


def test_build_with_a_broken_template(runner, make_workbook, tmp_path):
    template = tmp_path / "县模板.docx"
    template.write_bytes(b"PK\x03\x04 broken")
    result = runner.invoke(app, ["build", str(make_workbook()), "--template", str(template), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == "县模板.docx：模板文件无法打开或已损坏（BadZipFile）。\n"
    assert not (tmp_path / REPORT).exists()


def test_usage_errors_exit_2(runner):
    assert runner.invoke(app, ["build"]).exit_code == 2
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2


def test_schema_lists_every_key(runner):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 223
    assert "t3_denied_law_natural\t表三\tD11\t整数\t表三“（三）不予公开 2.其他法律行政法规禁止公开/自然人”" in lines
    assert "t3_new_total\t表三\tJ6\t整数（公式）\t表三“一、本年新收政府信息公开申请数量/总计”" in lines


def test_readme_lists_the_keys_as_gigen_schema_prints_them(runner):
    table = runner.invoke(app, ["schema", "--format", "markdown"]).stdout
    assert table.strip() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_help_and_version(runner):
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "new" in result.stdout and "build" in result.stdout and "schema" in result.stdout
    from generator import __version__

    assert runner.invoke(app, ["--version"]).stdout == f"gigen {__version__}\n"


def test_python_dash_m_runs_the_cli(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True,
                            env=env, cwd=tmp_path, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("gigen ")


def test_no_traceback_for_an_unwritable_output(runner, make_workbook, tmp_path):
    blocker = tmp_path / "文件"
    blocker.write_text("x")
    result = runner.invoke(app, ["build", str(make_workbook()), "-o", str(blocker / "sub")])
    assert result.exit_code == 1
    assert result.stderr == f"{blocker / 'sub'}：无法写入这个文件夹（路径中有一段是文件而不是文件夹）。\n"
    assert "Traceback" not in result.output


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "pytest" in line and line.startswith("python3"))
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _county_template(tmp_path, text: str):
    import docx

    from generator.render import default_template

    doc = docx.Document(str(default_template()))
    doc.add_paragraph(text)
    path = tmp_path / "县模板.docx"
    doc.save(str(path))
    return path


def test_build_with_a_template_that_names_an_unknown_key(runner, make_workbook, tmp_path):
    template = _county_template(tmp_path, "{{ township_motto }}")
    result = runner.invoke(app, ["build", str(make_workbook()), "--template", str(template), "-o", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (
        1, "县模板.docx：模板中的占位符“township_motto”不是工作簿的字段（字段名见 gigen schema）。\n")


def test_a_template_cannot_reach_python_internals(runner, make_workbook, tmp_path):
    template = _county_template(tmp_path, "{{ org_name.__class__.__mro__[1].__subclasses__() }}")
    result = runner.invoke(app, ["build", str(make_workbook()), "--template", str(template), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("县模板.docx：模板有误，无法填入数据（")
    assert not (tmp_path / REPORT).exists()
