"""The report title's lines (GB/T 9704 §7.3.1): hand-written titles and the lines a person would break them into."""

from __future__ import annotations

import docx
import pytest

from generator.docx.title import name_words, title_lines
from generator.pipeline import build

YEAR = "2024年"
REST = "政府信息公开工作年度报告"

# (机关全称, the title's lines): broken after the 机关's name or between words, the longest line as short as it can be.
LINES = [
    # One line: 3 + 3 + 12 characters fit the 19.5 a 二号 line holds.
    ("教育部", ["教育部2024年政府信息公开工作年度报告"]),
    # Two lines: 10 and 12 characters beat 7 and 15 (after the name) and 16 and 6 (after 政府信息公开).
    ("白杨镇人民政府", ["白杨镇人民政府2024年", "政府信息公开工作年度报告"]),
    ("叶城县白杨镇人民政府", ["叶城县白杨镇人民政府2024年", "政府信息公开工作年度报告"]),
    # 镇江 is a city, not a 镇: the name is one word.
    ("镇江市人民政府", ["镇江市人民政府2024年", "政府信息公开工作年度报告"]),
    # 15 and 15: the name fills the first line, the year opens the second.
    (
        "新疆维吾尔自治区喀什地区叶城县",
        ["新疆维吾尔自治区喀什地区叶城县", "2024年政府信息公开工作年度报告"],
    ),
    # Three lines of 12, 13 and 12: the name is broken between 喀什地区 and 叶城县, never inside a unit.
    (
        "新疆维吾尔自治区喀什地区叶城县白杨镇人民政府",
        ["新疆维吾尔自治区喀什地区", "叶城县白杨镇人民政府2024年", "政府信息公开工作年度报告"],
    ),
    # A department: the line ends after its name's units, 委员会 kept whole.
    (
        "苏州市发展和改革委员会",
        ["苏州市发展和改革委员会2024年", "政府信息公开工作年度报告"],
    ),
]


@pytest.mark.parametrize(("org", "lines"), LINES, ids=[org for org, _ in LINES])
def test_title_lines_of_hand_written_names(org: str, lines: list[str]) -> None:
    assert title_lines(f"{org}{YEAR}{REST}") == lines


@pytest.mark.parametrize(
    ("org", "words"),
    [
        ("叶城县白杨镇人民政府", ["叶城县", "白杨镇人民政府"]),
        ("新疆维吾尔自治区喀什地区叶城县", ["新疆维吾尔自治区", "喀什地区", "叶城县"]),
        ("镇江市人民政府", ["镇江市人民政府"]),
        ("江苏省苏州市昆山市人民政府", ["江苏省", "苏州市", "昆山市人民政府"]),  # 州 of 苏州市 ends no word
        ("贵州省黔东南苗族侗族自治州凯里市人民政府", ["贵州省", "黔东南苗族侗族自治州", "凯里市人民政府"]),
        ("济南市市中区人民政府", ["济南市", "市中区人民政府"]),
        ("上海市黄浦区南京东路街道办事处", ["上海市", "黄浦区", "南京东路街道办事处"]),
        ("阿巴嘎旗伊和高勒苏木人民政府", ["阿巴嘎旗", "伊和高勒苏木人民政府"]),
        ("国家税务总局", ["国家税务总局"]),
    ],
)
def test_a_name_is_cut_after_each_unit(org: str, words: list[str]) -> None:
    assert name_words(org) == words


# Names of every length, from a 机关 of three characters to one past what four lines hold.
LONG_NAMES = [
    "教育部",
    "叶城县白杨镇人民政府",
    "新疆维吾尔自治区喀什地区叶城县白杨镇人民政府",
    "新疆维吾尔自治区克孜勒苏柯尔克孜自治州阿图什市松他克乡人民政府",
    "内蒙古自治区锡林郭勒盟阿巴嘎旗伊和高勒苏木人民政府办公室信息公开中心",
    "某" * 45,  # no unit at all: the only case a word is cut, where it cannot fit a line
    "新疆维吾尔自治区喀什地区叶城县" * 4
    + "白杨镇人民政府",  # more lines than are weighed: filled word by word
]


@pytest.mark.parametrize("org", LONG_NAMES, ids=[f"{len(n)}字" for n in LONG_NAMES])
def test_every_title_keeps_its_text_its_width_and_its_last_words(org: str) -> None:
    title = f"{org}{YEAR}{REST}"
    lines = title_lines(title)
    assert "".join(lines) == title
    # A 二号 line holds 19.5 characters; an ASCII digit is half a character wide.
    assert all(sum(0.5 if ch.isascii() else 1 for ch in line) <= 19.5 for line in lines)
    # 信息公开, 工作 and 年度报告 are never broken: the title's end is 政府信息公开 / 工作年度报告 or one line.
    assert lines[-1].endswith(REST) or (lines[-2].endswith("政府信息公开") and lines[-1] == "工作年度报告")
    assert not any(line.endswith(("信息", "工作年度", "年度")) for line in lines)


def test_a_long_name_fills_the_lines_it_needs() -> None:
    org = "新疆维吾尔自治区喀什地区叶城县" * 4 + "白杨镇人民政府"
    assert title_lines(f"{org}{YEAR}{REST}") == [
        "新疆维吾尔自治区喀什地区叶城县",
        "新疆维吾尔自治区喀什地区叶城县",
        "新疆维吾尔自治区喀什地区叶城县",
        "新疆维吾尔自治区喀什地区叶城县",
        "白杨镇人民政府2024年政府信息公开",
        "工作年度报告",
    ]


def test_a_name_without_units_is_cut_only_where_a_line_is_full() -> None:
    assert title_lines("某" * 45 + YEAR + REST) == [
        "某" * 19,
        "某" * 19,
        "某" * 7,
        "2024年政府信息公开工作年度报告",
    ]


def test_the_report_prints_the_title_in_those_lines(make_workbook, tmp_path) -> None:
    workbook = make_workbook(org_name="新疆维吾尔自治区喀什地区叶城县白杨镇人民政府")
    report = build(workbook, tmp_path / "out").report
    title = docx.Document(str(report)).paragraphs[0]
    assert title.text.split("\n") == [
        "新疆维吾尔自治区喀什地区",
        "叶城县白杨镇人民政府2024年",
        "政府信息公开工作年度报告",
    ]
