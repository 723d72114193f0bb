"""Reading a .docx back: every paragraph with its place, and tables through their real grid (merge-aware).

`gigen template check` lints a county's template through template_pieces; tables are read through grid(), which
follows w:gridSpan, w:vMerge and w:gridBefore as Word and WPS lay the table out.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import schema
from .ooxml import W as _W
from .ooxml import paragraph_text, parse


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


def grid(tbl: Any) -> dict[tuple[int, int], ReadCell]:
    """A w:tbl as its reader sees it: (row, col) of each cell's origin on the grid → its spans and text.

    A cell with w:vMerge (not "restart") continues the cell above it in the same grid column.
    """
    origins: dict[tuple[int, int], list[Any]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, tr in enumerate(tbl.findall(_W + "tr")):
        for c, span, tc in row_cells(tr):
            text = "\n".join(paragraph_text(p) for p in tc.findall(_W + "p"))
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
