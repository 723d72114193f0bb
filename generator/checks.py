"""Consistency rules (domain.md §2): report data → findings. Pure: no I/O, nothing printed.

Each rule is a generator over one workbook (and last year's, for the cross-year rules). Rule ids follow domain.md
§2, with English key stems where it has {col}/{row}/{grp}: T3-BAL-natural, T2-XY-norms, T4-SUM-review.
A rule never judges a cell the reader could not read: that cell already has its own finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from . import schema
from .errors import Finding, Severity
from .model import ReportData, format_money, paragraphs
from .narrative import NUMBER, Stated, excerpt, number, sentences
from .schema import Kind

E, W = Severity.ERROR, Severity.WARNING

FEE_LIMIT = Decimal(100)  # 万元: a township's administrative fees above this were probably typed in 元
FEE_DECIMALS = 4  # 万元 to the 元


@dataclass(frozen=True)
class Previous:
    """Last year's report, for the cross-year rules: its data and how to name it in a message."""

    data: ReportData
    name: str  # e.g. 上年工作簿“白杨镇2023.xlsx”


def check(data: ReportData, previous: ReportData | None = None, *, fee_limit: Decimal = FEE_LIMIT) -> list[Finding]:
    """Every finding about the data, the reader's included, in workbook order (sheet by sheet, row by row)."""
    last = Previous(previous, f"上年工作簿“{previous.source}”") if previous is not None else None
    rules: list[Callable[[ReportData], Iterable[Finding]]] = [
        derived_totals, table_three_balance, table_two_rules, section_six_fee,
        lambda d: table_two_fee(d, fee_limit),
        lambda d: table_two_cross_year(d, last),
        lambda d: table_three_cross_year(d, last),
        text_against_tables, stated_sums, section_one, section_five, headings_in_text, report_year, citations,
        copied_text,
    ]
    findings = [*data.findings, *(finding for rule in rules for finding in rule(data))]
    return sorted(findings, key=_position)


def copied_text(data: ReportData) -> Iterator[Finding]:
    """S-COPY: a paragraph `gigen new --previous` brought over from last year and nobody has edited since."""
    for key in TEXT_KEYS:
        if key in data.copied:
            label = schema.FIELD_BY_KEY[key].label
            yield _at(data, key, "S-COPY", W, f"“{label}”仍是从上年工作簿复制的原文（标为“需更新”的橙色格子），"
                                              "请按本年度情况修改；改过之后这条提示就会消失。")


def table_rules(data: ReportData) -> list[Finding]:
    """The rules on tables 二, 三 and 四 alone: a county's summed tables must pass them as a township's do."""
    rules: list[Callable[[ReportData], Iterable[Finding]]] = [
        derived_totals, table_three_balance, table_two_rules, lambda d: table_two_cross_year(d, None),
    ]
    return sorted((finding for rule in rules for finding in rule(data)), key=_position)


def _position(f: Finding) -> tuple[int, int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", f.cell)
    col, row = (m.group(1), int(m.group(2))) if m else ("", 0)
    sheet = schema.SHEETS.index(f.sheet) if f.sheet in schema.SHEETS else len(schema.SHEETS)
    return sheet, row, sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(col)))


# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------


def _at(data: ReportData, key: str, rule: str, severity: Severity, message: str) -> Finding:
    """A finding at the cell of a key."""
    sheet, cell = _where(data, key).split("!")
    return Finding(rule, severity, sheet, cell, message)


def _where(data: ReportData, key: str) -> str:
    field = schema.FIELD_BY_KEY[key]
    return data.locations.get(key, f"{field.sheet}!{field.cell}")


