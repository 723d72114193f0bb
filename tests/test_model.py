"""The pure value rules: numbers a clerk types, money as typed, text split into paragraphs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator.model import format_date, format_money, paragraphs, parse_count, parse_money, parse_year


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
    ],
)
def test_format_money(value, printed):
    assert format_money(value) == printed


def test_format_date():
    assert format_date(dt.date(2025, 1, 6)) == "2025年1月6日"


@pytest.mark.parametrize(
    ("raw", "year"),
    [(2024, 2024), ("2024", 2024), ("２０２４年", 2024), (24, None), ("明年", None), (None, None)],
)
def test_parse_year(raw, year):
    assert parse_year(raw) == year
