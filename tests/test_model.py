"""The pure value rules: numbers a clerk types, money as typed, text split into paragraphs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator.model import (
    GENERATED_MARK,
    ReportData,
    clean_text,
    format_date,
    format_money,
    paragraphs,
    parse_count,
    parse_money,
    parse_year,
    shown,
    text_width,
    too_long,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("一段", ["一段"]),
        ("甲\n乙", ["甲", "乙"]),
        ("甲\r\n\r\n乙\r丙", ["甲", "乙", "丙"]),
        ("甲_x000D_\n乙", ["甲", "乙"]),
        ("响铃_x0007_删除_x001b_结束", ["响铃删除结束"]),
        ("第一行_x000b_第二行\x0b第三行_x000c_", ["第一行", "第二行", "第三行"]),
        ("\u3000\u3000首行缩进的段落", ["首行缩进的段落"]),
        ("响铃\x07退格\x08换页\x0c删除\x7f结束", ["响铃退格换页删除结束"]),
        ("甲\u2028乙\u2029丙", ["甲", "乙", "丙"]),
        ("制表\t符", ["制表 符"]),
        ("&<>“”‘’\"'《》〔〕", ["&<>“”‘’\"'《》〔〕"]),
        ("  \n \u3000 \n", []),
        ("笑脸_xD83D__xDE00_。", ["笑脸😀。"]),  # an emoji stored as two escapes (a surrogate pair)
        ("孤_xD83D_立_xFFFF_字", ["孤立字"]),  # what XML cannot hold is dropped, not passed on to Word
        (
            GENERATED_MARK + "程序写的段落",
            ["程序写的段落"],
        ),  # the mark of gigen's own text is never a clerk's
    ],
)
def test_paragraphs(raw, expected):
    assert paragraphs(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 0),
        (0, 0),
        (3, 3),
        (3.0, 3),
        ("", 0),
        (" 12 ", 12),
        ("１２", 12),
        ("\u300012\u3000", 12),
        ("007", 7),
        (-1, None),
        (1.5, None),
        ("1.5", None),
        ("/", None),
        ("无", None),
        ("O", None),
        (True, None),
        ("-2", None),
        ("1e3", None),
        (dt.date(2024, 1, 1), None),
        ("1,024", 1024),
        ("12,5", None),
        ("３，５", None),
        (",5", None),
        ("²", None),
        ("1,02", None),
        (0.0, 0),
        (-1.0, None),
        ("+12", 12),
        ("3.00", 3),
        ("3.", 3),
        ("　", 0),
        ("1" + "0" * 39, 10**39),  # 40 characters: still read
        ("1" + "0" * 40, None),  # 41: past any count, not handed to int()
    ],
)
def test_parse_count(raw, expected):
    assert parse_count(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, "0"),
        (7730.28, "7730.28"),
        (0.1, "0.1"),
        (1.2345, "1.2345"),
        (5, "5"),
        ("３.５", "3.5"),
        (".5", "0.5"),
        ("0.00", "0.00"),
        (-0.1, None),
        ("一万", None),
        ("1e5", None),
        (float("nan"), None),
        (False, None),
        (0, "0"),
        (0.0, "0.0"),
        ("", "0"),
        ("　", "0"),
        ("+5", "5"),
        ("5.", "5"),
        ("1,024.5", "1024.5"),
        (float("inf"), None),
        ("-3", None),
    ],
)
def test_parse_money(raw, expected):
    value = parse_money(raw)
    assert (None if value is None else str(value)) == expected


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("7730.28"), "7730.28"),
        (Decimal("0"), "0"),
        (Decimal("0.00"), "0"),
        (Decimal("1E+1"), "10"),
        (Decimal("0.0001"), "0.0001"),
        (Decimal("1"), "1"),
    ],
)
def test_format_money(value, printed):
    assert format_money(value) == printed


def test_format_date():
    assert format_date(dt.date(2025, 1, 6)) == "2025年1月6日"


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        (2024, 2024),
        ("2024", 2024),
        ("２０２４年", 2024),
        ("2024年", 2024),
        (24, None),
        ("明年", None),
        (None, None),
        (2000, 2000),
        (2100, 2100),
        (1999, None),
        (2101, None),
    ],
)
def test_parse_year(raw, year):
    assert parse_year(raw) == year


@pytest.mark.parametrize(
    ("text", "width"),
    [("", 0), ("白杨镇", 3), ("2024年", 3), ("ab", 1), ("ＡＢ", 2), ("〔2020〕", 4)],
)
def test_text_width_counts_chinese_and_full_width_as_one_and_ascii_as_half(text, width):
    assert text_width(text) == width


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (True, "TRUE"),
        (False, "FALSE"),
        ("  无 ", "无"),
        (3.5, "3.5"),
        ("一" * 20, "一" * 20),
        ("一" * 21, "一" * 20 + "…"),
    ],
)
def test_a_value_is_shown_as_typed_and_cut_after_twenty_characters(raw, text):
    assert shown(raw) == text


@pytest.mark.parametrize(
    ("raw", "long"),
    [
        ("1" * 41, True),
        ("１" * 41, True),
        ("+" + "1" * 40, True),
        ("1" * 40 + ".00", True),
        ("1" * 40, False),
        ("a" * 41, False),
        (10**50, False),
    ],
)
def test_too_long_is_a_whole_number_with_more_digits_than_are_read(raw, long):
    assert too_long(raw) is long


def test_clean_text_keeps_one_line_per_paragraph():
    assert clean_text("  甲\n\n\u3000乙 \r\n") == "甲\n乙"


def test_report_data_reads_counts_amounts_and_text():
    data = ReportData("x.xlsx", {"a": 2, "b": 3, "m": Decimal("1.50"), "t": "文字"})
    assert (data.count("a"), data.total(["a", "b"]), data.money("m")) == (2, 5, Decimal("1.50"))
    assert (data.text("t"), data.text("m"), data.text("a")) == ("文字", "1.50", "2")
