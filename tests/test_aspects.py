"""The report prints only what the workbook says: the five aspects of 一, the 监督保障 cells, the fee placeholder.

Every report is opened again and read paragraph by paragraph, as a reviewer reads it.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from support import consistent_values, derived, document_xml, report_paragraphs

from generator import schema
from generator.cli import app

REPORT = "测试县测试镇人民政府2024年政府信息公开工作年度报告.docx"
DRAFT = REPORT.replace(".docx", "（草稿）.docx")
WORKBOOK = "测试镇2024.xlsx"
ASPECT_HEADINGS = [
    "（一）主动公开",
    "（二）依申请公开",
    "（三）政府信息管理",
    "（四）政府信息公开平台建设",
    "（五）监督保障",
]
INTRO_WITH_PLATFORM = "2024年，本镇依托县政府门户网站和镇公开栏公开政府信息，坚持以公开为常态、不公开为例外。"
BLANK_PLATFORM = (
    f"{WORKBOOK} 一、总体情况!B11 错误：“（四）政府信息公开平台建设”没有填写，开头段落（B3）也没有写到。"
    "国办格式要求写明五个方面，报告不能只印一个空的小标题：请在这一格写明本年度政府信息公开平台建设方面的情况"
    "（没有开展的也写明）。 [S-ONE]"
)
BLANK_OVERSIGHT = (
    f"{WORKBOOK} 一、总体情况!B13 错误：“（五）监督保障”没有填写，开头段落（B3）也没有写到。"
    "国办格式要求写明五个方面，报告不能只印一个空的小标题：请在这一格写明本年度监督保障方面的情况（没有开展的也写明），"
    "或留空这一格、填写下面的工作考核、社会评议、责任追究各格，由程序写出这一段。 [S-ONE]"
)
REFUSED = f"{WORKBOOK}：发现{{n}}处错误，未生成报告。请按以上提示修改工作簿后重试，或加 --draft 先生成草稿。"


def highlighted(paragraph) -> list[str]:
    return [r.text for r in paragraph.runs if r._r.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None]


def section_one(path: Path) -> list:
    """The paragraphs of 一, from its heading to 二's."""
    paragraphs = report_paragraphs(path)
    texts = [p.text for p in paragraphs]
    return paragraphs[texts.index(schema.HEADINGS[0]) : texts.index(schema.HEADINGS[1])]


def sub_headings(path: Path) -> list[str]:
    return [p.text for p in section_one(path) if p.style.name == "Heading 2"]


def under(path: Path, heading: str) -> list:
    """The paragraphs under a sub-heading of 一, up to the next heading."""
    paragraphs = section_one(path)
    start = next(i for i, p in enumerate(paragraphs) if p.text == heading) + 1
    end = next(
        (i for i in range(start, len(paragraphs)) if paragraphs[i].style.name.startswith("Heading")),
        len(paragraphs),
    )
    return paragraphs[start:end]


# ---------------------------------------------------------------------------------------------------------
# An aspect left blank
# ---------------------------------------------------------------------------------------------------------


def test_a_blank_aspect_the_intro_does_not_cover_is_refused_at_its_cell(runner, make_workbook, tmp_path):
    workbook = make_workbook(s1_platform=None)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(workbook), "-o", str(out)])
    assert (result.exit_code, result.stderr) == (1, f"{BLANK_PLATFORM}\n{REFUSED.format(n=1)}\n")
    assert not out.exists() or not any(out.iterdir())
    checked = runner.invoke(app, ["check", str(workbook)])
    assert (checked.exit_code, checked.stdout.splitlines()[0]) == (1, BLANK_PLATFORM)


def test_a_draft_prints_a_highlighted_placeholder_under_the_sub_heading(runner, make_workbook, tmp_path):
    result = runner.invoke(
        app, ["build", str(make_workbook(s1_platform=None)), "-o", str(tmp_path), "--draft"]
    )
    assert result.exit_code == 0, result.output
    report = tmp_path / DRAFT
    assert sub_headings(report) == ASPECT_HEADINGS
    (placeholder,) = under(report, "（四）政府信息公开平台建设")
    assert placeholder.text == "【待填写：本年度政府信息公开平台建设方面的情况（一、总体情况 B11）】"
    assert highlighted(placeholder) == [placeholder.text]
    assert result.stdout.splitlines()[-1].endswith("：一、（四）政府信息公开平台建设。")


