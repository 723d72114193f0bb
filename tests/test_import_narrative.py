"""Reading a published report's narrative back into the workbook's keys: the five real seed reports against their
hand transcription, the reports gigen builds against what they printed, and each tolerance and finding on its own.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support import EXAMPLES, ROOT, SEEDS_FOLDER, report_paragraphs

from generator import model, schema
from generator.errors import Severity
from generator.pipeline import build, check_workbook, report_data
from generator.published import narrative
from generator.published.document import Cell, Document, Paragraph, Part, Row, Table

# The five real township reports as text copied from their web pages (../shared/seeds), transcribed in
# inputs/source/00N.json.
SEEDS = sorted(SEEDS_FOLDER.glob("*.txt"))
# Every key the narrative reads: 基本信息, 一 (without the 监督保障 cells, never filled from prose), 五 and 六.
KEYS = tuple(
    f.key
    for f in schema.FIELDS
    if f.sheet in (schema.SHEET_META, schema.SHEET_ONE, schema.SHEET_FIVE_SIX)
    and f.key != "org_kind"
    and f.key not in schema.DUTY_KEYS
)
TITLES = tuple(f"{stem}_title" for stem, _ in schema.ASPECTS)

# Where a transcriber placed text by what it says, or corrected the report, the reading (which never guesses)
# differs by design: seed → {key: words of the note that says so}.
TRANSCRIBED = {
    "001": {
        key: "原文第一部分未按五个方面组织"
        for key in ("s1_intro", "s1_proactive", "s1_request", "s1_management", "s1_oversight")
    },
    "002": {
        "org_name": "未写“人民政府”",
        "s1_intro": "已将“加强组织领导”归入监督保障",
        "s1_proactive": "“多渠道公开透明”归入主动公开",
        "s1_oversight": "已将“加强组织领导”归入监督保障",
    },
    "003": {
        "org_name": "未写“人民政府”",
        "s1_intro": "开头两段",
        "s1_proactive": "归入主动公开",
        "s5_problems": "原文第五部分未分“存在问题”“改进情况”小标题",
        "s5_improvements": "原文第五部分未分“存在问题”“改进情况”小标题",
    },
}


def seed_document(path: Path) -> Document:
    """A seed's text as a Document: one paragraph per line, markdown marks stripped, tab lines as tables."""
    blocks: list[Paragraph | Table] = []
    rows: list[Row] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if "\t" in line:
            rows.append(Row(tuple(Cell(text, col) for col, text in enumerate(line.split("\t"))), f"第{n}行"))
            continue
        if rows:
            blocks.append(Table(tuple(rows), rows[0].place))
            rows = []
        text = re.sub(r"^\s*(?:#+|[-*])\s+", "", line).replace("**", "").strip()
        if text:
            blocks.append(Paragraph(text, f"第{n}行"))
    return Document(path.name, tuple(blocks))


def cell_value(values: Any, key: str) -> object:
    """What the workbook's cell holds: a sub-heading left blank is the default one."""
    value = values.get(key)
    if key in TITLES and value is None:
        return schema.FIELD_BY_KEY[key].default
    if key == "fee_collected" and value is not None:
        return Decimal(str(value))
    return value


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_narrative_reads_as_transcribed(seed):
    source = json.loads((ROOT / "inputs" / "source" / f"{seed.name[:3]}.json").read_text(encoding="utf-8"))
    excluded = TRANSCRIBED.get(seed.name[:3], {})
    for key, words in excluded.items():  # each exclusion is one the transcription's notes explain
        assert any(words in note for note in source["notes"]), (key, words)
    part = narrative.read(seed_document(seed))
    right = [key for key in KEYS if cell_value(part.values, key) == cell_value(source["values"], key)]
    print(f"{seed.name[:3]}: {len(right)}/{len(KEYS)} narrative cells as transcribed")
    assert sorted(set(KEYS) - set(right)) == sorted(excluded)


