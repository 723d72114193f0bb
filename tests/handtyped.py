"""Reports typed by hand into Word from the national template, as offices publish them: written with python-docx
from the independent transcription of the official tables (official.py), with the variations real reports show
(domain.md §3): typos and 条例 wording in labels, half-width brackets, line breaks inside labels, a split title,
inline sub-headings, table 二 printed as four small tables. Each comes with what it says, by key (the oracle)."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from official import (
    T3_COL_KEYS,
    T3_ROW_KEYS,
    T4_GROUP_KEYS,
    T4_RESULT_KEYS,
    TABLE_FOUR,
    TABLE_FOUR_KEYS,
    TABLE_THREE,
    TABLE_THREE_KEYS,
    TABLE_TWO,
    TABLE_TWO_KEYS,
)

# How real reports misprint the official labels (domain.md §3 M2, M3, M4, M17), and line breaks typed into cells.
MISPRINTS = {
    "本年废止件数": "本年度止件数",
    "行政规范性文件": "规范性文件",
    "现行有效件数": "现行有效文件数",
    "2.其他法律行政法规禁止公开": "2.其他法律法规禁止公开",
    "第二十条第（一）项": "第二十条第(一)项",
    "（一）予以公开": "(一)予以公开",
    "一、本年新收政府信息公开申请数量": "一、本年新收政府\n信息公开申请数量",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请。",
}


def numbers(seed: int) -> dict[str, object]:
    """Consistent counts for every cell of tables 二, 三 and 四, totals as a careful office adds them."""
    rng = random.Random(seed)
    values: dict[str, object] = {k: rng.choice((0, 0, 1, 3, 12)) for k in TABLE_TWO_KEYS.values()}
    values.update(t2_rules_issued=0, t2_rules_repealed=0, t2_rules_in_force=0)  # a township makes no 规章
    values["t2_fees"] = Decimal(rng.choice(("0", "12.5", "3.0825")))
    results = T3_ROW_KEYS[2:-2]
    for col in T3_COL_KEYS[:-1]:
        for row in results:
            values[f"t3_{row}_{col}"] = rng.choice((0, 0, 0, 1, 2, 9))
        values[f"t3_handled_{col}"] = sum(int(values[f"t3_{r}_{col}"]) for r in results)  # type: ignore[call-overload]
        values[f"t3_carried_forward_{col}"] = rng.randint(0, 2)
        values[f"t3_carried_over_{col}"] = rng.randint(0, 1)
        values[f"t3_new_{col}"] = (
            int(values[f"t3_handled_{col}"])
            + int(values[f"t3_carried_forward_{col}"])  # type: ignore[call-overload]
            - int(values[f"t3_carried_over_{col}"])  # type: ignore[call-overload]
        )
    for row in T3_ROW_KEYS:
        values[f"t3_{row}_total"] = sum(int(values[f"t3_{row}_{c}"]) for c in T3_COL_KEYS[:-1])  # type: ignore[call-overload]
    for group in T4_GROUP_KEYS:
        for result in T4_RESULT_KEYS[:-1]:
            values[f"t4_{group}_{result}"] = rng.randint(0, 2)
        values[f"t4_{group}_total"] = sum(int(values[f"t4_{group}_{r}"]) for r in T4_RESULT_KEYS[:-1])  # type: ignore[call-overload]
    return values


NARRATIVE = {
    "org_name": "青山县石桥镇人民政府",
    "year": 2024,
    "preface": "本报告根据《中华人民共和国政府信息公开条例》编制。所列数据统计期限自2024年1月1日起至2024年12月31日止。",
    "s1_intro": "2024年，石桥镇认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。",
    "s1_proactive_title": "主动公开",
    "s1_proactive": "全年通过政府网站主动公开政府信息126条。\n其中政策文件12条，通知公告54条。",
    "s1_request_title": "依申请公开",
    "s1_request": "严格按照法定时限答复政府信息公开申请。",
    "s1_management_title": "政府信息管理",
    "s1_management": "落实公开前保密审查制度，做到“先审查、后公开”。",
    "s1_platform_title": "政府信息公开平台建设",
    "s1_platform": "持续维护镇政府信息公开专栏。",
    "s1_oversight_title": "监督保障",
    "s1_oversight": "将政务公开工作纳入年度绩效考核，本年度未发生责任追究情况。",
    "s5_problems": "一是公开内容不够全面。\n二是解读形式较为单一。",
    "s5_improvements": "一是加强培训。\n二是丰富解读形式。",
    "s6_other": "本年度未发出收费通知，未收取信息处理费。",
    "fee_notices": 0,
    "fee_collected": Decimal(0),
    "signature": "青山县石桥镇人民政府",
    "date": "2025年1月20日",
}


def _table(
    document: Any,
    grid: list[tuple[int, int, int, int, str | None]],
    keys: dict[tuple[int, int], str],
    values: dict[str, object],
    rows: range | None = None,
) -> None:
    cells = [c for c in grid if rows is None or c[0] in rows]
    first = min(c[0] for c in cells)
    height = max(c[0] + c[2] for c in cells) - first
    width = max(c[1] + c[3] for c in cells)
    table = document.add_table(rows=height, cols=width)
    table.style = "Table Grid"
    for r, c, rs, cs, text in cells:
        cell = table.cell(r - first, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r - first + rs - 1, c + cs - 1))
        shown = MISPRINTS.get(text, text) if text is not None else _printed(values[keys[(r, c)]])
        cell.text = shown


def _printed(value: object) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def report(path: Path, seed: int, *, split_table_two: bool = False) -> dict[str, object]:
    """Write a hand-typed report to path; return what it says, by key."""
    values = {**NARRATIVE, **numbers(seed)}
    d = docx.Document()
    say: Callable[..., Any] = d.add_paragraph
    for line in ("青山县石桥镇人民政府", "2024年政府信息公开工作年度报告"):
        say(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    say(str(values["preface"]))
    say("一、总体情况")
    say(str(values["s1_intro"]))
    say("（一）主动公开")  # a sub-heading on its own line
    for p in str(values["s1_proactive"]).split("\n"):
        say(p)
    for n, stem in (
        ("二", "s1_request"),
        ("三", "s1_management"),
        ("四", "s1_platform"),
        ("五", "s1_oversight"),
    ):
        say(f"（{n}）{values[stem + '_title']}。{values[stem]}")  # inline, as most offices type them
    say("二、主动公开政府信息情况")
    if split_table_two:
        for rows in (range(0, 4), range(4, 7), range(7, 11), range(11, 14)):
            _table(d, TABLE_TWO, TABLE_TWO_KEYS, values, rows)
    else:
        _table(d, TABLE_TWO, TABLE_TWO_KEYS, values)
    say("三、收到和处理政府信息公开申请情况")
    _table(d, TABLE_THREE, TABLE_THREE_KEYS, values)
    say("四、政府信息公开行政复议、行政诉讼情况")
    _table(d, TABLE_FOUR, TABLE_FOUR_KEYS, values)
    say("五、存在的主要问题及改进情况")
    say("（一）存在的主要问题")
    for p in str(values["s5_problems"]).split("\n"):
        say(p)
    say("（二）改进情况")
    for p in str(values["s5_improvements"]).split("\n"):
        say(p)
    say("六、其他需要报告的事项")
    say(str(values["s6_other"]))
    say(str(values["signature"])).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    say(str(values["date"])).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.save(str(path))
    return values