def test_a_blank_aspect_the_intro_covers_is_left_out_with_a_warning(runner, make_workbook, tmp_path):
    workbook = make_workbook(s1_platform=None, s1_intro=INTRO_WITH_PLATFORM)
    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{WORKBOOK} 一、总体情况!B11 警告：“（四）政府信息公开平台建设”没有填写，开头段落（B3）已写到"
        "政府信息公开平台建设，报告不印这个小标题，后面的小标题依次提前；如要单列这一方面，请在这一格填写。 [S-ONE]\n"
    )
    report = tmp_path / REPORT
    assert sub_headings(report) == [
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）监督保障",
    ]
    assert [p.text for p in under(report, "（三）政府信息管理")] == [consistent_values()["s1_management"]]
    assert [p.text for p in under(report, "（四）监督保障")] == [consistent_values()["s1_oversight"]]
    assert "\ue001" not in document_xml(report) and "\ue002" not in document_xml(report)


def test_sub_headings_after_one_left_out_are_renumbered_keeping_their_wording(
    runner, make_workbook, tmp_path
):
    """依申请公开 left out (a county's snippet with nothing to say, the intro covering it); 平台建设 reworded."""
    folder = tmp_path / "标准段落"
    folder.mkdir()
    (folder / "s1_request.j2").write_text("{# 无话可说 #}", encoding="utf-8")
    workbook = make_workbook(
        s1_request=None,
        s1_intro="2024年，本镇依申请公开工作平稳，全年办理流程规范。",
        s1_platform_title="平台建设方面",
    )
    result = runner.invoke(
        app, ["build", str(workbook), "-o", str(tmp_path / "out"), "--standard", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert "一、总体情况!B7 警告：“（二）依申请公开”没有填写" in result.stderr
    assert sub_headings(tmp_path / "out" / REPORT) == [
        "（一）主动公开",
        "（二）政府信息管理",
        "（三）平台建设方面",
        "（四）监督保障",
    ]


def test_every_aspect_written_prints_the_five_sub_headings_unchanged(runner, make_workbook, tmp_path):
    assert runner.invoke(app, ["build", str(make_workbook()), "-o", str(tmp_path)]).exit_code == 0
    assert sub_headings(tmp_path / REPORT) == ASPECT_HEADINGS


# ---------------------------------------------------------------------------------------------------------
# 监督保障: written only from its cells
# ---------------------------------------------------------------------------------------------------------


def _litigation() -> str:
    values = consistent_values()
    review = derived(values, "t4_review_total")
    suits = derived(values, "t4_suit_direct_total") + derived(values, "t4_suit_after_review_total")
    return f"本年度因政府信息公开被申请行政复议{review}件，被提起行政诉讼{suits}件。"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"s1_assessment": "将政府信息公开工作纳入年度绩效考核"},
            "工作考核方面，将政府信息公开工作纳入年度绩效考核。",
        ),
        (
            {"s1_evaluation": "开展群众满意度测评。\n满意率98%。"},
            "社会评议方面，开展群众满意度测评。满意率98%。",
        ),
        (
            {"s1_accountability_cases": 0},
            "责任追究方面，本年度未发生因政府信息公开工作被责任追究的情况。",
        ),
        (
            {"s1_accountability_cases": 2, "s1_accountability": "对2名未按时更新公开栏的工作人员进行了约谈"},
            "责任追究方面，本年度因政府信息公开工作被责任追究2件。对2名未按时更新公开栏的工作人员进行了约谈。",
        ),
        (
            {"s1_accountability": "未发生责任追究情况"},
            "责任追究方面，未发生责任追究情况。",
        ),
        (
            {
                "s1_assessment": "纳入年度绩效考核，占2分",
                "s1_evaluation": "开展社会评议1次",
                "s1_accountability_cases": 0,
            },
            "工作考核方面，纳入年度绩效考核，占2分。社会评议方面，开展社会评议1次。"
            "责任追究方面，本年度未发生因政府信息公开工作被责任追究的情况。",
        ),
    ],
    ids=["考核", "评议两段", "追责0件", "追责2件", "只写追责情况", "三项"],
)
def test_the_oversight_paragraph_says_only_what_its_cells_hold(
    runner, make_workbook, tmp_path, cells, expected
):
    workbook = make_workbook(s1_oversight=None, **cells)
    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (paragraph,) = under(tmp_path / REPORT, "（五）监督保障")
    assert paragraph.text == expected + _litigation()
    assert highlighted(paragraph) == [paragraph.text]


