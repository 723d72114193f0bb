"""GB/T 9704-2012 typesetting as domain.md §4 gives it: page, type sizes, fonts, the report's paragraph styles and
page numbers, applied to a python-docx document."""

from __future__ import annotations

from typing import Any

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

# ---------------------------------------------------------------------------------------------------------
# Styles
# ---------------------------------------------------------------------------------------------------------


def qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def east_asian_fonts(east_asia: str, latin: str = FONT_LATIN) -> Any:
    # Explicit fonts, no theme attributes: WPS and Word both honour w:eastAsia only when no theme overrides it.
    return el("w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin)


def _run_props(
    east_asia: str, size_pt: float, spacing: int = 0, bold: bool = False, latin: str = FONT_LATIN
) -> Any:
    rpr = el("w:rPr")
    rpr.append(east_asian_fonts(east_asia, latin))
    rpr.append(el("w:b", val="1" if bold else "0"))
    rpr.append(el("w:bCs", val="0"))
    rpr.append(el("w:color", val="000000"))
    rpr.append(el("w:spacing", val=str(spacing)))  # explicit 0 too, so no style inherits Normal's
    half_points = str(round(size_pt * 2))
    rpr.append(el("w:sz", val=half_points))
    rpr.append(el("w:szCs", val=half_points))
    rpr.append(el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
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
    tight: bool = False,
) -> Any:
    ppr = el("w:pPr")
    if keep_next:
        ppr.append(el("w:keepNext"))
    ppr.append(el("w:widowControl", val="0"))
    # Punctuation may extend past the margin: Word's and WPS's own default, written out for LibreOffice, which
    # reads this element the other way round (w:val 1 as "no hanging"). Left to hang, LibreOffice's PDF loses a
    # "，" "、" "。" that ends a justified line (neither drawn nor in the text layer); not hanging, it carries the
    # last character over with the mark. Word keeps hanging it, as it always did.
    ppr.append(el("w:overflowPunct", val="1"))
    if tight:
        # No extra space between Chinese and digits ("2025 年"): the closing is placed by its counted width.
        ppr.append(el("w:autoSpaceDE", val="0"))
        ppr.append(el("w:autoSpaceDN", val="0"))
    ppr.append(el("w:snapToGrid", val="0"))
    ppr.append(el("w:spacing", before=str(before), after=str(after), line=str(line), lineRule=rule))
    # Body text and headings 左空二字: 2 characters of first-line indent, in characters and in twips.
    # Written out in full, 0 included: a style inherits firstLineChars from Normal, and it wins over firstLine.
    ind = el(
        "w:ind",
        left="0",
        right=str(right_twips),
        firstLineChars="200" if indent else "0",
        firstLine=str(2 * BODY_PT * 20 if indent else 0),
    )
    ppr.append(ind)
    ppr.append(el("w:jc", val=align))
    if outline is not None:
        ppr.append(el("w:outlineLvl", val=str(outline)))
    return ppr


def _replace_props(style: Any, ppr: Any | None, rpr: Any) -> None:
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    if ppr is not None:
        element.append(ppr)
    element.append(rpr)


def setup_styles(doc: Any) -> None:
    """The document defaults and every paragraph style of the report, each based on the body text."""
    from docx.enum.style import WD_STYLE_TYPE

    styles_root = doc.styles.element
    # Document defaults: explicit fonts instead of the theme's, Chinese as the East Asian language.
    rpr_default = styles_root.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    for child in list(rpr_default):
        rpr_default.remove(child)
    rpr_default.append(_run_props(FONT_BODY, BODY_PT))
    ppr_default = styles_root.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))
    if ppr_default is not None:
        for child in list(ppr_default):
            ppr_default.remove(child)
    for name, ppr, rpr, then_body in _style_table():
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.hidden = False
        style.quick_style = True
        if name != STYLE_BODY:
            style.base_style = doc.styles[STYLE_BODY]
        if then_body:
            style.next_paragraph_style = doc.styles[STYLE_BODY]
        _replace_props(style, ppr, rpr)


def _style_table() -> list[tuple[str, Any, Any, bool]]:
    """(style, paragraph properties, run properties, next paragraph is body text) for each style, in order."""
    body_run = (FONT_BODY, BODY_PT, CHAR_SPACING)
    closing = CLOSING_INDENT_CHARS * CHAR_TWIPS
    return [
        (STYLE_BODY, _para_props(indent=True), _run_props(*body_run), False),
        (
            STYLE_H1,
            _para_props(indent=True, outline=0, keep_next=True),
            _run_props(FONT_H1, BODY_PT, CHAR_SPACING),
            True,
        ),
        (
            STYLE_H2,
            _para_props(indent=True, outline=1, keep_next=True),
            _run_props(FONT_H2, BODY_PT, CHAR_SPACING),
            True,
        ),
        (
            STYLE_TITLE,
            _para_props(align="center", line=700, after=LINE_TWIPS, keep_next=True),
            _run_props(FONT_TITLE, TITLE_PT, latin=FONT_TITLE),
            True,
        ),
        (
            STYLE_TABLE,
            _para_props(align="center", line=240, rule="auto"),
            _run_props(FONT_TABLE, TABLE_PT),
            False,
        ),
        (
            STYLE_TABLE_LEFT,
            _para_props(align="left", line=240, rule="auto"),
            _run_props(FONT_TABLE, TABLE_PT),
            False,
        ),
        (
            STYLE_SIGNATURE,
            _para_props(align="right", right_twips=closing, keep_next=True, tight=True),
            _run_props(*body_run),
            False,
        ),
        (
            STYLE_DATE,
            _para_props(align="right", right_twips=closing, tight=True),
            _run_props(*body_run),
            False,
        ),
        (
            STYLE_PAGE,
            _para_props(align="right", line=240, rule="auto"),
            _run_props(FONT_PAGE, PAGE_NUMBER_PT, latin=FONT_PAGE),  # GB/T 9704 §7.5: 4号半角宋体阿拉伯数字
            False,
        ),
    ]


def setup_page(doc: Any) -> None:
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_MM)
    sect_pr = section._sectPr
    for grid in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(grid)


def add_page_numbers(doc: Any) -> None:
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
        ppr.append(el("w:ind", **{indent: one_char}))
        ppr.append(el("w:jc", val=align))
        p.add_run("— ")
        field = el("w:fldSimple", instr=" PAGE ")
        run = el("w:r")
        text = el("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        p._p.append(field)
        p.add_run(" —")
