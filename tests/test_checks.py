"""The consistency rules: one cell changed in a valid workbook gives exactly the expected findings at their cells."""

from __future__ import annotations

from dataclasses import replace

import pytest
from official import T3_COL_KEYS
from support import EXAMPLES, consistent_values, new_workbook, stating_the_tables

from generator.checks import check
from generator.checks.narrative import number
from generator.cli import app
from generator.errors import GigenError
from generator.pipeline import check_workbook
from generator.xlsx import read_workbook

E, W = "错误", "警告"
COLUMNS = T3_COL_KEYS[:-1]


def findings_of(path, previous=None) -> list[tuple[str, str, str]]:
    """(rule, sheet!cell, severity) of every finding, in the order gigen reports them."""
    return [(f.rule, f.where, f.severity.value) for f in check_workbook(path, previous).findings]


def test_a_consistent_workbook_has_no_findings(make_workbook):
    assert check(read_workbook(make_workbook())) == []


def test_text_that_states_the_tables_own_numbers_raises_nothing(make_workbook):
    assert findings_of(make_workbook(s1_request=stating_the_tables(consistent_values()))) == []


def cases(*rows):
    """Parametrize (changes, expected findings) with readable ids."""
    return pytest.mark.parametrize(("changes", "expected"), [r[1:] for r in rows], ids=[r[0] for r in rows])


@cases(
    ("一+二≠七+四", {"t3_new_natural": 999}, [("T3-BAL-natural", "表三!D6", E)]),
    ("结转下年度", {"t3_carried_forward_research": 9}, [("T3-BAL-research", "表三!F6", E)]),
    ("总计列手填", {"t3_new_total": 999}, [("T3-ROW-new", "表三!J6", E)]),  # one typo, one message
    ("行合计手填", {"t3_denied_law_total": 1}, [("T3-ROW-denied_law", "表三!J11", E)]),
    ("七总计手填", {"t3_handled_natural": 0}, [("T3-SUM7-natural", "表三!D29", E)]),
    ("斜杠", {"t3_granted_commercial": "/"}, [("T3-INT", "表三!E8", E)]),
    ("负数", {"t3_new_other": -2}, [("T3-INT", "表三!I6", E)]),
    ("上年结转合计手填", {"t3_carried_over_total": 99}, [("T3-ROW-carried_over", "表三!J7", E)]),
)
def test_table_three(make_workbook, changes, expected):
    assert findings_of(make_workbook(**changes)) == expected


@cases(
    ("复议总计", {"t4_review_total": 9}, [("T4-SUM-review", "表四!E6", E)]),
    ("复议后起诉总计", {"t4_suit_after_review_total": 0}, [("T4-SUM-suit_after_review", "表四!O6", E)]),
    ("汉字", {"t4_suit_after_review_pending": "两"}, [("T4-INT", "表四!N6", E)]),
)
def test_table_four(make_workbook, changes, expected):
    assert findings_of(make_workbook(**changes)) == expected


@cases(
    ("乡镇无规章", {"t2_rules_in_force": 6}, [("T2-GZ", "表二!D5", E)]),
    (
        "规章一行",
        {"t2_rules_issued": 1, "t2_rules_in_force": 1},
        [("T2-GZ", "表二!B5", E), ("T2-GZ", "表二!D5", E)],
    ),
    ("现行有效推算", {"t2_norms_in_force": 13}, [("T2-XY-norms", "表二!D6", W)]),
    ("废止多于现有", {"t2_norms_repealed": 20}, [("T2-REP", "表二!C6", W)]),
    ("上年未填不推算", {"t2_norms_in_force": 13, "prev_norms_in_force": None}, []),
    ("小数件数", {"t2_licensing": 1.5}, [("T2-INT", "表二!B9", E)]),
    ("元当万元", {"t2_fees": 150}, [("T2-FEE", "表二!B16", W)]),
    (
        "恰为上限",
        {"t2_fees": 100},
        [("T2-FEE", "表二!B16", W)],
    ),  # --fee-limit 100: a value ≥ 100 looks like 元
    ("上限以下", {"t2_fees": 99.9999}, []),
    ("小数过多", {"t2_fees": 1.23456}, [("T2-FEE", "表二!B16", W)]),
    ("收费不是数", {"t2_fees": "一万"}, [("T2-FEE", "表二!B16", E)]),
    ("33位数", {"t2_fees": "1" + "0" * 32}, [("VAL-SIZE", "表二!B16", E)]),  # 10^32 万元: no fee, an error
    ("上年现行有效", {"prev_norms_in_force": "十"}, [("T2-INT", "表二!B20", E)]),
)
def test_table_two(make_workbook, changes, expected):
    assert findings_of(make_workbook(**changes)) == expected


