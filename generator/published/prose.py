"""The running text of a Document as the narrative reads it: one Line per printed paragraph.

Markup a web page or a converter left (markdown marks, bold stars, list bullets, Word's bookmark names), page
numbers and running headers are not the report's text and are dropped. Within a section (never across its
heading, the title or the signature, found first), a paragraph a page break split in two is joined again, by one
rule that is safe because both halves must say so: the first half ends in the middle of a sentence (a character,
a digit, a comma, an opening bracket: no full stop, colon or semicolon), neither half is a short unpunctuated line
(a sub-heading or signature: at most SPLIT_HALF characters), and the second half does not open with a heading's
or a list's number (二、 （三） 一是 1.). Nothing separates them but page furniture: no table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .. import schema
from .document import Document, Paragraph
from .normal import squeezed, tidy

# What markdown and converters leave: heading marks and list bullets at the start, bold or italic marks anywhere,
# the names of Word's bookmarks ("[bookmark: _GoBack]").
_LEADING_MARKS = re.compile(r"^(?:\s*(?:#{1,6}|[-*+•·]|>)\s+)+")
_EMPHASIS = re.compile(r"\*\*|__")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
# CJK characters and punctuation: a space beside one is the extraction's, never the report's (规范, 负责 → 规范,负责).
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
_CJK_SPACE = re.compile(rf"(?<={_CJK})[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?={_CJK})")
# A page number as GB/T 9704 prints it (— 3 —), as other templates do (- 3 -, 第3页, 第3页 共6页, 3/6), or alone.
_PAGE_NUMBER = re.compile(r"[-—–－~]*\d{1,3}[-—–－~]*|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3}")
# The head of every page of a draft gigen built (its tables are read, its marks are not text).
_DRAFT_MARK = re.compile(
    re.escape(re.sub(r"\s", "", schema.DRAFT_MARK)).replace(re.escape("{errors}"), r"\d+")
)
# Where a sentence may go on: a character, a digit or letter, a comma, an enumeration comma, an opening bracket.
_GOES_ON = re.compile(r"(?:[\u3400-\u9fff0-9A-Za-z，、,（(《“‘]|(?<![。！？!?；;])[》”’）)])$")
# How a heading or list item opens: 二、 （三） (3) 一是 1. 1、 第一，
NUMBERED = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．是]|\d{1,2}[、.．]|"
    r"第[一二三四五六七八九十]{1,3}[，、,])"
)
# How a sub-heading opens: （三） 二、 1. (a list's 一是 and 第一， do not)
SUB_HEADING = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．])"
)
SENTENCE_MARKS = re.compile(r"[，。；：,;:！？!?]")
_BRACKETS = (
    ("（", "）"),
    ("(", ")"),
    ("【", "】"),
    ("《", "》"),
)  # quotation marks are too often left unclosed to rely on
TITLE_AREA = 15  # the title stands among the first lines
CLOSING = 2  # and the signature and date are the last
SHORT = 30  # a title, heading, sub-heading or signature line is at most this long
# A half of a paragraph split by a page break is at least most of a line (28 characters in 公文, 26 after the
# indent); a shorter line without punctuation is a sub-heading or signature, never joined.
SPLIT_HALF = 20


@dataclass(frozen=True)
class Line:
    """One paragraph of running text, cleaned, with the place of its (first) paragraph."""

    text: str
    place: str
    after_table: bool = False  # a table stands between this line and the one before


def clean(text: str) -> str:
    """A paragraph's text as printed: one line, no markup left-overs, no extraction spaces."""
    text = "".join(part.strip() for part in text.splitlines())
    text = _BOOKMARK.sub("", _EMPHASIS.sub("", text))
    text = _LEADING_MARKS.sub("", text)
    return _CJK_SPACE.sub("", tidy(text))


def is_page_number(text: str) -> bool:
    """Whether a paragraph is only a page number."""
    return bool(_PAGE_NUMBER.fullmatch(squeezed(text)))


def heading_like(text: str, longest: int = SHORT) -> bool:
    """A short line without a sentence's punctuation: a title, a heading, a sub-heading, a signature."""
    return len(text) <= longest and not SENTENCE_MARKS.search(text)


def lines(document: Document) -> list[Line]:
    """The document's paragraphs as Lines without page numbers (running headers: without_running_headers; page-break
    splits are joined per section: joined)."""
    found: list[Line] = []
    table = False
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            table = True
            continue
        text = clean(block.text)
        if text and not is_page_number(text) and not _DRAFT_MARK.fullmatch(text):
            found.append(Line(text, block.place, table))
            table = False
    return found


def without_running_headers(found: list[Line], body: int) -> list[Line]:
    """Without a short line printed again and again (the title or the 机关 at the head of each page).

    Before the body (line `body` on) its first printing stays, since it may be the title or its 机关 line; at the
    very end its last, since it may be the signature.
    """
    counts = Counter(line.text for line in found)
    repeated = {text for text, n in counts.items() if n > 1 and len(text) >= 6 and heading_like(text)}
    kept, seen = [], set()
    for n, line in enumerate(found):
        first = n < body and line.text not in seen
        if line.text in repeated and not first and n < len(found) - CLOSING:
            continue
        seen.add(line.text)
        kept.append(line)
    return kept


def _unclosed(text: str) -> bool:
    """Whether a bracket opens and does not close: what follows is still inside it."""
    return any(text.count(left) > text.count(right) for left, right in _BRACKETS)


def continues(first: str, second: Line) -> bool:
    """Whether the second line is the rest of the first, split by a page break (the module's rule)."""
    if _unclosed(first):
        return not second.after_table and not NUMBERED.match(second.text)
    return (
        not second.after_table
        and bool(_GOES_ON.search(first))
        and not heading_like(first, SPLIT_HALF)
        and not (SUB_HEADING.match(first) and heading_like(first))  # a numbered sub-heading on its own line
        and not heading_like(second.text, SPLIT_HALF)
        and not NUMBERED.match(second.text)
    )


def joined(found: list[Line]) -> list[Line]:
    """A section's lines with each paragraph a page break split made whole again (the module's rule)."""
    result: list[Line] = []
    for line in found:
        if result and continues(result[-1].text, line):
            last = result[-1]
            result[-1] = Line(last.text + line.text, last.place, last.after_table)
        else:
            result.append(line)
    return result