def printed(data: model.ReportData, key: str) -> object:
    """What a gigen report printed for a key, as reading it back must give: nothing for a placeholder, a blank
    cell or an aspect left out; the 机关 as the signature when that cell was blank; the date as printed."""
    stem = key.removesuffix("_title")
    if (key in data.blank - data.generated - {"signature"}) or stem in data.omitted:
        return None
    value = data.values[key]
    if key == "signature":
        return value or data.values["org_name"]
    if isinstance(value, str):
        value = model.unmarked(value)
        return None if value.startswith(schema.TO_FILL) or not value else value
    return value


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_gigen_report_reads_back_what_it_printed(example, tmp_path):
    report = build(example, tmp_path, draft=True).report
    texts = [p.text for p in report_paragraphs(report)]
    document = Document(
        report.name, tuple(Paragraph(t, f"正文第{n}段") for n, t in enumerate(texts, start=1))
    )
    part = narrative.read(document)
    data = report_data(check_workbook(example))
    assert {key: part.values.get(key) for key in KEYS} == {key: printed(data, key) for key in KEYS}
    for key, value in part.values.items():  # each value's origin is the paragraph it was printed in
        paragraph = texts[int(re.fullmatch(r"正文第(\d+)段", part.origins[key]).group(1)) - 1]
        first = str(value).split("\n")[0]
        assert first in paragraph.replace("\n", "") or key.startswith("fee_") or key == "year", key
    assert [f for f in part.findings if f.severity is Severity.ERROR] == []


# ---------------------------------------------------------------------------------------------------------
# Each tolerance on a small report
# ---------------------------------------------------------------------------------------------------------

ONE = ["（一）主动公开方面。主动公开政府信息26条。", "（二）依申请公开", "本年度未收到政府信息公开申请。"]
ONE += ["（三）政府信息管理", "制发行政规范性文件0件。", "（四）政府信息公开平台建设", "通过门户网站公开。"]
ONE += ["（五）监督保障", "纳入年度绩效考核。"]
FIVE = ["（一）存在问题", "公开形式单一。", "（二）改进情况", "丰富公开形式。"]
SIX = ["本年度未收取信息处理费。"]
TABLE = Table((Row((Cell("信息内容", 0), Cell("本年制发件数", 1)), "第1个表格第1行"),), "第1个表格")


def document(*parts: str | list[str] | Table) -> Document:
    """A report from its paragraphs (a list stands for several), each placed 第N段."""
    blocks: list[Paragraph | Table] = []
    for piece in parts:
        for item in piece if isinstance(piece, list) else [piece]:
            blocks.append(item if isinstance(item, Table) else Paragraph(item, f"第{len(blocks) + 1}段"))
    return Document("报告.docx", tuple(blocks))


def report_document(
    *,
    title: list[str] | None = None,
    one: list[str] = ONE,
    five: list[str] = FIVE,
    six: list[str] = SIX,
    headings: tuple[str, ...] = schema.HEADINGS,
    closing: list[str] | None = None,
) -> Part:
    title = ["测试县测试镇人民政府2024年政府信息公开工作年度报告"] if title is None else title
    closing = ["测试县测试镇人民政府", "2025年1月20日"] if closing is None else closing
    h1, h2, h3, h4, h5, h6 = headings
    return document([*title, h1, *one, h2, TABLE, h3, TABLE, h4, TABLE, h5, *five, h6, *six, *closing])


def report(**parts: Any) -> Part:
    """What the narrative reads from a report of these parts (the well-formed one where a part is not given)."""
    return narrative.read(report_document(**parts))


def place(text: str, **parts: Any) -> str:
    """Where the paragraph of this text stands in the report of these parts."""
    return next(
        b.place for b in report_document(**parts).blocks if isinstance(b, Paragraph) and b.text == text
    )


def messages(part: Part) -> list[tuple[str, str, str, str, str]]:
    return [(f.rule, f.severity.value, f"{f.sheet}!{f.cell}", f.place, f.message) for f in part.findings]


def test_a_well_formed_report_reads_whole_without_findings():
    part = report()
    assert part.findings == []
    assert part.values == {
        "org_name": "测试县测试镇人民政府",
        "year": 2024,
        "s1_proactive_title": "主动公开方面",
        "s1_proactive": "主动公开政府信息26条。",
        "s1_request_title": "依申请公开",
        "s1_request": "本年度未收到政府信息公开申请。",
        "s1_management_title": "政府信息管理",
        "s1_management": "制发行政规范性文件0件。",
        "s1_platform_title": "政府信息公开平台建设",
        "s1_platform": "通过门户网站公开。",
        "s1_oversight_title": "监督保障",
        "s1_oversight": "纳入年度绩效考核。",
        "s5_problems": "公开形式单一。",
        "s5_improvements": "丰富公开形式。",
        "s6_other": "本年度未收取信息处理费。",
        "fee_notices": 0,
        "fee_collected": Decimal(0),
        "signature": "测试县测试镇人民政府",
        "date": "2025年1月20日",
    }
    assert part.origins["s1_proactive"] == part.origins["s1_proactive_title"] == "第3段"
    assert part.origins["s1_request"] == "第5段" and part.origins["s1_request_title"] == "第4段"
    assert part.origins["date"] == place("2025年1月20日")


