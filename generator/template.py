"""Build the default Word template from the schema (the only module importing python-docx).

`python -m generator.template` rewrites templates/report.docx; a test proves the committed file is what this builds.
Typesetting follows GB/T 9704-2012 as domain.md §4 gives it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema
from .schema import Table

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


def _fonts(east_asia: str) -> Any:
    # Explicit fonts, no theme attributes: WPS and Word both honour w:eastAsia only when no theme overrides it.
    return _el("w:rFonts", ascii=FONT_LATIN, hAnsi=FONT_LATIN, eastAsia=east_asia, cs=FONT_LATIN)


def _run_props(east_asia: str, size_pt: float, spacing: int = 0, bold: bool = False) -> Any:
    rpr = _el("w:rPr")
    rpr.append(_fonts(east_asia))
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
    ind = _el("w:ind", left="0", right=str(right_twips), firstLineChars="200" if indent else "0",
              firstLine=str(2 * BODY_PT * 20 if indent else 0))
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
        _replace_props(heading, _para_props(indent=True, outline=level, keep_next=True),
                       _run_props(font, BODY_PT, CHAR_SPACING))
    title = style(STYLE_TITLE)
    title.base_style = doc.styles[STYLE_BODY]
    title.next_paragraph_style = doc.styles[STYLE_BODY]
    _replace_props(title, _para_props(align="center", line=700, after=LINE_TWIPS, keep_next=True),
                   _run_props(FONT_TITLE, TITLE_PT))
    for name, align in ((STYLE_TABLE, "center"), (STYLE_TABLE_LEFT, "left")):
        table_text = style(name)
        table_text.base_style = doc.styles[STYLE_BODY]
        _replace_props(table_text, _para_props(align=align, line=240, rule="auto"),
                       _run_props(FONT_TABLE, TABLE_PT))
    for name in (STYLE_SIGNATURE, STYLE_DATE):
        closing = style(name)
        closing.base_style = doc.styles[STYLE_BODY]
        _replace_props(closing, _para_props(align="right", right_twips=CLOSING_INDENT_CHARS * CHAR_TWIPS),
                       _run_props(FONT_BODY, BODY_PT, CHAR_SPACING))
    page = style(STYLE_PAGE)
    page.base_style = doc.styles[STYLE_BODY]
    _replace_props(page, _para_props(align="right", line=240, rule="auto"), _run_props(FONT_PAGE, PAGE_NUMBER_PT))


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
    for footer, align, indent in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Children of w:pPr that the schema puts after w:ind: a new w:ind goes before the first of them.
_AFTER_IND = frozenset(_W + tag for tag in (
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))


def closing_styles(styles_xml: bytes) -> tuple[str, str] | None:
    """The style ids of 署名 and 成文日期 in a template's styles.xml; None when it lacks either."""
    from lxml import etree

    ids = {}
    for style in etree.fromstring(styles_xml).iter(_W + "style"):
        name = style.find(_W + "name")
        if name is not None and name.get(_W + "val") in (STYLE_SIGNATURE, STYLE_DATE):
            ids[name.get(_W + "val")] = style.get(_W + "styleId")
    if STYLE_SIGNATURE in ids and STYLE_DATE in ids:
        return ids[STYLE_SIGNATURE], ids[STYLE_DATE]
    return None


def part_text(data: bytes) -> str:
    """An XML part as docxtpl reads it: serialised by lxml, without the XML declaration."""
    from lxml import etree

    return str(etree.tostring(etree.fromstring(data), encoding="unicode"))


def finish_part(xml: Any, template_name: str, closing: tuple[str, str] | None = None, *,
                highlight: bool = True) -> bytes:
    """A rendered part (text, or already parsed) as bytes: well-formed XML, with the closing placed given its styles,
    and the paragraphs gigen wrote itself highlighted (or only unmarked)."""
    from lxml import etree

    from .errors import TemplateError

    try:
        part = etree.fromstring(xml.encode("utf-8")) if isinstance(xml, str) else xml
    except etree.XMLSyntaxError as e:
        raise TemplateError(f"{template_name}：模板中的标记拆开了Word的段落或表格结构，填入数据后文件无效（{e.msg}）。"
                            "请检查 {%p %}、{%tr %} 等标记是否各占一整段或一整行。") from e
    if closing is not None:
        place_closing(part, *closing)
    _highlight_generated(part, highlight)
    return bytes(etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True))


HIGHLIGHT = "yellow"
# Children of w:rPr that the schema puts after w:highlight: a new w:highlight goes before the first of them.
_AFTER_HIGHLIGHT = frozenset(_W + tag for tag in (
    "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath"))


def _highlight_generated(part: Any, highlight: bool) -> None:
    """Runs whose text starts with the generated mark: the mark removed and, with highlight, a yellow highlight."""
    from lxml import etree

    from .model import GENERATED_MARK

    for t in part.iter(_W + "t"):
        if not t.text or GENERATED_MARK not in t.text:
            continue
        t.text = t.text.replace(GENERATED_MARK, "")
        run = t.getparent()
        if not highlight or run is None or run.tag != _W + "r":
            continue
        rpr = run.find(_W + "rPr")
        if rpr is None:
            rpr = etree.Element(_W + "rPr")
            run.insert(0, rpr)
        if rpr.find(_W + "highlight") is None:
            later = next((i for i, child in enumerate(rpr) if child.tag in _AFTER_HIGHLIGHT), len(rpr))
            rpr.insert(later, etree.Element(_W + "highlight", {_W + "val": HIGHLIGHT}))


