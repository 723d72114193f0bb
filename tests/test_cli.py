"""The command line as a clerk meets it: exit codes and the exact messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import openpyxl
from support import ROOT, edited_template

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
    workbook = make_workbook(t4_suit_direct_total=99)
    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "测试镇2024.xlsx 表四!J6 错误：表四“行政诉讼·未经复议直接起诉/总计”填的是99件，但结果维持、结果纠正、其他结果、"
        "尚未审结四项合计为4件（表四!F6至表四!I6），相差95件。请核对各项，或删除手填的数字，让公式自动计算。 [T4-SUM-suit_direct]",
        "测试镇2024.xlsx：发现1处错误，未生成报告。请按以上提示修改工作簿后重试，或加 --draft 先生成草稿。",
    ]
    assert not (tmp_path / "out").exists()


def test_build_lists_every_bad_cell_and_writes_nothing(runner, make_workbook, tmp_path):
    workbook = make_workbook(t3_new_natural="无", t4_review_upheld=-1, year=None)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "测试镇2024.xlsx 基本信息!B4 错误：报告年度未填写。 [META-YEAR]",
        "测试镇2024.xlsx 表三!D6 错误：表三“一、本年新收政府信息公开申请数量/自然人”必须填写不小于0的整数（没有就填0），"
        "现在填的是“无”。 [T3-INT]",
        "测试镇2024.xlsx 表四!A6 错误：表四“行政复议/结果维持”必须填写不小于0的整数（没有就填0），现在填的是“-1”。 [T4-INT]",
        "测试镇2024.xlsx：发现3处错误，未生成报告。请按以上提示修改工作簿后重试，或加 --draft 先生成草稿。",
    ]
    assert not out.exists()


def test_build_of_a_file_that_is_not_a_workbook(runner, tmp_path):
    bogus = tmp_path / "通知.xlsx"
    bogus.write_text("不是表格", encoding="utf-8")
    result = runner.invoke(app, ["build", str(bogus)])
    assert (result.exit_code, result.stderr) == (
        1,
        "通知.xlsx：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。\n",
    )
    missing = runner.invoke(app, ["build", str(tmp_path / "没有.xlsx")])
    assert (missing.exit_code, missing.stderr) == (1, "没有.xlsx：找不到这个文件。\n")
    no_folder = runner.invoke(app, ["check", str(tmp_path / "各乡镇") + "/"])
    assert (no_folder.exit_code, no_folder.stdout, no_folder.stderr) == (
        1,
        "",
        "各乡镇：找不到这个文件或文件夹。\n",
    )


def test_build_of_an_empty_folder_and_with_a_missing_template(runner, make_workbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "空文件夹").mkdir()
    result = runner.invoke(app, ["build", "空文件夹"])
    assert (result.exit_code, result.stderr) == (1, "空文件夹：没有找到Excel工作簿（.xlsx）。\n")
    result = runner.invoke(app, ["build", str(make_workbook()), "--template", "县模板.docx"])
    assert (result.exit_code, result.stderr) == (1, "县模板.docx：找不到模板文件。\n")


def test_build_with_a_broken_template(runner, make_workbook, tmp_path):
    template = tmp_path / "县模板.docx"
    template.write_bytes(b"PK\x03\x04 broken")
    result = runner.invoke(
        app, ["build", str(make_workbook()), "--template", str(template), "-o", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.stderr == "县模板.docx：模板文件无法打开或已损坏，请换用 .docx 格式的模板。\n"
    assert not (tmp_path / REPORT).exists()


def test_build_refuses_a_finished_report_as_its_template(runner, make_workbook, tmp_path):
    workbook = make_workbook()
    assert runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path)]).exit_code == 0
    again = runner.invoke(
        app, ["build", str(workbook), "-o", str(tmp_path / "2"), "--template", str(tmp_path / REPORT)]
    )
    assert again.exit_code == 1
    assert again.stderr == (
        f"{REPORT}：文件里没有任何 {{{{ 字段名 }}}} 占位符，不是 gigen 模板（可能选成了已生成的报告）。"
        "请用 templates/report.docx 或在它的基础上修改的模板。\n"
    )


def test_usage_errors_exit_2(runner):
    assert runner.invoke(app, ["build"]).exit_code == 2
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2


def test_schema_lists_every_key(runner):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 229
    assert lines[0] == "名称\t工作表\t单元格\t类型\t说明"  # the columns named, as in the markdown table
    assert lines[1] == "org_name\t基本信息\tB3\t单行文本\t机关全称"
    assert (
        "t3_denied_law_natural\t表三\tD11\t整数\t表三“（三）不予公开 2.其他法律行政法规禁止公开/自然人”"
        in lines
    )
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
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--version"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
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


def test_build_with_a_template_that_names_an_unknown_key(runner, make_workbook, tmp_path):
    template = edited_template(tmp_path / "县模板.docx", paragraphs=["{{ township_motto }}"])
    result = runner.invoke(
        app, ["build", str(make_workbook()), "--template", str(template), "-o", str(tmp_path)]
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "县模板.docx 正文第51段 错误：标记“{{ township_motto }}”中的“township_motto”不是工作簿的字段（字段名见 gigen schema）。"
        " [L-NAME]\n县模板.docx：模板有1处错误（见上），未生成报告。改正后可用 gigen template check 再检查一遍。\n",
    )


def test_a_template_cannot_reach_python_internals(runner, make_workbook, tmp_path):
    template = edited_template(
        tmp_path / "县模板.docx", paragraphs=["{{ org_name.__class__.__mro__[1].__subclasses__() }}"]
    )
    result = runner.invoke(
        app, ["build", str(make_workbook()), "--template", str(template), "-o", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "县模板.docx 正文“{{ org_name.__class__.__mro__[1].__subcl…”处 错误：使用了模板不允许的写法"
        "（模板只能读取工作簿的字段），每份报告都无法生成。 [L-RENDER]\n"
        "县模板.docx：模板有1处错误（见上），未生成报告。改正后可用 gigen template check 再检查一遍。\n"
    )
    assert not (tmp_path / REPORT).exists()


def test_check_of_a_valid_workbook(runner, make_workbook):
    result = runner.invoke(app, ["check", str(make_workbook())])
    assert (result.exit_code, result.stdout) == (0, "测试镇2024.xlsx：检查通过，没有发现问题。\n")


def test_check_lists_every_finding_and_fails_on_an_error(runner, make_workbook):
    workbook = make_workbook(t2_rules_in_force=6, s5_problems="无")
    result = runner.invoke(app, ["check", str(workbook)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "测试镇2024.xlsx 表二!D5 错误：表二“规章/现行有效件数”填的是6件，但乡镇人民政府没有规章制定权（规章只由国务院部门和"
        "省级、设区的市级人民政府制定），“规章”一行应全部为0；如要填本机关的文件，请填在“行政规范性文件”一行。"
        "如果机关类别不是乡镇人民政府，请在基本信息填写“机关类别”。 [T2-GZ]",
        "测试镇2024.xlsx 五、六!B3 警告：“五、（一）存在问题”内容过少或为“无”。请写明存在的问题和改进措施，"
        "并对照上年年报提出的问题说明整改情况。 [S-FIVE]",
        "测试镇2024.xlsx：1处错误，1处警告。请按提示修改工作簿后重新检查。",
    ]


def test_check_passes_with_warnings_only(runner, make_workbook):
    workbook = make_workbook(t2_fees=150)
    result = runner.invoke(app, ["check", str(workbook)])
    assert result.exit_code == 0
    assert (
        result.stdout.splitlines()[-1]
        == "测试镇2024.xlsx：0处错误，1处警告。警告不影响生成报告，请逐条确认。"
    )
    higher = runner.invoke(app, ["check", str(workbook), "--fee-limit", "200"])
    assert higher.stdout == "测试镇2024.xlsx：检查通过，没有发现问题。\n"


def test_check_as_json_for_scripts(runner, make_workbook):
    result = runner.invoke(
        app, ["check", str(make_workbook(t3_new_natural=999, t2_fees=150)), "--format", "json"]
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["file"].endswith("测试镇2024.xlsx")
    assert (report["errors"], report["warnings"]) == (1, 1)
    assert [(f["rule"], f["severity"], f["sheet"], f["cell"]) for f in report["findings"]] == [
        ("T2-FEE", "warning", "表二", "B16"),
        ("T3-BAL-natural", "error", "表三", "D6"),
    ]
    assert report["findings"][1]["message"].startswith("表三“自然人”列：本年新收999件（表三!D6）")


def test_check_with_last_years_workbook(runner, make_workbook):
    this_year, last_year = make_workbook(), make_workbook("测试镇2023.xlsx", year=2023)
    result = runner.invoke(app, ["check", str(this_year), "--previous", str(last_year)])
    assert result.exit_code == 0  # cross-year differences are warnings
    # this year carried over 0,1,2,0,1,2; last year carried forward 1,2,1,2,1,2; 现行有效 12 last year, typed 10
    assert [line.rsplit(" ", 1)[1] for line in result.stdout.splitlines()[:-1]] == [
        "[T2-XY-norms]",
        "[T2-XY-norms]",
        "[T3-XY-natural]",
        "[T3-XY-commercial]",
        "[T3-XY-research]",
        "[T3-XY-social]",
    ]
    wrong = runner.invoke(app, ["check", str(this_year), "--previous", str(this_year)])
    assert (wrong.exit_code, wrong.stderr) == (
        1,
        "测试镇2024.xlsx：这是2024年度的工作簿，本报告为2024年度，--previous 应给2023年度的工作簿。\n",
    )


def test_check_of_a_bad_file_or_format(runner, make_workbook, tmp_path):
    bogus = tmp_path / "通知.xlsx"
    bogus.write_text("不是表格", encoding="utf-8")
    result = runner.invoke(app, ["check", str(bogus)])
    assert (result.exit_code, result.stderr) == (
        1,
        "通知.xlsx：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。\n",
    )
    fmt = runner.invoke(app, ["check", str(make_workbook()), "--format", "xml"])
    assert (fmt.exit_code, fmt.stderr) == (2, "--format 只能是 text 或 json，不能是“xml”。\n")
    as_json = runner.invoke(app, ["check", str(bogus), "--format", "json"])
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {
        "file": str(bogus),
        "error": "通知.xlsx：不是Excel工作簿（.xlsx），请用 gigen new 生成的工作簿填写。",
    }


DRAFT = "测试县测试镇人民政府2024年政府信息公开工作年度报告（草稿）.docx"


def test_build_draft_writes_a_marked_report_despite_errors(runner, make_workbook, tmp_path):
    import docx

    workbook = make_workbook(t4_suit_direct_total=99, t2_fees=150)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out), "--draft"])
    assert result.exit_code == 0
    assert [line.split(" ")[1] for line in result.stderr.splitlines()] == ["表二!B16", "表四!J6"]
    assert result.stdout == f"已生成草稿（尚有1处错误未改正，每页页眉印有“草稿”，不得印发）：{out / DRAFT}\n"
    section = docx.Document(str(out / DRAFT)).sections[0]
    mark = "草稿　尚有1处错误未改正，改正后重新生成，不得印发"
    for header in (section.header, section.even_page_header, section.first_page_header):
        assert header.paragraphs[0].text == mark
        assert header.paragraphs[0].runs[0].font.color.rgb == docx.shared.RGBColor(0xC0, 0, 0)


def test_build_draft_of_a_workbook_without_errors_is_the_normal_report(runner, make_workbook, tmp_path):
    import docx

    result = runner.invoke(app, ["build", str(make_workbook()), "-o", str(tmp_path), "--draft"])
    assert (result.exit_code, result.stdout) == (0, f"已生成报告：{tmp_path / REPORT}\n")
    section = docx.Document(str(tmp_path / REPORT)).sections[0]
    assert all(not p.text for p in section.header.paragraphs)


def test_build_prints_warnings_and_still_builds(runner, make_workbook, tmp_path):
    result = runner.invoke(app, ["build", str(make_workbook(s5_problems="无")), "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr.startswith("测试镇2024.xlsx 五、六!B3 警告：“五、（一）存在问题”内容过少或为“无”。")
    assert result.stdout == f"已生成报告：{tmp_path / REPORT}\n"


def test_readme_sample_output_is_what_gigen_prints(runner, tmp_path):
    """Every line the README shows for an example workbook, unless abridged with ……, is a line gigen prints."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    printed: set[str] = set()
    for example in ("叶城县白杨镇2024", "宜阳县白杨镇2021"):
        workbook = str(ROOT / "inputs" / f"{example}.xlsx")
        printed.update(runner.invoke(app, ["check", workbook]).stdout.splitlines())
        printed.update(runner.invoke(app, ["build", workbook, "-o", str(tmp_path)]).stderr.splitlines())
    rollup = runner.invoke(app, ["rollup", str(ROOT / "inputs"), "-o", str(tmp_path / "汇总.xlsx")])
    printed.update(rollup.stdout.splitlines())
    batch = runner.invoke(app, ["build", str(ROOT / "inputs"), "-o", str(tmp_path / "县")])
    printed.update(batch.stdout.splitlines())
    shown = [
        line
        for line in readme.splitlines()
        if line.startswith(tuple(p.name for p in (ROOT / "inputs").glob("*.xlsx"))) and "……" not in line
    ]
    assert len(shown) >= 12  # the single-workbook samples, the batch's table and the roll-up's lines
    assert [line for line in shown if line not in printed] == []


