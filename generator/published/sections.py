"""The six headings of a published report, and 一 and 五 split into the workbook's cells by their sub-headings.

Everything is found by its words, never by its position: a heading by its number and the words of its subject
(the 2021 format's wording or the 条例's, "二、行政机关主动公开政府信息情况"); a sub-heading of 一 by the words of
one of the five aspects, whatever its number ("（二）政府信息管理" is 政府信息管理 though it comes second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import schema
from ..errors import Finding, Severity
from .document import Part
from .normal import squeezed
from .prose import NUMBERED, SENTENCE_MARKS, SHORT, Line, heading_like

# The words of each heading's subject, in the 2021 format's order; a heading is its number, 、 and these words.
HEADING_WORDS = ("总体情况|概述|基本情况", "主动公开", "申请", "复议|诉讼", "问题|改进", "其他|其它|需要报告")
# The words a sub-heading of 一 names each aspect by (平台 for “强化政府信息平台建设情况”).
ASPECT_WORDS = {
    "s1_proactive": "主动公开",
    "s1_request": "依申请|公开申请",
    "s1_management": "信息管理",
    "s1_platform": "平台",
    "s1_oversight": "监督",
}
assert tuple(ASPECT_WORDS) == tuple(stem for stem, _ in schema.ASPECTS)
FIVE_WORDS = {"s5_problems": "问题|不足", "s5_improvements": "改进|整改|措施|下一步|计划|打算"}
# Where each heading's text goes: the cell a missing heading is reported at (二 to 四 are tables).
HEADING_KEYS = ("s1_intro", "", "", "", "s5_problems", "s6_other")

_ORDINAL = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[)）][、.．]?")
_ARABIC = re.compile(r"^(\d{1,2})[.．、](?!\d)")  # 1. 1、 but not 1.5
_UNITS = "一二三四五六七八九"
# 一 → 1 … 十 → 10, 十一 → 11 … 三十 → 30
_ORDINALS = {
    (_UNITS[n // 10 - 1] if n >= 20 else "")
    + ("十" if n >= 10 else "")
    + (_UNITS[n % 10 - 1] if n % 10 else ""): n
    for n in range(1, 31)
}
_LEAD_END = re.compile(r"[。：:．]")
_HEADING_MARK = re.compile(r"[、.．,，]")
LEAD_IN = 12  # 主要问题：… a lead-in without a number is a sub-heading only when it is this short


@dataclass(frozen=True)
class Lead:
    """A paragraph's sub-heading: its words as printed (no number, no closing mark) and the text after it."""

    title: str
    rest: str
    number: int  # its ordinal: 3 for （三）, 0 without one
    weak: bool = (
        False  # numbered 1. 1、: a list item as often as a sub-heading, one only when its words match
    )


def finding(rule: str, severity: Severity, key: str, message: str, place: str) -> Finding:
    """A finding about a workbook cell (by key; "" for none) and the place in the document it stems from."""
    field = schema.FIELD_BY_KEY.get(key)
    return Finding(rule, severity, field.sheet if field else "", field.cell if field else "", message, place)


def heading(text: str, n: int) -> str | None:
    """The text after the n-th heading (0 for 一) when the line opens with it ("" when alone), else None."""
    numeral = schema.HEADINGS[n].split("、")[0]
    if not text.startswith(numeral):
        return None
    mark = _HEADING_MARK.match(text, len(numeral))
    words = text[len(numeral) + (1 if mark else 0) :]
    end = _LEAD_END.search(words)
    title, rest = (words[: end.start()], words[end.end() :]) if end else (words, "")
    if (
        (not mark and (words.startswith("是") or rest or not heading_like(title)))  # 一总体情况, not 六是…
        or len(title) > 2 * SHORT
        or SENTENCE_MARKS.search(title)
        or not re.search(HEADING_WORDS[n], squeezed(title))
    ):
        return None
    return rest


def headings(lines: list[Line], start: int, part: Part) -> list[int | None]:
    """Where each of the six headings stands, in order (None when missing: an error); a run-in text is split off."""
    found: list[int | None] = []
    pos = start
    for n in range(len(schema.HEADINGS)):
        for i in range(pos, len(lines)):
            rest = heading(lines[i].text, n)
            if rest is not None:
                if rest:
                    lines.insert(i + 1, Line(rest, lines[i].place))
                found.append(i)
                pos = i + 1
                break
        else:
            found.append(None)
            if HEADING_KEYS[n]:
                message = f"未找到“{schema.HEADINGS[n]}”，这一部分没有读取。"
                part.findings.append(finding("IMP-HEAD", Severity.ERROR, HEADING_KEYS[n], message, "全文"))
            else:  # 二, 三, 四 are their tables, found by their labels (tables.py says when one is missing)
                message = f"未找到“{schema.HEADINGS[n]}”这一标题，表{'二三四'[n - 1]}按表格的标签查找。"
                part.findings.append(finding("IMP-HEAD", Severity.WARNING, "", message, "全文"))
    return found