def _readable(data: ReportData, *keys: str) -> bool:
    """None of the keys had a cell the reader could not read (a total counts as unreadable when a part is)."""
    return not data.invalid.intersection(keys)


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 1500000, 12.5."""
    return format(value.normalize(), "f") if value else "0"


@dataclass(frozen=True)
class _Para:
    """One paragraph of a narrative cell, and how a message names it."""

    key: str
    text: str
    where: str  # "这一格", or "这一格第2段" when the cell has several paragraphs


TEXT_KEYS = tuple(f.key for f in schema.FIELDS if f.kind is Kind.TEXT)
SECTION_ONE_KEYS = tuple(f.key for f in schema.SECTION_ONE_FIELDS)


def _paragraphs(data: ReportData, keys: Iterable[str] = TEXT_KEYS) -> Iterator[_Para]:
    for key in keys:
        paras = paragraphs(data.text(key))
        for n, text in enumerate(paras, 1):
            yield _Para(key, text, f"这一格第{n}段" if len(paras) > 1 else "这一格")


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
    return "T4-SUM-" + key.removeprefix("t4_").removesuffix("_total"), "结果维持、结果纠正、其他结果、尚未审结四项"


def _typed_over(data: ReportData) -> list[schema.Field]:
    """Totals typed over their formula that differ from their parts (a formula always agrees), in schema order."""
    return [f for f in schema.FIELDS if f.derived and _readable(data, f.key)
            and data.count(f.key) != sum(data.count(p) for p in f.parts)]


def derived_totals(data: ReportData) -> Iterator[Finding]:
    """T3-ROW, T3-SUM7, T4-SUM: a total typed over its formula must equal the sum of its parts."""
    for field in _typed_over(data):
        total, parts = data.count(field.key), sum(data.count(p) for p in field.parts)
        rule, parts_name = _parts_name(field)
        first, last = _where(data, field.parts[0]), _where(data, field.parts[-1])
        yield _at(data, field.key, rule, E,
                  f"{field.label}填的是{total}件，但{parts_name}合计为{parts}件（{first}至{last}），"
                  f"相差{abs(total - parts)}件。请核对各项，或删除手填的数字，让公式自动计算。")


def table_three_balance(data: ReportData) -> Iterator[Finding]:
    """T3-BAL: in every column, 一 + 二 = （七）总计 + 四.

    Left out: the 总计 column when an applicant column is already off, and a column whose total was typed over
    (that total's own finding names the cell to fix).
    """
    off, typed_over = False, {f.key for f in _typed_over(data)}
    for col, name in schema.T3_COLUMNS:
        keys = [schema.t3_key(row, col) for row in ("new", "carried_over", "handled", "carried_forward")]
        if typed_over.intersection(keys):
            off = True  # the 总计 column adds this column up, so it is left out too
        if (col == "total" and off) or typed_over.intersection(keys) or not _readable(data, *keys):
            continue
        a, b, c, d = (data.count(k) for k in keys)
        if a + b == c + d:
            continue
        off = True
        ca, cb, cc, cd = (_where(data, k) for k in keys)
        yield _at(data, keys[0], f"T3-BAL-{col}", E,
                  f"表三“{name}”列：本年新收{a}件（{ca}）加上年结转{b}件（{cb}），共{a + b}件；"
                  f"应等于办理结果“（七）总计”{c}件（{cc}）加结转下年度继续办理{d}件（{cd}），共{c + d}件，"
                  f"现在相差{abs(a + b - c - d)}件。请核对这一列的数字。")


# ---------------------------------------------------------------------------------------------------------
# Table 二
# ---------------------------------------------------------------------------------------------------------

_T2_KINDS = (("rules", "规章"), ("norms", "行政规范性文件"))


def table_two_rules(data: ReportData) -> Iterator[Finding]:
    """T2-GZ: a 乡镇人民政府 (or 街道办事处) has no power to make 规章, so the 规章 row is 0, 0, 0."""
    for part in ("issued", "repealed", "in_force"):
        key = f"t2_rules_{part}"
        if _readable(data, key) and data.count(key):
            label = schema.FIELD_BY_KEY[key].label
            yield _at(data, key, "T2-GZ", E,
                      f"{label}填的是{data.count(key)}件，但乡镇人民政府没有规章制定权，“规章”一行应全部为0；"
                      "如要填本镇文件，请填在“行政规范性文件”一行。")


def table_two_fee(data: ReportData, limit: Decimal) -> Iterator[Finding]:
    """T2-FEE: the fee is in 万元; warn when it looks like 元, or has more decimals than 元 need."""
    if not _readable(data, "t2_fees"):
        return
    fee = data.money("t2_fees")
    shown = format_money(fee)
    if fee >= limit:
        yield _at(data, "t2_fees", "T2-FEE", W,
                  f"表二“行政事业性收费”单位是“万元”，您填的是{shown}，相当于{_plain(fee * 10000)}元，"
                  "请确认没有把“元”当作“万元”填写。")
    exponent = fee.normalize().as_tuple().exponent  # 1.23450 → -4 is fine, 1.23456 → -5 is not
    if isinstance(exponent, int) and exponent < -FEE_DECIMALS:
        yield _at(data, "t2_fees", "T2-FEE", W,
                  f"表二“行政事业性收费”填的是{shown}，小数超过{FEE_DECIMALS}位。单位是“万元”，"
                  f"精确到元只需{FEE_DECIMALS}位小数（如12345元填1.2345），请核对。")


def table_two_cross_year(data: ReportData, last: Previous | None) -> Iterator[Finding]:
    """T2-XY, T2-REP: 现行有效 = last year's 现行有效 + 制发 − 废止; what is repealed must have existed."""
    for stem, name in _T2_KINDS:
        issued, repealed, in_force = (f"t2_{stem}_{p}" for p in ("issued", "repealed", "in_force"))
        prev_key = f"prev_{stem}_in_force"
        typed = prev_key not in data.blank and _readable(data, prev_key)
        if last is not None and _readable(last.data, in_force):
            before, source = last.data.count(in_force), last.name
            if typed and data.count(prev_key) != before:
                yield _at(data, prev_key, f"T2-XY-{stem}", W,
                          f"表二上年“{name}/现行有效件数”填的是{data.count(prev_key)}件，但{last.name}中为{before}件，"
                          "请核对。")
        elif typed:
            before, source = data.count(prev_key), _where(data, prev_key)
        else:
            continue
        if not _readable(data, issued, repealed, in_force):
            continue
        m, r, v = data.count(issued), data.count(repealed), data.count(in_force)
        if r > before + m:
            yield _at(data, repealed, "T2-REP", W,
                      f"表二“{name}/本年废止件数”为{r}件，多于上年现行有效{before}件（{source}）与本年制发{m}件之和"
                      f"{before + m}件；废止的文件不会比现有的还多，请核对。")
        elif v != before + m - r:
            yield _at(data, in_force, f"T2-XY-{stem}", W,
                      f"表二“{name}”：按上年现行有效{before}件（{source}）、本年制发{m}件、废止{r}件推算，"
                      f"本年现行有效应为{before + m - r}件，但填的是{v}件，请核对（如有文件到期自动失效，也请计入废止）。")


# ---------------------------------------------------------------------------------------------------------
# Table 三 across years, and the 信息处理费 of 六
# ---------------------------------------------------------------------------------------------------------


def table_three_cross_year(data: ReportData, last: Previous | None) -> Iterator[Finding]:
    """T3-XY: this year's 上年结转 = last year's 结转下年度继续办理, column by column."""
    if last is None:
        return
    off = False
    for col, name in schema.T3_COLUMNS:
        now, before = schema.t3_key("carried_over", col), schema.t3_key("carried_forward", col)
        if (col == "total" and off) or not (_readable(data, now) and _readable(last.data, before)):
            continue
        x, y = data.count(now), last.data.count(before)
        if x != y:
            off = True
            year = last.data.count("year") or "上一"
            yield _at(data, now, f"T3-XY-{col}", W,
                      f"表三“{name}”列：本年“上年结转”为{x}件，但{year}年年报（{last.name}）“结转下年度继续办理”"
                      f"为{y}件，两者应一致；如确有更正，请在正文中说明。")


_FEE_CELLS = ("fee_notices", "fee_collected")
_FEE_TALK = re.compile(r"处理费|收费|费用")


def section_six_fee(data: ReportData) -> Iterator[Finding]:
    """S-SIX, S-SIX-FEE, S-SIX-DUP, T3-FEE6: the 信息处理费 statement gigen prints must rest on what the clerk typed."""
    for key in _FEE_CELLS:
        if key in data.blank:
            label = schema.FIELD_BY_KEY[key].label.removeprefix("六、")
            yield _at(data, key, "S-SIX", E,
                      f"“{label}”没有填写。“六、其他需要报告的事项”须说明本年度依据{schema.FEE_RULES}"
                      "收取信息处理费的情况，程序按这一格写出这句话；没有发出收费通知、没有收费也要填0。")
    if _readable(data, *_FEE_CELLS) and not data.blank.intersection(_FEE_CELLS):
        notices, amount = data.count("fee_notices"), data.money("fee_collected")
        if amount and not notices:
            yield _at(data, "fee_notices", "S-SIX-FEE", E,
                      f"本年实际收取信息处理费{format_money(amount)}元，但发出收费通知的件数填的是0。"
                      "收取信息处理费要先发出收费通知，请填写发出通知的件数。")
        overdue = schema.t3_key("other_overdue_fee", "total")
        if _readable(data, overdue) and data.count(overdue) > notices:
            n = data.count(overdue)
            yield _at(data, "fee_notices", "T3-FEE6", W,
                      f"表三有{n}件申请因逾期未缴纳信息处理费而不再处理（{_where(data, overdue)}），说明本年至少发出过"
                      f"{n}份收费通知，但发出收费通知的件数填的是{notices}件，请核对。")
    for para in _paragraphs(data, ["s6_other"]):
        for sentence in sentences(para.text):
            m = _FEE_TALK.search(sentence)
            if m:
                yield _at(data, "s6_other", "S-SIX-DUP", W,
                          f"{para.where}写“{excerpt(sentence, m.start(), m.end(), before=30)}…”：信息处理费的说明"
                          "已由程序按收费通知件数和收费金额两格写在“六”的开头，这里再写就重复了，前后还可能不一致。"
                          "请删去这一句。")
                return


# ---------------------------------------------------------------------------------------------------------
# The narrative against the tables
# ---------------------------------------------------------------------------------------------------------

# Words between a term and its number, within one clause: no punctuation, quote marks or digits.
_PIECE = r"[^。；，,：:！？“”‘’\"\d零〇一二两三四五六七八九十]"
_COMPARISON = re.compile(r"较|比|同比|增|减|下降|多|少")  # "较上年减少2件" is not the year's count


def _about(pattern: str, units: str = "件条宗份") -> re.Pattern[str]:
    """A term, a few words, then {N} followed by one of the units: 收到…申请162件."""
    return re.compile(pattern.replace("{N}", f"(?P<n>{NUMBER})") + rf"\s*[{units}]")


# What the text says about applications, and the row of table 三 whose 总计 it must equal.
_APPLICATIONS = (
    (_about(r"(?:新收|收到|受理|接到|接收)" + _PIECE + r"{0,30}?申请" + _PIECE + r"{0,6}?{N}"), "new"),
    (_about(r"上一?年度?结转" + _PIECE + r"{0,12}?{N}"), "carried_over"),
    (_about(r"(?:办结|办理完结|办理完毕)" + _PIECE + r"{0,8}?{N}"), "handled"),
    (_about(r"结转(?:至|到)?下一?年度?" + _PIECE + r"{0,12}?{N}"), "carried_forward"),
)
_ABOUT_DISCLOSURE = re.compile(r"信息公开|依申请")  # outside 依申请公开, a sentence must say it is about these
_NO_APPLICATIONS = re.compile(
    r"(?:未|没有)(?:收到|受理|接到|接收)(?P<what>[^。；，,]{0,20}?)申请|(?:没有|无)(?:任何)?(?:政府)?信息公开申请")
_SOME_APPLICATIONS = re.compile(r"网络|信函|当面|传真|法人|组织|自然人|企业|个人")  # "未收到网络申请" is not none

_SUITS = ("t4_suit_direct_total", "t4_suit_after_review_total")
_LITIGATION = (
    (_about(r"行政复议[、和及与或]行政诉讼" + _PIECE + r"{0,6}?{N}", "件起宗次"),
     ("t4_review_total", *_SUITS), "行政复议和行政诉讼"),
    (_about(r"行政复议(?![、和及与或]行政诉讼)(?!后)" + _PIECE + r"{0,6}?{N}", "件起宗次"),
     ("t4_review_total",), "行政复议"),
    (_about(r"(?<!行政复议[、和及与或])行政诉讼" + _PIECE + r"{0,6}?{N}", "件起宗次"), _SUITS, "行政诉讼"),
)
_NONE_OF = (
    re.compile(r"(?:未|没有|无|不存在)[^。；，,\d]{0,25}?(?:行政复议|行政诉讼)[^。；，,\d]{0,12}"),
    re.compile(r"(?:行政复议|行政诉讼)[^。；，,\d]{0,20}?(?:均为|为)(?:零|0)"),
)


def text_against_tables(data: ReportData) -> Iterator[Finding]:
    """X-APP and X-LIT: numbers of applications, carry-overs, reviews and suits the text states equal the tables."""
    for para in _paragraphs(data):
        for sentence in sentences(para.text):
            if para.key == "s1_request" or _ABOUT_DISCLOSURE.search(sentence):
                yield from _applications(data, para, sentence)
            yield from _litigation(data, para, sentence)


def _applications(data: ReportData, para: _Para, sentence: str) -> Iterator[Finding]:
    for pattern, row in _APPLICATIONS:
        key = schema.t3_key(row, "total")
        for said in _counts(pattern, sentence):
            if _readable(data, key) and said.value != data.count(key):
                yield _app(data, para, said.quote, key)
    m = _NO_APPLICATIONS.search(sentence)
    key = schema.t3_key("new", "total")
    if (m and not _SOME_APPLICATIONS.search(m.group("what") or "") and not re.search(r"[1-9]\d*\s*件", sentence)
            and _readable(data, key) and data.count(key)):
        yield _app(data, para, excerpt(sentence, m.start(), m.end()), key)


def _litigation(data: ReportData, para: _Para, sentence: str) -> Iterator[Finding]:
    for pattern, keys, name in _LITIGATION:
        for said in _counts(pattern, sentence):
            if _readable(data, *keys) and said.value != sum(data.count(k) for k in keys):
                yield _lit(data, para, said.quote, keys, name)
    for none_of in _NONE_OF:
        m = none_of.search(sentence)
        if not m:
            continue
        for name, keys in (("行政复议", ("t4_review_total",)), ("行政诉讼", _SUITS)):
            if name in m.group(0) and _readable(data, *keys) and sum(data.count(k) for k in keys) > 0:
                yield _lit(data, para, excerpt(sentence, m.start(), m.end()), keys, name)
        return


def _counts(pattern: re.Pattern[str], sentence: str) -> Iterator[Stated]:
    """The counts a pattern finds, leaving out comparisons (较上年减少2件) and slogans (办结一件、归档一件)."""
    for m in pattern.finditer(sentence):
        value = number(m.group("n"))
        after = sentence[m.end():m.end() + 1]
        if value is None or _COMPARISON.search(m.group(0)) or (m.group("n") == "一" and after in ("、", "一")):
            continue
        yield Stated(value, excerpt(sentence, m.start(), m.end()))


def _app(data: ReportData, para: _Para, quote: str, key: str) -> Finding:
    row = next(r for r in schema.T3_ROWS if schema.t3_key(r.key, "total") == key)
    return _at(data, para.key, "X-APP", W,
               f"{para.where}写“{quote}”，与表三“{row.label}”总计{data.count(key)}件（{_where(data, key)}）不一致，"
               "请统一正文和表格。")


def _lit(data: ReportData, para: _Para, quote: str, keys: tuple[str, ...], name: str) -> Finding:
    cells = "、".join(_where(data, k) for k in keys)
    return _at(data, para.key, "X-LIT", W,
               f"{para.where}写“{quote}”，与表四{name}总计{sum(data.count(k) for k in keys)}件（{cells}）不一致，"
               "请统一正文和表格。")


_UNIT = r"[条件篇项期份次场个]"
_TOTAL_THEN_PARTS = re.compile(
    rf"(?P<n>{NUMBER})\s*(?P<unit>{_UNIT})[）)]?\s*[。，,、：:（(]?\s*(?:其中|包括|分别为|分别是)[，,：:]?")
_NOT_A_PART = re.compile(r"较|比|增|减|另|^共|总共|共计|合计|累计|处理|办结|答复|回复")


def stated_sums(data: ReportData) -> Iterator[Finding]:
    """X-SUM: "75条，其中公开类24条、民政类12条…": the parts a sentence lists add up to its total."""
    for para in _paragraphs(data):
        text = re.sub(r"[（(][^（）()]*[）)]", "", para.text)  # "20条（含政策解读5条）": an aside, not a part
        for m in _TOTAL_THEN_PARTS.finditer(text):
            total, unit = number(m.group("n")), m.group("unit")
            parts, length = _listed_parts(text[m.end():], unit)
            if total is None or len(parts) < 2 or total in _running_sums(parts):
                continue
            quote = excerpt(text, m.start(), m.end() + length, before=20)
            yield _at(data, para.key, "X-SUM", W,
                      f"{para.where}写“{quote}”，列出的各分项相加为{sum(parts)}{unit}，与总数{total}{unit}不符，请核对。")


def _listed_parts(rest: str, unit: str) -> tuple[list[int], int]:
    """The counts of the clauses right after 其中 that are each just "name + number + unit" (stopping at any other
    clause), and how many characters of `rest` they take."""
    parts, length = [], 0
    one_part = re.compile(rf"[^\d。；;]{{0,15}}?(?P<n>{NUMBER})\s*{unit}")
    for clause in re.split(r"(?<=[、，,；;])", re.split(r"[。！？]", rest, maxsplit=1)[0]):
        m = one_part.fullmatch(clause.rstrip("、，,；;").strip())
        value = number(m.group("n")) if m else None
        if m is None or value is None or _NOT_A_PART.search(clause.strip()):
            break
        parts.append(value)
        length += len(clause)
    return parts, len(rest[:length].rstrip("、，,；;"))


def _running_sums(parts: list[int]) -> set[int]:
    """1, 1+2, 1+2+3 …: a list that reaches its total and then goes on to something else still adds up."""
    return {sum(parts[:i]) for i in range(2, len(parts) + 1)}


# ---------------------------------------------------------------------------------------------------------
# Structure: the aspects of 一, the substance of 五, heading-like lines
# ---------------------------------------------------------------------------------------------------------

# (what the report must cover, the words that show it does)
_DUTIES = (("工作考核", r"考核|考评"), ("社会评议", r"评议|测评|评价|满意度"), ("责任追究", r"责任追究|追究责任|追责|问责"))
_EMPTY_WORDS = {"无", "暂无", "没有", "无。", "暂无。", "/", "—"}
MIN_CHARS = 10  # less than this is not a description (KIROGOVCOMPARE's narrative_sec5_gap uses the same)


def _says_nothing(text: str) -> bool:
    text = text.strip()
    return text in _EMPTY_WORDS or len(text) < MIN_CHARS


def section_one(data: ReportData) -> Iterator[Finding]:
    """S-ONE: every aspect of 一 is written, and 一 covers 工作考核、社会评议和责任追究. An empty 一 is an error."""
    if all(not data.text(key).strip() for key in ("s1_intro", *(stem for stem, _ in schema.ASPECTS))):
        yield _at(data, "s1_intro", "S-ONE", E,
                  "“一、总体情况”整节都没有填写。请在“一、总体情况”工作表写明主动公开、依申请公开、政府信息管理、"
                  "政府信息公开平台建设、监督保障五个方面的情况。")
        return
    for stem, default in schema.ASPECTS:
        if _says_nothing(data.text(stem)):
            yield _at(data, stem, "S-ONE", W,
                      f"“一、总体情况”缺少“{default}”方面的内容，或写得过少。国办格式要求写明主动公开、依申请公开、"
                      "政府信息管理、政府信息公开平台建设、监督保障五个方面，请在这一格写明（没有开展的也写明情况）。")
    text = "".join(data.text(k) for k in SECTION_ONE_KEYS)
    missing = [name for name, words in _DUTIES if not re.search(words, text)]
    if missing:
        yield _at(data, "s1_oversight", "S-ONE", W,
                  f"“一、总体情况”没有写到{'、'.join(missing)}的情况。乡镇人民政府的年报须写明工作考核、社会评议和"
                  "责任追究结果情况，可写在“监督保障”这一格；没有发生的也要写明，如“未发生责任追究情况”。")


def section_five(data: ReportData) -> Iterator[Finding]:
    """S-FIVE: 五 says what the problems are and what is being done, not "无". An empty 五 is an error."""
    if not (data.text("s5_problems").strip() or data.text("s5_improvements").strip()):
        yield _at(data, "s5_problems", "S-FIVE", E,
                  "“五、存在的主要问题及改进情况”没有填写。请写明存在的问题和改进措施，并对照上年年报提出的问题说明整改情况。")
        return
    for key in ("s5_problems", "s5_improvements"):
        if _says_nothing(data.text(key)):
            label = schema.FIELD_BY_KEY[key].label
            yield _at(data, key, "S-FIVE", W,
                      f"“{label}”内容过少或为“无”。请写明存在的问题和改进措施，并对照上年年报提出的问题说明整改情况。")


_LEVEL_ONE = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_HEADING_CORES = (
    *(h.split("、", 1)[1] for h in schema.HEADINGS),
    # the 条例's own wording of the headings, which real reports copy (domain.md §3 M7), and a common shortening
    "行政机关主动公开政府信息情况", "行政机关收到和处理政府信息公开申请情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼的情况", "政府信息公开工作存在的主要问题及改进情况",
    "其他需要报告事项",
)
# Sub-headings the template prints itself: （一）存在问题 and （二）改进情况 in 五, （一）…（五） before each aspect of 一.
_SUB_HEADING = re.compile(r"^[（(][一二三四五][）)]\s*(?:存在|改进|主动公开|依申请|政府信息管理|.{0,6}平台建设|监督保障)"
                          r"[^。：:，,]{0,8}[。：:，,]?")
_LEVEL_TWO = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
# Cells printed under a sub-heading gigen writes itself: the five aspects of 一, and 五's two parts.
_UNDER_SUB_HEADINGS = frozenset({stem for stem, _ in schema.ASPECTS} | {"s5_problems", "s5_improvements"})
_LOWER_NUMBERS = {False: "“（一）”“1.”或“一是”", True: "“1.”或“一是”"}


def headings_in_text(data: ReportData) -> Iterator[Finding]:
    """S-HEAD: headings and sub-headings are printed by gigen; a line of text that repeats one prints twice, and
    numbering of the same level under them reads as a clash (once per cell)."""
    numbered: set[str] = set()
    for para in _paragraphs(data):
        text = para.text
        level_one = _LEVEL_ONE.match(text)
        if level_one:
            rest = text[level_one.end():].lstrip()
            core = next((c for c in _HEADING_CORES if rest.startswith(c)), None)
            if core is not None:
                heading = text[:text.index(core) + len(core)]
                what = ("请删去这一段" if not rest[len(core):].strip(" 　。：:")
                        else f"请删去开头的“{heading}”，保留后面的内容")
                yield _at(data, para.key, "S-HEAD", E,
                          f"{para.where}以“{heading}”开头，这是报告的章节标题。六个章节标题由程序按国办格式印出，"
                          f"正文里再写就重复了，{what}。")
            elif para.key not in numbered:
                numbered.add(para.key)
                yield _at(data, para.key, "S-HEAD", W,
                          f"{para.where}以“{level_one.group(0)}”编号开头，会和报告的六个章节标题混淆，"
                          f"请改用{_LOWER_NUMBERS[para.key in _UNDER_SUB_HEADINGS]}。")
            continue
        sub = _SUB_HEADING.match(text)
        if sub and para.key in _UNDER_SUB_HEADINGS:
            yield _at(data, para.key, "S-HEAD", W,
                      f"{para.where}以“{sub.group(0).rstrip('。：:，,')}”开头，这个小标题程序已经印出，正文里再写就重复了，"
                      "请删去（可在“小标题”一格改写小标题）。")
        elif (level_two := _LEVEL_TWO.match(text)) and para.key in _UNDER_SUB_HEADINGS and para.key not in numbered:
            numbered.add(para.key)
            yield _at(data, para.key, "S-HEAD", W,
                      f"{para.where}以“{level_two.group(0)}”编号开头，程序已在这一格前印出“（一）”一级的小标题，"
                      f"再用这一级的序号会和它混淆，请改用{_LOWER_NUMBERS[True]}。")


# ---------------------------------------------------------------------------------------------------------
# The year
# ---------------------------------------------------------------------------------------------------------

_PERIOD = re.compile(r"(?P<a>\d{4})年1月1日[^。；]{0,8}?(?:至|到|—|－|-|~|～)\s*(?:(?P<b>\d{4})年)?12月31日")
_AS_OF = re.compile(r"(?:截至|截止到|截止)(?P<b>\d{4})年12月31日")
_DATE = re.compile(r"(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})\s*[月./\-]\s*(?P<d>\d{1,2})")
# A sentence that names last year on purpose: a comparison, last year's report, or its problems being put right.
_LOOKS_BACK = re.compile(r"上年|去年|上一年|同比|相比|年报|年度报告|整改|问题|评估|反馈|印发|出台")


def _looks_back(sentence: str, last: int) -> bool:
    if re.match(rf"\s*{last}年[，,]", sentence):  # "2023年，我镇……" opens a paragraph copied from last year
        return False
    near = rf"(?:较|比|与|同)\s*{last}年|{last}年度?(?:报告|年报|结转|以来|起|及以前|以前|之前|底)"
    return bool(_LOOKS_BACK.search(sentence) or re.search(near, sentence))


def report_year(data: ReportData) -> Iterator[Finding]:
    """S-YEAR: the statistics period is the report year; text naming last year as this year was copied; date in Y+1."""
    year = data.count("year")
    if not year or not _readable(data, "year"):
        return
    for para in _paragraphs(data):
        yield from _period(data, para, year)
        if not para.key.startswith("s5_") and re.match(rf"\s*{year + 1}年[，,]", para.text):
            yield _at(data, para.key, "S-YEAR", W,
                      f"{para.where}以“{year + 1}年，”开头，但报告年度填的是{year}年（{_where(data, 'year')}），"
                      "请核对报告年度。")
        last_year = re.compile(rf"(?<!\d){year - 1}年")
        for sentence in sentences(para.text):
            mention = last_year.search(sentence)
            if mention and not _looks_back(sentence, year - 1) and not (_PERIOD.search(sentence) or _AS_OF.search(sentence)):
                quote = excerpt(sentence, mention.start(), mention.end() + 16, before=6)
                yield _at(data, para.key, "S-YEAR", W,
                          f"{para.where}出现“{quote}…”，本报告为{year}年度报告，请确认是否沿用了去年的文字。")
                break  # once a paragraph is enough
    yield from _date(data, year)


def _period(data: ReportData, para: _Para, year: int) -> Iterator[Finding]:
    for m in _PERIOD.finditer(para.text):
        if any(int(y) != year for y in m.groupdict().values() if y):
            yield _at(data, para.key, "S-YEAR", E,
                      f"{para.where}写“{m.group(0)}”，但本报告为{year}年度报告，统计期限应为{year}年1月1日至"
                      f"{year}年12月31日。")
    for m in _AS_OF.finditer(para.text):
        if int(m.group("b")) != year:
            yield _at(data, para.key, "S-YEAR", W,
                      f"{para.where}写“{m.group(0)}”，但本报告为{year}年度报告，统计截止日应为{year}年12月31日，"
                      "请确认是否沿用了去年的文字。")


def _date(data: ReportData, year: int) -> Iterator[Finding]:
    date = data.text("date")
    if not date:
        yield _at(data, "date", "META-DATE", W,
                  f"成文日期未填写，报告末尾将只有署名、没有日期。印发前请填写，如“{year + 1}年1月20日”。")
        return
    written = _DATE.search(date)
    if not written:
        yield _at(data, "date", "META-DATE", E, f"成文日期“{date}”看不出年、月、日，请写成“{year + 1}年1月20日”的样式。")
    elif int(written.group("y")) <= year:
        yield _at(data, "date", "S-YEAR", E,
                  f"成文日期“{date}”在{year}年结束之前，本报告为{year}年度报告，成文日期应在{year + 1}年"
                  f"（一般不晚于{year + 1}年1月31日）。")
    elif tuple(int(written.group(g)) for g in "ymd") > (year + 1, 1, 31):
        yield _at(data, "date", "S-YEAR", W,
                  f"成文日期“{date}”晚于{year + 1}年1月31日。年度报告应在每年1月31日前公布，请确认日期。")


# ---------------------------------------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------------------------------------

_MEASURES_NAME = "政府信息公开信息处理费管理办法"
# a book title that names a 处理费…办法: 《政府信息处理费管理办法》, 〈信息处理费管理办法〉 …
_MEASURES = re.compile(r"[《〈<＜](?P<t>[^《》〈〉<>＜＞]{0,20}处理费[^《》〈〉<>＜＞]{0,6}办法)[》〉>＞]")
_ASCII_TITLE = re.compile(r"[<＜](?P<t>[^<>＜＞]{1,40})[>＞]")
_DOC_NUMBER = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,8})(?P<open>[〔\[［(（【])\s*(?P<year>(?:19|20)\d{2})\s*(?P<close>[〕\]］)）】])"
    r"\s*(?P<di>第)?\s*(?P<n>\d{1,4})\s*号(?P<stray>[〕\]］】])?"
)
_KNOWN_NUMBERS = {("2020", "109"): "国办函", ("2021", "30"): "国办公开办函"}  # issued by 国务院办公厅


