"""Standard paragraphs from the numbers: blank narrative cells get them, marked, consistent with the tables."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from support import NARRATIVE, consistent_values, derived, document_xml, report_paragraphs

from generator.cli import app

REPORT = "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"
# The 监督保障 cells its standard paragraph is written from (without them it writes nothing: test_aspects.py).
DUTIES = {
    "s1_assessment": "将政府信息公开工作纳入年度绩效考核，分值占2分",
    "s1_evaluation": "开展群众满意度测评，满意率98%",
    "s1_accountability_cases": 0,
}
BLANK = {"s1_proactive": None, "s1_request": None, "s1_management": None, "s1_oversight": None, **DUTIES}


def _after(paragraphs, heading: str):
    """The paragraph under a sub-heading."""
    return paragraphs[next(i for i, p in enumerate(paragraphs) if p.text == heading) + 1]


def _highlighted(paragraph) -> list[str]:
    return [r.text for r in paragraph.runs if r._r.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None]


def test_blank_aspects_get_standard_paragraphs_that_carry_the_numbers_and_pass_check(
    runner, make_workbook, tmp_path
):
    workbook = make_workbook(**BLANK)
    checked = runner.invoke(app, ["check", str(workbook)])
    assert (checked.exit_code, checked.stdout) == (0, f"{workbook.name}：检查通过，没有发现问题。\n")

    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "以下段落工作簿中没有填写，由程序按工作簿中的数字代写（报告中已用黄色底纹标出，请核对、修改）："
        "一、（一）主动公开、一、（二）依申请公开、一、（三）政府信息管理、一、（五）监督保障。"
    )

    values = consistent_values()
    totals = {
        key: derived(values, key)
        for key in (
            "t3_new_total",
            "t3_carried_over_total",
            "t3_handled_total",
            "t3_carried_forward_total",
            "t3_granted_total",
        )
    }
    paragraphs = report_paragraphs(tmp_path / "out" / REPORT)
    request = _after(paragraphs, "（二）依申请公开")
    assert (
        f"新收政府信息公开申请{totals['t3_new_total']}件，上年结转{totals['t3_carried_over_total']}件；"
        f"办结{totals['t3_handled_total']}件，结转下年度继续办理{totals['t3_carried_forward_total']}件。"
        f"办结的申请中，予以公开{totals['t3_granted_total']}件"
    ) in request.text
    assert _highlighted(request) == [request.text]
    assert (
        _highlighted(next(p for p in paragraphs if p.text == "（二）依申请公开")) == []
    )  # the heading is not marked
    management = _after(paragraphs, "（三）政府信息管理")
    assert (
        f"制发行政规范性文件{values['t2_norms_issued']}件，废止{values['t2_norms_repealed']}件，"
        f"现行有效{values['t2_norms_in_force']}件"
    ) in management.text
    oversight = _after(paragraphs, "（五）监督保障")
    review = derived(values, "t4_review_total")
    suits = derived(values, "t4_suit_direct_total") + derived(values, "t4_suit_after_review_total")
    assert f"被申请行政复议{review}件，被提起行政诉讼{suits}件" in oversight.text
    assert oversight.text.startswith(
        "工作考核方面，将政府信息公开工作纳入年度绩效考核，分值占2分。社会评议方面，开展群众满意度测评，满意率98%。"
        "责任追究方面，本年度未发生因政府信息公开工作被责任追究的情况。"
    )
    platform = _after(paragraphs, "（四）政府信息公开平台建设")
    assert _highlighted(platform) == []  # what the clerk wrote is never marked


@pytest.mark.parametrize(
    ("numbers", "sentences"),
    [
        (
            {},
            [
                "2024年，我镇未收到政府信息公开申请，也没有上年结转的申请。",
                "2024年，我镇未作出行政许可、行政处罚和行政强制决定。",
                "本年度未发生因政府信息公开引起的行政复议和行政诉讼。",
            ],
        ),
        (
            {"t3_carried_over_natural": 1, "t3_granted_natural": 1, "t2_penalty": 3},
            [
                "2024年，我镇未新收政府信息公开申请，上年结转1件；办结1件，结转下年度继续办理0件。办结的申请中，予以公开1件。",
                "2024年，我镇作出行政处罚决定3件。",
                "2024年，我镇未制发行政规范性文件，没有现行有效的行政规范性文件。",
            ],
        ),
    ],
    ids=["empty tables", "only last year's applications"],
)
def test_with_few_numbers_the_wording_says_only_what_happened_and_passes_check(
    runner, make_workbook, tmp_path, numbers, sentences
):
    values = {**NARRATIVE, **BLANK, "fee_notices": 0, "fee_collected": 0, "prev_norms_in_force": 0, **numbers}
    workbook = make_workbook(values=values)
    checked = runner.invoke(app, ["check", str(workbook)])
    assert (checked.exit_code, checked.stdout) == (0, f"{workbook.name}：检查通过，没有发现问题。\n")
    assert runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path)]).exit_code == 0
    text = "\n".join(p.text for p in report_paragraphs(tmp_path / REPORT))
    assert [sentence for sentence in sentences if sentence not in text] == []


def test_a_missing_standard_folder_is_an_error(runner, make_workbook, tmp_path):
    result = runner.invoke(
        app, ["build", str(make_workbook(**BLANK)), "-o", str(tmp_path), "--standard", str(tmp_path / "没有")]
    )
    assert (result.exit_code, result.stderr) == (1, f"{tmp_path / '没有'}：找不到这个标准段落模板文件夹。\n")


def test_no_highlight_leaves_no_mark(runner, make_workbook, tmp_path):
    result = runner.invoke(app, ["build", str(make_workbook(**BLANK)), "-o", str(tmp_path), "--no-highlight"])
    assert result.exit_code == 0, result.output
    assert "报告中未加底纹" in result.stdout
    document = document_xml(tmp_path / REPORT)
    assert "w:highlight" not in document and "\ue000" not in document
    assert "我镇新收政府信息公开申请" in document


def test_a_blank_five_is_never_invented(runner, make_workbook, tmp_path):
    workbook = make_workbook(s5_problems=None, s5_improvements=None)
    refused = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path)])
    assert refused.exit_code == 1 and "[S-FIVE]" in refused.stderr
    drafted = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path), "--draft"])
    assert drafted.exit_code == 0, drafted.output
    paragraphs = report_paragraphs(tmp_path / REPORT.replace(".docx", "（草稿）.docx"))
    placeholder = next(
        p for p in paragraphs if p.text.startswith("【待填写：本年度政府信息公开工作存在的主要问题")
    )
    assert _highlighted(placeholder) == [placeholder.text]
    assert "五、（一）存在问题、五、（二）改进情况。" in drafted.stdout


def test_a_county_may_keep_its_own_snippets(runner, make_workbook, tmp_path):
    folder = tmp_path / "标准段落"
    folder.mkdir()
    (folder / "s1_request.j2").write_text(
        "本镇{{ year }}年新收政府信息公开申请{{ new_total }}件。", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["build", str(make_workbook(**BLANK)), "-o", str(tmp_path / "out"), "--standard", str(folder)]
    )
    assert result.exit_code == 0, result.output
    request = _after(report_paragraphs(tmp_path / "out" / REPORT), "（二）依申请公开")
    assert request.text == f"本镇2024年新收政府信息公开申请{derived(consistent_values(), 't3_new_total')}件。"


def test_a_draft_names_what_it_left_to_fill_apart_from_what_it_wrote(runner, make_workbook, tmp_path):
    workbook = make_workbook(
        s1_request=None, s1_platform=None, s5_problems=None, fee_notices=None, fee_collected=None
    )
    result = runner.invoke(app, ["build", str(workbook), "--draft", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "以下段落工作簿中没有填写，由程序按工作簿中的数字代写（报告中已用黄色底纹标出，请核对、修改）："
        "一、（二）依申请公开。",
        "以下内容工作簿中没有填写，报告中印的是“【待填写：…】”（已用黄色底纹标出），请在工作簿中补写后重新生成："
        "一、（四）政府信息公开平台建设、五、（一）存在问题、六、本年发出信息处理费收费通知的件数、"
        "六、本年实际收取的信息处理费（元）。",
    ]


def test_a_draft_names_the_one_fee_cell_left_blank(runner, make_workbook, tmp_path):
    workbook = make_workbook(fee_collected=None)
    result = runner.invoke(app, ["build", str(workbook), "--draft", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "以下内容工作簿中没有填写，报告中印的是“【待填写：…】”（已用黄色底纹标出），请在工作簿中补写后重新生成："
        "六、本年实际收取的信息处理费（元）。",
    ]