@cases(
    ("通知件数空", {"fee_notices": None}, [("S-SIX", "五、六!B5", E)]),
    ("收费金额空", {"fee_collected": None}, [("S-SIX", "五、六!B6", E)]),
    ("收费无通知", {"fee_notices": 0}, [("S-SIX-FEE", "五、六!B5", E), ("T3-FEE6", "五、六!B5", W)]),
    ("逾期缴费", {"fee_notices": 11}, [("T3-FEE6", "五、六!B5", W)]),
    ("六另写收费", {"s6_other": "本年度未收取信息处理费。"}, [("S-SIX-DUP", "五、六!B7", W)]),
)
def test_section_six_fee(make_workbook, changes, expected):
    assert findings_of(make_workbook(**changes)) == expected


@cases(
    ("新收", {"s1_request": "本年度共收到政府信息公开申请999件。"}, [("X-APP", "一、总体情况!B7", W)]),
    ("上年结转", {"s1_request": "上年结转政府信息公开申请99件。"}, [("X-APP", "一、总体情况!B7", W)]),
    (
        "办结",
        {"s1_request": "全年办结政府信息公开申请两件，均在法定期限内答复。"},
        [("X-APP", "一、总体情况!B7", W)],
    ),
    ("结转下年", {"s1_request": "结转下年度继续办理99件。"}, [("X-APP", "一、总体情况!B7", W)]),
    ("未收到", {"s1_request": "本年度未收到政府信息公开申请。"}, [("X-APP", "一、总体情况!B7", W)]),
    ("复议件数", {"s5_problems": "本年度被申请行政复议99件，需加强答复规范。"}, [("X-LIT", "五、六!B3", W)]),
    (
        "未发生复议诉讼",
        {"s1_request": "未发生政府信息公开行政复议、行政诉讼。"},
        [("X-LIT", "一、总体情况!B7", W), ("X-LIT", "一、总体情况!B7", W)],
    ),
    (
        "分项之和",
        {"s1_proactive": "主动公开信息75条，其中公开类24条、民政类12条、项目类30条、财务类4条。"},
        [("X-SUM", "一、总体情况!B5", W)],
    ),
    ("汉字数目相符", {"s1_proactive": "主动公开信息两百条，其中文件一百条、动态五十条、其他五十条。"}, []),
)
def test_text_against_tables(make_workbook, changes, expected):
    assert findings_of(make_workbook(**changes)) == expected


@cases(
    # 平台建设 has no standard paragraph: blank, it is an error unless the opening paragraph covers it.
    ("缺平台建设", {"s1_platform": None}, [("S-ONE", "一、总体情况!B11", E)]),
    (
        "平台建设写在开头段落",
        {"s1_platform": None, "s1_intro": "2024年，本镇依托县政府门户网站和镇公开栏公开政府信息。"},
        [("S-ONE", "一、总体情况!B11", W)],
    ),
    ("平台建设太短", {"s1_platform": "暂无。"}, [("S-ONE", "一、总体情况!B11", W)]),
    (
        "缺考核评议追究",
        {"s1_oversight": "加强政务公开日常监督检查，发现问题及时整改。"},
        [("S-ONE", "一、总体情况!B13", W)],
    ),
    (
        "写在别处也算",
        {
            "s1_oversight": "加强政务公开日常监督检查，发现问题及时整改。",
            "s1_intro": "开展工作考核和社会评议，未发生责任追究。",
        },
        [],
    ),
    ("五为无", {"s5_problems": "无"}, [("S-FIVE", "五、六!B3", W)]),
    ("五太短", {"s5_improvements": "加强学习。"}, [("S-FIVE", "五、六!B4", W)]),
    ("重复章节标题", {"s1_intro": "二、主动公开政府信息情况"}, [("S-HEAD", "一、总体情况!B3", E)]),
    (
        "条例式标题",
        {"s5_problems": "五、政府信息公开工作存在的主要问题及改进情况\n一是公开不够及时，更新较慢。"},
        [("S-HEAD", "五、六!B3", E)],
    ),
    ("一级编号", {"s5_problems": "一、公开不够及时\n更新较慢，栏目内容单一。"}, [("S-HEAD", "五、六!B3", W)]),
    (
        "小标题下再编（一）",
        {"s1_platform": "（一）网站建设。依托县政府门户网站公开信息。\n（二）公开栏。镇村公开栏按月更新。"},
        [("S-HEAD", "一、总体情况!B11", W)],
    ),  # once per cell
    # A blank 一 gets gigen's standard paragraphs from the numbers for three aspects; 平台建设 has none, and 监督保障
    # has nothing to be written from while its cells are blank.
    (
        "一整节空",
        {
            key: None
            for key in (
                "s1_intro",
                "s1_proactive",
                "s1_request",
                "s1_management",
                "s1_platform",
                "s1_oversight",
            )
        },
        [("S-ONE", "一、总体情况!B11", E), ("S-ONE", "一、总体情况!B13", E)],
    ),
    ("五整节空", {"s5_problems": None, "s5_improvements": None}, [("S-FIVE", "五、六!B3", E)]),
)
def test_structure(make_workbook, changes, expected):
    assert findings_of(make_workbook(**changes)) == expected