def citations(data: ReportData) -> Iterator[Finding]:
    """S-NAME: document names, book-title marks and document numbers are written correctly."""
    for para in _paragraphs(data):
        for message in _citation_problems(para.text):
            yield _at(data, para.key, "S-NAME", W, f"{para.where}{message}")


def _citation_problems(text: str) -> Iterator[str]:
    for m in _MEASURES.finditer(text):
        if m.group("t") != _MEASURES_NAME:
            yield f"把文件名写成了“{m.group('t')}”，应为“{_MEASURES_NAME}”。"
    for m in _ASCII_TITLE.finditer(text):
        if re.search(r"[\u4e00-\u9fff]", m.group("t")):
            inner = text[:m.start()].count("《") > text[:m.start()].count("》")
            right = f"〈{m.group('t')}〉" if inner else f"《{m.group('t')}》"
            yield f"“{m.group(0)}”用了“<>”作书名号，应写成“{right}”（书名号里面再用书名号时用“〈〉”）。"
    depth = 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth:
                yield f"“{excerpt(text, i, i + 12, before=8)}…”书名号里面又用了“《》”，里面一层应改用“〈〉”。"
            depth += 1
        elif ch == "》":
            depth = max(0, depth - 1)
    for m in _DOC_NUMBER.finditer(text):
        yield from _document_number(m)


def _document_number(m: re.Match[str]) -> Iterator[str]:
    org, year, n = m.group("org"), m.group("year"), m.group("n")
    issuer = org[org.find("国办"):] if "国办" in org else ""  # the words before a number are not all its issuer
    known = _KNOWN_NUMBERS.get((year, n))
    written = f"{m.group('open')}{year}{m.group('close')}{m.group('di') or ''}{n}号"
    if known and issuer and issuer != known:
        yield f"文号写成了“{issuer}{written}”，应为“{known}〔{year}〕{n}号”。"
    elif m.group("open") != "〔" or m.group("close") != "〕" or m.group("di"):
        yield f"文号中的“{written}”应写成“〔{year}〕{n}号”（年份用六角括号“〔〕”，序号前不加“第”）。"
    if m.group("stray"):
        yield f"文号“{issuer}{written}”后面多了一个“{m.group('stray')}”，请删去。"
