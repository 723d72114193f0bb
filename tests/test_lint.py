"""`gigen template check`: a county's edited template, each problem named with its place."""

from __future__ import annotations

import docx
from support import TEMPLATE, edited_template

from generator.cli import app


def _broken_template(path):
    """The default template as a county might break it in Word."""
    return edited_template(
        path,
        replace={
            "{{ t3_new_natural }}": "{{ t3_new_naturl }}",  # 表三 一、本年新收 / 自然人, misspelt
            "{{ t4_review_total }}": "",  # 表四 行政复议/总计 deleted
        },
        paragraphs=[
            "{{ signature",  # Enter pressed inside a tag
            "}}",
            "｛｛ year ｝｝",  # typed with a Chinese input method
            "{% if org_name == “镇” %}{{ org_name }}{% endif %}",  # Word's AutoFormat quotes
            "{{ 年度 }}",
        ],
    )


def test_template_check_names_each_problem_and_its_place(runner, tmp_path):
    template = _broken_template(tmp_path / "县模板.docx")
    result = runner.invoke(app, ["template", "check", str(template)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "县模板.docx 表三 第4行第4列 错误：标记“{{ t3_new_naturl }}”中的“t3_new_naturl”不是工作簿的字段，"
        "是不是 t3_new_natural？ [L-NAME]",
        "县模板.docx 正文第51段 错误：“{{ signature”中的标记不完整（1个开头、0个结尾）：一个标记必须在同一段里写完，"
        "可能被回车拆开了，或少打了括号。 [L-SPLIT]",
        "县模板.docx 正文第52段 错误：“}}”中的标记不完整（0个开头、1个结尾）：一个标记必须在同一段里写完，"
        "可能被回车拆开了，或少打了括号。 [L-SPLIT]",
        "县模板.docx 正文第53段 错误：“｛｛ year ｝｝”中的花括号或百分号是全角字符（｛ ｝ ％），"
        "模板标记要用英文半角的 {{ }} 和 {% %}。 [L-WIDE]",
        "县模板.docx 正文第54段 警告：标记“{% if org_name == “镇” %}”中有中文引号（Word自动替换的“”‘’），"
        "请改为英文引号 \" 或 '。 [L-QUOTE]",
        "县模板.docx 正文第55段 错误：标记“{{ 年度 }}”中有全角字符“年度”，标记里只能用英文半角字母、数字和符号。 [L-WIDE]",
        "县模板.docx 表三 第4行第4列 错误：这一格应为 {{ t3_new_natural }}（表三“一、本年新收政府信息公开申请数量/自然人”），"
        "现在是“{{ t3_new_naturl }}”。国办格式的表格逐格固定，请勿移动或删除。 [L-CELL]",
        "县模板.docx 表四 第4行第5列 错误：这一格应为 {{ t4_review_total }}（表四“行政复议/总计”），现在是“”。"
        "国办格式的表格逐格固定，请勿移动或删除。 [L-CELL]",
    ]
    assert (
        result.stderr == "县模板.docx：模板有7处错误（见上）。改正后可用 gigen template check 再检查一遍。\n"
    )


def test_the_default_template_passes_and_a_broken_one_stops_build(runner, make_workbook, tmp_path):
    ok = runner.invoke(app, ["template", "check", str(TEMPLATE)])
    assert (ok.exit_code, ok.stdout) == (
        0,
        "report.docx：检查通过，模板中的标记都对应工作簿的字段，国办格式表格的每一格都在。\n",
    )
    template = _broken_template(tmp_path / "县模板.docx")
    out = tmp_path / "报告"
    result = runner.invoke(app, ["build", str(make_workbook()), "-o", str(out), "--template", str(template)])
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[-1]
        == "县模板.docx：模板有7处错误（见上），未生成报告。改正后可用 gigen template check 再检查一遍。"
    )
    assert len(result.stderr.splitlines()) == 9 and not out.exists()


def test_a_template_without_a_required_section_is_told_what_is_missing(runner, tmp_path):
    template = edited_template(tmp_path / "县模板.docx", "{{ fee_statement }}", "本年度未收取信息处理费。")
    result = runner.invoke(app, ["template", "check", str(template)])
    assert result.exit_code == 1
    assert result.stdout == (
        "县模板.docx 模板 错误：模板中没有 {{ fee_statement }}（六、信息处理费的说明），"
        "报告将缺少这部分内容。 [L-MISSING]\n"
    )


def test_a_statement_tag_split_by_enter_is_named_in_both_paragraphs(runner, tmp_path):
    template = edited_template(
        tmp_path / "县模板.docx", paragraphs=["{% if s6_other", "%}另见附件。{% endif %}"]
    )
    result = runner.invoke(app, ["template", "check", str(template)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "县模板.docx 正文第51段 错误：“{% if s6_other”中的标记不完整（1个开头、0个结尾）：一个标记必须在同一段里写完，"
        "可能被回车拆开了，或少打了括号。 [L-SPLIT]",
        "县模板.docx 正文第52段 错误：“%}另见附件。{% endif %}”中的标记不完整（1个开头、2个结尾）："
        "一个标记必须在同一段里写完，可能被回车拆开了，或少打了括号。 [L-SPLIT]",
    ]


def test_names_a_template_sets_itself_are_known(runner, make_workbook, tmp_path):
    template = edited_template(
        tmp_path / "县模板.docx",
        paragraphs=["{% set who = org_name %}{% for part in s6_other %}{{ who }}：{{ part }}{% endfor %}"],
    )
    result = runner.invoke(app, ["template", "check", str(template)])
    assert (result.exit_code, result.stdout) == (
        0,
        "县模板.docx：检查通过，模板中的标记都对应工作簿的字段，国办格式表格的每一格都在。\n",
    )
    report = tmp_path / "报告" / "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"
    built = runner.invoke(
        app, ["build", str(make_workbook()), "-o", str(report.parent), "--template", str(template)]
    )
    assert built.exit_code == 0, built.output
    assert (
        docx.Document(str(report)).paragraphs[-1].text == "测试县测试镇人民政府：本年度无其他需要报告的事项。"
    )
