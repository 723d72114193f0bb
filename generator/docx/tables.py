"""The three official tables in Word: the grid, merges and widths of schema.TABLES, a placeholder (or value) per cell."""

from __future__ import annotations

from typing import Any

from ..schema import Table
from .typeset import STYLE_TABLE, STYLE_TABLE_LEFT, el, qn


def add_table(doc: Any, table: Table, values: dict[str, str] | None = None) -> None:
    """One official table: fixed grid widths, merges as the national format, a placeholder (or value) per cell."""
    grid = doc.add_table(rows=table.rows, cols=table.cols)
    tbl = grid._tbl
    _table_props(tbl, table)
    header_rows = 3 if table.name in ("三", "四") else 0
    for r, row in enumerate(grid.rows):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(el("w:cantSplit"))
        if r < header_rows:
            trpr.append(el("w:tblHeader"))
    for cell in table.cells:
        top = grid.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            top = top.merge(grid.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
        paragraph = top.paragraphs[0]
        paragraph.style = doc.styles[STYLE_TABLE_LEFT if cell.left else STYLE_TABLE]
        if cell.key:
            paragraph.add_run(values[cell.key] if values is not None else f"{{{{ {cell.key} }}}}")
        else:
            paragraph.add_run(cell.text)
    # Every cell (covered ones too) gets its width and paragraph style, so Word and WPS agree on the grid.
    for tr in tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tcpr = tc.get_or_add_tcPr()
            for old in tcpr.findall(qn("w:tcW")):
                tcpr.remove(old)
            tcpr.insert(0, el("w:tcW", w=str(sum(table.widths[col : col + span])), type="dxa"))
            tcpr.append(el("w:vAlign", val="center"))
            for p in tc.iter(qn("w:p")):
                if p.find(qn("w:pPr")) is None:
                    ppr = el("w:pPr")
                    ppr.append(el("w:pStyle", val=_style_id(doc, STYLE_TABLE)))
                    p.insert(0, ppr)
            col += span
    _keep_together(tbl)


def _keep_together(tbl: Any) -> None:
    """Every row kept with the next, the last excepted: the table starts on the page it fits on whole (its
    heading keeps with it), so no page ends inside a merged group and no merged label is left empty on a page."""
    rows = tbl.tr_lst
    for tr in rows[:-1]:
        for ppr in tr.iter(qn("w:pPr")):
            if ppr.find(qn("w:keepNext")) is None:
                ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, el("w:keepNext"))


def _style_id(doc: Any, name: str) -> str:
    return str(doc.styles[name].style_id)


def _table_props(tbl: Any, table: Table) -> None:
    tblpr = tbl.tblPr
    for child in list(tblpr):
        tblpr.remove(child)
    tblpr.append(el("w:tblW", w=str(sum(table.widths)), type="dxa"))
    tblpr.append(el("w:jc", val="center"))
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(f"w:{side}", val="single", sz="4", space="0", color="000000"))  # 0.5 pt
    tblpr.append(borders)
    tblpr.append(el("w:tblLayout", type="fixed"))
    margin = "28" if table.name == "四" else "57"  # twips; table 四's 15 columns need narrow margins
    cell_margins = el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):  # the schema's order
        cell_margins.append(el(f"w:{side}", w=margin if side in ("left", "right") else "0", type="dxa"))
    tblpr.append(cell_margins)
    tblpr.append(
        el(
            "w:tblLook",
            val="0000",
            firstRow="0",
            lastRow="0",
            firstColumn="0",
            lastColumn="0",
            noHBand="1",
            noVBand="1",
        )
    )
    tbl_grid = tbl.tblGrid
    for grid_col, width in zip(tbl_grid.findall(qn("w:gridCol")), table.widths, strict=True):
        grid_col.set(qn("w:w"), str(width))
    _order_tblpr(tblpr)


# The order of w:tblPr children that the OOXML schema requires (Word refuses a file that breaks it).
_TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)


def _order_tblpr(tblpr: Any) -> None:
    children = list(tblpr)
    for child in children:
        tblpr.remove(child)
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_TBLPR_ORDER)}
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
        tblpr.append(child)
