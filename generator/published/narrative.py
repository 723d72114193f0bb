"""The narrative of a published report read back: the title's 机关 and year, the preface, 一's intro and five
aspects, 五's two parts, 六 and the 信息处理费 it states, the signature and the date.

Each value is the text as printed (paragraphs joined by line breaks) with the place of its first paragraph; what
could not be placed is a finding with its place. Tables are not read here (tables.py), only kept as boundaries: a
section of prose ends where a table begins.
"""

from __future__ import annotations

import re

from .. import kinds, schema
from ..errors import Severity
from . import fees, prose, sections
from .document import Document, Part
from .normal import squeezed
from .prose import Line
from .sections import finding, put

# The title, once the lines it is printed on are put together: 机关, year, and the title's fixed words with the
# drift real reports show (2024年度…, …政府信息公开年度报告 without 工作).
_TITLES = (
    re.compile(r"(?P<org>.*?)(?P<year>\d{4})年度?政府信息公开(?:工作)?年度报告"),
    re.compile(r"(?P<year>\d{4})年度?(?P<org>.+?)政府信息公开(?:工作)?年度报告"),  # 2022年上海市政府信息公开…
)
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# A date as GB/T 9704 prints it (2025年1月26日), or in Chinese numerals (二〇二五年一月二十六日).
_DATE = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
)
_DATED_TITLE = re.compile(r"[(（](\d{4}年\d{1,2}月\d{1,2}日)[)）]")  # （2024年3月26日） under the title
TITLE_LINES = 3  # a title is printed on at most this many lines


def read(document: Document) -> Part:
    """What the document's prose says, by workbook key, with where each value came from and what was left."""
    part = Part()
    lines = prose.lines(document)
    body = next((i for i, line in enumerate(lines) if sections.heading(line.text, 0) is not None), len(lines))
    lines = prose.without_running_headers(lines, body)
    start = _title(lines, part)
    heads = sections.headings(lines, start, part)
    last = max((i for i in heads if i is not None), default=start - 1)
    end = _closing(lines, part, last + 1)
    first = next((i for i in heads if i is not None), None)
    if first is not None and start < first:  # without any heading, nothing tells a preface from the rest
        put(part, "preface", _body(lines, start - 1, heads, end, part))
    one, five, six = heads[0], heads[4], heads[5]
    if one is not None:
        sections.section_one(_body(lines, one, heads, end, part), part, lines[one].place)
    if five is not None:
        sections.section_five(_body(lines, five, heads, end, part), part, lines[five].place)
    if six is not None:
        _six(_body(lines, six, heads, end, part), part, lines[six].place)
    return part


def _body(lines: list[Line], at: int, heads: list[int | None], end: int, part: Part) -> list[Line]:
    """The paragraphs under a heading (or the title): up to the next heading, the closing or a table.

    Prose after a table in a part of prose (a table in 六) belongs to no cell: one warning names where it begins.
    """
    stop = min([i for i in heads if i is not None and i > at] + [end])
    under = lines[at + 1 : stop]
    cut = next((n for n, line in enumerate(under) if line.after_table), len(under))
    if under[cut:]:
        more = f"等{len(under) - cut}段" if len(under) - cut > 1 else ""
        message = f"表格之后的“{sections.quoted(under[cut].text)}”{more}不属于报告的任何一部分，没有读取。"
        part.findings.append(finding("IMP-PLACE", Severity.WARNING, "", message, under[cut].place))
    return prose.joined(under[:cut])


def _title_at(lines: list[Line], last: int) -> tuple[int, re.Match[str]] | None:
    """The title ending on line `last`, printed on one to three lines, with its 机关 when a line before holds it."""
    best = None
    for begin in range(last, max(last - TITLE_LINES, -1), -1):
        if begin < last and not prose.heading_like(lines[begin].text):
            break
        text = "".join(line.text for line in lines[begin : last + 1]).translate(_DIGITS)
        found = next((m for m in (p.fullmatch(text) for p in _TITLES) if m), None)
        if found and found["org"]:
            return begin, found
        best = best or ((begin, found) if found else None)
    return best


