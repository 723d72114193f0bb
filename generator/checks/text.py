"""Rules on the narrative: 五 written, headings not repeated, the right year, citations, copied text (一: aspects.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import schema
from ..errors import Finding, Severity
from ..model import ReportData
from .common import Context, E, Para, W, at, paragraphs_of, readable, rule, where
from .narrative import excerpt, sentences

# ---------------------------------------------------------------------------------------------------------
# Structure: the aspects of 一, the substance of 五, heading-like lines
# ---------------------------------------------------------------------------------------------------------

_EMPTY_WORDS = {"无", "暂无", "没有", "无。", "暂无。", "/", "—"}
MIN_CHARS = 10  # less than this is not a description (KIROGOVCOMPARE's narrative_sec5_gap uses the same)


def says_nothing(text: str) -> bool:
    """A cell that is "无", or too short to describe anything."""
    text = text.strip()
    return text in _EMPTY_WORDS or len(text) < MIN_CHARS


MAX_NAME = 50  # the longest real 机关全称 is about 30 characters; the file name takes at most 70


@rule()
def org_name_length(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """META-NAME: the 机关全称 is the report's title and file name, which no file system takes past 70 characters."""
    name = data.text("org_name")
    if len(name) > MAX_NAME:
        yield at(
            data,
            "org_name",
            "META-NAME",
            E,
            f"机关全称有{len(name)}个字，超过{MAX_NAME}个字，报告的标题和文件名都放不下。"
            "请只填写本机关的正式全称，不要加上级机关或说明文字。",
        )