@pytest.mark.parametrize(
    ("paragraph", "title", "text"),
    [
        ("（一）主动公开:主动公开政府信息26条。", "主动公开", "主动公开政府信息26条。"),
        ("**（一）主动公开方面。**主动公开政府信息26条。", "主动公开方面", "主动公开政府信息26条。"),
        (
            "(一) 主动公开政府信息情况：主动公开政府信息26条。",
            "主动公开政府信息情况",
            "主动公开政府信息26条。",
        ),
        ("- （一）主动公开情况。主动公开政府信息 26 条。", "主动公开情况", "主动公开政府信息26条。"),
    ],
)
def test_a_sub_heading_run_into_its_text(paragraph, title, text):
    part = report(one=[paragraph, *ONE[1:]])
    assert (part.values["s1_proactive_title"], part.values["s1_proactive"]) == (title, text)


def test_sub_headings_are_matched_by_their_words_not_their_number():
    one = [
        "（一）政府信息管理情况",
        "制发行政规范性文件0件。",
        "（二）强化政府信息平台建设情况",
        "通过门户网站公开。",
    ]
    part = report(one=one)
    assert part.values["s1_management"] == "制发行政规范性文件0件。"
    assert part.values["s1_platform_title"] == "强化政府信息平台建设情况"
    assert part.values["s1_platform"] == "通过门户网站公开。"


@pytest.mark.parametrize(
    ("title", "org", "year"),
    [
        (["沙湾市柳毛湾镇2024年政府信息公开", "工作年度报告"], "沙湾市柳毛湾镇", 2024),
        (["淮安市人民政府", "2024 年政府信息公开工作年度报告"], "淮安市人民政府", 2024),
        (["# 朱阳关镇人民政府 2024 年政府信息公开工作年度报告"], "朱阳关镇人民政府", 2024),
        (["杨林镇人民政府2023年度政府信息公开工作年度报告"], "杨林镇人民政府", 2023),
        (["小板镇人民政府2023年政府信息公开年度报告"], "小板镇人民政府", 2023),
        (
            ["首页 > 政务公开", "索引号：001/2025-01", "白杨镇人民政府2024年政府信息公开工作年度报告"],
            "白杨镇人民政府",
            2024,
        ),
    ],
)
def test_the_title_as_printed(title, org, year):
    part = report(title=title, closing=[])
    assert (part.values["org_name"], part.values["year"]) == (org, year)


def test_a_dated_line_under_the_title_is_the_date():
    part = report(title=["白杨镇人民政府2024年政府信息公开工作年度报告", "（2025年1月20日）"], closing=[])
    assert part.values["date"] == "2025年1月20日" and "preface" not in part.values


def test_the_preface_is_what_stands_between_the_title_and_one():
    part = report(
        title=["白杨镇人民政府2024年政府信息公开工作年度报告", "本报告依据条例编制。", "统计期限为2024年。"]
    )
    assert part.values["preface"] == "本报告依据条例编制。\n统计期限为2024年。"
    assert part.origins["preface"] == "第2段"


def test_headings_in_the_wording_of_the_regulation():
    headings = (
        "一、总体情况",
        "二、行政机关主动公开政府信息情况",
        "三、行政机关收到和处理政府信息公开申请情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "**五、政府信息公开工作存在的主要问题及改进情况**",
        "[bookmark: _GoBack]六、其他需要报告的事项",
    )
    part = report(headings=headings)
    assert part.findings == []
    assert part.values["s5_improvements"] == "丰富公开形式。"
    assert part.values["s6_other"] == "本年度未收取信息处理费。"