def place_closing(document: Any, signature_style: str, date_style: str) -> None:
    """GB/T 9704 §7.3.5.2: the date starts two characters right of the signature; both at least 右空二字.

    `document` is the parsed word/document.xml; the last paragraphs in the two styles get their right indents.
    """
    from .model import text_width

    found = {}
    body = document.find(_W + "body")
    for p in body.iterchildren(_W + "p") if body is not None else ():  # the closing is body text, not in a table
        style = p.find(f"{_W}pPr/{_W}pStyle")
        if style is not None and style.get(_W + "val") in (signature_style, date_style):
            found[style.get(_W + "val")] = p
    signature, date = found.get(signature_style), found.get(date_style)
    if signature is None or date is None:
        return
    sig_w, date_w = (text_width(_paragraph_text(p)) for p in (signature, date))
    date_indent = max(float(CLOSING_INDENT_CHARS), sig_w - date_w)
    sig_indent = date_indent + date_w + CLOSING_INDENT_CHARS - sig_w
    _right_indent(signature, round(sig_indent * CHAR_TWIPS))
    _right_indent(date, round(date_indent * CHAR_TWIPS))


def _right_indent(p: Any, twips: int) -> None:
    from lxml import etree

    ppr = p.find(_W + "pPr")
    ind = ppr.find(_W + "ind")
    if ind is None:
        ind = etree.Element(_W + "ind")
        later = next((i for i, child in enumerate(ppr) if child.tag in _AFTER_IND), len(ppr))
        ppr.insert(later, ind)
    ind.set(_W + "right", str(twips))


def mark_draft(report: bytes, text: str) -> bytes:
    """The report with the draft mark, in red 黑体, at the top of every header of every section (so on every page)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    doc = Document(io.BytesIO(report))
    for section in doc.sections:
        for header in (section.header, section.even_page_header, section.first_page_header):
            header.is_linked_to_previous = False
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            p = first if not first.text.strip() else first.insert_paragraph_before()
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = 0
            run = p.add_run(text)
            run.bold = True
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            run.font.size = Pt(PAGE_NUMBER_PT)
            run._r.get_or_add_rPr().insert(0, _fonts(FONT_H1))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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
            tcpr.insert(0, _el("w:tcW", w=str(sum(table.widths[col:col + span])), type="dxa"))
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
    tblpr.append(_el("w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
                     noHBand="1", noVBand="1"))
    tbl_grid = tbl.tblGrid
    for grid_col, width in zip(tbl_grid.findall(_qn("w:gridCol")), table.widths, strict=True):
        grid_col.set(_qn("w:w"), str(width))
    _order_tblpr(tblpr)


# The order of w:tblPr children that the OOXML schema requires (Word refuses a file that breaks it).
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _order_tblpr(tblpr: Any) -> None:
    children = list(tblpr)
    for child in children:
        tblpr.remove(child)
    rank = {_qn(f"w:{name}"): i for i, name in enumerate(_TBLPR_ORDER)}
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
        tblpr.append(child)


def template_parts(docx: bytes) -> dict[str, bytes]:
    """The XML parts of a .docx that carry its content and layout (not the timestamps in docProps)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in sorted(z.namelist()) if n.endswith(".xml") and not n.startswith("docProps/")}


def main(argv: Iterable[str] = ()) -> None:
    """Rewrite the default template (templates/report.docx, or the path given)."""
    from .files import write_atomic

    args = list(argv)
    target = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "templates" / "report.docx"
    write_atomic(target, build_template(), force=True)
    print(target)


if __name__ == "__main__":
    main(sys.argv[1:])


# ---------------------------------------------------------------------------------------------------------
# Reading a template back, for `gigen template check`
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """The text of one paragraph of a template, and where it is, as a county's editor would find it in Word."""

    where: str  # 正文第12段, 表三 第4行第4列, 页眉（header1.xml）第1段
    text: str
    table: int = -1  # for a table cell: the table's number in the body (0 = first), its grid row and column
    row: int = -1
    col: int = -1


def template_pieces(docx: bytes) -> list[Piece]:
    """Every paragraph of the body (tables cell by cell, on the grid) and of the headers and footers."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()
                 if name == "word/document.xml" or name.startswith(("word/header", "word/footer"))}
    pieces: list[Piece] = []
    body = etree.fromstring(parts.pop("word/document.xml")).find(_W + "body")
    tables = body.findall(_W + "tbl") if body is not None else []
    names = ([f"表{t.name}" for t in schema.TABLES] if len(tables) == len(schema.TABLES)
             else [f"第{k + 1}个表格" for k in range(len(tables))])
    paragraph = 0
    for child in body if body is not None else ():
        if child.tag == _W + "p":
            paragraph += 1
            pieces.append(Piece(f"正文第{paragraph}段", _paragraph_text(child)))
        elif child.tag == _W + "tbl":
            k = tables.index(child)
            for r, tr in enumerate(child.findall(_W + "tr")):
                col = 0
                for tc in tr.findall(_W + "tc"):
                    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
                    for p in tc.findall(_W + "p"):
                        pieces.append(Piece(f"{names[k]} 第{r + 1}行第{col + 1}列", _paragraph_text(p), k, r, col))
                    col += int(span.get(_W + "val")) if span is not None else 1
    for name in sorted(parts):
        kind = "页眉" if "header" in name else "页脚"
        for n, p in enumerate(etree.fromstring(parts[name]).iter(_W + "p"), start=1):
            pieces.append(Piece(f"{kind}（{name.removeprefix('word/')}）第{n}段", _paragraph_text(p)))
    return pieces


def _paragraph_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(_W + "t"))