def test_with_its_cells_blank_oversight_is_blank_refused_and_a_placeholder_in_a_draft(
    runner, make_workbook, tmp_path
):
    workbook = make_workbook(s1_oversight=None)
    refused = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path)])
    assert (refused.exit_code, refused.stderr) == (1, f"{BLANK_OVERSIGHT}\n{REFUSED.format(n=1)}\n")
    drafted = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path), "--draft"])
    assert drafted.exit_code == 0, drafted.output
    (placeholder,) = under(tmp_path / DRAFT, "（五）监督保障")
    assert placeholder.text == (
        "【待填写：本年度监督保障方面的情况（一、总体情况 B13，或B14至B17的工作考核、社会评议、责任追究）】"
    )
    assert highlighted(placeholder) == [placeholder.text]
    text = document_xml(tmp_path / DRAFT)
    assert all(
        claim not in text for claim in ("纳入年度工作考核", "群众评议", "未发生因政府信息公开工作被责任追究")
    )


def test_oversight_cells_beside_a_written_oversight_are_not_printed_and_said_so(runner, make_workbook):
    workbook = make_workbook(s1_evaluation="开展群众满意度测评")
    result = runner.invoke(app, ["check", str(workbook)])
    assert (result.exit_code, result.stdout.splitlines()[0]) == (
        0,
        f"{WORKBOOK} 一、总体情况!B15 警告：“（五）监督保障”一格已经填写，报告印的是那一格；工作考核、社会评议、"
        "责任追究各格只在那一格留空时由程序写成一段，这里填的不会印出。请把这些情况写进“（五）监督保障”，"
        "或清空那一格。 [S-ONE]",
    )


def test_cases_of_accountability_without_what_happened_are_a_warning(runner, make_workbook):
    workbook = make_workbook(s1_oversight=None, s1_accountability_cases=1)
    result = runner.invoke(app, ["check", str(workbook)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == (
        f"{WORKBOOK} 一、总体情况!B17 警告：填了本年责任追究1件（B16），这一格还没有写明追究的原因、对象和处理结果，"
        "请补上。 [S-ONE]"
    )


@pytest.mark.parametrize(
    ("cells", "missing"),
    [
        ({"s1_assessment": "纳入年度目标管理，占2分"}, "社会评议、责任追究"),
        ({"s1_evaluation": "开展群众满意度调查", "s1_accountability_cases": 0}, "工作考核"),
        (
            {"s1_assessment": "纳入年度目标管理", "s1_evaluation": "开展调查", "s1_accountability": "未发生"},
            "",
        ),
    ],
    ids=["考核", "评议和追责", "三项都填"],
)
def test_the_oversight_cells_satisfy_the_duties_of_one(runner, make_workbook, cells, missing):
    """Whatever words a cell uses, its paragraph names its duty, so 一 states it."""
    result = runner.invoke(app, ["check", str(make_workbook(s1_oversight=None, **cells))])
    duties = [line.split("。")[0] for line in result.stdout.splitlines() if "没有写到" in line]
    assert duties == (
        [f"{WORKBOOK} 一、总体情况!B13 警告：“一、总体情况”没有写到{missing}的情况"] if missing else []
    )


def test_the_blank_workbook_has_the_oversight_cells_with_prompts_and_validation(tmp_path, runner):
    path = tmp_path / "空白.xlsx"
    assert (
        runner.invoke(app, ["new", str(path), "--org", "测试县测试镇人民政府", "--year", "2024"]).exit_code
        == 0
    )
    ws = openpyxl.load_workbook(path)[schema.SHEET_ONE]
    assert [ws[f"A{row}"].value for row in range(14, 18)] == [
        "监督保障：工作考核",
        "监督保障：社会评议",
        "监督保障：责任追究件数",
        "监督保障：责任追究情况",
    ]
    assert {ws[f"B{row}"].fill.fgColor.rgb[-6:] for row in range(14, 18)} == {"FFF2CC"}
    assert all(not ws[f"B{row}"].protection.locked for row in range(14, 18))
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    count = rules["B16"]
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert count.prompt.startswith("本年因政府信息公开工作被责任追究的件数")
    assert rules["B14"].prompt == schema.FIELD_BY_KEY["s1_assessment"].hint


# ---------------------------------------------------------------------------------------------------------
# Statements no cell backs
# ---------------------------------------------------------------------------------------------------------

UNBACKED = (
    "及时主动公开",
    "均依法予以公开",
    "按照法定程序和时限",
    "保密审查制度",
    "先审查、后公开",
    "均按规定公开",
    "纳入年度工作考核",
    "群众评议",
)


def test_standard_paragraphs_claim_nothing_the_workbook_does_not_say(runner, make_workbook, tmp_path):
    workbook = make_workbook(
        s1_proactive=None,
        s1_request=None,
        s1_management=None,
        s1_oversight=None,
        s1_accountability_cases=0,
    )
    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in section_one(tmp_path / REPORT))
    assert [claim for claim in UNBACKED if claim in text] == []
    values = consistent_values()
    assert [p.text for p in under(tmp_path / REPORT, "（一）主动公开")] == [
        f"2024年，我镇作出行政许可决定{values['t2_licensing']}件、行政处罚决定{values['t2_penalty']}件、"
        f"行政强制决定{values['t2_coercion']}件。"
    ]
    assert [p.text for p in under(tmp_path / REPORT, "（三）政府信息管理")] == [
        f"2024年，我镇制发行政规范性文件{values['t2_norms_issued']}件，废止{values['t2_norms_repealed']}件，"
        f"现行有效{values['t2_norms_in_force']}件。"
    ]


def test_a_draft_with_blank_fee_cells_prints_the_highlighted_fee_placeholder(runner, make_workbook, tmp_path):
    workbook = make_workbook(fee_notices=None, fee_collected=None)
    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path), "--draft"])
    assert result.exit_code == 0, result.output
    paragraphs = report_paragraphs(tmp_path / DRAFT)
    texts = [p.text for p in paragraphs]
    fee = paragraphs[texts.index(schema.HEADINGS[5]) + 1]
    assert (
        fee.text == "【待填写：本年发出信息处理费收费通知的件数和实际收取的金额（五、六 B5、B6，没有也填0）】"
    )
    assert highlighted(fee) == [fee.text]
    assert "未发出" not in document_xml(tmp_path / DRAFT)