@cases(
    ("统计期限", {"preface": "统计期限为2023年1月1日至2023年12月31日。"}, [("S-YEAR", "基本信息!B7", E)]),
    (
        "截至去年",
        {"s1_request": "截至2023年12月31日，办理流程运行平稳。"},
        [("S-YEAR", "一、总体情况!B7", W)],
    ),
    ("沿用去年", {"s1_management": "2023年我镇严格执行保密审查制度。"}, [("S-YEAR", "一、总体情况!B9", W)]),
    ("与去年相比", {"s1_management": "与2023年相比，公开数量有所增加。"}, []),
    ("成文日期在本年", {"date": "2024年12月1日"}, [("S-YEAR", "基本信息!B6", E)]),
    ("成文日期晚", {"date": "2025年3月26日"}, [("S-YEAR", "基本信息!B6", W)]),
    ("成文日期写法", {"date": "明年一月"}, [("META-DATE", "基本信息!B6", E)]),
    ("没有成文日期", {"date": None}, [("META-DATE", "基本信息!B6", W)]),
    (
        "年度填错",
        {
            "year": 2023,
            "date": "2024年1月20日",
            "s1_intro": "2024年，本镇认真贯彻条例，开展工作考核、社会评议。",
        },
        [("S-YEAR", "一、总体情况!B3", W)],
    ),
)
def test_report_year(make_workbook, changes, expected):
    assert findings_of(make_workbook(**changes)) == expected


@cases(
    (
        "办法名称",
        {"s1_intro": "依照《政府信息公开处理费管理办法》执行。"},
        [("S-NAME", "一、总体情况!B3", W)],
    ),
    (
        "尖括号",
        {"s1_intro": "按照<中华人民共和国政府信息公开条例>要求。"},
        [("S-NAME", "一、总体情况!B3", W)],
    ),
    ("多一个括号", {"s1_intro": "依据国办函〔2020〕109号〕要求。"}, [("S-NAME", "一、总体情况!B3", W)]),
    ("方括号文号", {"s1_intro": "依据国办函[2020]109号要求。"}, [("S-NAME", "一、总体情况!B3", W)]),
    ("发文机关", {"s1_intro": "依据国办政务公开办函〔2021〕30号要求。"}, [("S-NAME", "一、总体情况!B3", W)]),
    (
        "书名号套书名号",
        {"s1_intro": "《国务院办公厅关于印发《政府信息公开信息处理费管理办法》的通知》"},
        [("S-NAME", "一、总体情况!B3", W)],
    ),
    (
        "写对了",
        {
            "s1_intro": "《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）"
        },
        [],
    ),
)
def test_citations(make_workbook, changes, expected):
    assert findings_of(make_workbook(**changes)) == expected