def test_new_takes_an_upper_case_suffix(runner, tmp_path):
    path = tmp_path / "白杨镇2024.XLSX"
    result = runner.invoke(app, ["new", str(path), "--org", "叶城县白杨镇人民政府", "--year", "2024"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == f"已生成空白工作簿：{path}"
    assert path.is_file()


def test_a_bug_is_one_sentence_and_its_traceback_goes_to_a_file(runner, make_workbook, tmp_path, monkeypatch):
    import tempfile

    from generator import pipeline

    def broken(*args, **kwargs):
        raise KeyError("t3_new_natural")

    monkeypatch.delenv("GIGEN_DEBUG")
    monkeypatch.setattr(pipeline, "check_workbook", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the system's temporary folder, for this test
    result = runner.invoke(app, ["build", str(make_workbook()), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    (saved,) = tmp_path.glob("gigen-程序错误-*.txt")
    assert result.stderr == (
        f"gigen 出了程序错误（不是输入文件的问题），详细情况已写入 {saved}，"
        "请把这个文件和所用的工作簿、报告或模板发给gigen维护人员。\n"
    )
    assert "Traceback" not in result.output
    assert "KeyError: 't3_new_natural'" in saved.read_text(encoding="utf-8")
    assert not (tmp_path / "out").exists()


def test_a_workbook_with_a_deleted_sheet_names_the_sheet_and_writes_nothing(runner, make_workbook, tmp_path):
    workbook = make_workbook()
    wb = openpyxl.load_workbook(workbook)
    del wb["表三"]
    wb.save(workbook)
    out = tmp_path / "报告"
    message = (
        f"{workbook.name}：工作簿缺少工作表“表三”，可能被删除或改了名，"
        "请用 gigen new 重新生成工作簿，把填好的内容复制过去。\n"
    )
    checked = runner.invoke(app, ["check", str(workbook)])
    assert (checked.exit_code, checked.stdout, checked.stderr) == (1, "", message)
    built = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert (built.exit_code, built.stderr) == (1, message)
    assert not out.exists() or not any(out.iterdir())
