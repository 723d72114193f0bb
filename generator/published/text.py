"""Published reports as plain text (.txt, .md): text copied out of a web page or a converted file → a Document.

Every line is a paragraph (a copy rarely keeps the report's paragraphs apart; joining them is the narrative
reader's call). Tables are lines of tab-separated cells, markdown pipe rows, or one cell per tab-indented line with
rows separated by blank lines (a web table copied cell by cell); consecutive table lines form one Table. Places are
line numbers: 第40行.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .document import Block, Cell, Document, DocumentError, Paragraph, Row, Table

# Markdown marks a copy keeps: headings, bold, list dashes and quotes; HTML tags a page's copy leaves in the text.
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_LIST = re.compile(r"^\s*(?:[-*+]|>)\s+")
_BOLD = re.compile(r"\*\*|__")
_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|font|br|p|sup|sub)\b[^<>]{0,200}>", re.IGNORECASE)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]{0,80}\]")
# A table's rule line (|---|:---:|) and a horizontal rule or page break (---, ***, ___, a form feed).
_RULE = re.compile(r"^(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")  # on a stripped line
_BREAK = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\f\s*$")
# A page number printed between dashes (— 3 —, - 3 -, －3－) or as 第3页 / 第3页 共9页.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[—–\-－―]+\s*\d{1,4}\s*[—–\-－―]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)
_ONE_CELL = re.compile(r"^\t[^\t]*$")
_DIGIT = re.compile(r"\d")
# A cell on a line of its own is a label or a number; a longer tab-indented line is a paragraph.
CELL_MAX = 80
_MARKS = re.compile(r"[<\[#*_+>-]")  # a line without any of these has nothing to strip


MAX_LINES = 50000  # a report copied out of a page has a few hundred lines; a city's long one, a few thousand
MAX_CHARS = 1_000_000  # a township's report is some 5,000 characters, a city's long one some 50,000
MAX_CELLS = 1000  # cells on one table line; the widest official table (三) has 10 columns


def read(source: str, data: bytes) -> Document:
    """The file's paragraphs and tables, every place a line number; a DocumentError when it is not text."""
    text = _decode(source, data)
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise DocumentError(
            f"{source}：文件有{len(lines)}行，远多于一份年度报告（不超过{MAX_LINES}行），不是年度报告，未读取。"
        )
    if len(text) > MAX_CHARS:
        raise DocumentError(
            f"{source}：文件有{len(text)}个字符，远多于一份年度报告（不超过{MAX_CHARS}个），不是年度报告，未读取。"
        )
    for number, line in enumerate(lines, start=1):
        cells = line.count("\t") + 1 if "\t" in line else line.count("|") - 1
        if cells > MAX_CELLS:
            raise DocumentError(
                f"{source}：第{number}行分成了{cells}格，远多于年度报告的任何表格（不超过{MAX_CELLS}格），"
                "不是年度报告，未读取。"
            )
    blocks = tuple(_blocks(lines))
    if not blocks:
        raise DocumentError(f"{source}：文件里没有文字，不是一份已发布的报告。")
    return Document(source, blocks)


def _decode(source: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030: UTF-8 is tried first, strictly."""
    if not data.strip():
        raise DocumentError(f"{source}：文件是空的，没有可读取的报告内容。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _binary(text):
            break
        return text
    raise DocumentError(
        f"{source}：不是文本文件（既不是UTF-8也不是GB18030编码的文字），请另存为文本或换用原文件。"
    )


def _binary(text: str) -> bool:
    """Control characters a text never holds (a NUL, or more than one in a hundred others) mean a binary file."""
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\v")
    return controls * 100 > len(text)


def _clean(line: str) -> str:
    """A line without the markdown and HTML marks a copy keeps."""
    if not _MARKS.search(line):
        return line.strip(" \t\u3000\u00a0")
    line = _TAG.sub("", _BOOKMARK.sub("", line))
    line = _LIST.sub("", _HEADING.sub("", line))
    return _BOLD.sub("", line).strip(" \t\u3000\u00a0")


def _skipped(line: str) -> bool:
    """A page number, a page break or a rule line is no part of the report's text."""
    line = line.strip()
    return bool(_PAGE_NUMBER.match(line) or _BREAK.match(line) or _RULE.match(line))


def _cells(line: str) -> list[str] | None:
    """A table line's cells, or None for a line of running text."""
    stripped = line.strip(" \u3000")
    if "\t" in line:
        return [_clean(cell) for cell in line.split("\t")]
    if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
        return [_clean(cell) for cell in stripped[1:-1].split("|")]
    return None


def _blocks(lines: list[str]) -> Iterator[Block]:
    """Paragraphs and tables, in order: table lines, with the blank lines between them, make one table."""
    rows: list[tuple[Row, tuple[int, ...]]] = []  # each row, and the line each of its cells stood on
    pending: list[tuple[str, int]] = []  # the cells of a row given one cell per line
    table_at = 0

    def flush_row() -> None:
        if pending:
            rows.append(_row([text for text, _ in pending], [number for _, number in pending]))
            pending.clear()

    for number, line in enumerate(lines, start=1):
        if _skipped(line):
            continue
        if not line.strip(" \u3000\u00a0"):
            flush_row()
            continue
        one_cell = bool(_ONE_CELL.match(line)) and len(line) <= CELL_MAX
        if one_cell or (_cells(line) is not None and not _ONE_CELL.match(line)):
            if not rows and not pending:
                table_at = number
            if one_cell:
                pending.append((_clean(line), number))
                continue
            flush_row()
            if not _RULE.match(line.strip()):
                cells = _cells(line) or []
                rows.append(_row(cells, [number] * len(cells)))
            continue
        flush_row()
        if rows:
            yield from _table(rows, table_at)
            rows = []
        text = _clean(line)
        if text:
            yield Paragraph(text, f"第{number}行")
    flush_row()
    if rows:
        yield from _table(rows, table_at)


def _row(cells: list[str], numbers: list[int]) -> tuple[Row, tuple[int, ...]]:
    row = Row(tuple(Cell(text, col) for col, text in enumerate(cells)), f"第{numbers[0]}行")
    return row, tuple(numbers)


def _table(rows: list[tuple[Row, tuple[int, ...]]], number: int) -> Iterator[Block]:
    """A table, or the tab-indented paragraphs it really was: a table has a line of two cells, and a number."""
    cells = [cell.text for row, _ in rows for cell in row.cells]
    if any(sum(1 for cell in row.cells if cell.text) > 1 for row, _ in rows) and any(
        _DIGIT.search(t) for t in cells
    ):
        yield Table(tuple(row for row, _ in rows), f"第{number}行起的表格")
        return
    for row, numbers in rows:
        for cell, at in zip(row.cells, numbers, strict=True):
            if cell.text:
                yield Paragraph(cell.text, f"第{at}行")
