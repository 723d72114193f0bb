"""S-ONE: the five aspects of 一, each written or covered by the intro, and 一 covering 工作考核、社会评议和责任追究.

What an aspect is about is said once, here, as the words that show a text covers it; the same words decide whether
the intro covers an aspect left blank (its sub-heading is then left out of the report) and whether 一 states the
three results the national format requires of 监督保障.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import schema
from ..errors import Finding
from ..model import ReportData
from .common import Context, E, W, at, printed_place, rule, where
from .text import says_nothing

# (what 监督保障 must state, the words that show a text does)
DUTIES = (
    ("工作考核", r"考核|考评"),
    ("社会评议", r"评议|测评|评价|满意度"),
    ("责任追究", r"责任追究|追究责任|追责|问责"),
)
# aspect → the patterns a text must all match to cover it. 监督保障 is covered only by all three of its duties: a
# mention of 监督 alone says nothing of the results the national format asks for.
ASPECT_WORDS: dict[str, tuple[str, ...]] = {
    "s1_proactive": (r"主动公开",),
    "s1_request": (r"依申请|公开申请",),
    "s1_management": (r"信息管理|规范性文件|公开属性|保密审查",),
    "s1_platform": (r"平台|网站|公开栏|公示栏|新媒体|公众号",),
    "s1_oversight": tuple(words for _, words in DUTIES),
}
assert set(ASPECT_WORDS) == {stem for stem, _ in schema.ASPECTS}
STEMS = tuple(stem for stem, _ in schema.ASPECTS)
_NAMES = dict(schema.ASPECTS)


def covers(text: str, stem: str) -> bool:
    """Whether a text says something of an aspect: it holds the aspect's words (for 监督保障, each duty's)."""
    return all(re.search(words, text) for words in ASPECT_WORDS[stem])


def blank_aspects(data: ReportData) -> tuple[frozenset[str], frozenset[str]]:
    """The aspects still blank once standard paragraphs are written: (covered by the intro, to fill)."""
    blank = [stem for stem in STEMS if not data.text(stem).strip()]
    covered = frozenset(stem for stem in blank if covers(data.text("s1_intro"), stem))
    return covered, frozenset(blank) - covered


def place(data: ReportData, stem: str) -> str:
    """Where a clerk writes an aspect, as a placeholder names it: 一、总体情况 B11 (and the 监督保障 cells)."""
    if stem != "s1_oversight":
        return printed_place(data, stem)
    first, last = (where(data, key).split("!")[1] for key in (schema.DUTY_KEYS[0], schema.DUTY_KEYS[-1]))
    return f"{printed_place(data, stem)}，或{first}至{last}的工作考核、社会评议、责任追究"


def filled_in(data: ReportData, key: str) -> bool:
    """Whether the clerk filled a cell: a count typed (0 included), a text not blank."""
    if schema.FIELD_BY_KEY[key].numeric:
        return key not in data.blank
    return bool(data.text(key).strip())


@rule()
def section_one(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """S-ONE: every aspect of 一 is written (an aspect blank and not covered by the intro is an error, one the intro
    covers is left out with a warning), and 一 covers 工作考核、社会评议和责任追究. An empty 一 is an error."""
    if all(not data.text(key).strip() for key in ("s1_intro", *STEMS)):
        yield at(
            data,
            "s1_intro",
            "S-ONE",
            E,
            "“一、总体情况”整节都没有填写。请在“一、总体情况”工作表写明主动公开、依申请公开、政府信息管理、"
            "政府信息公开平台建设、监督保障五个方面的情况。",
        )
        return
    yield from _blank(data)
    for stem in STEMS:
        if data.text(stem).strip() and says_nothing(data.text(stem)):
            yield at(
                data,
                stem,
                "S-ONE",
                W,
                f"“一、总体情况”的“{_NAMES[stem]}”写得过少。国办格式要求写明主动公开、依申请公开、"
                "政府信息管理、政府信息公开平台建设、监督保障五个方面，请在这一格写明（没有开展的也写明情况）。",
            )
    yield from _duties(data)


def _blank(data: ReportData) -> Iterator[Finding]:
    covered, to_fill = blank_aspects(data)
    intro = where(data, "s1_intro").split("!")[1]
    for n, stem in enumerate(STEMS):
        name = f"{schema.ORDINALS[n]}{_NAMES[stem]}"
        if stem in covered:
            yield at(
                data,
                stem,
                "S-ONE",
                W,
                f"“{name}”没有填写，开头段落（{intro}）已写到{_NAMES[stem]}，报告不印这个小标题，后面的小标题依次"
                "提前；如要单列这一方面，请在这一格填写。",
            )
        elif stem in to_fill:
            also = (
                "，或留空这一格、填写下面的工作考核、社会评议、责任追究各格，由程序写出这一段"
                if stem == "s1_oversight"
                else ""
            )
            yield at(
                data,
                stem,
                "S-ONE",
                E,
                f"“{name}”没有填写，开头段落（{intro}）也没有写到。国办格式要求写明五个方面，报告不能只印一个空的"
                f"小标题：请在这一格写明本年度{_NAMES[stem]}方面的情况（没有开展的也写明）{also}。",
            )


def _duties(data: ReportData) -> Iterator[Finding]:
    """一 as printed states the three results; the 监督保障 cells reach the report only when that aspect is blank."""
    oversight = data.text("s1_oversight").strip()
    if oversight and "s1_oversight" not in data.generated:
        filled = [key for key in schema.DUTY_KEYS if filled_in(data, key)]
        if filled:
            yield at(
                data,
                filled[0],
                "S-ONE",
                W,
                "“（五）监督保障”一格已经填写，报告印的是那一格；工作考核、社会评议、责任追究各格只在那一格留空时"
                "由程序写成一段，这里填的不会印出。请把这些情况写进“（五）监督保障”，或清空那一格。",
            )
    cases = "s1_accountability_cases"
    if filled_in(data, cases) and data.count(cases) and not filled_in(data, "s1_accountability"):
        yield at(
            data,
            "s1_accountability",
            "S-ONE",
            W,
            f"填了本年责任追究{data.count(cases)}件（{where(data, cases).split('!')[1]}），这一格还没有写明"
            "追究的原因、对象和处理结果，请补上。",
        )
    if not oversight:
        return  # a blank 监督保障 has its own finding above
    text = "".join(data.text(key) for key in ("s1_intro", *STEMS))
    missing = [name for name, words in DUTIES if not re.search(words, text)]
    if missing:
        yield at(
            data,
            "s1_oversight",
            "S-ONE",
            W,
            f"“一、总体情况”没有写到{'、'.join(missing)}的情况。行政机关的年报须写明工作考核、社会评议和"
            "责任追究结果情况，可写在“监督保障”这一格（或清空那一格，填写下面的工作考核、社会评议、责任追究各格）；"
            "没有发生的也要写明，如“未发生责任追究情况”。",
        )