@rule()
def section_five(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """S-FIVE: 五 says what the problems are and what is being done, not "无". An empty 五 is an error."""
    if not any(data.text(key).strip() for key in schema.FIVE_KEYS):
        yield at(
            data,
            schema.FIVE_KEYS[0],
            "S-FIVE",
            E,
            "“五、存在的主要问题及改进情况”没有填写。请写明存在的问题和改进措施，并对照上年年报提出的问题说明整改情况。",
        )
        return
    for key in schema.FIVE_KEYS:
        if says_nothing(data.text(key)):
            label = schema.FIELD_BY_KEY[key].label
            yield at(
                data,
                key,
                "S-FIVE",
                W,
                f"“{label}”内容过少或为“无”。请写明存在的问题和改进措施，并对照上年年报提出的问题说明整改情况。",
            )


_LEVEL_ONE = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_HEADING_CORES = (
    *(h.split("、", 1)[1] for h in schema.HEADINGS),
    # the 条例's own wording of the headings, which real reports copy (domain.md §3 M7), and a common shortening
    "行政机关主动公开政府信息情况",
    "行政机关收到和处理政府信息公开申请情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
    "政府信息公开工作存在的主要问题及改进情况",
    "其他需要报告事项",
)
# Sub-headings the template prints itself: （一）存在问题 and （二）改进情况 in 五, （一）…（五） before each aspect of 一.
_SUB_HEADING = re.compile(
    r"^[（(][一二三四五][）)]\s*(?:存在|改进|主动公开|依申请|政府信息管理|.{0,6}平台建设|监督保障)"
    r"[^。：:，,]{0,8}[。：:，,]?"
)
_LEVEL_TWO = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
# Cells printed under a sub-heading gigen writes itself: the five aspects of 一, and 五's two parts.
_UNDER_SUB_HEADINGS = frozenset({stem for stem, _ in schema.ASPECTS} | set(schema.FIVE_KEYS))
_LOWER_NUMBERS = {False: "“（一）”“1.”或“一是”", True: "“1.”或“一是”"}


@rule()
def headings_in_text(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """S-HEAD: headings and sub-headings are printed by gigen; a line of text that repeats one prints twice, and
    numbering of the same level under them reads as a clash (once per cell)."""
    numbered: set[str] = set()
    for para in paragraphs_of(data):
        problem = _heading_problem(para, numbered)
        if problem is not None:
            yield at(data, para.key, "S-HEAD", *problem)


def _heading_problem(para: Para, numbered: set[str]) -> tuple[Severity, str] | None:
    """What is wrong with how a paragraph begins, if anything; `numbered` holds the cells already told of numbering."""
    text = para.text
    level_one = _LEVEL_ONE.match(text)
    if level_one:
        rest = text[level_one.end() :].lstrip()
        core = next((c for c in _HEADING_CORES if rest.startswith(c)), None)
        if core is not None:
            heading = text[: text.index(core) + len(core)]
            what = (
                "请删去这一段"
                if not rest[len(core) :].strip(" 　。：:")
                else f"请删去开头的“{heading}”，保留后面的内容"
            )
            return E, (
                f"{para.where}以“{heading}”开头，这是报告的章节标题。六个章节标题由程序按国办格式印出，"
                f"正文里再写就重复了，{what}。"
            )
        if para.key in numbered:
            return None
        numbered.add(para.key)
        return W, (
            f"{para.where}以“{level_one.group(0)}”编号开头，会和报告的六个章节标题混淆，"
            f"请改用{_LOWER_NUMBERS[para.key in _UNDER_SUB_HEADINGS]}。"
        )
    if para.key not in _UNDER_SUB_HEADINGS:
        return None
    sub = _SUB_HEADING.match(text)
    if sub:
        return W, (
            f"{para.where}以“{sub.group(0).rstrip('。：:，,')}”开头，这个小标题程序已经印出，正文里再写就重复了，"
            "请删去（可在“小标题”一格改写小标题）。"
        )
    level_two = _LEVEL_TWO.match(text)
    if level_two and para.key not in numbered:
        numbered.add(para.key)
        return W, (
            f"{para.where}以“{level_two.group(0)}”编号开头，程序已在这一格前印出“（一）”一级的小标题，"
            f"再用这一级的序号会和它混淆，请改用{_LOWER_NUMBERS[True]}。"
        )
    return None


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


@rule()
def report_year(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """S-YEAR: the statistics period is the report year; text naming last year as this year was copied; date in Y+1."""
    year = data.count("year")
    if not year or not readable(data, "year"):
        return
    for para in paragraphs_of(data):
        yield from _period(data, para, year)
        if not para.key.startswith("s5_") and re.match(rf"\s*{year + 1}年[，,]", para.text):
            yield at(
                data,
                para.key,
                "S-YEAR",
                W,
                f"{para.where}以“{year + 1}年，”开头，但报告年度填的是{year}年（{where(data, 'year')}），"
                "请核对报告年度。",
            )
        last_year = re.compile(rf"(?<!\d){year - 1}年")
        for sentence in sentences(para.text):
            mention = last_year.search(sentence)
            if (
                mention
                and not _looks_back(sentence, year - 1)
                and not (_PERIOD.search(sentence) or _AS_OF.search(sentence))
            ):
                quote = excerpt(sentence, mention.start(), mention.end() + 16, before=6)
                yield at(
                    data,
                    para.key,
                    "S-YEAR",
                    W,
                    f"{para.where}出现“{quote}…”，本报告为{year}年度报告，请确认是否沿用了去年的文字。",
                )
                break  # once a paragraph is enough
    yield from _date(data, year)


def _period(data: ReportData, para: Para, year: int) -> Iterator[Finding]:
    for m in _PERIOD.finditer(para.text):
        if any(int(y) != year for y in m.groupdict().values() if y):
            yield at(
                data,
                para.key,
                "S-YEAR",
                E,
                f"{para.where}写“{m.group(0)}”，但本报告为{year}年度报告，统计期限应为{year}年1月1日至"
                f"{year}年12月31日。",
            )
    for m in _AS_OF.finditer(para.text):
        if int(m.group("b")) != year:
            yield at(
                data,
                para.key,
                "S-YEAR",
                W,
                f"{para.where}写“{m.group(0)}”，但本报告为{year}年度报告，统计截止日应为{year}年12月31日，"
                "请确认是否沿用了去年的文字。",
            )


def _date(data: ReportData, year: int) -> Iterator[Finding]:
    if not readable(data, "date"):  # a date no calendar has: the reader's own finding says so
        return
    date = data.text("date")
    if not date:
        yield at(
            data,
            "date",
            "META-DATE",
            W,
            f"成文日期未填写，报告末尾将只有署名、没有日期。印发前请填写，如“{year + 1}年1月20日”。",
        )
        return
    written = _DATE.search(date)
    if not written:
        yield at(
            data,
            "date",
            "META-DATE",
            E,
            f"成文日期“{date}”看不出年、月、日，请写成“{year + 1}年1月20日”的样式。",
        )
    elif int(written.group("y")) <= year:
        yield at(
            data,
            "date",
            "S-YEAR",
            E,
            f"成文日期“{date}”在{year}年结束之前，本报告为{year}年度报告，成文日期应在{year + 1}年"
            f"（一般不晚于{year + 1}年1月31日）。",
        )
    elif tuple(int(written.group(g)) for g in "ymd") > (year + 1, 1, 31):
        yield at(
            data,
            "date",
            "S-YEAR",
            W,
            f"成文日期“{date}”晚于{year + 1}年1月31日。年度报告应在每年1月31日前公布，请确认日期。",
        )


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


@rule()
def citations(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """S-NAME: document names, book-title marks and document numbers are written correctly."""
    for para in paragraphs_of(data):
        for message in _citation_problems(para.text):
            yield at(data, para.key, "S-NAME", W, f"{para.where}{message}")


def _citation_problems(text: str) -> Iterator[str]:
    for m in _MEASURES.finditer(text):
        if m.group("t") != _MEASURES_NAME:
            yield f"把文件名写成了“{m.group('t')}”，应为“{_MEASURES_NAME}”。"
    for m in _ASCII_TITLE.finditer(text):
        if re.search(r"[\u4e00-\u9fff]", m.group("t")):
            inner = text[: m.start()].count("《") > text[: m.start()].count("》")
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
    issuer = (
        org[org.find("国办") :] if "国办" in org else ""
    )  # the words before a number are not all its issuer
    known = _KNOWN_NUMBERS.get((year, n))
    written = f"{m.group('open')}{year}{m.group('close')}{m.group('di') or ''}{n}号"
    if known and issuer and issuer != known:
        yield f"文号写成了“{issuer}{written}”，应为“{known}〔{year}〕{n}号”。"
    elif m.group("open") != "〔" or m.group("close") != "〕" or m.group("di"):
        yield f"文号中的“{written}”应写成“〔{year}〕{n}号”（年份用六角括号“〔〕”，序号前不加“第”）。"
    if m.group("stray"):
        yield f"文号“{issuer}{written}”后面多了一个“{m.group('stray')}”，请删去。"


@rule()
def copied_text(data: ReportData, ctx: Context) -> Iterator[Finding]:
    """S-COPY: a paragraph `gigen new --previous` brought over from last year and nobody has edited since."""
    for key in schema.TEXT_KEYS:
        if key in data.copied:
            label = schema.FIELD_BY_KEY[key].label
            yield at(
                data,
                key,
                "S-COPY",
                W,
                f"“{label}”仍是从上年工作簿复制的原文（标为“需更新”的橙色格子），"
                "请按本年度情况修改；改过之后这条提示就会消失。",
            )
