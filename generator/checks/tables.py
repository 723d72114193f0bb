"""Rules on tables 二, 三 and 四 and the 信息处理费 of 六 (domain.md §2): totals, balances, years, fees."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import kinds, schema
from ..errors import Finding
from ..model import ReportData, format_money
from .common import FEE_DECIMALS, Context, E, W, at, paragraphs_of, plain, readable, rule, where
from .narrative import excerpt, sentences

# ---------------------------------------------------------------------------------------------------------
# Tables 三 and 四: totals and the balance of each column
# ---------------------------------------------------------------------------------------------------------


def _parts_name(field: schema.Field) -> tuple[str, str]:
    """The rule id of a derived field (domain.md §2) and what its parts are called."""
    key = field.key
    if key.startswith("t3_handled_") and key != "t3_handled_total":
        return "T3-SUM7-" + key.removeprefix("t3_handled_"), "（一）至（六）各项办理结果"
    if key.startswith("t3_"):
        return "T3-ROW-" + key.removeprefix("t3_").removesuffix("_total"), "六类申请人"
    return "T4-SUM-" + key.removeprefix("t4_").removesuffix(
        "_total"
    ), "结果维持、结果纠正、其他结果、尚未审结四项"


def _typed_over(data: ReportData) -> list[schema.Field]:
    """Totals typed over their formula that differ from their parts (a formula always agrees), in schema order."""
    return [
        f
        for f in schema.FIELDS
        if f.derived and readable(data, f.key) and data.count(f.key) != data.total(f.parts)
    ]


@rule(tables=True)
def derived_totals(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """T3-ROW, T3-SUM7, T4-SUM: a total typed over its formula must equal the sum of its parts."""
    for field in _typed_over(data):
        total, parts = data.count(field.key), data.total(field.parts)
        rule, parts_name = _parts_name(field)
        first, last = where(data, field.parts[0]), where(data, field.parts[-1])
        # a published report printed its totals: there is no formula to fall back on
        advice = (
            "请发布单位核对各项和合计。"
            if ctx.published
            else "请核对各项，或删除手填的数字，让公式自动计算。"
        )
        printed = "印的是" if ctx.published else "填的是"
        yield at(
            data,
            field.key,
            rule,
            E,
            f"{field.label}{printed}{total}件，但{parts_name}合计为{parts}件（{first}至{last}），"
            f"相差{abs(total - parts)}件。{advice}",
        )


@rule(tables=True)
def table_three_balance(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """T3-BAL: in every column, 一 + 二 = （七）总计 + 四.

    Left out: the 总计 column when an applicant column is already off, and a column whose total was typed over
    (that total's own finding names the cell to fix).
    """
    off, typed_over = False, {f.key for f in _typed_over(data)}
    for col, name in schema.T3_COLUMNS:
        keys = [schema.t3_key(row, col) for row in schema.T3_BALANCE_ROWS]
        if typed_over.intersection(keys):
            off = True  # the 总计 column adds this column up, so it is left out too
        if (col == "total" and off) or typed_over.intersection(keys) or not readable(data, *keys):
            continue
        a, b, c, d = (data.count(k) for k in keys)
        if a + b == c + d:
            continue
        off = True
        ca, cb, cc, cd = (where(data, k) for k in keys)
        yield at(
            data,
            keys[0],
            f"T3-BAL-{col}",
            E,
            f"表三“{name}”列：本年新收{a}件（{ca}）加上年结转{b}件（{cb}），共{a + b}件；"
            f"应等于办理结果“（七）总计”{c}件（{cc}）加结转下年度继续办理{d}件（{cd}），共{c + d}件，"
            f"现在相差{abs(a + b - c - d)}件。请核对这一列的数字。",
        )


# ---------------------------------------------------------------------------------------------------------
# Table 二
# ---------------------------------------------------------------------------------------------------------


@rule(tables=True)
def table_two_rules(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """T2-GZ: a 机关 without power to make 规章 (kinds.RULES) reports none: the 规章 row is 0, 0, 0."""
    kind = kinds.of(data.values)
    power = kinds.RULES[kind]
    if power in (kinds.Rules.MAKES, kinds.Rules.UNKNOWN):
        return
    for part in ("issued", "repealed", "in_force"):
        key = f"t2_rules_{part}"
        if readable(data, key) and data.count(key):
            said = f"{schema.FIELD_BY_KEY[key].label}填的是{data.count(key)}件，"
            if power is kinds.Rules.DRAFTS:
                yield at(data, key, "T2-GZ", W, said + _DRAFTS.format(kind=kind.value))
            else:
                yield at(data, key, "T2-GZ", E, said + _NEVER.format(kind=kind.value))


# 地方政府规章 are made by 省、自治区、直辖市和设区的市、自治州的人民政府 (《立法法》第九十三条).
_NEVER = (
    "但{kind}没有规章制定权（规章只由国务院部门和省级、设区的市级人民政府制定），“规章”一行应全部为0；"
    "如要填本机关的文件，请填在“行政规范性文件”一行。如果机关类别不是{kind}，请在基本信息填写“机关类别”。"
)
_DRAFTS = (
    "但{kind}不制定规章（地方政府规章由本级人民政府制定公布）。如果填的是本部门起草、由政府公布的规章，"
    "请在正文中说明；否则“规章”一行应为0，本部门的文件填在“行政规范性文件”一行。"
)


@rule()
def table_two_fee(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """T2-FEE: the fee is in 万元; warn when it looks like 元, or has more decimals than 元 need."""
    if not readable(data, "t2_fees"):
        return
    fee = data.money("t2_fees")
    shown = format_money(fee)
    if fee >= ctx.fee_limit:
        yield at(
            data,
            "t2_fees",
            "T2-FEE",
            W,
            f"表二“行政事业性收费”单位是“万元”，您填的是{shown}，相当于{plain(fee * 10000)}元，"
            "请确认没有把“元”当作“万元”填写。",
        )
    exponent = fee.normalize().as_tuple().exponent  # 1.23450 → -4 is fine, 1.23456 → -5 is not
    if isinstance(exponent, int) and exponent < -FEE_DECIMALS:
        yield at(
            data,
            "t2_fees",
            "T2-FEE",
            W,
            f"表二“行政事业性收费”填的是{shown}，小数超过{FEE_DECIMALS}位。单位是“万元”，"
            f"精确到元只需{FEE_DECIMALS}位小数（如12345元填1.2345），请核对。",
        )


@rule(tables=True)
def table_two_cross_year(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """T2-XY, T2-REP: 现行有效 = last year's 现行有效 + 制发 − 废止; what is repealed must have existed."""
    last = ctx.previous
    for stem, name in schema.T2_DOCUMENTS:
        issued, repealed, in_force = (f"t2_{stem}_{p}" for p in ("issued", "repealed", "in_force"))
        prev_key = f"prev_{stem}_in_force"
        typed = prev_key not in data.blank and readable(data, prev_key)
        if last is not None and readable(last.data, in_force):
            before, source = last.data.count(in_force), last.name
            if typed and data.count(prev_key) != before:
                yield at(
                    data,
                    prev_key,
                    f"T2-XY-{stem}",
                    W,
                    f"表二上年“{name}/现行有效件数”填的是{data.count(prev_key)}件，但{last.name}中为{before}件，"
                    "请核对。",
                )
        elif typed:
            before, source = data.count(prev_key), where(data, prev_key)
        else:
            continue
        if not readable(data, issued, repealed, in_force):
            continue
        m, r, v = data.count(issued), data.count(repealed), data.count(in_force)
        if r > before + m:
            yield at(
                data,
                repealed,
                "T2-REP",
                W,
                f"表二“{name}/本年废止件数”为{r}件，多于上年现行有效{before}件（{source}）与本年制发{m}件之和"
                f"{before + m}件；废止的文件不会比现有的还多，请核对。",
            )
        elif v != before + m - r:
            yield at(
                data,
                in_force,
                f"T2-XY-{stem}",
                W,
                f"表二“{name}”：按上年现行有效{before}件（{source}）、本年制发{m}件、废止{r}件推算，"
                f"本年现行有效应为{before + m - r}件，但填的是{v}件，请核对（如有文件到期自动失效，也请计入废止）。",
            )


# ---------------------------------------------------------------------------------------------------------
# Table 三 across years, and the 信息处理费 of 六
# ---------------------------------------------------------------------------------------------------------


@rule()
def table_three_cross_year(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """T3-XY: this year's 上年结转 = last year's 结转下年度继续办理, column by column."""
    last = ctx.previous
    if last is None:
        return
    off = False
    for col, name in schema.T3_COLUMNS:
        now, before = schema.t3_key("carried_over", col), schema.t3_key("carried_forward", col)
        if (col == "total" and off) or not (readable(data, now) and readable(last.data, before)):
            continue
        x, y = data.count(now), last.data.count(before)
        if x != y:
            off = True
            year = last.data.count("year") or "上一"
            yield at(
                data,
                now,
                f"T3-XY-{col}",
                W,
                f"表三“{name}”列：本年“上年结转”为{x}件，但{year}年年报（{last.name}）“结转下年度继续办理”"
                f"为{y}件，两者应一致；如确有更正，请在正文中说明。",
            )


_FEE_TALK = re.compile(r"处理费|收费|费用")


@rule()
def section_six_fee(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """S-SIX, S-SIX-FEE, S-SIX-DUP, T3-FEE6: the 信息处理费 statement gigen prints must rest on what the clerk typed."""
    for key in schema.FEE_KEYS:
        if key in data.blank and not ctx.published:
            label = schema.FIELD_BY_KEY[key].label.removeprefix("六、")
            yield at(
                data,
                key,
                "S-SIX",
                E,
                f"“{label}”没有填写。“六、其他需要报告的事项”须说明本年度依据{schema.FEE_RULES}"
                "收取信息处理费的情况，程序按这一格写出这句话；没有发出收费通知、没有收费也要填0。",
            )
    if readable(data, *schema.FEE_KEYS) and not data.blank.intersection(schema.FEE_KEYS):
        notices, amount = data.count("fee_notices"), data.money("fee_collected")
        if amount and not notices:
            yield at(
                data,
                "fee_notices",
                "S-SIX-FEE",
                E,
                f"本年实际收取信息处理费{format_money(amount)}元，但发出收费通知的件数填的是0。"
                "收取信息处理费要先发出收费通知，请填写发出通知的件数。",
            )
        overdue = schema.t3_key("other_overdue_fee", "total")
        if readable(data, overdue) and data.count(overdue) > notices:
            n = data.count(overdue)
            yield at(
                data,
                "fee_notices",
                "T3-FEE6",
                W,
                f"表三有{n}件申请因逾期未缴纳信息处理费而不再处理（{where(data, overdue)}），说明本年至少发出过"
                f"{n}份收费通知，但发出收费通知的件数填的是{notices}件，请核对。",
            )
    for para in paragraphs_of(data, [] if ctx.published else ["s6_other"]):
        for sentence in sentences(para.text):
            m = _FEE_TALK.search(sentence)
            if m:
                yield at(
                    data,
                    "s6_other",
                    "S-SIX-DUP",
                    W,
                    f"{para.where}写“{excerpt(sentence, m.start(), m.end(), before=30)}…”：信息处理费的说明"
                    "已由程序按收费通知件数和收费金额两格写在“六”的开头，这里再写就重复了，前后还可能不一致。"
                    "请删去这一句。",
                )
                return