def test_cross_year_needs_last_years_workbook(make_workbook):
    this_year = make_workbook()
    values = consistent_values()
    carried = {f"t3_carried_forward_{c}": values[f"t3_carried_over_{c}"] for c in COLUMNS}
    carried["t3_carried_forward_natural"] += 2
    last_year = make_workbook("测试镇2023.xlsx", year=2023, t2_norms_in_force=11, **carried)
    assert findings_of(this_year) == []
    assert findings_of(this_year, last_year) == [
        ("T2-XY-norms", "表二!D6", W),  # 11 + 3 - 1 = 13, not 12
        ("T2-XY-norms", "表二!B20", W),  # typed 10 as last year's, but last year's workbook says 11
        ("T3-XY-natural", "表三!D7", W),
    ]


def test_last_years_workbook_must_be_last_year(make_workbook):
    this_year = make_workbook()
    with pytest.raises(GigenError) as e:
        check_workbook(this_year, this_year)
    assert (
        str(e.value)
        == "测试镇2024.xlsx：这是2024年度的工作簿，本报告为2024年度，--previous 应给2023年度的工作簿。"
    )


def test_a_cell_that_cannot_be_read_is_not_judged_again(make_workbook):
    """ "无" in a count is one finding; the totals, balance and text rules that need the cell stay quiet."""
    path = make_workbook(t3_new_natural="无", s1_request=stating_the_tables(consistent_values()))
    assert findings_of(path) == [("T3-INT", "表三!D6", E)]


def test_many_problems_are_all_reported_at_once_in_workbook_order(make_workbook):
    path = make_workbook(
        year=2024,
        date="2024年12月1日",
        s1_platform=None,
        t2_rules_issued=2,
        t3_new_natural=999,
        t3_new_research="/",
        t4_review_total=9,
        fee_collected=None,
        s5_problems="无",
    )
    assert findings_of(path) == [
        ("S-YEAR", "基本信息!B6", E),
        ("S-ONE", "一、总体情况!B11", E),
        ("T2-GZ", "表二!B5", E),
        ("T3-BAL-natural", "表三!D6", E),
        ("T3-INT", "表三!F6", E),
        ("T4-SUM-review", "表四!E6", E),
        ("S-FIVE", "五、六!B3", W),
        ("S-SIX", "五、六!B6", E),
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"t3_new_natural": 30},
            "表三“自然人”列：本年新收30件（表三!D6）加上年结转0件（表三!D7），共30件；应等于办理结果“（七）总计”30件（表三!D29）"
            "加结转下年度继续办理1件（表三!D30），共31件，现在相差1件。请核对这一列的数字。",
        ),
        (
            {"t2_fees": 150},
            "表二“行政事业性收费”单位是“万元”，您填的是150，相当于1500000元，请确认没有把“元”当作“万元”填写。",
        ),
        (
            {"t2_norms_in_force": 13},
            "表二“行政规范性文件”：按上年现行有效10件（表二!B20）、本年制发3件、废止1件推算，本年现行有效应为12件，但填的是13件，"
            "请核对（如有文件到期自动失效，也请计入废止）。",
        ),
        (
            {"s1_proactive": "主动公开信息75条，其中公开类24条、民政类12条、项目类30条、财务类4条。"},
            "这一格写“主动公开信息75条，其中公开类24条、民政类12条、项目类30条、财务类4条”，列出的各分项相加为70条，与总数75条不符，"
            "请核对。",
        ),
        (
            {"s1_request": "办理流程规范。\n本年度共收到政府信息公开申请999件。"},
            "这一格第2段写“本年度共收到政府信息公开申请999件”，与表三“一、本年新收政府信息公开申请数量”总计189件（表三!J6）不一致，"
            "请统一正文和表格。",
        ),
        (
            {"s1_management": "2023年我镇严格执行保密审查制度。"},
            "这一格出现“2023年我镇严格执行保密审查制度。…”，本报告为2024年度报告，请确认是否沿用了去年的文字。",
        ),
        (
            {"fee_notices": None},
            "“本年发出信息处理费收费通知的件数”没有填写。“六、其他需要报告的事项”须说明本年度依据《政府信息公开信息处理费管理办法》"
            "（国办函〔2020〕109号）收取信息处理费的情况，程序按这一格写出这句话；没有发出收费通知、没有收费也要填0。",
        ),
    ],
    ids=["T3-BAL", "T2-FEE", "T2-XY", "X-SUM", "X-APP", "S-YEAR", "S-SIX"],
)
def test_messages_word_for_word(make_workbook, changes, message):
    assert check_workbook(make_workbook(**changes)).findings[0].message == message


