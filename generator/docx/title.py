"""The title's lines (GB/T 9704 §7.3.1): each line whole in meaning, the lines balanced, no word broken."""

from __future__ import annotations

import itertools
import math
import re

from ..model import text_width

# A line of the 二号 title holds 20 characters of the 156 mm 版心; half a character is kept free, since the
# digits of the year are wider in some fonts than the half a character text_width counts.
TITLE_LINE_CHARS = 19.5

_TITLE = re.compile(r"(?P<org>.*?)(?P<year>\d{4}年)(?P<rest>政府信息公开工作年度报告)(?P<tail>.*)", re.DOTALL)
_MOST_LINES = 4  # a longer title is filled line by line: weighing every layout would take too long
_REST_WORDS = ("政府信息公开", "工作年度报告")

_GOVERNMENT = "人民政府"
# What ends a word in a 机关's name: its administrative units and the kinds of office. Longest first, so that
# 人民政府 wins over 政府 and 自治县 over 县.
_NAME_ENDS = tuple(
    sorted(
        (
            "自治区",
            "自治州",
            "自治县",
            "自治旗",
            "特别行政区",
            "地区",
            "省",
            "市",
            "州",
            "盟",
            "县",
            "区",
            "旗",
            "镇",
            "乡",
            "街道办事处",
            "街道",
            "办事处",
            "苏木",
            "人民政府",
            "办公室",
            "办公厅",
            "管理委员会",
            "委员会",
            "管委会",
            "局",
            "厅",
            "委",
            "署",
            "中心",
        ),
        key=len,
        reverse=True,
    )
)


def name_words(name: str) -> list[str]:
    """A 机关's name cut after each administrative unit or office (叶城县 / 白杨镇 / 人民政府).

    A unit word needs one character before it, so 镇江市 is one word and not 镇 / 江市; 人民政府 stays with its
    unit, since 白杨镇人民政府 names one 机关.
    """
    words: list[str] = []
    current = ""
    i = 0
    while i < len(name):
        end = next((e for e in _NAME_ENDS if _ends_word(name, i, e, current)), None)
        if end is None:
            current += name[i]
            i += 1
            continue
        if end == _GOVERNMENT and not current and words:
            words[-1] += end
        else:
            words.append(current + end)
        current = ""
        i += len(end)
    if current:
        words.append(current)
    return words


def _ends_word(name: str, i: int, end: str, current: str) -> bool:
    """Whether `end` at `i` closes a word: it has a character before it, and is no 州 of 苏州市 or 贵州省."""
    if not name.startswith(end, i) or len(current) + len(end) < 2:
        return False
    return not (end == "州" and name[i + 1 : i + 2] in ("市", "省"))


def title_words(title: str) -> list[str]:
    """The title cut where a line may end: between the name's words, after the year, after 政府信息公开."""
    match = _TITLE.fullmatch(title)
    if match is None:
        return [title] if title else []
    words = [*name_words(match["org"]), match["year"], *_REST_WORDS]
    if match["tail"]:
        words.append(match["tail"])
    return [w for w in words if w]


def _chunks(word: str, width: float) -> list[str]:
    """A word too long for one line, cut into pieces that fit (the only case a word is broken)."""
    pieces, current = [], ""
    for ch in word:
        if current and text_width(current + ch) > width:
            pieces.append(current)
            current = ""
        current += ch
    return [*pieces, current]


def title_lines(title: str, width: float = TITLE_LINE_CHARS) -> list[str]:
    """The title's lines: as few as fit `width` characters each, broken only between words, the longest line as
    short as it can be (balanced); between equally balanced layouts, the one whose first line ends with the
    机关's name, then the one whose lines grow longer downwards (梯形)."""
    words = [piece for word in title_words(title) for piece in _chunks(word, width)]
    if not words:
        return []
    org = _TITLE.fullmatch(title)
    org_end = len(name_words(org["org"])) if org is not None and org["org"] else -1
    fewest = math.ceil(text_width("".join(words)) / width)
    for count in range(fewest, min(len(words), _MOST_LINES) + 1):
        best: tuple[tuple[float, int, int], list[str]] | None = None
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = (0, *cuts, len(words))
            lines = ["".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
            widths = [text_width(line) for line in lines]
            if max(widths) > width:
                continue
            growing = sum(1 for a, b in itertools.pairwise(widths) if a > b)
            key = (max(widths), 0 if org_end in cuts else 1, growing)
            if best is None or key < best[0]:
                best = (key, lines)
        if best is not None:
            return best[1]
    return _filled(words, width)


def _filled(words: list[str], width: float) -> list[str]:
    """Lines filled word by word: for a title too long to weigh every layout (more than _MOST_LINES lines)."""
    lines = [""]
    for word in words:
        if lines[-1] and text_width(lines[-1] + word) > width:
            lines.append("")
        lines[-1] += word
    return lines