def _title(lines: list[Line], part: Part) -> int:
    """Read the title's 机关 and year; the index of the first line after it (0 when there is none: an error)."""
    limit = next(
        (i for i, line in enumerate(lines) if sections.heading(line.text, 0) is not None), len(lines)
    )
    for last in range(min(limit, prose.TITLE_AREA)):
        found = _title_at(lines, last)
        if found is None:
            continue
        begin, match = found
        place = lines[begin].place
        part.values["year"], part.origins["year"] = int(match["year"]), place
        if match["org"]:
            part.values["org_name"], part.origins["org_name"] = match["org"], place
        else:
            message = f"标题“{match[0]}”没有写机关名称，机关全称没有读取。"
            part.findings.append(finding("IMP-TITLE", Severity.WARNING, "org_name", message, place))
        dated = _DATED_TITLE.fullmatch(squeezed(lines[last + 1].text)) if last + 1 < len(lines) else None
        if dated:
            part.values["date"], part.origins["date"] = dated.group(1), lines[last + 1].place
            return last + 2
        return last + 1
    message = "没有找到报告标题（“机关名称+年度+年政府信息公开工作年度报告”），机关全称和报告年度没有读取。"
    part.findings.append(finding("IMP-TITLE", Severity.ERROR, "org_name", message, "全文"))
    return 0


def _signs(text: str, part: Part) -> bool:
    """Whether a closing line is a 机关's name: the title's, or one whose kind its name tells."""
    org = str(part.values.get("org_name", ""))
    # 白杨镇人民政府 signing a report whose title says 叶城县白杨镇人民政府
    named = len(text) >= 4 and org and (text in org or org in text)
    return prose.heading_like(text) and bool(named or kinds.infer(text) is not kinds.OrgKind.OTHER)


def _closing(lines: list[Line], part: Part, first: int) -> int:
    """Read the signature and date the report ends with; the index where they begin (len(lines) without them).

    The date is the last line after the last heading that is only a date; what follows it is no part of the
    report (（此件公开发布）, a web page's footer): one warning names where it begins.
    """
    end = len(lines)
    dated = [k for k in range(first, end) if _DATE.fullmatch(squeezed(lines[k].text))]
    stop = dated[-1] if dated else end
    if dated:
        part.values["date"], part.origins["date"] = squeezed(lines[stop].text), lines[stop].place
        after = lines[stop + 1 :]
        if after:
            more = f"等{len(after)}段" if len(after) > 1 else ""
            message = (
                f"成文日期之后的“{sections.quoted(after[0].text)}”{more}不属于报告的任何一部分，没有读取。"
            )
            part.findings.append(finding("IMP-PLACE", Severity.WARNING, "", message, after[0].place))
    signed = stop - 1
    if signed >= first and _signs(lines[signed].text, part):
        part.values["signature"], part.origins["signature"] = lines[signed].text, lines[signed].place
        return signed
    return stop


def _six(body: list[Line], part: Part, place: str) -> None:
    """六: its text as printed, and the 信息处理费 it states (gigen's own statement only in the two fee cells)."""
    other = [line for line in body if not fees.is_own_statement(line.text)]
    put(part, "s6_other", other, "" if other else place)
    stated = fees.read([line for line in body if not line.text.startswith(schema.TO_FILL)])
    if stated is None:
        message = "“六、其他需要报告的事项”没有说明信息处理费，收费通知件数和收取金额两格没有读取。"
        part.findings.append(finding("IMP-FEE", Severity.WARNING, "fee_notices", message, place))
        return
    for key, value, what in (
        ("fee_notices", stated.notices, "收费通知的件数"),
        ("fee_collected", stated.collected, "收取的金额"),
    ):
        part.origins[key] = stated.place
        if value is not None:
            part.values[key] = value
        else:
            message = f"“六、其他需要报告的事项”说明了信息处理费，但没有写{what}，这一格没有读取。"
            part.findings.append(finding("IMP-FEE", Severity.WARNING, key, message, stated.place))
