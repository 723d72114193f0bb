"""Usage errors: every one is a Chinese sentence on standard error and exit code 2, never the parser's English."""

from __future__ import annotations

import pytest

from generator.cli import app

CASES = [
    (["frob"], "没有 frob 这个命令。运行 gigen --help 查看全部命令。"),
    (["template", "frob"], "没有 frob 这个命令。运行 gigen template --help 查看全部命令。"),
    (
        ["build"],
        "缺少参数 工作簿（填好的工作簿（.xlsx），可给多个，或给一个文件夹（批量生成））。运行 gigen build --help 查看用法。",
    ),
    (["new"], "缺少参数 工作簿（要生成的工作簿路径，如 白杨镇2024.xlsx）。运行 gigen new --help 查看用法。"),
    (["new", "a.xlsx", "--year", "24"], "--year 应为2000到2100之间的四位年份，不能是“24”。"),
    (["new", "a.xlsx", "--year", "二〇二四"], "--year 应为2000到2100之间的四位年份，不能是“二〇二四”。"),
    (["check", "a.xlsx", "--format", "xml"], "--format 只能是 text 或 json，不能是“xml”。"),
    (["schema", "--format", "csv"], "--format 只能是 table、markdown 或 json，不能是“csv”。"),
    (["check", "a.xlsx", "-j", "0"], "--jobs 应为不小于1的进程数，不能是“0”。"),
    (["check", "a.xlsx", "--fee-limit", "-3"], "--fee-limit 应为不小于0的数字，不能是“-3”。"),
    (["check", "a.xlsx", "--fee-limit", "nan"], "--fee-limit 应为不小于0的数字，不能是“nan”。"),
    (["build", "a.xlsx", "-o"], "选项 -o 后面要跟一个值。运行 gigen build --help 查看用法。"),
    (["new", "a.xlsx", "--year"], "选项 --year 后面要跟一个值。运行 gigen new --help 查看用法。"),
    (["new", "a.xlsx", "--year", "²⁰²⁴"], "--year 应为2000到2100之间的四位年份，不能是“²⁰²⁴”。"),
    (["check", "a.xlsx", "-j", "1" * 19], "--jobs 应为不小于1的进程数，不能是“" + "1" * 19 + "”。"),
    (["schema", "extra"], "多余的参数：extra。运行 gigen schema --help 查看用法。"),
    (
        ["template", "check", "a.xlsx", "b.xlsx"],
        "多余的参数：b.xlsx。运行 gigen template check --help 查看用法。",
    ),
    (["build", "a.xlsx", "--bogus"], "没有 --bogus 这个选项。运行 gigen build --help 查看用法。"),
    (
        ["build", "a.xlsx", "--force=yes"],
        "选项 --force 不跟值，只写 --force 即可。运行 gigen build --help 查看用法。",
    ),
    (["--version=1"], "选项 --version 不跟值，只写 --version 即可。运行 gigen --help 查看用法。"),
    (
        ["check", "a.xlsx", "b.xlsx", "--previous", "c.xlsx"],
        "--previous 只用于检查一个工作簿；批量检查时请逐个机关核对上年数据。",
    ),
]


@pytest.mark.parametrize("args, message", CASES, ids=[" ".join(a) for a, _ in CASES])
def test_a_usage_error_is_one_chinese_sentence(runner, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    for name in ("a.xlsx", "b.xlsx"):
        (tmp_path / name).write_bytes(b"")
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"], "nothing is written"


def test_a_parser_error_gigen_does_not_know_is_still_chinese():
    from generator import usage

    class BadOptionUsage(Exception):  # as the parser raises it: it formats itself and has an exit code
        exit_code = 2

        def format_message(self) -> str:
            return str(self)

    error = BadOptionUsage("A message the parser words in English, new in some version.")
    assert (
        usage.message(error, "gigen build")
        == "命令用法有误，请核对命令中的选项和参数。运行 gigen build --help 查看用法。"
    )


def test_an_unknown_option_close_to_a_real_one_is_named(runner):
    result = runner.invoke(app, ["build", "a.xlsx", "--forse"])
    assert (result.exit_code, result.stderr) == (
        2,
        "没有 --forse 这个选项，是不是 --force？运行 gigen build --help 查看用法。\n",
    )


@pytest.mark.parametrize("args", [[], ["template"]])
def test_a_bare_command_shows_its_help(runner, args):
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("用法：gigen")
    assert ("Word模板：检查县里修改过的模板。" if args else "生成国办格式的Word报告") in result.stderr


def test_a_name_the_system_refuses_is_one_sentence(runner, tmp_path):
    long = str(tmp_path / ("镇" * 200 + ".xlsx"))
    for command in (["check", long], ["build", long, "-o", str(tmp_path / "out")]):
        result = runner.invoke(app, command)
        assert (result.exit_code, result.stdout) == (1, ""), command
        assert result.stderr == f"{'镇' * 200}.xlsx：无法读取这个文件（文件名太长）。\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    rolled = runner.invoke(app, ["rollup", long, "-o", str(tmp_path / "汇总.xlsx")])
    assert rolled.exit_code == 1
    assert (
        f"{'镇' * 200}.xlsx：无法读取，未计入：无法读取这个文件（文件名太长）。" in rolled.stdout.splitlines()
    )


def test_ctrl_c_while_gigen_starts_ends_quietly(monkeypatch, capsys):
    import builtins

    from generator.__main__ import main

    real_import = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "cli" or name.endswith(".cli"):
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 130
    assert capsys.readouterr() == ("", "")


def test_extra_arguments_are_named_as_given(runner):
    result = runner.invoke(app, ["schema", "extra"])
    assert (result.exit_code, result.stderr, result.stdout) == (
        2,
        "多余的参数：extra。运行 gigen schema --help 查看用法。\n",
        "",
    )
    two = runner.invoke(app, ["new", "a.xlsx", "b.xlsx", "c"])
    assert (two.exit_code, two.stderr) == (2, "多余的参数：b.xlsx c。运行 gigen new --help 查看用法。\n")


def test_the_limits_of_an_option_are_allowed(runner, make_workbook, tmp_path):
    for year in ("2000", "2100"):
        path = tmp_path / f"镇{year}.xlsx"
        result = runner.invoke(app, ["new", str(path), "--org", "测试县测试镇人民政府", "--year", year])
        assert (result.exit_code, result.stderr) == (0, ""), year
    late = runner.invoke(app, ["new", str(tmp_path / "镇.xlsx"), "--year", "2101"])
    assert (late.exit_code, late.stderr) == (2, "--year 应为2000到2100之间的四位年份，不能是“2101”。\n")
    always = runner.invoke(app, ["check", str(make_workbook()), "--fee-limit", "0"])
    assert always.exit_code == 0, always.output
    assert (
        always.stdout.splitlines()[-1]
        == "测试镇2024.xlsx：0处错误，1处警告。警告不影响生成报告，请逐条确认。"
    )


def test_a_format_is_matched_exactly(runner, make_workbook):
    result = runner.invoke(app, ["check", str(make_workbook()), "--format", "JSON"])
    assert (result.exit_code, result.stderr, result.stdout) == (
        2,
        "--format 只能是 text 或 json，不能是“JSON”。\n",
        "",
    )
