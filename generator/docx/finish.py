"""What a rendered part gets before it goes into the report: well-formed XML, the closing placed (GB/T 9704
§7.3.5.2), gigen's own paragraphs highlighted, the sub-heading of an aspect left out dropped; and the draft mark in
every header."""

from __future__ import annotations

import io
import re
from typing import Any

from lxml import etree

from ..errors import TemplateError
from ..model import GENERATED_MARK, OMITTED_MARK, SHOWN_MARK, text_width
from ..schema import ORDINALS
from .ooxml import W as _W
from .ooxml import paragraph_text
from .title import title_lines, title_words
from .typeset import (
    CHAR_TWIPS,
    CLOSING_INDENT_CHARS,
    FONT_H1,
    PAGE_NUMBER_PT,
    STYLE_DATE,
    STYLE_SIGNATURE,
    TEXT_WIDTH_TWIPS,
    east_asian_fonts,
)

# The children of w:pPr from w:ind on, in the schema's order: a new child goes before the first that follows it.
_PPR_TAIL = tuple(
    _W + tag
    for tag in (
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    )
)


def closing_styles(styles_xml: bytes) -> tuple[str, str] | None:
    """The style ids of 署名 and 成文日期 in a template's styles.xml; None when it lacks either."""
    ids = {}
    for style in etree.fromstring(styles_xml).iter(_W + "style"):
        name = style.find(_W + "name")
        if name is not None and name.get(_W + "val") in (STYLE_SIGNATURE, STYLE_DATE):
            ids[name.get(_W + "val")] = style.get(_W + "styleId")
    if STYLE_SIGNATURE in ids and STYLE_DATE in ids:
        return ids[STYLE_SIGNATURE], ids[STYLE_DATE]
    return None


def finish_part(
    xml: Any,
    template_name: str,
    closing: tuple[str, str] | None = None,
    *,
    highlight: bool = True,
    title: bool = False,
) -> bytes:
    """A rendered part (text, or already parsed) as bytes: well-formed XML, with the closing placed given its styles,
    the title broken into lines (with `title`), and the paragraphs gigen wrote itself highlighted (or only unmarked)."""
    try:
        part = etree.fromstring(xml.encode("utf-8")) if isinstance(xml, str) else xml
    except etree.XMLSyntaxError as e:
        raise TemplateError(
            f"{template_name}：模板中的标记拆开了Word的段落或表格结构，填入数据后文件无效（{e.msg}）。"
            "请检查 {%p %}、{%tr %} 等标记是否各占一整段或一整行。"
        ) from e
    if closing is not None:
        place_closing(part, *closing)
    if title:
        break_title(part)
    leave_out_aspects(part)
    _highlight_generated(part, highlight)
    return bytes(etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True))


# An ordinal of 一's sub-headings just before the mark context.py puts in front of each title it prints.
_ORDINAL = re.compile(r"[（(][一二三四五六七八九十][）)]$")


def leave_out_aspects(part: Any) -> None:
    """The sub-heading of an aspect of 一 the report leaves out (its title is OMITTED_MARK) dropped, and the
    （一）…（五） before each title shown (after SHOWN_MARK) renumbered, so the printed ones count on without a gap."""
    shown = 0
    for p in list(part.iter(_W + "p")):
        text = paragraph_text(p)
        if OMITTED_MARK in text:
            parent = p.getparent()
            if (
                parent.tag == _W + "tc"
                and len(parent.findall(_W + "p")) + len(parent.findall(_W + "tbl")) == 1
            ):
                for child in [c for c in p if c.tag != _W + "pPr"]:  # a table cell must keep a paragraph
                    p.remove(child)
            else:
                parent.remove(p)
        elif SHOWN_MARK in text:
            _renumber(p, ORDINALS[shown])
            shown += 1


def _renumber(p: Any, ordinal: str) -> None:
    """The ordinal written just before SHOWN_MARK (in its run or the one before) made `ordinal`; the mark removed."""
    before = None
    for t in p.iter(_W + "t"):
        if t.text and SHOWN_MARK in t.text:
            head, _, tail = t.text.partition(SHOWN_MARK)
            if _ORDINAL.search(head):
                head = _ORDINAL.sub(ordinal, head)
            elif not head and before is not None and _ORDINAL.search(before.text or ""):
                before.text = _ORDINAL.sub(ordinal, before.text or "")
            t.text = head + tail.replace(SHOWN_MARK, "")
            return
        if t.text:
            before = t


