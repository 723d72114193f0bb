"""The package parts around the text of the default template: what python-docx's own template leaves behind.

python-docx starts from a Word 2010 document made on a Mac: a stylesWithEffects.xml that stops matching styles.xml
once gigen adds its styles (Word then "repairs" every report), a blank thumbnail, an empty customXml item, a font
table of Japanese and Latin fonts, an English theme and "Microsoft Macintosh Word" as the application. A report
carries none of that.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from lxml import etree

from .ooxml import W
from .typeset import FONT_BODY, FONT_H1, FONT_H2, FONT_LATIN, FONT_TABLE, FONT_TITLE, qn

_LEFTOVERS = ("/stylesWithEffects", "/customXml", "/thumbnail")

# What Word writes into a font table for each font a report names. The 公文 fonts carry the GB2312 charset (86)
# and an altName, so that Word or WPS without 仿宋_GB2312 falls back to 仿宋, not to a Latin font.
_FONTS: dict[str, tuple[str, str, str, str, str]] = {
    # name: (altName, panose, family, pitch, signature usb0 usb1 usb2 usb3 csb0 csb1)
    FONT_BODY: ("仿宋", "02010609030101010101", "modern", "fixed", "1 80E0000 10 0 40000 0"),
    FONT_H2: ("楷体", "02010609030101010101", "modern", "fixed", "1 80E0000 10 0 40000 0"),
    FONT_TITLE: ("宋体", "02000000000000000000", "auto", "variable", "1 8000000 0 0 40000 0"),
    FONT_H1: ("SimHei", "02010609060101010101", "modern", "fixed", "800002BF 38CF7CFA 16 0 40001 0"),
    FONT_TABLE: ("SimSun", "02010600030101010101", "auto", "variable", "3 288F0000 16 0 40001 0"),
}
_LATIN: dict[str, tuple[str, str, str, str]] = {
    # name: (panose, family, pitch, signature)
    FONT_LATIN: ("02020603050405020304", "roman", "variable", "E0002AFF C0007841 9 0 1FF 0"),
    "Calibri": ("020F0502020204030204", "swiss", "variable", "E10002FF 4000ACFF 9 0 19F 0"),
    "Cambria": ("02040503050406030204", "roman", "variable", "E00002FF 400004FF 0 0 19F 0"),
    "Courier": ("02000500000000000000", "modern", "fixed", "3 0 0 0 1 0"),
}
_SIG = ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1")
_FONT_ATTRS = tuple(W + name for name in ("ascii", "hAnsi", "eastAsia", "cs"))
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"  # the theme's namespace


def tidy(doc: Any) -> None:
    """Drop python-docx's leftovers; a Chinese theme, a true font table and gigen's own application properties."""
    for part in (doc.part, doc.part.package):
        for rid, rel in list(part.rels.items()):
            if rel.reltype.endswith(_LEFTOVERS):
                del part.rels[rid]
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    parts = {str(part.partname): part for part in doc.part.package.iter_parts()}
    theme = parts["/word/theme/theme1.xml"]
    theme._blob = _chinese_theme(theme.blob)
    props = doc.core_properties
    props.author, props.comments, props.last_modified_by, props.title = "", "", "", ""
    parts["/docProps/app.xml"]._blob = _APP


def set_font_table(doc: Any) -> None:
    """List in word/fontTable.xml exactly the fonts the styles, the body, the footers and the theme name."""
    parts = {str(part.partname): part for part in doc.part.package.iter_parts()}
    roots = [doc.styles.element, doc.element]
    for section in doc.sections:
        for story in (section.footer, section.first_page_footer, section.header, section.first_page_header):
            if not story.is_linked_to_previous:
                roots.append(story._element)
    names = {
        font.get(attr)
        for root in roots
        for font in root.iter(W + "rFonts")
        for attr in _FONT_ATTRS
        if font.get(attr)
    }
    theme = etree.fromstring(parts["/word/theme/theme1.xml"].blob)
    names |= {font.get("typeface") for font in theme.iter(_A + "latin", _A + "ea") if font.get("typeface")}
    parts["/word/fontTable.xml"]._blob = font_table(sorted(names))


def font_table(names: list[str]) -> bytes:
    """A font table naming these fonts, with the charset, family and signature Word writes for each."""
    root = etree.Element(qn("w:fonts"), nsmap={"w": W[1:-1]})
    for name in names:
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if name in _FONTS:
            alt, panose, family, pitch, sig = _FONTS[name]
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
            charset = "86"
        else:
            panose, family, pitch, sig = _LATIN.get(name, ("00000000000000000000", "auto", "variable", ""))
            charset = "00"
        etree.SubElement(font, qn("w:panose1")).set(qn("w:val"), panose)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), charset)
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), family)
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), pitch)
        if sig:
            element = etree.SubElement(font, qn("w:sig"))
            for attr, value in zip(_SIG, sig.split(), strict=True):
                element.set(qn(f"w:{attr}"), value.rjust(8, "0"))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _chinese_theme(blob: bytes) -> bytes:
    """The theme's East Asian fonts: 黑体 for headings, 宋体 for text (python-docx leaves them empty)."""
    major, _, minor = blob.partition(b"</a:majorFont>")
    empty = b'<a:ea typeface=""/>'
    return (
        major.replace(empty, f'<a:ea typeface="{FONT_H1}"/>'.encode())
        + b"</a:majorFont>"
        + minor.replace(empty, f'<a:ea typeface="{FONT_TABLE}"/>'.encode())
    )


_APP = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Template>Normal.dotm</Template><Application>gigen</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def core_properties(title: str, creator: str, now: datetime) -> bytes:
    """docProps/core.xml of a report: its title, the 机关 as author, and the time it was built."""
    cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    ns = {"cp": cp, "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element(f"{{{cp}}}coreProperties", nsmap={**ns, "xsi": xsi})
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, text in (
        ("dc:title", title),
        ("dc:creator", creator),
        ("cp:lastModifiedBy", creator),
        ("cp:revision", "1"),
        ("dcterms:created", stamp),
        ("dcterms:modified", stamp),
    ):
        prefix, local = name.split(":")
        element = etree.SubElement(root, f"{{{ns[prefix]}}}{local}")
        element.text = text
        if prefix == "dcterms":
            element.set(f"{{{xsi}}}type", "dcterms:W3CDTF")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