@pytest.mark.parametrize(
    ("six", "notices", "collected"),
    [
        ("本年度收取信息处理费0元。", 0, Decimal(0)),
        ("本年度未收取信息处理费。", 0, Decimal(0)),
        ("本单位按照规定的按件、按量收费标准，本年度没有产生信息公开处理费。", 0, Decimal(0)),
        ("截至目前未发出政府信息处理费收费通知书，不存在收取信息处理费的情况。", 0, Decimal(0)),
        ("本年度发出收费通知1件，收取信息处理费共计380元。", 1, Decimal(380)),
        ("本年度收取信息处理费共计380元，其中发出收费通知书1件。", 1, Decimal(380)),
        ("本年度发出信息处理费收费通知2件，未实际收取信息处理费。", 2, Decimal(0)),
        ("全年收取信息处理费0.038万元，发出收费通知1件。", 1, Decimal(380)),
        ("按件计收100元/件，本年度未收取信息处理费。", 0, Decimal(0)),
    ],
)
def test_a_stated_fee_fills_the_fee_cells_and_stays_in_six(six, notices, collected):
    part = report(six=[six])
    assert (part.values["fee_notices"], part.values["fee_collected"]) == (notices, collected)
    assert part.values["s6_other"] == six
    assert part.origins["fee_notices"] == part.origins["s6_other"]


def test_the_statement_gigen_prints_fills_only_the_fee_cells():
    statement = schema.FEE_COLLECTED.format(notices=3, amount="96171.6")
    part = report(six=[statement, "无其他需要报告的事项。"])
    assert (part.values["fee_notices"], part.values["fee_collected"]) == (3, Decimal("96171.6"))
    assert part.values["s6_other"] == "无其他需要报告的事项。"


def test_an_amount_without_its_notices_leaves_that_cell_blank_with_a_warning():
    part = report(six=["全年收取政府信息公开信息处理费3940元。"])
    assert part.values["fee_collected"] == Decimal(3940) and "fee_notices" not in part.values
    assert messages(part) == [
        (
            "IMP-FEE",
            "警告",
            "五、六!B5",
            part.origins["s6_other"],
            "“六、其他需要报告的事项”说明了信息处理费，但没有写收费通知的件数，这一格没有读取。",
        )
    ]


def test_six_saying_nothing_of_fees_leaves_them_blank_with_a_warning():
    part = report(six=["无其他需要报告事项。"])
    assert "fee_notices" not in part.values and "fee_collected" not in part.values
    assert part.values["s6_other"] == "无其他需要报告事项。"
    assert messages(part) == [
        (
            "IMP-FEE",
            "警告",
            "五、六!B5",
            place(schema.HEADINGS[5]),
            "“六、其他需要报告的事项”没有说明信息处理费，收费通知件数和收取金额两格没有读取。",
        )
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("一是部分镇村干部对政务公开工作的重要性和紧迫性认识不", "足，未及时公示。"),
        ("本机关依据《政府信息公开信息处理费管理办法》", "（国办函〔2020〕109号）的规定，未收取信息处理费。"),
        ("以公开为常态、不公开为例外，做到“应公开尽公开”", "，公开信息26条。"),
    ],
)
def test_lines_of_one_paragraph_are_joined(first, second):
    part = report(five=["（一）存在问题", first, second, *FIVE[2:]])
    assert part.values["s5_problems"] == first + second


def test_a_quotation_ending_a_sentence_ends_the_paragraph():
    first = "群众评价：“公开及时、内容实在。”"
    part = report(five=["（一）存在问题", first, "更新不够及时。", *FIVE[2:]])
    assert part.values["s5_problems"] == first + "\n更新不够及时。"


def test_a_paragraph_split_by_a_page_break_is_joined():
    first, second = "我镇明确工作程序，建立健全政府信息公开申请登记、审", "核、办理、答复、归档的工作制度。"
    part = report(one=["（一）主动公开", first, "— 3 —", second, *ONE[1:]])
    assert part.values["s1_proactive"] == first + second
    assert part.origins["s1_proactive"] == place(
        first, one=["（一）主动公开", first, "— 3 —", second, *ONE[1:]]
    )


def test_a_long_sub_heading_on_its_own_line_is_not_joined_to_its_text():
    one = ["（二）强化依申请公开管理和规范办理流程工作情况", "严格执行依申请公开办理流程，按时答复。"]
    part = report(one=[*ONE[:1], *one, *ONE[3:]])
    assert part.values["s1_request_title"] == "强化依申请公开管理和规范办理流程工作情况"
    assert part.values["s1_request"] == "严格执行依申请公开办理流程，按时答复。"


