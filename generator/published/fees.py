"""The 信息处理费 as 六 of a published report states it: notices sent (a count) and the amount collected (元).

A statement is read from a sentence that names the 处理费, its 收费通知 or a 公开…收费/费用, by its words only:
- a count of 收费通知 ("发出收费通知3件", "收费通知书0件"), or "未发出…收费通知" for 0;
- an amount collected ("收取信息处理费380元", "共计0.038万元" in 元), or a denial for 0: 未收取, 没有产生, 不存在收取,
  没有发生…收费. A fee that never arose, or was not collected, had no notice either unless a count says otherwise
  (a notice is how a fee is charged); 未发出收费通知 likewise means nothing was collected.
An amount without a count of notices (or the reverse) leaves the other cell blank, with a warning; gigen's own
statement (schema.FEE_*), as a report it built prints it, is recognised whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .. import schema
from .prose import Line

_ABOUT_FEES = re.compile(r"处理费|收费通知|公开[^。；，,]{0,6}(?:收费|费用)")
_SENTENCE = re.compile(r"(?<=[。；;！!])")
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_NOTICES = (
    re.compile(r"收费通知[书单]?[^。；，,\d]{0,8}?(\d+)件"),
    re.compile(r"(\d+)件[^。；，,\d]{0,8}?收费通知"),
)
_NO_NOTICES = re.compile(r"(?:未|没有|无|不存在)[^。；，,\d]{0,10}收费通知")
_AMOUNT = re.compile(rf"(?:收取|收缴|收费|共计|合计|金额|处理费)[^。；，,\d]{{0,20}}?{_NUMBER}(万?)元(?!/)")
_NO_AMOUNT = re.compile(r"(?:未|没有|无|不存在|不涉及)[^。；，,\d]{0,10}(?:收取|收缴|收费(?!通知)|产生|发生)")


def _statement(template: str) -> re.Pattern[str]:
    pattern = re.escape(template)
    for name in ("notices", "amount"):
        pattern = pattern.replace(re.escape("{" + name + "}"), r"[\d.]+")
    return re.compile(pattern)


_OWN = tuple(_statement(t) for t in (schema.FEE_NONE, schema.FEE_NOTICES_ONLY, schema.FEE_COLLECTED))


def is_own_statement(text: str) -> bool:
    """Whether a paragraph is the statement gigen prints from the two fee cells (a report it built)."""
    return any(pattern.fullmatch(text) for pattern in _OWN)


@dataclass(frozen=True)
class Fees:
    """What 六 states of the 信息处理费 (None where it says nothing), and where it says it."""

    notices: int | None
    collected: Decimal | None
    place: str


def _notices(sentence: str) -> int | None:
    for pattern in _NOTICES:
        found = pattern.search(sentence)
        if found:
            return int(found.group(1))
    return 0 if _NO_NOTICES.search(sentence) else None


def _collected(sentence: str) -> Decimal | None:
    found = _AMOUNT.search(sentence)
    if found:
        amount = Decimal(found.group(1).replace(",", ""))
        if found.group(2):  # 万元 in 元, without the trailing zeros the multiplication leaves (0.038 → 380)
            amount = amount.scaleb(4)
            return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount
        return amount
    return Decimal(0) if _NO_AMOUNT.search(sentence) else None


def read(lines: list[Line]) -> Fees | None:
    """The fees 六's lines state; None when no sentence speaks of them."""
    notices: int | None = None
    collected: Decimal | None = None
    place = ""
    for line in lines:
        for sentence in _SENTENCE.split(line.text):
            if not _ABOUT_FEES.search(sentence):
                continue
            place = place or line.place
            if notices is None:
                notices = _notices(sentence)
            if collected is None:
                collected = _collected(sentence)
    if not place:
        return None
    if notices is None and collected == 0:
        notices = 0
    if collected is None and notices == 0:
        collected = Decimal(0)
    return Fees(notices, collected, place)
