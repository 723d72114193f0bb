"""The numbers Word puts before numbered paragraphs (一、 （一） 1. ①), which are in numbering.xml, not in the text.

A report whose headings use Word's automatic numbering shows "一、总体情况" while its text holds "总体情况" only.
Numbering() follows the paragraphs in document order, as Word counts them: one counter per list and level, a level
restarting when a level above it moves on; a paragraph's number comes from its own w:numPr or its style's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .ooxml import W as _W
from .ooxml import parse

_DIGITS = "〇一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
MAX_STYLE_DEPTH = 20  # styles based on styles: Word's own chains are two or three deep; a loop stops here


@dataclass(frozen=True)
class Level:
    """One level of a list: how its number is written (w:numFmt), around what text (w:lvlText), from what start."""

    fmt: str
    text: str
    start: int
    suffix: str  # what follows the number: a tab and a space show as a space


def chinese(n: int) -> str:
    """n in Chinese numerals as Word's chineseCounting writes it: 十, 十一, 二十, 一百零五."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, unit)
        if digit:
            out += ("" if unit == 10 and not out and digit == 1 else _DIGITS[digit]) + name
        elif out and n:
            out += "" if out.endswith("零") else "零"
    return out + (_DIGITS[n] if n else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
    ):
        out, n = out + letters * (n // value), n % value
    for value, letters in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        out, n = out + letters * (n // value), n % value
    return out


def written(n: int, fmt: str) -> str:
    """A counter as a number format writes it."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting"):
        return chinese(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _STEMS[n - 1]
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    return str(n)


def _int(value: str | None, default: int = 0) -> int:
    return int(value) if value and value.isdigit() and len(value) < 6 else default


def _val(element: Any, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.get(_W + "val")


class Numbering:
    """The lists of a document (numbering.xml) and its paragraph styles' numbering (styles.xml), and the counters."""

    def __init__(self, numbering: bytes | None, styles: bytes | None) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[
            str, tuple[str, dict[int, int]]
        ] = {}  # numId → (abstractNumId, level → start override)
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}  # id → (numId, ilvl, basedOn)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            self._lists(parse(numbering))
        if styles is not None:
            for style in parse(styles).iter(_W + "style"):
                num_id, ilvl = (
                    _val(style, f"{_W}pPr/{_W}numPr/{_W}numId"),
                    _val(style, f"{_W}pPr/{_W}numPr/{_W}ilvl"),
                )
                self.styles[style.get(_W + "styleId", "")] = (num_id, ilvl, _val(style, _W + "basedOn"))

    def _lists(self, root: Any) -> None:
        for abstract in root.iter(_W + "abstractNum"):
            levels = {}
            for lvl in abstract.iter(_W + "lvl"):
                levels[_int(lvl.get(_W + "ilvl"))] = Level(
                    _val(lvl, _W + "numFmt") or "decimal",
                    _val(lvl, _W + "lvlText") or "",
                    _int(_val(lvl, _W + "start"), 1),
                    _val(lvl, _W + "suff") or "tab",
                )
            self.abstract[abstract.get(_W + "abstractNumId", "")] = levels
        for num in root.iter(_W + "num"):
            overrides = {
                _int(o.get(_W + "ilvl")): _int(_val(o, _W + "startOverride"), 1)
                for o in num.iter(_W + "lvlOverride")
                if o.find(_W + "startOverride") is not None
            }
            self.nums[num.get(_W + "numId", "")] = (_val(num, _W + "abstractNumId") or "", overrides)

    def _num_pr(self, p: Any) -> tuple[str | None, int]:
        """The list and level of a paragraph: its own w:numPr, else its style's (and the styles it is based on)."""
        num_id, ilvl = _val(p, f"{_W}pPr/{_W}numPr/{_W}numId"), _val(p, f"{_W}pPr/{_W}numPr/{_W}ilvl")
        style = _val(p, f"{_W}pPr/{_W}pStyle")
        for _ in range(MAX_STYLE_DEPTH):
            if num_id is not None or style is None or style not in self.styles:
                break
            num_id, style_ilvl, style = self.styles[style]
            ilvl = ilvl if ilvl is not None else style_ilvl
        return num_id, _int(ilvl)

    def label(self, p: Any) -> str:
        """The number Word shows before paragraph p ("" for none), counting it."""
        num_id, ilvl = self._num_pr(p)
        if num_id is None or num_id not in self.nums:
            return ""  # numId 0, or no list: not numbered
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:  # a list instance with its own start begins again from it
            self.started.add(num_id)
            for at, start in overrides.items():
                counters[at] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""  # a bullet is a mark, not text of the report
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                shown = levels.get(k, level)
                text = text.replace(f"%{k + 1}", written(counters.get(k, shown.start), shown.fmt))
        # Word's tab or space after "1" or "A" shows as a space; after "一、" or "（一）" it is only more room
        return text + (
            " " if level.suffix in ("tab", "space") and text[-1:].isalnum() and text[-1:].isascii() else ""
        )