@pytest.mark.parametrize(
    "second",
    ["（二）依申请公开", "二是加强培训。", "二、主动公开政府信息情况"],
)
def test_a_line_ending_mid_sentence_is_not_joined_to_a_heading_or_a_new_item(second):
    part = narrative.read(
        document(["白杨镇人民政府2024年政府信息公开工作年度报告", "一、总体情况", "本年度工作情况，", second])
    )
    assert part.values["s1_intro"].split("\n")[0] == "本年度工作情况，"


def test_paragraphs_ending_a_sentence_stay_apart():
    part = report(five=["（一）存在问题", "公开形式单一。", "更新不够及时。", *FIVE[2:]])
    assert part.values["s5_problems"] == "公开形式单一。\n更新不够及时。"


@pytest.mark.parametrize("number", ["— 3 —", "- 3 -", "-3-", "第3页", "第 3 页 共 6 页", "3/6", "3"])
def test_page_numbers_are_not_text(number):
    part = report(five=["（一）存在问题", "公开形式单一。", number, "更新不够及时。", *FIVE[2:]])
    assert part.values["s5_problems"] == "公开形式单一。\n更新不够及时。"


def test_a_running_header_is_not_text():
    header = "测试县测试镇人民政府2024年政府信息公开工作年度报告"
    part = report(five=["（一）存在问题", "公开形式单一。", header, "更新不够及时。", *FIVE[2:]])
    assert part.values["s5_problems"] == "公开形式单一。\n更新不够及时。"


def test_a_list_inside_an_aspect_stays_in_it():
    one = ["（一）主动公开", "（一）政务服务公开。事项长期公开。", "（二）重点领域公开。项目公开。", *ONE[1:]]
    part = report(one=one)
    assert part.values["s1_proactive"] == "（一）政务服务公开。事项长期公开。\n（二）重点领域公开。项目公开。"
    assert part.findings == []


def test_five_by_lead_ins_without_numbers():
    part = report(five=["主要问题:流程不够规范。", "改进情况:规范流程。"])
    assert (part.values["s5_problems"], part.values["s5_improvements"]) == ("流程不够规范。", "规范流程。")


def test_signature_and_date_with_extraction_spaces():
    part = report(closing=["叶城县白杨镇人民政府", "2025 年 1 月 26 日"])
    assert (part.values["signature"], part.values["date"]) == ("叶城县白杨镇人民政府", "2025年1月26日")


def test_a_short_last_line_of_six_is_no_signature():
    part = report(six=["无"], closing=[])
    assert part.values["s6_other"] == "无" and "signature" not in part.values and "date" not in part.values


# ---------------------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------------------


def test_no_title_is_an_error():
    part = report(title=["政府信息公开情况"])
    assert "org_name" not in part.values and "year" not in part.values
    assert messages(part) == [
        (
            "IMP-TITLE",
            "错误",
            "基本信息!B3",
            "全文",
            "没有找到报告标题（“机关名称+年度+年政府信息公开工作年度报告”），机关全称和报告年度没有读取。",
        )
    ]


def test_a_title_without_its_organ_is_a_warning():
    part = report(title=["2024年政府信息公开工作年度报告"])
    assert part.values["year"] == 2024 and "org_name" not in part.values
    assert messages(part)[0][:4] == ("IMP-TITLE", "警告", "基本信息!B3", "第1段")


def test_a_missing_heading_is_an_error():
    headings = (*schema.HEADINGS[:4], "问题与措施", schema.HEADINGS[5])
    part = report(headings=headings)
    assert "s5_problems" not in part.values
    assert messages(part) == [
        ("IMP-HEAD", "错误", "五、六!B3", "全文", "未找到“五、存在的主要问题及改进情况”，这一部分没有读取。")
    ]


def test_a_missing_table_heading_is_a_warning_as_its_table_is_found_by_its_labels():
    headings = (schema.HEADINGS[0], "二、统计数据", *schema.HEADINGS[2:])
    part = report(headings=headings)
    assert messages(part) == [
        ("IMP-HEAD", "警告", "!", "全文", "未找到“二、主动公开政府信息情况”这一标题，表二按表格的标签查找。")
    ]


