"""The labels of tables 二, 三 and 四 as printed reports type them, matched to the official ones of schema.py.

A label is compared by its core: squeezed (normal.squeezed), without its numbering (（一）, 一、, 1., 1、) and
without punctuation, so 2.其他法律行政法规禁止公开 and “2、其他法律行政法规禁止公开。” are one label. A core that is not
an official one exactly is still that label when it is unmistakably close to one and to no other: a typo
(本年度止件数), a word left out or added (规范性文件, 现行有效文件数), extra words after it (…（单位：万元，保留4位
小数）), or its beginning when a copy broke it over lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Generic, TypeVar

from .normal import squeezed

T = TypeVar("T")

_NUMERAL = "一二三四五六七八九十"
# Numbering at the start of a label: 一、 （一） (1) 1. 1、 1．(NFKC makes the full-width ones ASCII first).
_LEADING = re.compile(rf"^(?:[{_NUMERAL}]+[、.]|\([{_NUMERAL}\d]+\)|\d+[、.](?!\d))")
_INNER = re.compile(rf"(?<!第)\([{_NUMERAL}]+\)")
# Letters, digits and CJK stay; punctuation, quotes, brackets and symbols go.
_NOT_WORD = re.compile(r"[^0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]+")

CACHE = 4096  # labels remembered, at most
CLOSE = 0.8  # how alike a typed label must be to an official one (difflib's ratio)
MARGIN = 0.1  # ... and how much more alike than to any other
PREFIX = 5  # the fewest characters of a label broken over lines that still name it
SHORT = 4  # the fewest characters a label needs to be matched despite a typo
CONTAINED = 4  # the fewest characters of an official label found inside a longer printed one

# A value printed in a number's place: digits, or a sign meaning none (—, /, O for 0, 无).
VALUE = re.compile(r"^(?:\d[\d,]*(?:\.\d+)?|[—–\-－―/／\\Oo〇○×无]+)$")


def core(text: str) -> str:
    """What a label says: squeezed, without numbering or punctuation."""
    text = squeezed(text)
    for _ in range(3):
        stripped = _LEADING.sub("", text)
        if stripped == text:
            break
        text = stripped
    return _NOT_WORD.sub("", _INNER.sub("", text))


def numbered(text: str) -> bool:
    """Whether a label starts with its numbering (（七）总计, 3.其他): a row's label, not a column's."""
    return bool(_LEADING.match(squeezed(text)))


def is_value(text: str) -> bool:
    """Whether a cell's text is printed in a number's place (a number, or a sign for none)."""
    return bool(VALUE.match(squeezed(text)))


class Labels(Generic[T]):
    """Official labels (and the variants reports print) → what each names."""

    def __init__(self, labels: Iterable[tuple[str, T]]) -> None:
        self.by_core: dict[str, T] = {}
        self.cache: dict[str, T | None] = {}  # a report repeats its labels: each is compared once
        for label, name in labels:
            self.by_core.setdefault(core(label), name)

    def exact(self, text: str) -> bool:
        """Whether the printed label is one of these exactly, numbering and punctuation aside."""
        return core(text) in self.by_core

    def match(self, text: str) -> T | None:
        """What the printed label names, or None when it is no label of these, or could be more than one."""
        found = core(text)
        if found in self.cache:
            return self.cache[found]
        name = self._match(found)
        if len(self.cache) >= CACHE:
            self.cache.clear()
        self.cache[found] = name
        return name

    def _match(self, found: str) -> T | None:
        if not found or not self.by_core:
            return None
        if found in self.by_core:
            return self.by_core[found]
        longest = max(len(c) for c in self.by_core)
        if len(found) > 3 * longest + 10:
            return None  # running text, not a label
        return self._close(found) or self._prefix(found) or self._contains(found)

    def _close(self, found: str) -> T | None:
        # Two or three characters are too few to tell a typo from another word (其他结 is not 其他).
        scores = {c: _ratio(found, c) for c in self.by_core if min(len(c), len(found)) >= SHORT}
        if not scores:
            return None
        label = max(scores, key=lambda c: (scores[c], c))
        name = self.by_core[label]
        # Two variants of one label (规范性文件, 行政规范性文件) may both be close: only another label competes.
        runner_up = max((s for c, s in scores.items() if self.by_core[c] != name), default=0.0)
        if scores[label] >= CLOSE and scores[label] - runner_up >= MARGIN:
            return name
        return None

    def _prefix(self, found: str) -> T | None:
        if len(found) < PREFIX:
            return None
        names = {self.by_core[c] for c in self.by_core if c.startswith(found)}
        return names.pop() if len(names) == 1 else None

    def _contains(self, found: str) -> T | None:
        inside = [c for c in self.by_core if len(c) >= CONTAINED and c in found]
        if not inside:
            return None
        longest = max(len(c) for c in inside)
        names = {self.by_core[c] for c in inside if len(c) == longest}
        return names.pop() if len(names) == 1 else None


def _ratio(found: str, label: str) -> float:
    """difflib's ratio, or 0 when its cheap upper bounds already show the two too unlike to matter.

    A label below CLOSE − MARGIN can neither match nor be the runner-up that makes a match ambiguous.
    """
    matcher = SequenceMatcher(None, found, label, autojunk=False)
    if matcher.real_quick_ratio() < CLOSE - MARGIN or matcher.quick_ratio() < CLOSE - MARGIN:
        return 0.0
    return matcher.ratio()