NO_DATE = (
    "META-DATE",
    "基本信息!B6",
    W,
)  # four of the five published reports have no 成文日期 (domain.md §3 M25)
SEED_FINDINGS = {
    "叶城县白杨镇2024": [  # 75 ≠ 24+12+30+4; no 考核 or 评议; its own fee sentence, with <> inside 《》
        ("X-SUM", "一、总体情况!B5", W),
        ("S-ONE", "一、总体情况!B13", W),
        ("S-SIX-DUP", "五、六!B7", W),
        ("S-NAME", "五、六!B7", W),
    ],
    "宜阳县白杨镇2021": [  # no 平台建设, no 考核/评议/责任追究, 六 only "无": no 信息处理费 statement
        NO_DATE,
        ("S-ONE", "一、总体情况!B11", E),
        ("S-ONE", "一、总体情况!B13", W),
        ("S-SIX", "五、六!B5", E),
        ("S-SIX", "五、六!B6", E),
    ],
    "沙湾市柳毛湾镇2024": [  # （三）… and （一）… under gigen's own （一）/（五）; no 平台建设 part (its blank
        NO_DATE,  # 依申请公开 gets gigen's standard paragraph); no 考核/评议/责任追究; "109号〕）"
        ("S-HEAD", "一、总体情况!B5", W),
        ("S-ONE", "一、总体情况!B11", E),
        ("S-ONE", "一、总体情况!B13", W),
        ("S-HEAD", "一、总体情况!B13", W),
        ("S-SIX-DUP", "五、六!B7", W),
        ("S-NAME", "五、六!B7", W),
    ],
    "汤旺县乌伊岭镇2024": [  # (一)… under gigen's （一）; 平台建设 only in its opening paragraph (left out, its blank
        NO_DATE,  # 依申请公开 and 政府信息管理 get gigen's standard paragraphs); 六 "无其他需要报告事项"
        ("S-HEAD", "一、总体情况!B5", W),
        ("S-ONE", "一、总体情况!B11", W),
        ("S-SIX", "五、六!B5", E),
        ("S-SIX", "五、六!B6", E),
    ],
    "卢氏县朱阳关镇2024": [  # no 社会评议; 《政府信息公开处理费管理办法》
        NO_DATE,
        ("S-ONE", "一、总体情况!B13", W),
        ("S-SIX-DUP", "五、六!B7", W),
        ("S-NAME", "五、六!B7", W),
    ],
}


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_each_seed_gets_exactly_the_findings_its_published_text_deserves(example):
    assert findings_of(example) == SEED_FINDINGS[example.stem]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("162", 162),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("两百", 200),
        ("三千零二十", 3020),
        ("九九", None),
        ("十十", None),
    ],
)
def test_numbers_written_in_chinese(text, value):
    assert number(text) == value


# ---------------------------------------------------------------------------------------------------------
# Ordinary report wording: what the text rules must let pass, and what they must catch. Checks are pure, so these
# run on the valid workbook's data with one text cell replaced (tables: 189 new, 6 carried over, 186 handled,
# 9 carried forward; 行政复议 3, 行政诉讼 9).
# ---------------------------------------------------------------------------------------------------------


NO_CASES = {
    g: {f"t4_{g}_{r}": 0 for r in ("upheld", "corrected", "other", "pending", "total")}
    for g in ("review", "suit_direct", "suit_after_review")
}


@pytest.fixture(scope="module")
def valid_data(tmp_path_factory, runner):
    return read_workbook(
        new_workbook(runner, tmp_path_factory.mktemp("valid") / "测试镇2024.xlsx", consistent_values())
    )


def rules_for(data, key, text, **values):
    return [f.rule for f in check(replace(data, values={**data.values, key: text, **values}))]