HIGHLIGHT = "yellow"
# Children of w:rPr that the schema puts after w:highlight: a new w:highlight goes before the first of them.
_AFTER_HIGHLIGHT = frozenset(
    _W + tag
    for tag in (
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    )
)


def _highlight_generated(part: Any, highlight: bool) -> None:
    """Runs whose text starts with the generated mark: the mark removed and, with highlight, a yellow highlight."""
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

    `document` is the parsed word/document.xml; the last paragraphs in the two styles are set flush left from
    where each must start, so the date's start does not move when Word, WPS or LibreOffice space the digits of
    "2025年1月26日" wider or narrower than counted (LibreOffice adds space between Chinese and digits).
    """
    found = {}
    body = document.find(_W + "body")
    for p in (
        body.iterchildren(_W + "p") if body is not None else ()
    ):  # the closing is body text, not in a table
        style = p.find(f"{_W}pPr/{_W}pStyle")
        if style is not None and style.get(_W + "val") in (signature_style, date_style):
            found[style.get(_W + "val")] = p
    signature, date = found.get(signature_style), found.get(date_style)
    if signature is None or date is None:
        return
    sig_w, date_w = (text_width(paragraph_text(p)) for p in (signature, date))
    date_indent = max(float(CLOSING_INDENT_CHARS), sig_w - date_w)
    sig_indent = date_indent + date_w + CLOSING_INDENT_CHARS - sig_w
    line = _text_width_twips(body) / CHAR_TWIPS
    for p, width, indent in ((signature, sig_w, sig_indent), (date, date_w, date_indent)):
        _start_at(p, max(0, round((line - indent - width) * CHAR_TWIPS)))


def _text_width_twips(body: Any) -> int:
    """The width of the body's lines: the page less its margins, as the template's last section sets them."""
    size, margins = body.find(f"{_W}sectPr/{_W}pgSz"), body.find(f"{_W}sectPr/{_W}pgMar")
    try:
        return int(size.get(_W + "w")) - int(margins.get(_W + "left")) - int(margins.get(_W + "right"))
    except (AttributeError, TypeError, ValueError):  # no section properties: the default template's
        return TEXT_WIDTH_TWIPS


def break_title(document: Any) -> None:
    """The report title (the first body paragraph that reads as one) in balanced lines, with explicit breaks."""
    body = document.find(_W + "body")
    for p in body.iterchildren(_W + "p") if body is not None else ():
        lines = title_lines(paragraph_text(p))
        if len(title_words(paragraph_text(p))) > 1:
            if len(lines) > 1:
                _set_lines(p, lines)
            return


def _set_lines(p: Any, lines: list[str]) -> None:
    """The paragraph's text as `lines` in its first text run, each after a w:br; other runs lose their text."""
    texts = list(p.iter(_W + "t"))
    run = texts[0].getparent()
    for t in texts:
        t.getparent().remove(t)
    for n, line in enumerate(lines):
        if n:
            run.append(etree.Element(_W + "br"))
        t = etree.SubElement(run, _W + "t")
        t.text = line


def _start_at(p: Any, twips: int) -> None:
    """The paragraph flush left, starting `twips` from the left margin."""
    ppr = p.find(_W + "pPr")
    ind = _ppr_child(ppr, "ind")
    for name in ("start", "end", "leftChars", "rightChars", "hanging", "hangingChars"):
        ind.attrib.pop(_W + name, None)  # each would win over the indents set here
    for name, value in (("left", twips), ("right", 0), ("firstLineChars", 0), ("firstLine", 0)):
        ind.set(_W + name, str(value))
    _ppr_child(ppr, "jc").set(_W + "val", "left")


def _ppr_child(ppr: Any, tag: str) -> Any:
    """The w:pPr child `tag`, made in its place by the schema's order when missing."""
    child = ppr.find(_W + tag)
    if child is None:
        later = _PPR_TAIL[_PPR_TAIL.index(_W + tag) + 1 :]
        child = etree.Element(_W + tag)
        ppr.insert(next((i for i, c in enumerate(ppr) if c.tag in later), len(ppr)), child)
    return child


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
            run._r.get_or_add_rPr().insert(0, east_asian_fonts(FONT_H1))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