def test_a_sub_heading_left_out_of_a_table_cell_leaves_the_cell_a_paragraph():
    """A county template may set a sub-heading alone in a table cell: the cell stays valid (one empty paragraph)."""
    from lxml import etree

    from generator.docx.finish import leave_out_aspects
    from generator.model import OMITTED_MARK

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    cell = f'<w:tc><w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:t>（四）{OMITTED_MARK}</w:t></w:r></w:p></w:tc>'
    body = etree.fromstring(
        f'<w:body xmlns:w="{w}"><w:p><w:r><w:t>（四）{OMITTED_MARK}</w:t></w:r></w:p>'
        f"<w:tbl><w:tr>{cell}</w:tr></w:tbl></w:body>"
    )
    leave_out_aspects(body)
    (tc,) = body.iter(f"{{{w}}}tc")
    assert [etree.QName(c).localname for c in tc] == ["p"]
    assert [etree.QName(c).localname for c in tc[0]] == ["pPr"]  # its runs gone, its paragraph kept
    assert [etree.QName(c).localname for c in body] == ["tbl"]  # outside a cell, the paragraph goes


def test_a_draft_prints_an_unreadable_number_as_a_highlighted_place_to_fix_never_as_0(
    runner, make_workbook, tmp_path
):
    workbook = make_workbook(t2_penalty="四件", fee_collected="5元")
    result = runner.invoke(app, ["build", str(workbook), "-o", str(tmp_path), "--draft"])
    assert result.exit_code == 0, result.output
    tables = docx.Document(str(tmp_path / DRAFT)).tables
    penalty = next(row for row in tables[0].rows if row.cells[0].text == "行政处罚")
    assert [c.text for c in penalty.cells[1:]] == ["【待改正：表二 B12】"] * 3
    assert highlighted(penalty.cells[1].paragraphs[0]) == ["【待改正：表二 B12】"]
    paragraphs = report_paragraphs(tmp_path / DRAFT)
    texts = [p.text for p in paragraphs]
    fee = paragraphs[texts.index(schema.HEADINGS[5]) + 1]
    assert fee.text == "【待改正：五、六 B6】"
    assert highlighted(fee) == [fee.text]
    assert "未收取" not in document_xml(tmp_path / DRAFT)
