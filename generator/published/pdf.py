"""The PDF reader of published reports (pdfplumber on pdfminer.six): a PDF with a text layer → a Document.

pdfplumber gives the characters with their boxes and finds tables by their ruling lines; this module rebuilds each
table's grid from the cell boxes (a merged cell gets its spans, as Word draws it) and hands the words outside the
tables, as lines, to pdflines.py, which makes paragraphs of them. A PDF that cannot be read (a scan, encrypted,
damaged, not a PDF, or far beyond any report in size) is refused in one sentence, within bounds of pages,
characters, content (pdfbounds.py) and time.
"""

from __future__ import annotations

import io
import logging
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFNoValidXRef
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSEOF, PSException
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from pdfplumber.utils.text import collate_line, dedupe_chars

from .document import Cell, Document, DocumentError, Row, Table
from .pdfbounds import MAX_OBJECT, TooLarge, check_page, largest_object
from .pdflines import Line, PageText, blocks, cell_text

# pdfminer logs what it repairs in a damaged file ("Data-loss while decompressing corrupted data"); with no handler
# configured, Python would print it in English to the user. gigen says what is wrong in its own sentence instead.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())
logging.getLogger("pdfminer").propagate = False

MAX_PAGES = 200  # the longest city report is some 30 pages
MAX_CHARS = 20_000  # characters drawn on one page; a dense A4 page of small print holds some 4,000
MAX_CROSSINGS = 2_500  # horizontal x vertical rules; a page of tables 三 and 四 has some 30 x 25
TIME_BUDGET = 60.0  # seconds for the whole file; a report reads in well under a second a page
MAX_FILE_OPERATORS = 400_000  # drawing operators of all pages (some 6 s of pdfminer); a city's report, 30,000
TABLES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
EDGE = 1.5  # points: cell edges closer than this are one grid line
RULE = 2.0  # points: a filled box no thicker than this is a rule (Word draws borders so); a wider one shades

# What a file named .pdf may be instead, by how it begins (lower-cased): said so the sender can rename it.
OTHER_KINDS = (
    (b"pk\x03\x04", "Word等Office文档（.docx）"),
    (b"\xd0\xcf\x11\xe0", "旧版Word或WPS文档（.doc、.wps）"),
    (b"<html", "网页（.html）"),
    (b"<!doctype html", "网页（.html）"),
    (b"\xff\xd8\xff", "图片（.jpg）"),
    (b"\x89png", "图片（.png）"),
)
# pdfminer's own errors for a file that is damaged, and what each says in a sentence (checked in order).
DAMAGE = (
    (PSEOF, "文件在结尾之前就中断了"),
    (PDFNoValidXRef, "找不到文件的目录（交叉引用表）"),
    (PSException, "文件结构有错"),
    (zlib.error, "压缩的内容无法解开"),
    (MalformedPDFException, "页面的尺寸或结构有错"),
)
# Errors pdfminer lets through from inside a damaged file (it has no type of its own for them), caught only
# around the calls this module makes to pdfminer itself (pdfplumber wraps its own calls in PdfminerException).
INNER = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    EOFError,
    RecursionError,
    AssertionError,
)


class Budget:
    """The time a file may take, checked between pages (a page of a report reads in well under a second)."""

    def __init__(self, source: str) -> None:
        self.source, self.seconds, self.start = source, TIME_BUDGET, time.monotonic()
        self.operators = 0

    def count(self, page: int, operators: int) -> None:
        """Refuses a file whose pages draw, together, far more than any report (each page within its bound)."""
        self.operators += operators
        if self.operators > MAX_FILE_OPERATORS:
            raise DocumentError(
                f"{self.source}：到第{page}页已有超过{MAX_FILE_OPERATORS}个绘制指令，内容异常繁多，不像一份年度报告，不再读取；请确认文件是否正确。"
            )

    def check(self, page: int) -> None:
        if time.monotonic() - self.start > self.seconds:
            raise DocumentError(
                f"{self.source}：读到第{page}页已超过{self.seconds:.0f}秒，内容异常繁多，不像一份年度报告，不再读取；请确认文件是否正确。"
            )


def read(source: str, data: bytes) -> Document:
    """The file's paragraphs and tables in reading order, each with its page; a DocumentError says why not."""
    _check_bytes(source, data)
    budget = Budget(source)
    with _opened(source, data) as pdf:
        pages = _pages(source, pdf)
        texts = []
        for page in pages:
            budget.check(page.page_number)
            texts.append(_page_text(source, page, budget))
    if not any(text.lines or text.tables for text in texts):
        raise DocumentError(f"{source}：是扫描件（没有文字层），无法读取；请找原始Word文件或文字版PDF。")
    return Document(source, blocks(texts), len(texts))


