"""Web pages read back: the report inside a government site's page, its paragraphs and tables in order.

A report published on a site sits among navigation, breadcrumbs, share buttons and the site's footer. The report
is found by its own headings: the smallest element holding its numbered headings (一、…六、) and its tables; the
title just before it is kept. Paragraphs come from <p>, <div> and other blocks, one per line where <br> breaks
them; tables keep their rowspan and colspan as Cell spans. Places: 第N段, 第K个表格第R行.
lxml.html is imported here only (the bans of pyproject.toml; tests/test_layout.py).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from .document import Block, Cell, Document, DocumentError, Paragraph, Row, Table
from .normal import squeezed

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
# GBK and GB2312 pages are read as GB18030, which holds both (and the characters GB2312 pages use but lack).
_CHINESE = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "hz-gb-2312", "gb18030"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
_CJK_BREAK = re.compile(rf"(?<={_CJK})[ \t\r\f]*\n[ \t\r\n\f]*(?={_CJK})")
_SPACES = re.compile(r"[ \t\r\n\f]+")  # HTML's white space; not &nbsp; nor the full-width space

# Elements that are never the report's text: programs, styles, the site's navigation and footer, form controls.
_DROPPED = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "iframe",
    "object",
    "embed",
    "select",
    "button",
    "input",
    "textarea",
    "map",
)
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "section",
        "article",
        "blockquote",
        "pre",
        "center",
        "form",
        "fieldset",
        "address",
        "header",
        "main",
        "aside",
        "figure",
        "figcaption",
        "hr",
        "body",
        "html",
    ]
)
# Lines of a site's frame, never of a report: dropped when short, wherever they stand.
_FRAME = re.compile(
    r"版权所有|网站标识码|ICP备|公网安备|打印本页|关闭窗口|【打印】|【关闭】|分享到|扫一扫|字号[:：]|【字体|浏览次数|阅读次数|点击数|网站地图|技术支持[:：]"
    r"|发布时间[:：]|发布日期[:：]|来源[:：]"
)
_HEADING = re.compile(r"[一二三四五六]、")  # the six sections of every report, whatever their words
MAX_CELLS = 2_000_000  # grid positions of all tables: a report's three tables fill about 1,000
MAX_ELEMENTS = (
    60_000  # elements of the page's body: a report's page has some 1,500, Word's verbose one a few times more
)


@dataclass
class _Line:
    """The pieces of text of the paragraph being gathered."""

    parts: list[str] = field(default_factory=list)
    pre: int = 0  # inside how many <pre>: there the page's own line breaks are the report's


@dataclass(frozen=True)
class _Found:
    """A paragraph or table of the page, with the element it came from (to tell the report from its frame)."""

    block: Paragraph | Table
    element: Any


def read(source: str, data: bytes) -> Document:
    """The report's paragraphs and tables; a DocumentError (one sentence naming the file) when there are none."""
    if not data.strip():
        raise DocumentError(f"{source}：文件是空的。")
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError(f"{source}：不是网页（文件中有二进制内容），可能是其他格式的文件改了扩展名。")
    page = _parse(source, _decoded(data))
    title = page.findtext(".//title") or ""
    body = page.find("body")
    if body is None:
        raise DocumentError(f"{source}：网页中没有正文。")
    elements = sum(1 for _ in body.iter())
    if elements > MAX_ELEMENTS:
        raise DocumentError(
            f"{source}：网页中有{elements}个标签，远多于一份年度报告的网页（不超过{MAX_ELEMENTS}个），不是年度报告，未读取。"
        )
    _drop_frame(body)
    try:
        found = list(_walk(body))
    except _TooBig:
        raise DocumentError(f"{source}：网页中的表格合并的单元格远多于正常的报告，未读取。") from None
    kept = _report(found)
    blocks = _numbered(kept, _title(found, kept, title))
    if not blocks:
        raise DocumentError(f"{source}：网页中没有文字，可能是图片或扫描件，无法读取。")
    return Document(source, blocks)


