"""Reading a .docx back: every paragraph with its place, and tables through their real grid (merge-aware).

`gigen template check` lints a county's template through template_pieces; tables are read through grid(), which
follows w:gridSpan, w:vMerge and w:gridBefore as Word and WPS lay the table out.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .. import schema
from .numbering import Numbering
from .ooxml import W as _W
from .ooxml import paragraph_text, parse

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class Piece:
    """The text of one paragraph of a template, and where it is, as a county's editor would find it in Word."""

    where: str  # 正文第12段, 表三 第4行第4列, 页眉（header1.xml）第1段
    text: str
    table: int = -1  # for a table cell: the table's number in the body (0 = first), its grid row and column
    row: int = -1
    col: int = -1


@dataclass(frozen=True)
class ReadCell:
    """A cell of a Word table as it is laid out: how many grid rows and columns it spans, and its text."""

    rowspan: int
    colspan: int
    text: str  # its paragraphs joined by line breaks (with any text a merged-away cell still holds)


def row_cells(tr: Any) -> Iterator[tuple[int, int, Any]]:
    """(grid column, columns spanned, w:tc) of each cell of a row; w:gridBefore leaves columns empty first."""
    before = tr.find(f"{_W}trPr/{_W}gridBefore")
    col = _int(before.get(_W + "val")) if before is not None else 0
    for tc in tr.findall(_W + "tc"):
        span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
        span = max(1, _int(span_el.get(_W + "val"))) if span_el is not None else 1
        yield col, span, tc
        col += span


def _paragraphs(tc: Any) -> str:
    return "\n".join(paragraph_text(p) for p in tc.findall(_W + "p"))