def _check_bytes(source: str, data: bytes) -> None:
    """Refuses what is no PDF at all, a PDF cut off before its end (pdfminer would read a part silently), and one
    with an object far larger than any report's (pdfminer would parse it again at every look-up)."""
    if b"%PDF-" not in data[:1024]:
        kind = _kind(data[:1024])
        if kind:
            raise DocumentError(
                f"{source}：不是PDF文件，看内容是{kind}，扩展名与内容不符；请改成正确的扩展名后重试。"
            )
        raise DocumentError(
            f"{source}：不是PDF文件（文件开头没有PDF标记），无法读取；请确认文件完整、扩展名正确。"
        )
    if b"%%EOF" not in data[-4096:]:
        raise DocumentError(
            f"{source}：文件不完整（缺少PDF的结尾标记，可能下载或复制时中断了），无法读取；请重新下载或从原件另存为PDF。"
        )
    if largest_object(data) > MAX_OBJECT:
        raise DocumentError(
            f"{source}：文件中有超过{MAX_OBJECT >> 10}KB的对象（正常报告的不到2KB），结构异常，不像一份年度报告，不再读取；请确认文件是否正确。"
        )


def _kind(head: bytes) -> str | None:
    """What a file that is no PDF is, by how it begins (a web page by its html tag anywhere in its head)."""
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return next(
        (said for mark, said in OTHER_KINDS if head.startswith(mark) or (mark == b"<html" and mark in head)),
        None,
    )


@contextmanager
def _opened(source: str, data: bytes) -> Iterator[PDF]:
    """The PDF open, every pdfminer error while it is read turned into one sentence."""
    with _damage(source), pdfplumber.open(io.BytesIO(data)) as pdf:
        yield pdf


