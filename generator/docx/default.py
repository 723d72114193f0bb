"""Build the default Word template from the schema with python-docx, and the roll-up's tables in the same layout.

`python -m generator.docx.default` rewrites templates/report.docx; a test proves the committed file is what this
builds. Typesetting follows GB/T 9704-2012 as domain.md §4 gives it. python-docx is imported on first use.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import schema
from ..files import write_atomic
from ..schema import Table

# Page (mm) and type (pt), GB/T 9704: A4, 版心 156 × 225 mm, 22 lines of 28 characters.
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_MM = 22  # puts the page number's 一字线 about 7 mm below the 版心
LINE_TWIPS = 579  # 225 mm / 22 lines, exact
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 10.5  # 五号
PAGE_NUMBER_PT = 14  # 四号
CHAR_SPACING = -5  # twentieths of a point: 16 pt characters 0.25 pt closer, so a line holds 28 of them
TEXT_WIDTH_TWIPS = 8844  # 156 mm
CHAR_TWIPS = BODY_PT * 20 + CHAR_SPACING  # the width of one body character
CLOSING_INDENT_CHARS = 2  # 署名 and 成文日期 stand 右空二字

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_TABLE = "宋体"
FONT_PAGE = "宋体"
FONT_LATIN = "Times New Roman"

STYLE_TITLE = "报告标题"
STYLE_BODY = "Normal"
STYLE_H1 = "Heading 1"
STYLE_H2 = "Heading 2"
STYLE_TABLE = "表格文字"
STYLE_TABLE_LEFT = "表格文字左"
STYLE_SIGNATURE = "署名"
STYLE_DATE = "成文日期"
STYLE_PAGE = "页码"


def build_template() -> bytes:
    """The default report template as .docx bytes: six sections, the three official tables, placeholders."""
    doc = _new_document()

    def para(text: str = "", style: str = STYLE_BODY) -> Any:
        return doc.add_paragraph(text, style=style)

    def block(key: str) -> None:
        para(f"{{%p for p in {key} %}}")
        para("{{ p }}")
        para("{%p endfor %}")

    para("{{ org_name }}{{ year }}年政府信息公开工作年度报告", STYLE_TITLE)
    block("preface")
    para(schema.HEADINGS[0], STYLE_H1)
    block("s1_intro")
    for n, (stem, _) in enumerate(schema.ASPECTS):
        # A heading paragraph of its own, so Word's navigation pane shows the report's structure.
        para(f"{schema.ORDINALS[n]}{{{{ {stem}_title }}}}", STYLE_H2)
        block(stem)
    for heading, table in zip(schema.HEADINGS[1:4], schema.TABLES, strict=True):
        para(heading, STYLE_H1)
        _add_table(doc, table)
    para(schema.HEADINGS[4], STYLE_H1)
    para("（一）存在问题", STYLE_H2)
    block("s5_problems")
    para("（二）改进情况", STYLE_H2)
    block("s5_improvements")
    para(schema.HEADINGS[5], STYLE_H1)
    para("{{ fee_statement }}")
    block("s6_other")
    para()
    para("{{ signature }}", STYLE_SIGNATURE)
    para("{%p if date %}")
    para("{{ date }}", STYLE_DATE)
    para("{%p endif %}")
    _add_page_numbers(doc)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------------------------------------


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(_qn(f"w:{name}"), value)
    return element


def east_asian_fonts(east_asia: str) -> Any:
    # Explicit fonts, no theme attributes: WPS and Word both honour w:eastAsia only when no theme overrides it.
    return _el("w:rFonts", ascii=FONT_LATIN, hAnsi=FONT_LATIN, eastAsia=east_asia, cs=FONT_LATIN)


def _run_props(east_asia: str, size_pt: float, spacing: int = 0, bold: bool = False) -> Any:
    rpr = _el("w:rPr")
    rpr.append(east_asian_fonts(east_asia))
    rpr.append(_el("w:b", val="1" if bold else "0"))
    rpr.append(_el("w:bCs", val="0"))
    rpr.append(_el("w:color", val="000000"))
    rpr.append(_el("w:spacing", val=str(spacing)))  # explicit 0 too, so no style inherits Normal's
    half_points = str(round(size_pt * 2))
    rpr.append(_el("w:sz", val=half_points))
    rpr.append(_el("w:szCs", val=half_points))
    rpr.append(_el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    return rpr


def _para_props(
    align: str = "both",
    indent: bool = False,
    line: int = LINE_TWIPS,
    rule: str = "exact",
    before: int = 0,
    after: int = 0,
    outline: int | None = None,
    keep_next: bool = False,
    right_twips: int = 0,
) -> Any:
    ppr = _el("w:pPr")
    if keep_next:
        ppr.append(_el("w:keepNext"))
    ppr.append(_el("w:widowControl", val="0"))
    ppr.append(_el("w:snapToGrid", val="0"))
    ppr.append(_el("w:spacing", before=str(before), after=str(after), line=str(line), lineRule=rule))
    # Body text and headings 左空二字: 2 characters of first-line indent, in characters and in twips.
    # Written out in full, 0 included: a style inherits firstLineChars from Normal, and it wins over firstLine.
    ind = _el(
        "w:ind",
        left="0",
        right=str(right_twips),
        firstLineChars="200" if indent else "0",
        firstLine=str(2 * BODY_PT * 20 if indent else 0),
    )
    ppr.append(ind)
    ppr.append(_el("w:jc", val=align))
    if outline is not None:
        ppr.append(_el("w:outlineLvl", val=str(outline)))
    return ppr


def _replace_props(style: Any, ppr: Any | None, rpr: Any) -> None:
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in element.findall(_qn(tag)):
            element.remove(old)
    if ppr is not None:
        element.append(ppr)
    element.append(rpr)


def _setup_styles(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    styles_root = doc.styles.element
    # Document defaults: explicit fonts instead of the theme's, Chinese as the East Asian language.
    rpr_default = styles_root.find(_qn("w:docDefaults")).find(_qn("w:rPrDefault"))
    for child in list(rpr_default):
        rpr_default.remove(child)
    rpr_default.append(_run_props(FONT_BODY, BODY_PT))
    ppr_default = styles_root.find(_qn("w:docDefaults")).find(_qn("w:pPrDefault"))
    if ppr_default is not None:
        for child in list(ppr_default):
            ppr_default.remove(child)

    def style(name: str, kind: Any = WD_STYLE_TYPE.PARAGRAPH) -> Any:
        try:
            found = doc.styles[name]
        except KeyError:
            found = doc.styles.add_style(name, kind)
        found.hidden = False
        found.quick_style = True
        return found

    _replace_props(style(STYLE_BODY), _para_props(indent=True), _run_props(FONT_BODY, BODY_PT, CHAR_SPACING))
    for name, font, level in ((STYLE_H1, FONT_H1, 0), (STYLE_H2, FONT_H2, 1)):
        heading = style(name)
        heading.base_style = doc.styles[STYLE_BODY]
        heading.next_paragraph_style = doc.styles[STYLE_BODY]
        _replace_props(
            heading,
            _para_props(indent=True, outline=level, keep_next=True),
            _run_props(font, BODY_PT, CHAR_SPACING),
        )
    title = style(STYLE_TITLE)
    title.base_style = doc.styles[STYLE_BODY]
    title.next_paragraph_style = doc.styles[STYLE_BODY]
    _replace_props(
        title,
        _para_props(align="center", line=700, after=LINE_TWIPS, keep_next=True),
        _run_props(FONT_TITLE, TITLE_PT),
    )
    for name, align in ((STYLE_TABLE, "center"), (STYLE_TABLE_LEFT, "left")):
        table_text = style(name)
        table_text.base_style = doc.styles[STYLE_BODY]
        _replace_props(
            table_text, _para_props(align=align, line=240, rule="auto"), _run_props(FONT_TABLE, TABLE_PT)
        )
    for name in (STYLE_SIGNATURE, STYLE_DATE):
        closing = style(name)
        closing.base_style = doc.styles[STYLE_BODY]
        _replace_props(
            closing,
            _para_props(align="right", right_twips=CLOSING_INDENT_CHARS * CHAR_TWIPS),
            _run_props(FONT_BODY, BODY_PT, CHAR_SPACING),
        )
    page = style(STYLE_PAGE)
    page.base_style = doc.styles[STYLE_BODY]
    _replace_props(
        page, _para_props(align="right", line=240, rule="auto"), _run_props(FONT_PAGE, PAGE_NUMBER_PT)
    )


def _setup_page(doc: Any) -> None:
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_MM)
    sect_pr = section._sectPr
    for grid in sect_pr.findall(_qn("w:docGrid")):
        sect_pr.remove(grid)


def _add_page_numbers(doc: Any) -> None:
    """Page numbers "— N —": odd pages on the right, even pages on the left, one character in from the edge."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    one_char = str(PAGE_NUMBER_PT * 20)
    for footer, align, indent in (
        (section.footer, "right", "right"),
        (section.even_page_footer, "left", "left"),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = doc.styles[STYLE_PAGE]
        ppr = p._p.get_or_add_pPr()
        ppr.append(_el("w:ind", **{indent: one_char}))
        ppr.append(_el("w:jc", val=align))
        p.add_run("— ")
        field = _el("w:fldSimple", instr=" PAGE ")
        run = _el("w:r")
        text = _el("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        p._p.append(field)
        p.add_run(" —")


# ---------------------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------------------


def _new_document() -> Any:
    """An empty document with the report's styles and page setup."""
    from docx import Document

    doc = Document()
    _setup_styles(doc)
    _setup_page(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != _qn("w:sectPr"):
            body.remove(child)
    return doc


def tables_report(title: str, values: dict[str, str]) -> bytes:
    """Tables 二, 三 and 四 alone, in the official layout and the report's typesetting, holding `values` (by key)."""
    doc = _new_document()
    doc.add_paragraph(title, style=STYLE_TITLE)
    for heading, table in zip(schema.HEADINGS[1:4], schema.TABLES, strict=True):
        doc.add_paragraph(heading, style=STYLE_H1)
        _add_table(doc, table, values)
    _add_page_numbers(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _add_table(doc: Any, table: Table, values: dict[str, str] | None = None) -> None:
    """One official table: fixed grid widths, merges as the national format, a placeholder (or value) per cell."""
    grid = doc.add_table(rows=table.rows, cols=table.cols)
    tbl = grid._tbl
    _table_props(tbl, table)
    header_rows = 3 if table.name in ("三", "四") else 0
    for r, row in enumerate(grid.rows):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(_el("w:cantSplit"))
        if r < header_rows:
            trpr.append(_el("w:tblHeader"))
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
            for old in tcpr.findall(_qn("w:tcW")):
                tcpr.remove(old)
            tcpr.insert(0, _el("w:tcW", w=str(sum(table.widths[col : col + span])), type="dxa"))
            tcpr.append(_el("w:vAlign", val="center"))
            for p in tc.iter(_qn("w:p")):
                if p.find(_qn("w:pPr")) is None:
                    ppr = _el("w:pPr")
                    ppr.append(_el("w:pStyle", val=_style_id(doc, STYLE_TABLE)))
                    p.insert(0, ppr)
            col += span


def _style_id(doc: Any, name: str) -> str:
    return str(doc.styles[name].style_id)


def _table_props(tbl: Any, table: Table) -> None:
    tblpr = tbl.tblPr
    for child in list(tblpr):
        tblpr.remove(child)
    tblpr.append(_el("w:tblW", w=str(sum(table.widths)), type="dxa"))
    tblpr.append(_el("w:jc", val="center"))
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color="000000"))  # 0.5 pt
    tblpr.append(borders)
    tblpr.append(_el("w:tblLayout", type="fixed"))
    margin = "28" if table.name == "四" else "57"  # twips; table 四's 15 columns need narrow margins
    cell_margins = _el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):  # the schema's order
        cell_margins.append(_el(f"w:{side}", w=margin if side in ("left", "right") else "0", type="dxa"))
    tblpr.append(cell_margins)
    tblpr.append(
        _el(
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
    for grid_col, width in zip(tbl_grid.findall(_qn("w:gridCol")), table.widths, strict=True):
        grid_col.set(_qn("w:w"), str(width))
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
    rank = {_qn(f"w:{name}"): i for i, name in enumerate(_TBLPR_ORDER)}
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
        tblpr.append(child)


def main(argv: Iterable[str] = ()) -> None:
    """Rewrite the default template (templates/report.docx, or the path given)."""
    args = list(argv)
    target = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "templates" / "report.docx"
    write_atomic(target, build_template(), force=True)
    print(target)


if __name__ == "__main__":
    main(sys.argv[1:])