def test_a_sub_heading_of_no_aspect_goes_to_the_intro_with_a_warning():
    one = [
        "总体情况良好。",
        "（一）加强组织领导。成立领导小组。",
        "（二）政府信息管理",
        "制发行政规范性文件0件。",
    ]
    part = report(one=one)
    assert part.values["s1_intro"] == "总体情况良好。\n（一）加强组织领导。成立领导小组。"
    assert part.values["s1_management"] == "制发行政规范性文件0件。"
    found = messages(part)
    assert found[0] == (
        "IMP-ASPECT",
        "警告",
        "一、总体情况!B3",
        "第4段",
        "“（一）加强组织领导”不是“一、总体情况”五个方面（主动公开、依申请公开、政府信息管理、"
        "政府信息公开平台建设、监督保障）中的任何一个，这一部分已录入开头段落，请核对后移到它所属方面的一格。",
    )
    assert [(rule, cell) for rule, _, cell, _, _ in found[1:]] == [
        ("IMP-ASPECT", "一、总体情况!B5"),
        ("IMP-ASPECT", "一、总体情况!B7"),
        ("IMP-ASPECT", "一、总体情况!B11"),
        ("IMP-ASPECT", "一、总体情况!B13"),
    ]
    assert found[1][4] == "“一、总体情况”中没有“主动公开”方面的小标题，这一格没有读取，请对照原文填写。"
    assert found[1][3] == "第2段"  # the heading 一


def test_five_without_sub_headings_goes_to_problems_with_a_warning():
    part = report(five=["存在一些问题。", "下一步将加以改进。"])
    assert part.values["s5_problems"] == "存在一些问题。\n下一步将加以改进。"
    assert "s5_improvements" not in part.values
    assert messages(part)[0][:3] == ("IMP-FIVE", "警告", "五、六!B4")


@pytest.mark.parametrize(
    ("after", "message"),
    [
        (["（此件公开发布）"], "成文日期之后的“（此件公开发布）”不属于报告的任何一部分，没有读取。"),
        (
            ["主办：测试县人民政府办公室", "网站标识码：1234", "备案号：豫ICP备05000000号"],
            "成文日期之后的“主办：测试县人民政府办公室”等3段不属于报告的任何一部分，没有读取。",
        ),
    ],
)
def test_paragraphs_after_the_date_are_one_warning(after, message):
    closing = ["测试县测试镇人民政府", "2025年1月20日", *after]
    part = report(closing=closing)
    assert (part.values["signature"], part.values["date"]) == ("测试县测试镇人民政府", "2025年1月20日")
    assert "主办" not in part.values["s6_other"]
    assert messages(part) == [("IMP-PLACE", "警告", "!", place(after[0], closing=closing), message)]


def test_a_sub_heading_naming_two_aspects_is_neither():
    one = ["（一）主动公开和依申请公开。公开信息26条。", *ONE[1:]]
    part = report(one=one)
    assert "s1_proactive" not in part.values and "s1_request_title" in part.values
    assert part.values["s1_intro"] == "（一）主动公开和依申请公开。公开信息26条。"
    assert [(f.rule, f.cell, f.place) for f in part.findings[:2]] == [
        ("IMP-ASPECT", "B3", place(one[0], one=one)),
        ("IMP-ASPECT", "B5", place(schema.HEADINGS[0], one=one)),
    ]


def test_text_run_into_a_heading():
    part = report(headings=(*schema.HEADINGS[:5], "六、其他需要报告的事项：本年度未收取信息处理费。"), six=[])
    assert part.values["s6_other"] == "本年度未收取信息处理费。"
    assert (part.values["fee_notices"], part.values["fee_collected"]) == (0, Decimal(0))


@pytest.mark.parametrize(
    ("closing", "signature", "date"),
    [
        (
            ["白杨镇人民政府", "2025年1月20日"],
            "白杨镇人民政府",
            "2025年1月20日",
        ),  # the title's 机关 without its county
        (["测试镇党政综合办公室", "二〇二五年一月二十日"], None, "二〇二五年一月二十日"),
        (["测试县测试镇人民政府"], "测试县测试镇人民政府", None),
    ],
)
def test_signature_and_date_forms(closing, signature, date):
    part = report(closing=closing)
    assert (part.values.get("signature"), part.values.get("date")) == (signature, date)


def test_a_title_with_the_year_first():
    part = report(title=["2022年上海市政府信息公开工作年度报告"], closing=[])
    assert (part.values["org_name"], part.values["year"]) == ("上海市", 2022)


def test_a_heading_without_its_mark():
    part = report(headings=(*schema.HEADINGS[:4], "五 存在的主要问题及改进情况", schema.HEADINGS[5]))
    assert part.findings == [] and part.values["s5_problems"] == "公开形式单一。"


