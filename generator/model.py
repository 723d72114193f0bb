"""The report's data as read from a workbook, and the pure rules that turn raw cell values into it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .errors import Finding

Value = int | Decimal | str

# C0 controls except tab and line breaks, DEL and C1 controls; lone surrogates and the two non-characters XML
# cannot hold.
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A vertical tab is what Word's Shift+Enter line break becomes when pasted into a cell.
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b")
# Excel, WPS and LibreOffice store characters XML cannot hold as _xHHHH_ escapes.
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Full-width digits, signs, point and spaces a clerk may type in a number cell, as ASCII.
_NUMBER_CHARS = str.maketrans("０１２３４５６７８９＋．，\u3000", "0123456789+., ")
_SPACES = " \t\u3000\u00a0"
# Put before each paragraph gigen wrote itself, so the report can highlight it; a private-use character no clerk
# types (and stripped from whatever a clerk did type).
GENERATED_MARK = "\ue000"
# Put in the title of each aspect of 一 when one is left out: finish.py drops the paragraph holding OMITTED_MARK and
# renumbers the （一）…（五） before each SHOWN_MARK, so the sub-headings printed count on without a gap.
OMITTED_MARK = "\ue001"
SHOWN_MARK = "\ue002"
_MARKS = str.maketrans("", "", GENERATED_MARK + OMITTED_MARK + SHOWN_MARK)


def paragraphs(text: str) -> list[str]:
    """Split a cell's text into paragraphs: one per line, control characters dropped, blank lines gone."""
    result = []
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    # Two escapes may spell one character beyond U+FFFF (an emoji) as a surrogate pair: join them.
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    for line in _LINE_BREAK.split(text):
        line = _CONTROL.sub("", line.replace("\t", " ").translate(_MARKS)).strip(_SPACES)
        if line:
            result.append(line)
    return result


def unmarked(text: str) -> str:
    """Text without gigen's private marks (a clerk cannot type them into the report)."""
    return text.translate(_MARKS)


def text_width(text: str) -> float:
    """Width in Chinese characters: CJK and full-width count 1, ASCII digits and letters ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def clean_text(text: str) -> str:
    """The cell's text as gigen keeps it: its paragraphs joined by single line breaks."""
    return "\n".join(paragraphs(text))


def _normalized(raw: str) -> str:
    """A number typed as text, in ASCII, without surrounding spaces or thousands separators (1,024)."""
    text = raw.translate(_NUMBER_CHARS).strip(_SPACES)
    if re.fullmatch(r"\+?\d{1,3}(,\d{3})+(\.\d*)?", text):
        text = text.replace(",", "")
    return text


def shown(raw: object) -> str:
    """A raw cell value as a user would recognise it in a message."""
    text = ("TRUE" if raw else "FALSE") if isinstance(raw, bool) else str(raw).strip()
    return text if len(text) <= 20 else text[:20] + "…"


def parse_count(raw: object) -> int | None:
    """A whole number ≥ 0, from a number or from text such as ' １２ '; None when it is not one. Blank is 0."""
    if raw is None:
        return 0
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    if isinstance(raw, float):
        return int(raw) if raw >= 0 and raw.is_integer() else None
    if isinstance(raw, str):
        text = _normalized(raw)
        if text == "":
            return 0
        if len(text) > LONGEST_COUNT:  # int() refuses 4,301 digits or more; no count has a tenth as many
            return None
        if re.fullmatch(r"\+?\d+", text):
            return int(text)
        if re.fullmatch(r"\+?\d+\.0*", text):
            return int(text.split(".")[0])
    return None


LONGEST_COUNT = 40  # characters of a count typed as text that are read at all: far past any plausible count


def too_long(raw: object) -> bool:
    """Whether a cell holds a whole number with more digits than parse_count reads (which says only "no count")."""
    return (
        isinstance(raw, str)
        and len(raw) > LONGEST_COUNT
        and re.fullmatch(r"\+?\d+(\.0*)?", _normalized(raw)) is not None
    )


def parse_money(raw: object) -> Decimal | None:
    """A decimal ≥ 0 exactly as typed (7730.28 stays 7730.28); None when it is not one. Blank is 0."""
    if raw is None:
        return Decimal(0)
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        # repr() of a float is the shortest text that reads back as it: what the user typed.
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    elif isinstance(raw, str):
        text = _normalized(raw)
        if text == "":
            return Decimal(0)
        if not re.fullmatch(r"\+?(\d+(\.\d*)?|\.\d+)", text):
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    return value if value.is_finite() and value >= 0 else None


def format_money(value: Decimal) -> str:
    """Money as printed: 0 for zero, otherwise the digits as typed, never in exponent form."""
    if value == 0:
        return "0"
    text = format(value, "f")
    return text


def format_date(value: dt.date) -> str:
    """A date as GB/T 9704 writes it: 2025年1月26日 (full year, no padding)."""
    return f"{value.year}年{value.month}月{value.day}日"


def parse_year(raw: object) -> int | None:
    """A report year between 2000 and 2100, typed as a number or text; None otherwise."""
    if isinstance(raw, str):
        raw = _normalized(raw).removesuffix("年")
    number = parse_count(raw)
    return number if number is not None and 2000 <= number <= 2100 else None


@dataclass(frozen=True)
class ReportData:
    """One township's report as read from its workbook: values by key, and where each key was found."""

    source: str
    values: Mapping[str, Value]
    locations: Mapping[str, str] = field(default_factory=dict)  # key → 表三!D7
    blank: frozenset[str] = frozenset()  # keys whose cell was empty
    findings: tuple[Finding, ...] = ()
    invalid: frozenset[str] = frozenset()  # keys whose cell could not be read (a finding says why); read as 0
    generated: frozenset[str] = (
        frozenset()
    )  # narrative keys gigen wrote itself (standard.py), marked in the report
    copied: frozenset[str] = frozenset()  # text keys still holding, unchanged, what `new --previous` copied
    # aspects of 一 left blank that the intro covers: their sub-heading is left out
    omitted: frozenset[str] = frozenset()

    def count(self, key: str) -> int:
        value = self.values[key]
        assert isinstance(value, int)
        return value

    def total(self, keys: Iterable[str]) -> int:
        """The sum of several counts: 行政诉讼 is both its groups, 不予公开 its eight rows."""
        return sum(self.count(key) for key in keys)

    def money(self, key: str) -> Decimal:
        value = self.values[key]
        assert isinstance(value, Decimal)
        return value

    def text(self, key: str) -> str:
        value = self.values[key]
        return value if isinstance(value, str) else str(value)