def _decoded(data: bytes) -> str:
    """The page's text: by its byte order mark, its declared charset, UTF-8, then GB18030."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    tried = []
    declared = _META.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        tried.append("gb18030" if name in _CHINESE else name)
    tried += ["utf-8", "gb18030"]
    for encoding in tried:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("gb18030", errors="replace")


def _parse(source: str, text: str) -> Any:
    """The page as lxml.html reads it: no network, no comments; a page nested past the parser's depth is refused."""
    text = _CONTROL.sub("", re.sub(r"^\s*<\?xml[^>]*>", "", text))
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        page = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise DocumentError(f"{source}：不是网页，或网页中没有内容。") from None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise DocumentError(f"{source}：网页的标签嵌套超过256层，远多于正常的网页，无法完整读取。")
    return page


def _drop_frame(body: Any) -> None:
    """Remove what is never the report: programs, styles, navigation, footers, hidden elements."""
    doomed = [
        el
        for el in body.iter()
        if not isinstance(el.tag, str)
        or el.tag in _DROPPED
        or el.get("hidden") is not None
        or el.get("title") in ("header", "footer")  # a page's header and footer as LibreOffice exports them
        or re.search(
            r"display\s*:\s*none|visibility\s*:\s*hidden|mso-element\s*:\s*(header|footer)",
            el.get("style") or "",
        )
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows it


def _walk(root: Any) -> Iterator[_Found]:
    """Paragraphs and tables of `root` in order: a table with no table inside is data; any other, and a table of
    one cell (a frame around the text), is layout, read as blocks."""
    line = _Line()
    holders: list[Any] = [root]
    tables: set[Any] = set()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS or tag == "br":
                yield from _flush(line, holders[-1])
            if tag == "table" and el.find(".//table") is None and len(el.xpath(".//td|.//th")) > 1:
                yield _Found(_table(el), el)
                walker.skip_subtree()  # its "end" still comes, and takes its tail
                tables.add(el)
                continue
            if tag in _BLOCKS:
                holders.append(el)
            line.pre += tag == "pre"
            if tag != "br":
                yield from _text(line, el.text, holders[-1])
        else:
            if tag in _BLOCKS and el is not root and el not in tables:
                yield from _flush(line, holders.pop())
            line.pre -= tag == "pre"
            yield from _text(line, el.tail if el is not root else None, holders[-1])
    yield from _flush(line, holders[-1])


def _text(line: _Line, text: str | None, holder: Any) -> Iterator[_Found]:
    """Text added to the paragraph being gathered; inside <pre> each of its lines ends a paragraph."""
    if not text:
        return
    first, *rest = text.split("\n") if line.pre else (text,)
    line.parts.append(first)
    for piece in rest:
        yield from _flush(line, holder)
        line.parts.append(piece)


def _flush(line: _Line, holder: Any) -> Iterator[_Found]:
    # A line break in the page's source between two Chinese characters is no space a reader sees.
    text = _SPACES.sub(" ", _CJK_BREAK.sub("", "".join(line.parts))).strip(" \u00a0\u3000")
    line.parts.clear()
    if text:
        yield _Found(Paragraph(text, ""), holder)


def _cell_text(cell: Any) -> str:
    """A cell's lines (its paragraphs and <br> lines) joined by line breaks."""
    return "\n".join(f.block.text for f in _walk(cell) if isinstance(f.block, Paragraph))


def _span(value: str | None, most: int, *, zero: int = 1) -> int:
    """A rowspan or colspan as browsers read it: its digits, at least 1, at most `most`; 0 is `zero`."""
    digits = re.match(r"\s*(\d{1,6})", value or "")
    n = int(digits.group(1)) if digits else 1
    return zero if n == 0 else max(1, min(n, most))


def _table(table: Any) -> Table:
    """A data table: each cell at its grid column, with its spans (a cell spanning rows only in its first row)."""
    trs = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    taken: set[tuple[int, int]] = set()
    rows = []
    for r, tr in enumerate(trs):
        col = 0
        cells = []
        for td in tr.xpath("./td | ./th"):
            while (r, col) in taken:
                col += 1
            rowspan = _span(td.get("rowspan"), len(trs) - r, zero=len(trs) - r)  # 0: to the table's end
            colspan = _span(td.get("colspan"), 100)
            if len(taken) + rowspan * colspan > MAX_CELLS:
                raise _TooBig
            taken.update((r + i, col + j) for i in range(rowspan) for j in range(colspan))
            cells.append(Cell(_cell_text(td), col, colspan, rowspan))
            col += colspan
        rows.append(Row(tuple(cells), ""))
    return Table(tuple(rows), "")


class _TooBig(Exception):
    """A table whose spans fill more grid positions than any page could show."""


def _report(found: list[_Found]) -> list[_Found]:
    """The report among the page's blocks: what lies in the smallest element holding its headings and tables.

    A page where fewer than two of the six headings stand alone on their line is taken whole, less its frame.
    """
    headings = [
        f
        for f in found
        if isinstance(f.block, Paragraph) and _HEADING.match(f.block.text) and len(f.block.text) <= 40
    ]
    if len({f.block.text[0] for f in headings if isinstance(f.block, Paragraph)}) < 2:
        return [f for f in found if not _frame(f)]
    first = found.index(headings[0])
    tables = [f.element for f in found[first:] if isinstance(f.block, Table) and _numeric(f.block)]
    holder = _common_ancestor([f.element for f in headings] + tables)
    if all(f.element is holder for f in headings) and holder.getparent() is not None:
        holder = holder.getparent()  # one paragraph broken by <br> or a <pre>: the report is what holds it
    inside = set(holder.iter())
    return [f for f in found if f.element in inside and not _frame(f)]


def _numeric(table: Table) -> bool:
    """A table of figures (three cells or more holding only digits), not a list of links laid out as a table."""
    return sum(squeezed(c.text).isdigit() for row in table.rows for c in row.cells) >= 3


def _frame(f: _Found) -> bool:
    return isinstance(f.block, Paragraph) and len(f.block.text) <= 60 and bool(_FRAME.search(f.block.text))


def _common_ancestor(elements: list[Any]) -> Any:
    paths = [[*reversed(list(el.iterancestors())), el] for el in elements]
    common = paths[0][0]
    for level in zip(*paths, strict=False):
        if any(el is not level[0] for el in level):
            break
        common = level[0]
    return common


def _title(found: list[_Found], kept: list[_Found], page_title: str) -> list[str]:
    """The report's title (its lines) when it stands outside the element holding the report, as on most sites."""
    head = [f.block.text for f in kept[:3] if isinstance(f.block, Paragraph)]
    if not kept or any("年度报告" in text for text in head):
        return []
    start = found.index(kept[0])
    for at in range(start - 1, -1, -1):
        f = found[at]
        if isinstance(f.block, Paragraph) and "年度报告" in f.block.text and len(f.block.text) <= 80:
            first = at
            while first > 0 and found[first - 1].element is f.element:  # its lines before a <br>
                first -= 1
            return [g.block.text for g in found[first : at + 1] if isinstance(g.block, Paragraph)]
    pieces = [p.strip() for p in re.split(r"[_|｜]| - |——", page_title) if "年度报告" in p]
    return pieces[:1]


def _numbered(kept: list[_Found], title: list[str]) -> tuple[Block, ...]:
    """The blocks with their places: paragraphs 第N段, tables 第K个表格 and their rows 第K个表格第R行."""
    blocks: list[Block] = []
    paragraphs = tables = 0
    for block in [Paragraph(line, "") for line in title] + [f.block for f in kept]:
        if isinstance(block, Paragraph):
            paragraphs += 1
            blocks.append(Paragraph(block.text, f"第{paragraphs}段"))
        else:
            tables += 1
            name = f"第{tables}个表格"
            rows = tuple(Row(row.cells, f"{name}第{r}行") for r, row in enumerate(block.rows, start=1))
            blocks.append(Table(rows, name))
    return tuple(blocks)