def test_a_list_item_is_no_heading():
    five = ["（一）存在问题", "五是其他工作有待加强。", "六是其他方面有待提高", *FIVE[2:]]
    part = report(five=five)
    assert part.values["s5_problems"] == "五是其他工作有待加强。\n六是其他方面有待提高"


def test_sub_headings_numbered_in_arabic_count_only_when_their_words_match():
    one = ["1.主动公开情况。公开信息26条。", "1.政务服务事项长期公开。", "2.依申请公开情况", "未收到申请。"]
    part = report(one=one + ONE[3:])
    assert (part.values["s1_proactive_title"], part.values["s1_proactive"]) == (
        "主动公开情况",
        "公开信息26条。\n1.政务服务事项长期公开。",
    )
    assert part.values["s1_request"] == "未收到申请。"
    assert part.findings == []


@pytest.mark.parametrize(
    "six",
    ["本年度无政府信息公开收费情况。", "信息处理费收取情况：0元。", "本年度未产生政府信息公开费用。"],
)
def test_more_ways_of_saying_no_fee(six):
    part = report(six=[six])
    assert (part.values["fee_notices"], part.values["fee_collected"]) == (0, Decimal(0))


def test_prose_after_a_table_in_six_is_a_warning():
    part = report(six=["本年度未收取信息处理费。", TABLE, "附表说明：单位为件。"])
    assert part.values["s6_other"] == "本年度未收取信息处理费。"
    assert part.values["signature"] == "测试县测试镇人民政府"
    assert [(f.rule, f.message) for f in part.findings] == [
        ("IMP-PLACE", "表格之后的“附表说明：单位为件。”不属于报告的任何一部分，没有读取。")
    ]


def test_without_any_heading_nothing_is_a_preface():
    part = narrative.read(document(["白杨镇人民政府2024年政府信息公开工作年度报告", "本年度工作有序开展。"]))
    assert "preface" not in part.values
    assert [f.rule for f in part.findings] == ["IMP-HEAD"] * 6


def test_a_running_header_first_printed_on_page_two_is_not_text():
    header = "测试县测试镇人民政府办公室"
    one = [*ONE[:2], header, *ONE[2:6], header, *ONE[6:]]
    part = report(one=one)
    assert part.values["s1_request"] == "本年度未收到政府信息公开申请。" and part.findings == []
    assert all(header not in str(value) for value in part.values.values())


def test_the_draft_mark_at_the_head_of_each_page_is_not_text():
    mark = schema.DRAFT_MARK.format(errors=2)
    part = report(five=["（一）存在问题", "公开形式单一，", mark, "更新不够及时。", *FIVE[2:]])
    assert part.values["s5_problems"] == "公开形式单一，更新不够及时。"


def test_a_bracket_left_open_joins_the_next_line_even_a_short_one():
    placeholder = ["【待填写：本年度政府信息公开平台建设方面的情况（一、", "总体情况 B11）】"]
    part = report(one=[*ONE[:5], "（四）政府信息公开平台建设", *placeholder, *ONE[7:]])
    assert "s1_platform" not in part.values and part.values["s1_platform_title"] == "政府信息公开平台建设"
    part = report(five=["（一）存在问题", "学习《政府信息公开", "条例》不够。", *FIVE[2:]])
    assert part.values["s5_problems"] == "学习《政府信息公开条例》不够。"


def test_a_running_header_that_is_also_the_title_line_and_the_signature_stays_there():
    header = "测试县测试镇人民政府"
    title = [header, "2024年政府信息公开工作年度报告"]
    one = [*ONE[:2], header, *ONE[2:]]
    part = report(
        title=title, one=one, five=[*FIVE[:2], header, *FIVE[2:]], closing=[header, "2025年1月20日"]
    )
    assert (part.values["org_name"], part.values["signature"]) == (header, header)
    assert part.values["s1_request"] == "本年度未收到政府信息公开申请。"
    assert part.values["s5_problems"] == "公开形式单一。"


def test_a_sub_heading_with_nothing_under_it_is_a_blank_cell_with_its_place():
    one = [*ONE[:5], "（四）政府信息公开平台建设", *ONE[7:]]
    part = report(one=one, six=[])
    assert "s1_platform" not in part.values and "s6_other" not in part.values
    assert part.origins["s1_platform"] == place("（四）政府信息公开平台建设", one=one, six=[])
    assert part.origins["s6_other"] == place(schema.HEADINGS[5], one=one, six=[])
