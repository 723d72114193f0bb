"""Reading numbers and sentences out of the clerk's narrative text. Pure functions, used by the checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A count as a report writes it: 162, or 一百六十二, 两.
NUMBER = r"(?:\d+|[零〇一二两三四五六七八九十百千]+)"
_SENTENCE_END = re.compile(r"(?<=[。！？；;!?])")
_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def number(text: str) -> int | None:
    """162 or 一百六十二 → 162; None for anything else (九九, 十十)."""
    if text.isdigit():
        return int(text)
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and digit != 0:
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    return total + (digit or 0)


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut after each 。！？；, the end mark kept with its sentence."""
    return [s for s in _SENTENCE_END.split(paragraph) if s.strip()]


_CLAUSE_MARKS = "，,；;。：:！？!?"


def excerpt(sentence: str, start: int, end: int, before: int = 14) -> str:
    """The matched words and what leads up to them in their clause (at most `before` characters), as quoted."""
    begin = max(0, start - before, *(sentence.rfind(mark, 0, start) + 1 for mark in _CLAUSE_MARKS))
    return ("…" if begin > 0 and sentence[begin - 1] not in _CLAUSE_MARKS else "") + sentence[begin:end]


@dataclass(frozen=True)
class Stated:
    """A number the text states, with the words it stands in."""

    value: int
    quote: str