@contextmanager
def _damage(source: str, inner: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """pdfminer's errors (and `inner`, what it lets through where this module calls it directly) as one sentence."""
    caught: tuple[type[Exception], ...] = (PdfminerException, MalformedPDFException, PSException, zlib.error)
    try:
        yield
    except caught + inner as e:
        raise DocumentError(_reason(source, e)) from None


def _reason(source: str, error: BaseException) -> str:
    """What is wrong with the file, from the error pdfminer raised (pdfplumber wraps it)."""
    inner = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(inner, PDFEncryptionError):
        return f"{source}：设有打开密码（已加密），无法读取；请找未加密的文件，或用PDF阅读器输入密码后另存为不加密的PDF。"
    what = next((said for kind, said in DAMAGE if isinstance(inner, kind)), "文件内容有错")
    return f"{source}：文件已损坏（{what}），无法读取；请重新下载或从原件另存为PDF。"


def _pages(source: str, pdf: PDF) -> list[Page]:
    """The pages, refused past MAX_PAGES before any is read (by the page tree's count, then by counting)."""
    with _damage(source, INNER):
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count")) if pdf.doc.catalog else None
        found = list(islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    if (isinstance(count, int) and count > MAX_PAGES) or len(found) > MAX_PAGES:
        total = count if isinstance(count, int) and count > MAX_PAGES else f"超过{MAX_PAGES}"
        raise DocumentError(
            f"{source}：共{total}页，远超一份年度报告的篇幅（最多读取{MAX_PAGES}页），不再读取；请确认是否选错了文件。"
        )
    pages, top = [], 0.0
    with _damage(source, INNER):
        for number, found_page in enumerate(found, 1):
            page = Page(pdf, found_page, page_number=number, initial_doctop=top)
            pages.append(page)
            top += float(page.height)
    return pages


def _check_grid(source: str, page: Page) -> None:
    """Refuses a page ruled into more crossings than any table of a report has (finding cells takes their square)."""
    across = {round(float(e["top"])) for e in page.horizontal_edges}
    down = {round(float(e["x0"])) for e in page.vertical_edges}
    if len(across) * len(down) > MAX_CROSSINGS:
        raise DocumentError(
            f"{source}：第{page.page_number}页画有{len(across)}条横线、{len(down)}条竖线，远超一份年度报告的表格，不再读取；请确认文件是否正确。"
        )


def _page_text(source: str, page: Page, budget: Budget) -> PageText:
    """One page: its lines outside the tables and its tables, by their tops."""
    with _damage(source, INNER):
        try:
            operators = check_page(page.page_obj)
        except TooLarge as e:
            raise DocumentError(
                f"{source}：第{page.page_number}页{e}，不像一份年度报告，不再读取；请确认文件是否正确。"
            ) from None
    budget.count(page.page_number, operators)
    chars = [c for c in page.chars if c.get("upright", True) and c["text"].strip()]
    if len(chars) > MAX_CHARS:
        raise DocumentError(
            f"{source}：第{page.page_number}页有{len(chars)}个字符，远超一页报告能容纳的字数，不再读取；请确认文件是否正确。"
        )
    unmapped = sum(c["text"].startswith("(cid:") for c in chars)
    if unmapped > max(10, len(chars) // 10):
        raise DocumentError(
            f"{source}：第{page.page_number}页的文字无法识别（PDF里的字体没有附带文字编码，{unmapped}个字只有字形），无法读取；请找原始Word文件或文字版PDF。"
        )
    chars = dedupe_chars(chars)  # a bold face made by drawing each character twice, a hair apart
    ruled = page.filter(_ruling)
    _check_grid(source, ruled)
    found = [t for t in ruled.find_tables(TABLES) if _is_grid(t.cells)] if chars else []
    inside: set[int] = set()
    tables = []
    for k, table in enumerate(found, 1):
        owned = [c for c in chars if _within(c, table.bbox)]
        place = f"第{page.page_number}页第{k}个表格" if len(found) > 1 else f"第{page.page_number}页的表格"
        read, held = _table(table.cells, owned, page.page_number, place)
        inside |= held  # a character on no cell of the table (on a rule) stays in the text
        tables.append((float(table.bbox[1]), read))
    lines = _lines([c for c in chars if id(c) not in inside])
    return PageText(page.page_number, float(page.width), float(page.height), tuple(lines), tuple(tables))


def _ruling(obj: dict[str, Any]) -> bool:
    """Whether a drawn object may rule a table: not a highlight or shading (a filled box as tall as a line)."""
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return True
    return min(float(obj["width"]), float(obj["height"])) <= RULE


def _is_grid(cells: Sequence[tuple[float, float, float, float]]) -> bool:
    """A table of two columns or more: a single column of boxes is a framed paragraph, read as text."""
    return len(_edges([c[0] for c in cells] + [c[2] for c in cells])) > 2


def _within(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return bool(box[0] <= x <= box[2] and box[1] <= y <= box[3])


def _edges(values: Sequence[float]) -> list[float]:
    """The distinct grid lines among cell edges (edges closer than EDGE are one line)."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > EDGE:
            edges.append(value)
    return edges


def _index(edges: Sequence[float], value: float) -> int:
    return min(range(len(edges)), key=lambda k: abs(edges[k] - value))


@dataclass(frozen=True)
class _Box:
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: tuple[float, float, float, float]


def _table(
    boxes: Sequence[tuple[float, float, float, float]], chars: list[dict[str, Any]], page: int, place: str
) -> tuple[Table, set[int]]:
    """The table's grid rebuilt from its cell boxes (a box across grid lines spans those columns or rows), and
    the characters its cells hold (by id)."""
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    rows: dict[int, list[_Box]] = {}
    for box in boxes:
        col, row = _index(xs, box[0]), _index(ys, box[1])
        colspan, rowspan = _index(xs, box[2]) - col, _index(ys, box[3]) - row
        if colspan > 0 and rowspan > 0:
            rows.setdefault(row, []).append(_Box(row, col, rowspan, colspan, box))
    held: dict[int, list[dict[str, Any]]] = {id(b): [] for boxes in rows.values() for b in boxes}
    for char in chars:
        owner = next((b for boxes in rows.values() for b in boxes if _within(char, b.bbox)), None)
        if owner is not None:
            held[id(owner)].append(char)
    read = tuple(
        Row(
            tuple(
                Cell(cell_text(_lines(held[id(b)])), b.col, b.colspan, b.rowspan)
                for b in sorted(rows.get(r, ()), key=lambda b: b.col)
            ),
            f"第{page}页",
        )
        for r in range(len(ys) - 1)
    )
    return Table(read, place), {id(c) for found in held.values() for c in found}


def _lines(chars: list[dict[str, Any]]) -> list[Line]:
    """Characters as lines of text from the top, each with its box and the size of its type."""
    lines = []
    for group in cluster_objects(chars, lambda c: (c["top"] + c["bottom"]) / 2, 3):
        text = collate_line(group, 3)
        sizes = sorted(float(c["size"]) for c in group)
        lines.append(
            Line(
                text,
                min(float(c["x0"]) for c in group),
                max(float(c["x1"]) for c in group),
                min(float(c["top"]) for c in group),
                max(float(c["bottom"]) for c in group),
                sizes[len(sizes) // 2],
            )
        )
    return sorted(lines, key=lambda line: line.top)