def lead(text: str) -> Lead | None:
    """The sub-heading a paragraph opens with: （一）主动公开方面。…, （一）主动公开 alone, 主要问题：…, 存在问题."""
    ordinal = _ORDINAL.match(text)
    arabic = None if ordinal else _ARABIC.match(text)
    numbered = ordinal or arabic
    body = text[numbered.end() :] if numbered else text
    number = _ORDINALS.get(ordinal.group(1), 0) if ordinal else int(arabic.group(1)) if arabic else 0
    weak = arabic is not None
    end = _LEAD_END.search(body)
    if end and end.start() <= SHORT and (number or (body[end.start()] in "：:" and end.start() <= LEAD_IN)):
        return Lead(body[: end.start()], body[end.end() :], number, weak)
    if heading_like(body) and (number or (len(body) <= LEAD_IN and not NUMBERED.match(body))):
        return Lead(body, "", number, weak)
    return Lead("", body, number, weak) if number else None


def which(title: str, words: dict[str, str]) -> str | None:
    """The one key whose words a sub-heading holds; None for none or more than one."""
    keys = [key for key, pattern in words.items() if re.search(pattern, squeezed(title))]
    return keys[0] if len(keys) == 1 else None


def put(part: Part, key: str, lines: list[Line], origin: str = "") -> None:
    """A cell's paragraphs, joined by line breaks, with the place of the first (of its sub-heading when it has
    none: a blank cell); a draft's 【待填写：…】 is no text."""
    written = [line for line in lines if not line.text.startswith(schema.TO_FILL)]
    if written:
        part.values[key] = "\n".join(line.text for line in written)
    part.origins[key] = (written or lines)[0].place if lines else origin


def section_one(body: list[Line], part: Part, place: str) -> None:
    """一: its intro and five aspects, by their sub-headings.

    A numbered paragraph that names no aspect is one of two things. Numbered next after the sub-headings before it
    （（一）加强组织领导 first, or （三）多渠道公开透明 after （二）政府信息管理), it is a sub-heading of 一 that matches
    none of the five: its text goes to the intro, with a warning. Otherwise (（一）, （二）… under （一）主动公开) it is
    a list inside the aspect it stands in, and stays there.
    """
    cells: dict[str, list[Line]] = {}
    origins: dict[str, str] = {}
    target, top, nested = "s1_intro", 0, 0
    for line in body:
        found = lead(line.text)
        stem = which(found.title, ASPECT_WORDS) if found else None
        if found and stem and stem not in origins:
            origins[stem], target, top, nested = line.place, stem, found.number or top, 0
            part.values[f"{stem}_title"] = found.title
            part.origins[f"{stem}_title"] = line.place
            cells[stem] = [Line(found.rest, line.place)] if found.rest else []
            continue
        if found and found.number and not found.weak:
            if target != "s1_intro" and found.number == nested + 1:
                nested += 1
            elif found.number == top + 1:
                target, top = "s1_intro", found.number
                part.findings.append(_elsewhere(line, found))
        cells.setdefault(target, []).append(line)
    for key, lines in cells.items():
        put(part, key, lines, origins.get(key, ""))
    for stem, name in schema.ASPECTS:
        if stem not in origins:
            message = f"“一、总体情况”中没有“{name}”方面的小标题，这一格没有读取，请对照原文填写。"
            part.findings.append(finding("IMP-ASPECT", Severity.WARNING, stem, message, place))


def quoted(text: str, longest: int = 20) -> str:
    """A paragraph as a message quotes it: whole when short, else its beginning and …."""
    return text if len(text) <= longest else text[:longest] + "…"


def _elsewhere(line: Line, found: Lead) -> Finding:
    names = "、".join(name for _, name in schema.ASPECTS)
    heading = line.text[: len(line.text) - len(found.rest)].rstrip("。：:．") if found.title else line.text
    message = (
        f"“{quoted(heading)}”不是“一、总体情况”五个方面（{names}）中的任何一个，"
        "这一部分已录入开头段落，请核对后移到它所属方面的一格。"
    )
    return finding("IMP-ASPECT", Severity.WARNING, "s1_intro", message, line.place)


def section_five(body: list[Line], part: Part, place: str) -> None:
    """五: 存在问题 and 改进情况 by their sub-headings; text before the first belongs to 存在问题."""
    cells: dict[str, list[Line]] = {}
    origins: dict[str, str] = {}
    target = "s5_problems"
    for line in body:
        found = lead(line.text)
        key = which(found.title, FIVE_WORDS) if found else None
        if found and key and key not in origins:
            origins[key] = line.place
            target = key
            cells.setdefault(key, []).extend([Line(found.rest, line.place)] if found.rest else [])
            continue
        cells.setdefault(target, []).append(line)
    for key, lines in cells.items():
        put(part, key, lines, origins.get(key, ""))
    if body and "s5_improvements" not in origins:
        message = (
            "“五、存在的主要问题及改进情况”没有“改进情况”的小标题，这一部分的全文已录入“存在问题”一格，"
            "请核对后把改进情况移到它的一格。"
        )
        part.findings.append(finding("IMP-FIVE", Severity.WARNING, "s5_improvements", message, place))