@pytest.mark.parametrize(
    ("key", "text", "values"),
    [
        (*case, {})[:3]
        for case in [
            (
                "s1_request",
                "本年度共收到政府信息公开申请189件，其中自然人申请150件、法人或其他组织申请39件，已全部办结，办结186件。",
            ),
            ("s1_proactive", "全年主动公开政府信息120条，其中政务动态80条、通知公告40条，较上年增加20条。"),
            (
                "s1_proactive",
                "发布各类信息268条，其中政务类120条、办事类80条、服务类60条、便民类8条，处理网民留言125条。",
            ),
            ("s1_proactive", "主动公开信息75条，其中政策文件20条（含政策解读5条）、通知公告55条。"),
            ("s5_improvements", "针对2023年度政务公开第三方评估反馈的问题，逐项整改到位，并完善长效机制。"),
            ("s5_improvements", "2023年存在的问题已全部整改到位，公开质量明显提升。"),
            ("s1_platform", "便民服务中心全年共受理群众各类办事申请1860件，办结1860件，办结率100%。"),
            ("s1_proactive", "全年共受理低保、特困等救助申请126件，均按规定公示。"),
            ("s1_request", "本年度共收到政府信息公开申请189件，较上年收到的申请减少2件。"),
            ("s1_request", "本年度收到政府信息公开申请189件，均为当面申请，未收到网络申请。"),
            ("s1_request", "对受理的申请实行“一件一档”管理，做到办结一件、归档一件。"),
            (
                "s1_oversight",
                "将政务公开纳入年度绩效考评，邀请群众代表开展满意度测评，本年度未发生追责问责情况。",
            ),
            (
                "s1_request",
                "本年度未发生政府信息公开行政诉讼案件，因政府信息公开被申请行政复议3件。",
                {**NO_CASES["suit_direct"], **NO_CASES["suit_after_review"]},
            ),
            ("s1_request", "本年度未被申请行政复议，被提起行政诉讼9件，目前尚未审结。", NO_CASES["review"]),
            (
                "s1_oversight",
                "全年未发生失泄密事件，因政府信息公开被申请行政复议3件，开展工作考核和社会评议，无责任追究。",
            ),
            (
                "s1_oversight",
                "全年共发生行政复议、行政诉讼案件12件；开展工作考核和社会评议，未发生责任追究。",
            ),
            ("s1_intro", "按照（卢政办〔2021〕30号）文件要求。"),
        ]
    ],
)
def test_ordinary_wording_raises_nothing(valid_data, key, text, values):
    assert rules_for(valid_data, key, text, **values) == []


@pytest.mark.parametrize(
    ("key", "text", "rules"),
    [
        (
            "s1_proactive",
            "主动公开信息75条。其中，公开类24条、民政类12条、项目类30条、财务类4条。",
            ["X-SUM"],
        ),
        ("s1_proactive", "主动公开信息75条，包括公开类24条、民政类12条、项目类30条、财务类4条。", ["X-SUM"]),
        ("s5_problems", "（一）存在问题\n一是公开不够及时，更新较慢。", ["S-HEAD"]),
        ("s1_proactive", "（一）主动公开方面。我镇通过公示栏主动公开政府信息26条。", ["S-HEAD"]),
        ("s6_other", "六、其他需要报告的事项：本年度无其他需要报告的事项。", ["S-HEAD"]),
        ("s1_management", "2023年，我镇在县委、县政府的正确领导下，进一步提高了政府工作透明度。", ["S-YEAR"]),
        ("s6_other", "本年度政府信息公开工作未收取任何费用。", ["S-SIX-DUP"]),
        ("s1_request", "本年度无因政府信息公开被申请行政复议、提起行政诉讼的情况。", ["X-LIT", "X-LIT"]),
        ("s1_request", "全年政府信息公开行政复议、行政诉讼均为零。", ["X-LIT", "X-LIT"]),
        ("s1_platform", "暂无。", ["S-ONE"]),
        ("s1_intro", "依照《政府信息处理费管理办法》执行。", ["S-NAME"]),
        ("s1_intro", "依据国办公开办函〔2021〕第30号要求。", ["S-NAME"]),
        ("preface", "统计期限自2023年1月1日起至12月31日止。", ["S-YEAR"]),
    ],
)
def test_common_mistakes_are_caught(valid_data, key, text, rules):
    assert rules_for(valid_data, key, text) == rules


@pytest.mark.parametrize(("fee", "warned"), [(50, True), (49.9999, False)])
def test_the_fee_limit_is_the_first_value_warned_of(runner, make_workbook, fee, warned):
    result = runner.invoke(app, ["check", str(make_workbook(t2_fees=fee)), "--fee-limit", "50"])
    assert result.exit_code == 0, result.output
    line = (
        "测试镇2024.xlsx 表二!B16 警告：表二“行政事业性收费”单位是“万元”，您填的是50，相当于500000元，"
        "请确认没有把“元”当作“万元”填写。 [T2-FEE]"
    )
    assert result.stdout.splitlines()[:-1] == ([line] if warned else [])
