"""Rules on the numbers the narrative states: against the tables (X-APP, X-LIT), and against themselves (X-SUM)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import schema
from ..errors import Finding
from ..model import ReportData
from .common import Context, Para, W, at, paragraphs_of, readable, rule, where
from .narrative import NUMBER, Stated, excerpt, number, sentences

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
_ABOUT_DISCLOSURE = re.compile(
    r"信息公开|依申请"
)  # outside 依申请公开, a sentence must say it is about these
_NO_APPLICATIONS = re.compile(
    r"(?:未|没有)(?:收到|受理|接到|接收)(?P<what>[^。；，,]{0,20}?)申请|(?:没有|无)(?:任何)?(?:政府)?信息公开申请"
)
_SOME_APPLICATIONS = re.compile(
    r"网络|信函|当面|传真|法人|组织|自然人|企业|个人"
)  # "未收到网络申请" is not none

_LITIGATION = (
    (
        _about(r"行政复议[、和及与或]行政诉讼" + _PIECE + r"{0,6}?{N}", "件起宗次"),
        (schema.REVIEW_TOTAL, *schema.SUIT_TOTALS),
        "行政复议和行政诉讼",
    ),
    (
        _about(r"行政复议(?![、和及与或]行政诉讼)(?!后)" + _PIECE + r"{0,6}?{N}", "件起宗次"),
        (schema.REVIEW_TOTAL,),
        "行政复议",
    ),
    (
        _about(r"(?<!行政复议[、和及与或])行政诉讼" + _PIECE + r"{0,6}?{N}", "件起宗次"),
        schema.SUIT_TOTALS,
        "行政诉讼",
    ),
)
_NONE_OF = (
    re.compile(r"(?:未|没有|无|不存在)[^。；，,\d]{0,25}?(?:行政复议|行政诉讼)[^。；，,\d]{0,12}"),
    re.compile(r"(?:行政复议|行政诉讼)[^。；，,\d]{0,20}?(?:均为|为)(?:零|0)"),
)


@rule()
def text_against_tables(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """X-APP and X-LIT: numbers of applications, carry-overs, reviews and suits the text states equal the tables."""
    for para in paragraphs_of(data):
        for sentence in sentences(para.text):
            if para.key == "s1_request" or _ABOUT_DISCLOSURE.search(sentence):
                yield from _applications(data, para, sentence)
            yield from _litigation(data, para, sentence)


def _applications(data: ReportData, para: Para, sentence: str) -> Iterator[Finding]:
    for pattern, row in _APPLICATIONS:
        key = schema.t3_key(row, "total")
        for said in _counts(pattern, sentence):
            if readable(data, key) and said.value != data.count(key):
                yield _app(data, para, said.quote, key)
    m = _NO_APPLICATIONS.search(sentence)
    key = schema.t3_key("new", "total")
    if (
        m
        and not _SOME_APPLICATIONS.search(m.group("what") or "")
        and not re.search(r"[1-9]\d*\s*件", sentence)
        and readable(data, key)
        and data.count(key)
    ):
        yield _app(data, para, excerpt(sentence, m.start(), m.end()), key)


def _litigation(data: ReportData, para: Para, sentence: str) -> Iterator[Finding]:
    for pattern, keys, name in _LITIGATION:
        for said in _counts(pattern, sentence):
            if readable(data, *keys) and said.value != data.total(keys):
                yield _lit(data, para, said.quote, keys, name)
    for none_of in _NONE_OF:
        m = none_of.search(sentence)
        if not m:
            continue
        for name, keys in (("行政复议", (schema.REVIEW_TOTAL,)), ("行政诉讼", schema.SUIT_TOTALS)):
            if name in m.group(0) and readable(data, *keys) and data.total(keys) > 0:
                yield _lit(data, para, excerpt(sentence, m.start(), m.end()), keys, name)
        return


def _counts(pattern: re.Pattern[str], sentence: str) -> Iterator[Stated]:
    """The counts a pattern finds, leaving out comparisons (较上年减少2件) and slogans (办结一件、归档一件)."""
    for m in pattern.finditer(sentence):
        value = number(m.group("n"))
        after = sentence[m.end() : m.end() + 1]
        if (
            value is None
            or _COMPARISON.search(m.group(0))
            or (m.group("n") == "一" and after in ("、", "一"))
        ):
            continue
        yield Stated(value, excerpt(sentence, m.start(), m.end()))


def _app(data: ReportData, para: Para, quote: str, key: str) -> Finding:
    row = next(r for r in schema.T3_ROWS if schema.t3_key(r.key, "total") == key)
    return at(
        data,
        para.key,
        "X-APP",
        W,
        f"{para.where}写“{quote}”，与表三“{row.label}”总计{data.count(key)}件（{where(data, key)}）不一致，"
        "请统一正文和表格。",
    )


def _lit(data: ReportData, para: Para, quote: str, keys: tuple[str, ...], name: str) -> Finding:
    cells = "、".join(where(data, k) for k in keys)
    return at(
        data,
        para.key,
        "X-LIT",
        W,
        f"{para.where}写“{quote}”，与表四{name}总计{data.total(keys)}件（{cells}）不一致，请统一正文和表格。",
    )


_UNIT = r"[条件篇项期份次场个]"
_TOTAL_THEN_PARTS = re.compile(
    rf"(?P<n>{NUMBER})\s*(?P<unit>{_UNIT})[）)]?\s*[。，,、：:（(]?\s*(?:其中|包括|分别为|分别是)[，,：:]?"
)
_NOT_A_PART = re.compile(r"较|比|增|减|另|^共|总共|共计|合计|累计|处理|办结|答复|回复")


@rule()
def stated_sums(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """X-SUM: "75条，其中公开类24条、民政类12条…": the parts a sentence lists add up to its total."""
    for para in paragraphs_of(data):
        text = re.sub(r"[（(][^（）()]*[）)]", "", para.text)  # "20条（含政策解读5条）": an aside, not a part
        for m in _TOTAL_THEN_PARTS.finditer(text):
            total, unit = number(m.group("n")), m.group("unit")
            parts, length = _listed_parts(text[m.end() :], unit)
            if total is None or len(parts) < 2 or total in _running_sums(parts):
                continue
            quote = excerpt(text, m.start(), m.end() + length, before=20)
            yield at(
                data,
                para.key,
                "X-SUM",
                W,
                f"{para.where}写“{quote}”，列出的各分项相加为{sum(parts)}{unit}，与总数{total}{unit}不符，请核对。",
            )


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