def grid(tbl: Any, cell_text: Callable[[Any], str] = _paragraphs) -> dict[tuple[int, int], ReadCell]:
    """A w:tbl as its reader sees it: (row, col) of each cell's origin on the grid → its spans and text.

    A cell with w:vMerge (not "restart") continues the cell above it in the same grid column. A cell's text is its
    own paragraphs' w:t by line, unless `cell_text` reads it otherwise.
    """
    origins: dict[tuple[int, int], list[Any]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, tr in enumerate(tbl.findall(_W + "tr")):
        for c, span, tc in row_cells(tr):
            text = cell_text(tc)
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            above = owner.get((r - 1, c))
            if vmerge is not None and vmerge.get(_W + "val", "continue") != "restart" and above is not None:
                origin = above
                origins[origin][0] = r - origin[0] + 1
                if text.strip():
                    origins[origin][2] += "\n" + text
            else:
                origin = (r, c)
                origins[origin] = [1, span, text]
            for k in range(span):
                owner[(r, c + k)] = origin
    return {pos: ReadCell(rs, cs, text) for pos, (rs, cs, text) in origins.items()}


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 4 else 0


def template_pieces(docx: bytes) -> list[Piece]:
    """Every paragraph of the body (tables cell by cell, on the grid) and of the headers and footers."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = {
            name: archive.read(name)
            for name in archive.namelist()
            if name == "word/document.xml" or name.startswith(("word/header", "word/footer"))
        }
    pieces: list[Piece] = []
    body = parse(parts.pop("word/document.xml")).find(_W + "body")
    tables = body.findall(_W + "tbl") if body is not None else []
    names = (
        [f"表{t.name}" for t in schema.TABLES]
        if len(tables) == len(schema.TABLES)
        else [f"第{k + 1}个表格" for k in range(len(tables))]
    )
    paragraph = 0
    for child in body if body is not None else ():
        if child.tag == _W + "p":
            paragraph += 1
            pieces.append(Piece(f"正文第{paragraph}段", paragraph_text(child)))
        elif child.tag == _W + "tbl":
            k = tables.index(child)
            for r, tr in enumerate(child.findall(_W + "tr")):
                for col, _span, tc in row_cells(tr):
                    for p in tc.findall(_W + "p"):
                        pieces.append(
                            Piece(f"{names[k]} 第{r + 1}行第{col + 1}列", paragraph_text(p), k, r, col)
                        )
    for name in sorted(parts):
        kind = "页眉" if "header" in name else "页脚"
        for n, p in enumerate(parse(parts[name]).iter(_W + "p"), start=1):
            pieces.append(Piece(f"{kind}（{name.removeprefix('word/')}）第{n}段", paragraph_text(p)))
    return pieces


# What Word shows of a paragraph: its text, tabs and breaks, the results of fields; not deleted or moved-away text,
# not the instructions of fields, not text boxes (drawn over the page, not part of the running text), not the
# fallback copy of a drawing that mc:AlternateContent keeps for older programs, not a paragraph's properties (its
# w:tabs are tab stops, not tabs).
_SKIPPED = frozenset(
    {
        _W + "del",
        _W + "moveFrom",
        _W + "txbxContent",
        _W + "instrText",
        _W + "delText",
        _MC + "Fallback",
        _W + "pPr",
    }
)
_SHOWN = {_W + "tab": " ", _W + "ptab": " ", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def shown_text(element: Any, numbering: Numbering | None = None) -> str:
    """The text of a w:p as Word shows it: its number (when numbered), w:t, a tab as a space, a line break as one."""
    out: list[str] = [numbering.label(element)] if numbering is not None else []
    stack = [element]
    while stack:  # iterative: a deep document never runs out of Python's stack
        node = stack.pop()
        tag = node.tag
        if tag in _SKIPPED or (tag == _W + "r" and _hidden(node)):
            continue
        if tag == _W + "t":
            out.append(node.text or "")
        elif tag in _SHOWN:
            out.append(_SHOWN[tag])
        elif tag != _W + "tbl" or node is element:
            stack.extend(reversed(node))
    return "".join(out)


def _hidden(run: Any) -> bool:
    """A run formatted as hidden text (w:vanish), which Word neither shows nor prints."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(_W + "val", "true") not in ("0", "false", "off")


def _cell_text(tc: Any, numbering: Numbering | None = None) -> str:
    """A cell's text: its paragraphs by line, a table nested in it (its rows' paragraphs) included in order."""
    return "\n".join(shown_text(p, numbering) for p in tc.iter(_W + "p") if not _in_skipped(p, tc))


def _in_skipped(p: Any, stop: Any) -> bool:
    """Whether a paragraph lies inside a text box or a drawing's fallback copy (below `stop`)."""
    node = p.getparent()
    while node is not None and node is not stop:
        if node.tag in _SKIPPED:
            return True
        node = node.getparent()
    return False


@dataclass(frozen=True)
class BodyTable:
    """A table of the body: its number of rows and its grid (as grid() reads it, with the text Word shows)."""

    rows: int
    cells: dict[tuple[int, int], ReadCell]


def main_part(rels: bytes | None) -> str:
    """The name of a package's main document, from _rels/.rels (word/document.xml when it names none)."""
    if rels is not None:
        for rel in _parse_or_fail(rels).iter(_REL + "Relationship"):
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("Target"):
                return str(rel.get("Target")).lstrip("/")
    return "word/document.xml"


class UnreadableXml(ValueError):
    """A part that is not well-formed XML, or nests deeper than a parser allows."""


class TooManyBlocks(ValueError):
    """A body of far more paragraphs and table cells than any report (args: how many)."""


MAX_BLOCKS = (
    60_000  # paragraphs and table cells of a body: a report has some 1,000, a city's long one a few thousand
)


# Word's "Strict Open XML" saves the same elements under another namespace.
_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_TRANSITIONAL = _W[1:-1].encode("ascii")


def _parse_or_fail(data: bytes) -> Any:
    try:
        return parse(data.replace(_STRICT, _TRANSITIONAL))
    except etree.XMLSyntaxError as e:
        raise UnreadableXml(str(e)) from e


def body_blocks(
    document_xml: bytes, numbering_xml: bytes | None = None, styles_xml: bytes | None = None
) -> list[str | BodyTable]:
    """The body of word/document.xml in order: each paragraph's text, each table (nested ones stay in their cell).

    Content controls (w:sdt) and custom XML around paragraphs and tables are looked through, as Word shows them,
    and so is a table of one cell: a frame drawn around the text (or the whole report), not a table of figures.
    """
    body = _parse_or_fail(document_xml).find(_W + "body")
    if body is None:
        raise UnreadableXml("no w:body")
    blocks_in_body = sum(1 for _ in body.iter(_W + "p", _W + "tc"))
    if blocks_in_body > MAX_BLOCKS:
        raise TooManyBlocks(blocks_in_body)
    try:
        numbering = Numbering(*(x and x.replace(_STRICT, _TRANSITIONAL) for x in (numbering_xml, styles_xml)))
    except etree.XMLSyntaxError:
        numbering = Numbering(None, None)  # numbers lost are no reason to refuse the text
    blocks: list[str | BodyTable] = []
    stack = list(reversed(body))
    while stack:
        child = stack.pop()
        if child.tag == _W + "p":
            blocks.append(shown_text(child, numbering))
        elif child.tag == _W + "tbl" and _frame(child) is not None:
            stack.extend(reversed(_frame(child)))
        elif child.tag == _W + "tbl":
            cells = grid(child, lambda tc: _cell_text(tc, numbering))
            blocks.append(BodyTable(len(child.findall(_W + "tr")), cells))
        elif child.tag in (_W + "sdt", _W + "customXml", _W + "sdtContent", _W + "ins", _W + "moveTo"):
            stack.extend(reversed(child))
    return blocks


def _frame(tbl: Any) -> Any:
    """The one cell of a table of one row and one cell, or None."""
    rows = tbl.findall(_W + "tr")
    cells = rows[0].findall(_W + "tc") if len(rows) == 1 else []
    return cells[0] if len(cells) == 1 else None
