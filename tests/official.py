"""The three official tables of 国办公开办函〔2021〕30号, transcribed by hand from domain.md §1.5.

Kept apart from generator/schema.py on purpose: the tests compare gigen's output with this independent copy.
Each entry is (row, col, rowspan, colspan, text); text None marks a value cell.
"""

from __future__ import annotations

V = None

TABLE_TWO = [
    (0, 0, 1, 4, "第二十条第（一）项"),
    (1, 0, 1, 1, "信息内容"),
    (1, 1, 1, 1, "本年制发件数"),
    (1, 2, 1, 1, "本年废止件数"),
    (1, 3, 1, 1, "现行有效件数"),
    (2, 0, 1, 1, "规章"),
    (2, 1, 1, 1, V),
    (2, 2, 1, 1, V),
    (2, 3, 1, 1, V),
    (3, 0, 1, 1, "行政规范性文件"),
    (3, 1, 1, 1, V),
    (3, 2, 1, 1, V),
    (3, 3, 1, 1, V),
    (4, 0, 1, 4, "第二十条第（五）项"),
    (5, 0, 1, 1, "信息内容"),
    (5, 1, 1, 3, "本年处理决定数量"),
    (6, 0, 1, 1, "行政许可"),
    (6, 1, 1, 3, V),
    (7, 0, 1, 4, "第二十条第（六）项"),
    (8, 0, 1, 1, "信息内容"),
    (8, 1, 1, 3, "本年处理决定数量"),
    (9, 0, 1, 1, "行政处罚"),
    (9, 1, 1, 3, V),
    (10, 0, 1, 1, "行政强制"),
    (10, 1, 1, 3, V),
    (11, 0, 1, 4, "第二十条第（八）项"),
    (12, 0, 1, 1, "信息内容"),
    (12, 1, 1, 3, "本年收费金额（单位：万元）"),
    (13, 0, 1, 1, "行政事业性收费"),
    (13, 1, 1, 3, V),
]
# Value cells of table 二 in reading order, with their keys.
TABLE_TWO_KEYS = {
    (2, 1): "t2_rules_issued",
    (2, 2): "t2_rules_repealed",
    (2, 3): "t2_rules_in_force",
    (3, 1): "t2_norms_issued",
    (3, 2): "t2_norms_repealed",
    (3, 3): "t2_norms_in_force",
    (6, 1): "t2_licensing",
    (9, 1): "t2_penalty",
    (10, 1): "t2_coercion",
    (13, 1): "t2_fees",
}

_T3_HEADER = [
    (0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
    (0, 3, 1, 7, "申请人情况"),
    (1, 3, 2, 1, "自然人"),
    (1, 4, 1, 5, "法人或其他组织"),
    (1, 9, 2, 1, "总计"),
    (2, 4, 1, 1, "商业企业"),
    (2, 5, 1, 1, "科研机构"),
    (2, 6, 1, 1, "社会公益组织"),
    (2, 7, 1, 1, "法律服务机构"),
    (2, 8, 1, 1, "其他"),
]
_T3_LABELS = [
    (3, 0, 1, 3, "一、本年新收政府信息公开申请数量"),
    (4, 0, 1, 3, "二、上年结转政府信息公开申请数量"),
    (5, 0, 22, 1, "三、本年度办理结果"),
    (5, 1, 1, 2, "（一）予以公开"),
    (6, 1, 1, 2, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (7, 1, 8, 1, "（三）不予公开"),
    (7, 2, 1, 1, "1.属于国家秘密"),
    (8, 2, 1, 1, "2.其他法律行政法规禁止公开"),
    (9, 2, 1, 1, "3.危及“三安全一稳定”"),
    (10, 2, 1, 1, "4.保护第三方合法权益"),
    (11, 2, 1, 1, "5.属于三类内部事务信息"),
    (12, 2, 1, 1, "6.属于四类过程性信息"),
    (13, 2, 1, 1, "7.属于行政执法案卷"),
    (14, 2, 1, 1, "8.属于行政查询事项"),
    (15, 1, 3, 1, "（四）无法提供"),
    (15, 2, 1, 1, "1.本机关不掌握相关政府信息"),
    (16, 2, 1, 1, "2.没有现成信息需要另行制作"),
    (17, 2, 1, 1, "3.补正后申请内容仍不明确"),
    (18, 1, 5, 1, "（五）不予处理"),
    (18, 2, 1, 1, "1.信访举报投诉类申请"),
    (19, 2, 1, 1, "2.重复申请"),
    (20, 2, 1, 1, "3.要求提供公开出版物"),
    (21, 2, 1, 1, "4.无正当理由大量反复申请"),
    (22, 2, 1, 1, "5.要求行政机关确认或重新出具已获取信息"),
    (23, 1, 3, 1, "（六）其他处理"),
    (23, 2, 1, 1, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (24, 2, 1, 1, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    (25, 2, 1, 1, "3.其他"),
    (26, 1, 1, 2, "（七）总计"),
    (27, 0, 1, 3, "四、结转下年度继续办理"),
]
TABLE_THREE = _T3_HEADER + _T3_LABELS + [(r, c, 1, 1, V) for r in range(3, 28) for c in range(3, 10)]

T3_ROW_KEYS = [
    "new",
    "carried_over",
    "granted",
    "partial",
    "denied_secret",
    "denied_law",
    "denied_safety",
    "denied_third_party",
    "denied_internal",
    "denied_process",
    "denied_enforcement",
    "denied_query",
    "unable_no_info",
    "unable_need_creation",
    "unable_unclear",
    "rejected_complaint",
    "rejected_repeat",
    "rejected_publication",
    "rejected_massive",
    "rejected_confirm",
    "other_overdue_correction",
    "other_overdue_fee",
    "other_other",
    "handled",
    "carried_forward",
]
T3_COL_KEYS = ["natural", "commercial", "research", "social", "legal", "other", "total"]
TABLE_THREE_KEYS = {
    (3 + i, 3 + j): f"t3_{row}_{col}"
    for i, row in enumerate(T3_ROW_KEYS)
    for j, col in enumerate(T3_COL_KEYS)
}

_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
TABLE_FOUR = [
    (0, 0, 1, 5, "行政复议"),
    (0, 5, 1, 10, "行政诉讼"),
    *[(1, i, 2, 1, name) for i, name in enumerate(_RESULTS)],
    (1, 5, 1, 5, "未经复议直接起诉"),
    (1, 10, 1, 5, "复议后起诉"),
    *[(2, 5 + i, 1, 1, name) for i, name in enumerate(_RESULTS)],
    *[(2, 10 + i, 1, 1, name) for i, name in enumerate(_RESULTS)],
    *[(3, c, 1, 1, V) for c in range(15)],
]
T4_GROUP_KEYS = ["review", "suit_direct", "suit_after_review"]
T4_RESULT_KEYS = ["upheld", "corrected", "other", "pending", "total"]
TABLE_FOUR_KEYS = {
    (3, 5 * g + i): f"t4_{group}_{result}"
    for g, group in enumerate(T4_GROUP_KEYS)
    for i, result in enumerate(T4_RESULT_KEYS)
}

HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
