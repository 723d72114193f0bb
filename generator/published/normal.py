"""Text as the readers compare it: the same label however a report typed or a medium extracted it."""

from __future__ import annotations

import re
import unicodedata

# Every kind of space and line break, and the zero-width characters web pages and PDFs leave in text.
_SPACE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")
# Text extraction puts a space between CJK and digits or Latin letters ("2024 年"): the space is not the report's.
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_CJK})[ \t\u00a0]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])[ \t\u00a0]+(?={_CJK})")


def squeezed(text: str) -> str:
    """A label to compare: NFKC (full-width brackets, digits and letters as ASCII), no spaces or line breaks."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def tidy(text: str) -> str:
    """Running text as the report printed it: no space between CJK and digits, runs of spaces as one."""
    text = _CJK_GAP.sub("", text.replace("\u00a0", " "))
    return re.sub(r"[ \t]{2,}", " ", text).strip(" \t\u3000")
