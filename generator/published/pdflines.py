"""A PDF's lines made paragraphs again, in reading order with its tables; running headers and page numbers left out.

A PDF knows lines, not paragraphs. A new paragraph starts where a report's typesetting shows one: a first-line
indent, a line before it that stops short of the right margin, a larger gap, another size of type, or a heading
(一、… or （一）…). Centred lines of one size (a title over two lines) stay one paragraph, and so does a paragraph
running on to the next page. Pure: pdf.py reads the file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .document import Block, Paragraph, Table
from .normal import tidy

# A page number as reports print it: "— 3 —", "- 3 -", "3", "第 3 页", "第3页 共6页", "3/6", "Page 3".
PAGE_NUMBER = re.compile(
    r"^[-—–－一_~·\s]*\d{1,4}[-—–－一_~·\s]*$|^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$"
    r"|^\d+\s*/\s*\d+$|^[Pp]age\s*\d+(\s*of\s*\d+)?$"
)
# The top and bottom of a page (as a share of its height), where running headers and footers stand.
MARGIN = 0.12
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
# Text extraction puts a space where two characters stand further apart than usual (a justified line): inside a
# run of Chinese such a space is the typesetting's, never the report's.
_CJK_SPACE = re.compile(rf"(?<={_CJK})[ \t\u00a0\u3000]+(?={_CJK})")


@dataclass(frozen=True)
class Line:
    """One line of text as drawn: its text, its box (points from the page's top left) and its size of type."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class PageText:
    """One page as read: the lines outside its tables, and its tables by their tops."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    tables: tuple[tuple[float, Table], ...]


@dataclass(frozen=True)
class Body:
    """The body text's measures: its left and right margins, its size of type and the distance of its lines."""

    left: float
    right: float
    size: float
    pitch: float

    @classmethod
    def of(cls, pages: Sequence[PageText]) -> Body:
        """The measures of the commonest size of type: margins where nine lines in ten begin and end."""
        lines = [line for page in pages for line in page.lines]
        size = Counter(round(line.size) for line in lines).most_common(1)[0][0] if lines else 12
        body = [line for line in lines if round(line.size) == size] or lines
        x0s = sorted(line.x0 for line in body) or [0.0]
        x1s = sorted(line.x1 for line in body) or [0.0]
        steps = Counter(
            round(b.top - a.top)
            for page in pages
            for a, b in zip(page.lines, page.lines[1:], strict=False)
            if round(a.size) == round(b.size) == size and b.top > a.top
        )
        pitch = steps.most_common(1)[0][0] if steps else size * 1.8
        return cls(x0s[len(x0s) // 10], x1s[len(x1s) * 9 // 10], float(size), float(pitch))

    def centred(self, line: Line) -> bool:
        middle = (self.left + self.right) / 2
        return abs((line.x0 + line.x1) / 2 - middle) < line.size and line.x0 > self.left + line.size

    def indented(self, line: Line) -> bool:
        return line.x0 > self.left + 0.8 * line.size

    def full(self, line: Line) -> bool:
        """Whether the line runs to the right margin, so the paragraph may go on."""
        return line.x1 >= self.right - 1.5 * line.size


def clean(text: str) -> str:
    """Text as the report printed it: no spaces the extraction put between CJK, or between CJK and digits."""
    return _CJK_SPACE.sub("", tidy(text))


def joined(pieces: Sequence[str]) -> str:
    """Lines of one paragraph or cell as one text: a space only between two Latin letters or digits."""
    text = ""
    for piece in (p.strip() for p in pieces):
        if text and piece and _latin(text[-1]) and _latin(piece[0]):
            text += " "
        text += piece
    return clean(text)


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def cell_text(lines: Sequence[Line]) -> str:
    """A table cell's lines joined: a label broken over lines is one label."""
    return joined([line.text for line in lines])


def without_running(pages: Sequence[PageText], body: Body) -> list[PageText]:
    """The pages without page numbers and without the lines repeated at the top or bottom of most pages.

    A line is at the top or bottom when it stands in the page's top or bottom MARGIN, or is the page's first or
    last (no table beyond it); there, a page number is left out, and a text most pages repeat (in the margins,
    digits aside: "报告 第3页"). A page number stands apart from where body lines begin (a line of a paragraph may
    be a number alone).
    """
    edges = [_edge(page) for page in pages]
    repeated = Counter(key for found in edges for key in set(found.values()) if key)
    often = {key for key, n in repeated.items() if n >= 2 and n * 2 >= len(pages)}

    def running(line: Line, key: str) -> bool:
        text = line.text.strip()
        if PAGE_NUMBER.match(text):
            return not text.isdigit() or line.x0 > body.left + line.size
        return key in often

    return [
        replace(
            page,
            lines=tuple(line for line in page.lines if not (line in found and running(line, found[line]))),
        )
        for page, found in zip(pages, edges, strict=True)
    ]


def _edge(page: PageText) -> dict[Line, str]:
    """The page's lines at its top or bottom, each with the text it is compared by across pages."""
    found = {}
    for line in page.lines:
        if line.bottom < page.height * MARGIN or line.top > page.height * (1 - MARGIN):
            found[line] = re.sub(r"[\d\s]+", "", line.text)
    tops = [top for top, _ in page.tables]
    first = min(page.lines, key=lambda line: line.top, default=None)
    last = max(page.lines, key=lambda line: line.bottom, default=None)
    if first is not None and first not in found and all(first.top < top for top in tops):
        found[first] = re.sub(r"\s+", "", first.text)
    if last is not None and last not in found and all(last.top > top for top in tops):
        found[last] = re.sub(r"\s+", "", last.text)
    return found


def _starts(before: Line, line: Line, body: Body, new_page: bool) -> bool:
    """Whether the line begins a new paragraph after the line before it."""
    if abs(before.size - line.size) > 1:
        return True
    if not new_page and body.centred(before) and body.centred(line):
        return line.top - before.top > 1.6 * body.pitch * line.size / body.size
    if not new_page and line.top - before.top > 1.6 * body.pitch * max(1.0, line.size / body.size):
        return True
    return body.indented(line) or not body.full(before) or bool(HEADING.match(line.text.strip()))


def blocks(pages: Sequence[PageText]) -> tuple[Block, ...]:
    """Paragraphs ("第P页第N段", where each begins) and tables, in reading order, page after page."""
    body = Body.of(pages)
    pages = without_running(pages, body)
    out: list[Block] = []
    lines: list[str] = []
    place = ""
    before: Line | None = None

    def close() -> None:
        text = joined(lines)
        if text:
            out.append(Paragraph(text, place))
        lines.clear()

    for page in pages:
        count, new_page = 0, True
        items: list[tuple[float, Line | Table]] = [(line.top, line) for line in page.lines]
        items += list(page.tables)
        for _, item in sorted(items, key=lambda pair: pair[0]):
            if isinstance(item, Table):
                close()
                out.append(item)
                before = None
                continue
            if before is None or _starts(before, item, body, new_page):
                close()
                count += 1
                place = f"第{page.number}页第{count}段"
            lines.append(item.text)
            before, new_page = item, False
    close()
    return tuple(out)
